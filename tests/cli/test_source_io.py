from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from codemods.run.source import SourceDecodeError, atomic_write, decode_source, detect_encoding


@pytest.mark.parametrize(
    ("source", "encoding", "text"),
    [
        pytest.param(b"x = 1\n", "utf-8", "x = 1\n", id="default-utf8"),
        pytest.param(b"\xef\xbb\xbfx = 1\r\n", "utf-8-sig", "x = 1\r\n", id="bom-crlf"),
        pytest.param(
            b"# -*- coding: latin-1 -*-\nx = '\xe9'\n",
            "iso-8859-1",
            "# -*- coding: latin-1 -*-\nx = 'é'\n",
            id="latin1-cookie",
        ),
        pytest.param(
            b"#!/usr/bin/env python\n# coding: cp1252\nx = '\x80'\n",
            "cp1252",
            "#!/usr/bin/env python\n# coding: cp1252\nx = '€'\n",
            id="cookie-on-second-line",
        ),
        pytest.param(b"x = 1\ry = 2\r", "utf-8", "x = 1\ry = 2\r", id="old-mac-endings-kept"),
    ],
)
def test_decode_source(source: bytes, encoding: str, text: str) -> None:
    assert detect_encoding(source) == encoding
    assert decode_source(source) == (text, encoding)
    assert text.encode(encoding) == source


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(b"x = '\xff'\n", id="invalid-utf8"),
        pytest.param(b"# coding: no-such-codec\nx = 1\n", id="unknown-cookie"),
        pytest.param(b"\xef\xbb\xbf# coding: latin-1\nx = 1\n", id="bom-contradicts-cookie"),
    ],
)
def test_decode_source_errors(source: bytes) -> None:
    with pytest.raises(SourceDecodeError):
        decode_source(source)


def test_atomic_write_replaces_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "script.py"
    target.write_bytes(b"old\n")
    target.chmod(0o751)
    atomic_write(target, b"new\r\n")
    assert target.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o751
    assert os.listdir(tmp_path) == ["script.py"]


def test_atomic_write_new_file_gets_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "new.py"
    umask = os.umask(0o022)
    try:
        atomic_write(target, b"x = 1\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.mark.parametrize("exception", [OSError("disk full"), KeyboardInterrupt()], ids=repr)
def test_interrupted_write_leaves_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exception: BaseException
) -> None:
    target = tmp_path / "module.py"
    target.write_bytes(b"original = True\n")

    def fail(*args: object) -> None:
        raise exception

    # Injected after the temporary file is fully written, just before the rename.
    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(type(exception)):
        atomic_write(target, b"rewritten = True\n" * 1000)
    assert target.read_bytes() == b"original = True\n"
    assert os.listdir(tmp_path) == ["module.py"]


def test_remove_partial_writes_removes_only_what_a_killed_write_left(tmp_path: Path) -> None:
    from codemods.run.source import remove_partial_writes

    removed = [".m.py.ab_d1234.tmp", ".other.py.abcd1234.tmp", ".a.b.py.12345678.tmp"]
    kept = [
        "m.py",
        ".m.py.abc.tmp",  # not mkstemp's shape
        ".m.py.ab.d1234.tmp",
        "m.py.abcd1234.tmp",  # not hidden
        ".m.txt.abcd1234.tmp",  # not a .py file's
        ".m.py.abcd1234.tmpx",
    ]
    for name in removed + kept:
        (tmp_path / name).write_bytes(b"x")
    remove_partial_writes(tmp_path)
    assert sorted(os.listdir(tmp_path)) == sorted(kept)


def test_temporary_file_of_atomic_write_has_the_shape_it_removes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from codemods.run.source import remove_partial_writes

    target = tmp_path / "module.py"
    target.write_bytes(b"old\n")

    def killed(*args: object) -> None:
        # What SIGKILL at this point leaves: the temporary file, not cleaned up.
        raise SystemExit

    monkeypatch.setattr(os, "replace", killed)
    monkeypatch.setattr(os, "unlink", lambda path: None)  # the process is gone: no clean-up
    with pytest.raises(SystemExit):
        atomic_write(target, b"new\n")
    monkeypatch.undo()
    assert len(os.listdir(tmp_path)) == 2
    remove_partial_writes(tmp_path)
    assert os.listdir(tmp_path) == ["module.py"]
    assert target.read_bytes() == b"old\n"
