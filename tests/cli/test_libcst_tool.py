"""LibCST's own command line runs our codemods from another repository (issue 12).

`python -m libcst.tool list` imports every module of the packages its `.libcst.codemod.yaml`
names: `codemods/__main__.py` must not run the command on import. The documented way to run one
codemod from a team's repository is `-x` (an importable module path) with `--no-format` (LibCST's
default formatter, `black -`, would reformat whole files or fail where black is absent).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
LEGACY = b"from daydreaming_dagster.config.paths import Paths\n\nx = Paths\n"
MIGRATED = b"from data_layer.paths import Paths\n\nx = Paths\n"
CLEAN = b"import os\n\nx  =  os.sep  # odd spacing that a formatter would change\n"


def libcst_tool(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, PYTHONPATH=str(REPOSITORY))
    return subprocess.run(
        [sys.executable, "-m", "libcst.tool", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def team_repository(tmp_path: Path) -> Path:
    """Another repository: its own sources, no copy of this project's files."""
    source = tmp_path / "src" / "team"
    source.mkdir(parents=True)
    (source / "legacy.py").write_bytes(LEGACY)
    (source / "clean.py").write_bytes(CLEAN)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "team"\n', encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "initialized", [False, True], ids=["no-libcst-config", "libcst-initialize"]
)
def test_documented_codemod_command_from_another_repository(
    team_repository: Path, initialized: bool
) -> None:
    if initialized:
        # LibCST's default configuration: formatter `black -`, its own command modules.
        done = libcst_tool(team_repository, "initialize", ".")
        assert done.returncode == 0, done.stderr
    completed = libcst_tool(
        team_repository,
        "codemod",
        "-x",
        "codemods.imports.legacy_imports.LegacyImportsCodemod",
        "--no-format",
        "--hide-progress",
        "src/",
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Failed to codemod 0 files" in completed.stderr
    assert (team_repository / "src/team/legacy.py").read_bytes() == MIGRATED
    assert (team_repository / "src/team/clean.py").read_bytes() == CLEAN


@pytest.mark.parametrize("where", ["this-repository", "repository-listing-codemods"])
def test_libcst_list_does_not_run_our_command(tmp_path: Path, where: str) -> None:
    if where == "this-repository":
        cwd = REPOSITORY
    else:
        cwd = tmp_path
        (tmp_path / ".libcst.codemod.yaml").write_text(
            "generated_code_marker: '@generated'\nformatter: ['black', '-']\n"
            "blacklist_patterns: []\nmodules:\n  - 'codemods'\nrepo_root: '.'\n",
            encoding="utf-8",
        )
    completed = libcst_tool(cwd, "list")
    assert completed.returncode == 0, completed.stderr
    assert "imports.legacy_imports.LegacyImportsCodemod - " in completed.stdout
    # Only the runnable codemods: no base class, no helper.
    assert [line.split(" - ")[0].rpartition(".")[2] for line in completed.stdout.splitlines()] == [
        "LegacyImportsCodemod",
        "PathsIOCodemod",
    ]
    assert "data-layer-migrate" not in completed.stdout + completed.stderr
