"""The generated shim is already formatted: `ruff format --check` and `black --check` pass on it
(issue 12), so a team's formatting hook never rewrites it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from codemods.config import MigrateConfig
from codemods.shim import DEFAULT_EXPORTS, shim_source

SHIMS = [
    pytest.param({}, DEFAULT_EXPORTS, id="defaults"),
    pytest.param({}, ("Paths",), id="one-name"),
    pytest.param(
        {
            "legacy_module": "company.very_long_package_name.configuration.legacy_paths",
            "paths_module": "company.very_long_package_name.data_layer_package.paths",
        },
        DEFAULT_EXPORTS,
        id="long-names-past-the-line-length",
    ),
]


def shims(tmp_path: Path) -> Path:
    """One file per shim of SHIMS, in a folder without any formatter configuration."""
    folder = tmp_path / "shims"
    folder.mkdir()
    for number, case in enumerate(SHIMS):
        overrides, names = case.values
        config = MigrateConfig.for_root(tmp_path, **overrides)
        (folder / f"shim_{number}.py").write_text(shim_source(config, names), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "formatter",
    [
        pytest.param([shutil.which("ruff") or "ruff", "format", "--check", "--diff"], id="ruff"),
        pytest.param([sys.executable, "-m", "black", "--check", "--diff"], id="black"),
    ],
)
def test_shim_passes_the_formatters_check(tmp_path: Path, formatter: list[str]) -> None:
    if formatter[-3:-2] == ["black"]:
        pytest.importorskip("black")
    folder = shims(tmp_path)
    completed = subprocess.run(
        [*formatter, "."], cwd=folder, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_shim_strings_are_double_quoted(tmp_path: Path) -> None:
    source = shim_source(MigrateConfig.for_root(tmp_path), DEFAULT_EXPORTS)
    assert "'" not in source
    assert (
        '    "daydreaming_dagster.config.paths is deprecated: import from data_layer.paths'
        in source
    )
