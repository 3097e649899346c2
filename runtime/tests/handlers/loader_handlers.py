"""Module-level values for loader tests."""

not_callable = {"a": 1}


def valid(payload):
    return payload
