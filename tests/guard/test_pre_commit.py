"""The guard under the real pre-commit: a commit with a legacy import is refused, a clean one passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]

HOOK_CONFIG = """\
repos:
  - repo: local
    hooks:
      - id: data-layer-guard
        name: data-layer-guard
        entry: data-layer-guard
        language: system
        types_or: [python, pyi]
"""


def _environment(tmp_path: Path) -> dict[str, str]:
    guard = shutil.which("data-layer-guard")
    if guard is None:
        pytest.skip("the data-layer-guard console script is not installed")
    home = tmp_path / "home"
    home.mkdir()
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT"))
    }
    environment.update(
        HOME=str(home),
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-cache"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Guard Test",
        GIT_AUTHOR_EMAIL="guard@example.invalid",
        GIT_COMMITTER_NAME="Guard Test",
        GIT_COMMITTER_EMAIL="guard@example.invalid",
        PATH=os.pathsep.join([str(Path(guard).parent), environment.get("PATH", "")]),
    )
    return environment


def _run(
    command: list[str], cwd: Path, environment: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, check=False
    )


@pytest.mark.slow
def test_commit_with_legacy_import_is_refused_then_clean_commit_passes(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    environment = _environment(tmp_path)
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        completed = _run(["git", *args], repo, environment)
        assert completed.returncode == 0, completed.stderr
        return completed

    git("init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(HOOK_CONFIG, encoding="utf-8")
    package = repo / "src" / "daydreaming_dagster" / "assets"
    package.mkdir(parents=True)
    legacy = package / "legacy.py"
    legacy.write_text("from ..config.paths import Paths\n", encoding="utf-8")
    installed = _run([sys.executable, "-m", "pre_commit", "install"], repo, environment)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    git("add", ".pre-commit-config.yaml", str(legacy))
    refused = _run(["git", "commit", "-q", "-m", "legacy"], repo, environment)
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "data-layer-guard" in output and "Failed" in output
    assert (
        "src/daydreaming_dagster/assets/legacy.py:1:1: DLM001 `from ..config.paths import Paths` "
        "imports the legacy module `daydreaming_dagster.config.paths` — use "
        "`from data_layer.paths import Paths`"
    ) in output
    assert _run(["git", "rev-parse", "HEAD"], repo, environment).returncode != 0, "committed"

    git("rm", "-q", "--cached", str(legacy))
    clean = package / "clean.py"
    clean.write_text("from data_layer.paths import Paths\n", encoding="utf-8")
    git("add", str(clean))
    accepted = _run(["git", "commit", "-q", "-m", "clean"], repo, environment)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    output = accepted.stdout + accepted.stderr
    assert "data-layer-guard" in output and "Passed" in output
    assert git("ls-files").stdout.split() == [
        ".pre-commit-config.yaml",
        "src/daydreaming_dagster/assets/clean.py",
    ]


@pytest.mark.parametrize(
    ("command", "name"),
    [
        pytest.param("validate-manifest", ".pre-commit-hooks.yaml", id="hooks-manifest"),
        pytest.param("validate-config", ".pre-commit-config.yaml", id="own-config"),
    ],
)
def test_shipped_pre_commit_files_are_valid(command: str, name: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "pre_commit", command, str(REPOSITORY / name)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
