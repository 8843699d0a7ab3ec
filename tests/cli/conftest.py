"""Fixtures of the CLI tests."""

from __future__ import annotations

import pytest
from cli_helpers import FAKES

from codemods import registry


@pytest.fixture
def fake_codemods(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every subcommand run the fakes (imports = RenameOld, io = AppendMarker)."""
    monkeypatch.setattr(registry, "load", FAKES.__getitem__)
