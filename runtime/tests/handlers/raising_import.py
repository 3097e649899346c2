"""Raises while being imported."""

raise RuntimeError("configuration missing at import")
