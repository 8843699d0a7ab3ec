"""Atomic writes across processes: a writer killed mid-write, several writers at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from data_layer import GensDataLayer

pytestmark = pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL and POSIX rename")

REPO_ROOT = Path(__file__).resolve().parents[2]
STAGE = "draft"
GEN = "g"
OLD = "old complete version\n" * 50


def child(script: str, *args: str, **popen: object) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", textwrap.dedent(script), *args], env=env, text=True, **popen
    )


def temporaries(folder: Path) -> list[str]:
    return sorted(
        name for name in os.listdir(folder) if name.startswith(".") and name.endswith(".tmp")
    )


# The child dies (os._exit: no cleanup, no finally) after the temporary file is complete.
EXIT_BEFORE_REPLACE = """
    import os, sys
    from data_layer import GensDataLayer
    os.replace = lambda *args, **kwargs: os._exit(17)
    GensDataLayer.from_root(sys.argv[1]).write_raw("draft", "g", "new " * 1000)
"""

# The child writes 64 KiB at a time, says so, and dawdles: the parent SIGKILLs it mid-file.
SLOW_WRITER = """
    import os, sys, time
    from data_layer import GensDataLayer
    real_write = os.write
    def slow_write(fd, data):
        written = real_write(fd, data[:65536])
        print("chunk", flush=True)
        time.sleep(0.05)
        return written
    os.write = slow_write
    GensDataLayer.from_root(sys.argv[1]).write_raw("draft", "g", "n" * (4 * 1024 * 1024))
    print("finished", flush=True)
"""


def test_exit_between_write_and_replace_keeps_the_old_file(tmp_path: Path) -> None:
    layer = GensDataLayer.from_root(tmp_path)
    layer.write_raw(STAGE, GEN, OLD)
    process = child(EXIT_BEFORE_REPLACE, str(tmp_path))
    assert process.wait(timeout=30) == 17
    folder = layer.generation_dir(STAGE, GEN)
    assert layer.read_raw(STAGE, GEN) == OLD
    [stale] = temporaries(folder)
    assert stale.startswith(".raw.txt.")
    # A later write succeeds and leaves the stale file alone: it could be a live writer's.
    layer.write_raw(STAGE, GEN, "later")
    assert layer.read_raw(STAGE, GEN) == "later"
    assert temporaries(folder) == [stale]
    assert layer.list_generations(STAGE) == [GEN]


def test_sigkill_mid_write_keeps_the_old_file(tmp_path: Path) -> None:
    layer = GensDataLayer.from_root(tmp_path)
    layer.write_raw(STAGE, GEN, OLD)
    process = child(SLOW_WRITER, str(tmp_path), stdout=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stdout.readline() == "chunk\n"
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    process.stdout.close()
    folder = layer.generation_dir(STAGE, GEN)
    assert layer.read_raw(STAGE, GEN) == OLD
    [partial] = temporaries(folder)
    assert 0 < (folder / partial).stat().st_size < 4 * 1024 * 1024
    layer.write_raw(STAGE, GEN, "later")
    assert layer.read_raw(STAGE, GEN) == "later"
    assert temporaries(folder) == [partial]


CONCURRENT_WRITER = """
    import os, sys, time
    from data_layer import GensDataLayer
    root, mark, rounds, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    layer = GensDataLayer.from_root(root)
    text = mark * (256 * 1024)
    metadata = {"writer": mark, "payload": mark * 20000}
    while not os.path.exists(go):
        time.sleep(0.001)
    for _ in range(rounds):
        layer.write_raw("draft", "g", text)
        layer.write_main_metadata("draft", "g", metadata)
"""


def test_concurrent_writers_leave_one_complete_version(tmp_path: Path) -> None:
    layer = GensDataLayer.from_root(tmp_path / "data")
    layer.write_raw(STAGE, GEN, OLD)
    layer.write_main_metadata(STAGE, GEN, {"writer": "old", "payload": ""})
    marks = "abcd"
    versions = {OLD, *(mark * (256 * 1024) for mark in marks)}
    go = tmp_path / "go"
    writers = [
        child(CONCURRENT_WRITER, str(layer.data_root), mark, "15", str(go)) for mark in marks
    ]
    go.touch()
    reads = 0
    # Read while they write: every read sees one whole version, never a mix or a prefix.
    while any(writer.poll() is None for writer in writers) or reads == 0:
        assert layer.read_raw(STAGE, GEN) in versions
        metadata = layer.read_main_metadata(STAGE, GEN)
        assert metadata["payload"] == (
            "" if metadata["writer"] == "old" else metadata["writer"] * 20000
        )
        reads += 1
        time.sleep(0.001)
    assert [writer.wait(timeout=60) for writer in writers] == [0] * len(marks)
    assert layer.read_raw(STAGE, GEN) in versions - {OLD}
    assert layer.read_main_metadata(STAGE, GEN)["writer"] in marks
    assert temporaries(layer.generation_dir(STAGE, GEN)) == []


def test_forked_children_draw_different_temporary_names() -> None:
    from data_layer import _atomic

    _atomic._random.getrandbits(64)  # the parent's state, which every child inherits
    children = []
    for _ in range(3):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            try:
                os.write(write_end, f"{_atomic._random.getrandbits(64):016x}".encode())
            finally:
                os._exit(0)
        os.close(write_end)
        children.append((pid, read_end))
    drawn = []
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as pipe:
            drawn.append(pipe.read())
        assert os.waitpid(pid, 0)[1] == 0
    assert len(set(drawn)) == 3, drawn
