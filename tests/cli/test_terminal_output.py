"""What reaches a terminal (issue 12): `all --diff` on a terminal is a clean patch with no progress
bar drawn into it, and `examples/migrate_example.sh` writes escape codes to terminals only."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
LEGACY = b"from daydreaming_dagster.config.paths import Paths\n\nx = Paths\n"


def on_a_terminal(command: list[str], cwd: Path, environ: dict[str, str]) -> bytes:
    """Run `command` with stdout and stderr on one pseudo-terminal; everything it showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        command, cwd=cwd, env=environ, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower
    )
    os.close(follower)
    shown = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the terminal's other side is closed
            break
        if not chunk:
            break
        shown.append(chunk)
    os.close(leader)
    process.wait(timeout=60)
    return b"".join(shown)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "t"\n', encoding="utf-8")
    for number in range(3):
        (tmp_path / f"m{number}.py").write_bytes(LEGACY)
    return tmp_path


def environment(**extra: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    return {**environ, "PYTHONPATH": str(REPOSITORY), "TERM": "xterm", **extra}


@pytest.mark.parametrize(
    ("arguments", "bar"),
    [
        pytest.param(["all", "--diff", "-j", "1", "."], False, id="diff-no-bar"),
        pytest.param(["all", "--check", "-j", "1", "."], True, id="check-draws-the-bar"),
    ],
)
def test_progress_bar_never_drawn_into_a_patch(tree: Path, arguments: list[str], bar: bool) -> None:
    shown = on_a_terminal([sys.executable, "-m", "codemods", *arguments], tree, environment())
    assert (b"3/3 files" in shown) is bar, shown
    if not bar:
        assert b"\x1b" not in shown and b"\r\r" not in shown
        assert b"+from data_layer.paths import Paths" in shown


def test_bar_honours_term_dumb_and_no_color(tree: Path) -> None:
    shown = on_a_terminal(
        [sys.executable, "-m", "codemods", "all", "--check", "-j", "1", "."],
        tree,
        environment(TERM="dumb"),
    )
    assert b"files" in shown and b"3/3 files" not in shown
    shown = on_a_terminal(
        [sys.executable, "-m", "codemods", "all", "--check", "-j", "1", "."],
        tree,
        environment(NO_COLOR="1"),
    )
    assert b"3/3 files" in shown and b"\x1b" not in shown


@pytest.fixture
def stubbed(tmp_path: Path) -> dict[str, str]:
    """The example script with its slow tools stubbed out (pytest, the migration): only its
    own output is left to look at."""
    stubs = tmp_path / "bin"
    stubs.mkdir()
    migrate = stubs / "data-layer-migrate"
    migrate.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    migrate.chmod(0o755)
    environ = environment(PYTHON="true")
    environ["PATH"] = f"{stubs}{os.pathsep}{environ['PATH']}"
    return environ


def example(tmp_path: Path) -> list[str]:
    return ["bash", str(REPOSITORY / "examples/migrate_example.sh"), str(tmp_path / "work")]


def test_example_script_writes_no_escape_codes_to_a_log(
    tmp_path: Path, stubbed: dict[str, str]
) -> None:
    completed = subprocess.run(
        example(tmp_path), env=stubbed, capture_output=True, check=False, timeout=60
    )
    assert completed.returncode == 0, completed.stderr
    assert b"== The example's own tests, before\n" in completed.stdout
    assert b"\x1b" not in completed.stdout + completed.stderr


@pytest.mark.parametrize(
    ("extra", "bold"),
    [
        pytest.param({}, True, id="terminal-bold"),
        pytest.param({"NO_COLOR": "1"}, False, id="no-color"),
        pytest.param({"TERM": "dumb"}, False, id="term-dumb"),
    ],
)
def test_example_script_on_a_terminal(
    tmp_path: Path, stubbed: dict[str, str], extra: dict[str, str], bold: bool
) -> None:
    shown = on_a_terminal(example(tmp_path), tmp_path, {**stubbed, **extra})
    assert b"== The example's own tests, before" in shown
    assert (b"\x1b[1m== The example's own tests, before\x1b[0m" in shown) is bold
    assert (b"\x1b" in shown) is bold
