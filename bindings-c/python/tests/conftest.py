"""Shared fixtures. The library is found as `grassroots.Campaign()` finds it: set GRASSROOTS_LIB
(scripts/test-python.sh does)."""

from __future__ import annotations

from pathlib import Path

import pytest

import grassroots
from grassroots import Library

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # bindings-c/python
REPO = PACKAGE_DIR.parents[1]
SCENARIOS = sorted((REPO / "tests" / "scenarios").glob("*.json"))


@pytest.fixture(scope="session")
def library() -> Library:
    """The libgrassroots under test; a test using it fails with the loader's message if it is
    missing."""
    return grassroots.load_library()


def strip_nulls(value):
    """A JSON value without null members: the types leave None out, the library may write null."""
    if isinstance(value, dict):
        return {key: strip_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [strip_nulls(item) for item in value]
    return value
