from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    root.mkdir()
    return root


@pytest.fixture
def context(data_root: Path) -> SimpleNamespace:
    """What the assets use of a Dagster context: `resources.data_root`."""
    return SimpleNamespace(resources=SimpleNamespace(data_root=str(data_root)))
