"""The hook as another repository uses it (issue 12): `repo:` a clone of this repository (its URL
or path), `rev:` a commit hash, run by the real pre-commit, which builds the hook's own virtual
environment and pip-installs this project in it (libcst comes from the package index: the first
run takes about 30 s). Also `pre-commit try-repo`, the way to try the hook before adding it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
LEGACY = "from daydreaming_dagster.config.paths import Paths\n"
CLEAN = "from data_layer.paths import Paths\n"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
]


def _environment(tmp_path: Path) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT")) and key not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    home = tmp_path / "home"
    home.mkdir()
    environment.update(
        HOME=str(home),
        # Shared by the tests of this module: the hook's environment is built once.
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-cache"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Hook Test",
        GIT_AUTHOR_EMAIL="hook@example.invalid",
        GIT_COMMITTER_NAME="Hook Test",
        GIT_COMMITTER_EMAIL="hook@example.invalid",
    )
    return environment


def _run(
    command: list[str], cwd: Path, environment: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, check=False, timeout=600
    )


@pytest.fixture(scope="module")
def hook(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict[str, str]]:
    """`(a clone of this repository, its HEAD commit hash, the environment)`."""
    pytest.importorskip("pre_commit")
    tmp_path = tmp_path_factory.mktemp("hook")
    environment = _environment(tmp_path)
    clone = tmp_path / "data-layer-migrate"
    cloned = _run(["git", "clone", "-q", str(REPOSITORY), str(clone)], tmp_path, environment)
    assert cloned.returncode == 0, cloned.stderr
    rev = _run(["git", "rev-parse", "HEAD"], clone, environment).stdout.strip()
    return clone, rev, environment


@pytest.fixture
def consumer(
    tmp_path: Path, hook: tuple[Path, str, dict[str, str]]
) -> tuple[Path, Path, str, dict[str, str]]:
    """`(a team's repository, the hook's clone, its hash, the environment)`."""
    clone, rev, environment = hook
    repo = tmp_path / "team"
    (repo / "src" / "team").mkdir(parents=True)
    assert _run(["git", "init", "-q"], repo, environment).returncode == 0
    return repo, clone, rev, environment


def _stage(repo: Path, environment: dict[str, str], text: str) -> None:
    (repo / "src" / "team" / "module.py").write_text(text, encoding="utf-8")
    assert _run(["git", "add", "-A"], repo, environment).returncode == 0


def test_hook_by_repo_url_and_commit_hash(
    consumer: tuple[Path, Path, str, dict[str, str]],
) -> None:
    repo, clone, rev, environment = consumer
    # What MIGRATION.md tells a team to write, with this clone's path as the URL.
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {clone}\n    rev: {rev}\n    hooks:\n      - id: data-layer-guard\n",
        encoding="utf-8",
    )
    run = [sys.executable, "-m", "pre_commit", "run", "--all-files"]

    _stage(repo, environment, LEGACY)
    blocked = _run(run, repo, environment)
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "src/team/module.py:1:1: DLM001 " in blocked.stdout

    _stage(repo, environment, CLEAN)
    passed = _run(run, repo, environment)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "data-layer-guard" in passed.stdout and "Passed" in passed.stdout


def test_try_repo(consumer: tuple[Path, Path, str, dict[str, str]]) -> None:
    repo, clone, rev, environment = consumer
    _stage(repo, environment, LEGACY)
    tried = _run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(clone),
            "data-layer-guard",
            "--ref",
            rev,
            "--all-files",
        ],
        repo,
        environment,
    )
    assert tried.returncode == 1, tried.stdout + tried.stderr
    assert "src/team/module.py:1:1: DLM001 " in tried.stdout
