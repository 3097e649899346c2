"""Imports a dependency that is not installed."""

import asya_missing_dependency_for_tests  # noqa: F401


def process(payload):
    return payload
