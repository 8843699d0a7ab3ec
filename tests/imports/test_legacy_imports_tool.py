"""The import codemod under LibCST's own command line (`.libcst.codemod.yaml` lists `codemods`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow
def test_runs_under_libcst_tool(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    package = project / "src" / "daydreaming_dagster" / "assets"
    package.mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    target = package / "job.py"
    target.write_text("from ..config.paths import Paths as P\n")
    repo = Path(__file__).resolve().parents[2]
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "libcst.tool",
            "codemod",
            "imports.legacy_imports.LegacyImportsCodemod",
            str(target),
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert target.read_text() == "from data_layer.paths import Paths as P\n"
