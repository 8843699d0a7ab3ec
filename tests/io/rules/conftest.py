"""Every test of a rule's tables runs with the reduced scope module and with the whole one."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def both_scopes(scope: str) -> str:
    """See `scope` in tests/io/conftest.py."""
    return scope
