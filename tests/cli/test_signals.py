"""Ctrl-C, SIGTERM and a killed worker in the middle of a run (issue 12), in subprocesses.

Measured on a generated tree with `-j 2`: the signal is sent once the workers have written some
files. Then no file is written any more (files already written are complete), the command
returns within 2 s with 130 (SIGINT) or 143 (SIGTERM) and leaves no process behind. A worker
killed with SIGKILL makes the run report every file it did not process (DLM903) and exit 3.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]

#: Enough files that a `-j 2` run lasts many seconds: the signal always lands mid-run.
FILES = 800
LEGACY = "from daydreaming_dagster.config.paths import Paths\n\n" + "".join(
    f"def f{i}(context):\n    return Paths.from_context(context).data_root / 'x{i}'\n\n"
    for i in range(30)
)
#: Every file gets this mtime first: a later one means the command wrote it.
OLD_MTIME = 1_000_000_000

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists() or not hasattr(os, "killpg"),
    reason="needs POSIX signals and /proc",
)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "t"\n', encoding="utf-8")
    package = tmp_path / "src" / "daydreaming_dagster" / "assets"
    package.mkdir(parents=True)
    for number in range(FILES):
        path = package / f"m{number:04d}.py"
        path.write_text(LEGACY, encoding="utf-8")
        os.utime(path, (OLD_MTIME, OLD_MTIME))
    return tmp_path


def sources(tree: Path) -> list[Path]:
    return sorted((tree / "src").rglob("*.py"))


def written(tree: Path) -> list[Path]:
    return [path for path in sources(tree) if path.stat().st_mtime != OLD_MTIME]


def children(pid: int) -> set[int]:
    """Live (not zombie) processes whose parent is `pid`."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            state, parent = stat.rpartition(")")[2].split()[:2]
            if int(parent) == pid and state != "Z":
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


@pytest.fixture
def start(tree: Path) -> Iterator[object]:
    started: list[subprocess.Popen[str]] = []

    def run() -> subprocess.Popen[str]:
        environment = dict(os.environ, PYTHONPATH=str(REPOSITORY))
        process = subprocess.Popen(
            [sys.executable, "-m", "codemods", "all", "-j", "2", "src"],
            cwd=tree,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # a process group of its own, as a terminal's job
        )
        started.append(process)
        deadline = time.monotonic() + 30
        while not written(tree):  # the workers are running and writing
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "no file written in 30 s"
            time.sleep(0.02)
        return process

    yield run
    for process in started:  # a failed test must not leave the run going
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def check_files_whole(tree: Path) -> None:
    """Every file is the original or the complete rewrite; no temporary file is left."""
    contents = {path.read_text(encoding="utf-8") for path in sources(tree)}
    assert LEGACY in contents
    assert len(contents) == 2, "a file is neither the original nor the rewrite"
    assert not [path for path in tree.rglob("*.tmp")]


@pytest.mark.parametrize(
    ("number", "to_group", "status"),
    [
        pytest.param(signal.SIGINT, True, 130, id="ctrl-c-to-the-process-group"),
        pytest.param(signal.SIGINT, False, 130, id="sigint-to-the-command"),
        pytest.param(signal.SIGTERM, False, 143, id="sigterm-to-the-command"),
    ],
)
def test_signal_stops_writing_returns_fast_and_leaves_no_process(
    tree: Path, start: object, number: signal.Signals, to_group: bool, status: int
) -> None:
    assert callable(start)
    process = start()
    workers = children(process.pid)
    assert workers, "the run has no worker processes"
    sent = time.time()
    (os.killpg if to_group else os.kill)(process.pid, number)
    _, err = process.communicate(timeout=30)
    took = time.time() - sent
    assert process.returncode == status, err
    assert took < 2.0, f"returned {took:.2f} s after the signal"
    assert "interrupted" in err and "Traceback" not in err
    assert not [pid for pid in workers if alive(pid)], "a worker outlived the command"
    # Files in the workers' hands when the signal came may complete; nothing starts after.
    late = [path for path in written(tree) if path.stat().st_mtime > sent]
    assert len(late) <= 2, late
    assert not [path for path in late if path.stat().st_mtime > sent + 0.5]
    assert len(written(tree)) < FILES
    check_files_whole(tree)


def test_killed_worker_reports_the_files_it_did_not_process(tree: Path, start: object) -> None:
    assert callable(start)
    process = start()
    workers = sorted(children(process.pid))
    assert workers
    os.kill(workers[0], signal.SIGKILL)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 3, err
    assert "Traceback" not in err and "BrokenProcessPool" not in err
    assert "failed" in err  # the summary
    reported = {
        line.split(":", 1)[0]
        for line in out.splitlines()
        if " DLM903 " in line and "SIGKILL" in line
    }
    assert reported, out[-2000:]
    rewritten = {path.relative_to(tree).as_posix() for path in written(tree)}
    everything = {path.relative_to(tree).as_posix() for path in sources(tree)}
    # Each file is rewritten or reported; those reported untouched are untouched.
    assert rewritten | reported == everything
    untouched = {line.split(":", 1)[0] for line in out.splitlines() if "left untouched" in line}
    assert untouched and not untouched & rewritten
    check_files_whole(tree)
    # Once the command has exited its orphans would belong to init: check the workers by pid.
    assert not [pid for pid in workers if alive(pid)], "a worker outlived the command"
