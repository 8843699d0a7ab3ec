from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from cli_helpers import AppendMarker, RenameOld, write

from codemods.config import MigrateConfig
from codemods.run.runner import FileResult, process_file, process_files

PIPELINE = (RenameOld, AppendMarker)


def config_for(root: Path) -> MigrateConfig:
    return MigrateConfig.for_root(root)


def run(tmp_path: Path, source: bytes, *, write_back: bool = True) -> tuple[FileResult, bytes]:
    path = write(tmp_path / "module.py", source)
    result = process_file(path, config_for(tmp_path), PIPELINE, write=write_back)
    return result, path.read_bytes()


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(b"x = OLD\n", b"x = NEW\n# seen-after-rename\n", id="both-in-order"),
        pytest.param(
            b"x = OLD\r\ny = 2\r\n", b"x = NEW\r\ny = 2\r\n# seen-after-rename\r\n", id="crlf"
        ),
        pytest.param(
            b"\xef\xbb\xbfx = OLD  # caf\xc3\xa9\n",
            b"\xef\xbb\xbfx = NEW  # caf\xc3\xa9\n# seen-after-rename\n",
            id="bom",
        ),
        pytest.param(
            b"# -*- coding: latin-1 -*-\r\nx = OLD  # caf\xe9\r\n",
            b"# -*- coding: latin-1 -*-\r\nx = NEW  # caf\xe9\r\n# seen-after-rename\r\n",
            id="latin1-cookie-crlf",
        ),
        pytest.param(b"x = OLD", b"x = NEW\n# seen-after-rename", id="no-final-newline"),
    ],
)
def test_changed_file_keeps_encoding_and_endings(
    tmp_path: Path, before: bytes, after: bytes
) -> None:
    result, on_disk = run(tmp_path, before)
    assert result.status == "changed"
    assert (result.before, result.after) == (before, after)
    assert on_disk == after
    line = before.split(b"OLD")[0].count(b"\n") + 1
    assert [(f.code, f.line, f.fixed) for f in result.findings] == [("DLM191", line, True)]


@pytest.mark.parametrize(
    ("source", "status"),
    [
        pytest.param(b"x = 1\n", "skipped", id="prefilter-says-no"),
        pytest.param(b"# OLD only in a comment\nx = 1\n", "unchanged", id="parsed-nothing-to-do"),
        pytest.param(b"x = HUMAN\r\n", "unchanged", id="only-a-human-site"),
        pytest.param(b"\xef\xbb\xbf# OLD\r\nx = 1", "unchanged", id="bom-crlf-unchanged"),
    ],
)
def test_untouched_files_are_byte_for_byte_identical(
    tmp_path: Path, source: bytes, status: str
) -> None:
    result, on_disk = run(tmp_path, source)
    assert result.status == status
    assert on_disk == source
    assert result.before is None and result.after is None


@pytest.mark.parametrize(
    ("source", "code", "line"),
    [
        pytest.param(b"x = OLD\ny = '\xff'\n", "DLM901", 1, id="undecodable"),
        pytest.param(b"# coding: nope\nx = OLD\n", "DLM901", 1, id="unknown-encoding"),
        pytest.param(b"x = OLD\ndef (:\n", "DLM902", 2, id="unparsable"),
        # LibCST parses this but prints it back without the comment line: a rewrite would too.
        pytest.param(
            b"def f():\n    return OLD\n\n #\n ", "DLM902", 3, id="libcst-does-not-round-trip"
        ),
        pytest.param(b"x = OLD\ny = BOOM\n", "DLM903", 1, id="codemod-crash"),
        pytest.param(b"x = OLD\ny = BREAK\n", "DLM903", 1, id="rewrite-does-not-compile"),
    ],
)
def test_failed_file_is_never_written(tmp_path: Path, source: bytes, code: str, line: int) -> None:
    result, on_disk = run(tmp_path, source)
    assert result.status == "failed"
    assert on_disk == source
    assert [(f.code, f.line, f.fixed) for f in result.findings] == [(code, line, False)]
    assert result.error


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    result, on_disk = run(tmp_path, b"x = OLD\n", write_back=False)
    assert result.status == "changed"
    assert result.after == b"x = NEW\n# seen-after-rename\n"
    assert on_disk == b"x = OLD\n"


def test_unreadable_file_fails(tmp_path: Path) -> None:
    result = process_file(tmp_path / "gone.py", config_for(tmp_path), PIPELINE, write=True)
    assert result.status == "failed"
    assert result.findings[0].code == "DLM901"


def test_write_error_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import codemods.run.runner

    def refuse(path: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(codemods.run.runner, "atomic_write", refuse)
    result, on_disk = run(tmp_path, b"x = OLD\n")
    assert result.status == "failed"
    assert result.findings[0].code == "DLM903"
    assert "Permission denied" in result.findings[0].message
    assert on_disk == b"x = OLD\n"


@pytest.mark.parametrize("jobs", [1, 2], ids=["in-process", "pool"])
def test_process_files_streams_every_result(tmp_path: Path, jobs: int) -> None:
    files = [
        write(tmp_path / f"m{i:02}.py", b"x = OLD\n" if i % 2 else b"x = 1\n") for i in range(40)
    ]
    bad = write(tmp_path / "bad.py", b"x = OLD\ndef (:\n")
    results = list(
        process_files([*files, bad], config_for(tmp_path), PIPELINE, write=True, jobs=jobs)
    )
    by_path = {result.path: result.status for result in results}
    assert len(results) == len(by_path) == 41
    assert [by_path[f] for f in files] == ["skipped", "changed"] * 20
    assert by_path[bad] == "failed"
    assert all(f.read_bytes() in (b"x = 1\n", b"x = NEW\n# seen-after-rename\n") for f in files)
    assert bad.read_bytes() == b"x = OLD\ndef (:\n"
    # Parsed files come back in the order given, however the workers finish (the diff and the
    # findings are printed in that order).
    parsed = [result.path for result in results if result.status != "skipped"]
    assert parsed == [*files[1::2], bad]


def test_closing_the_stream_stops_the_workers_and_their_writes(tmp_path: Path) -> None:
    import multiprocessing
    import time

    files = [write(tmp_path / f"m{i:03}.py", b"x = OLD\n") for i in range(400)]
    before = set(multiprocessing.active_children())
    results = process_files(files, config_for(tmp_path), PIPELINE, write=True, jobs=2)
    assert next(results).status == "changed"
    results.close()  # what Ctrl-C in the caller's loop does (the CLI closes the stream)
    assert _children_end(before)  # every worker has ended
    rewritten = [f for f in files if f.read_bytes() != b"x = OLD\n"]
    time.sleep(0.2)
    assert [f for f in files if f.read_bytes() != b"x = OLD\n"] == rewritten
    assert len(rewritten) < len(files)
    assert all(f.read_bytes() == b"x = NEW\n# seen-after-rename\n" for f in rewritten)


class Sleepy(RenameOld):
    """Takes a minute over any file that says SLOW: a worker deep in a huge file."""

    @classmethod
    def may_apply(cls, source: bytes, config: MigrateConfig) -> bool:
        return True

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if "SLOW" in original_node.code:
            import time

            time.sleep(60)
        return updated_node


def test_a_worker_stuck_in_a_file_is_ended_when_the_stream_is_closed(tmp_path: Path) -> None:
    import multiprocessing
    import time

    fast = [write(tmp_path / f"m{i:03}.py", b"x = OLD\n") for i in range(40)]
    slow = [write(tmp_path / f"slow{i}.py", b"x = SLOW\n") for i in range(4)]
    before = set(multiprocessing.active_children())
    # The third batch of four is slow: a worker is asleep in it when the stream is closed.
    files = [*fast[:8], *slow, *fast[8:]]
    results = process_files(files, config_for(tmp_path), (Sleepy,), write=True, jobs=2)
    assert next(results).status == "changed"
    time.sleep(0.5)
    started = time.monotonic()
    results.close()
    # Two grace periods of 0.5 s bound the stop; the rest is margin for a loaded machine.
    assert time.monotonic() - started < 3.0
    assert _children_end(before)
    assert all(f.read_bytes() == b"x = SLOW\n" for f in slow)


def _children_end(before: set[object], within: float = 2.0) -> bool:
    """True once no child process but those of `before` is alive, polled for `within` seconds:
    a worker that has just exited may not be reaped yet when the stream returns."""
    import multiprocessing
    import time

    deadline = time.monotonic() + within
    while set(multiprocessing.active_children()) - before:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True
