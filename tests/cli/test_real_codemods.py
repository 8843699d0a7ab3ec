"""The real pipeline keeps encodings and line endings: a CRLF, BOM or latin-1 file comes out
exactly like its LF/UTF-8 twin, converted back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from codemods.cli import main

SOURCE = """\
from ..config.paths import Paths


def store(context, stage, gen_id, text):
    paths = Paths.from_context(context)
    paths.raw_path(stage, gen_id).write_text(text, encoding="utf-8")
"""


def migrate(root: Path, name: str, data: bytes) -> bytes:
    target = root / "src/daydreaming_dagster/assets" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    assert main(["all", "-q", str(target)]) == 0
    return target.read_bytes()


@pytest.mark.parametrize(
    ("encode", "decode"),
    [
        pytest.param(
            lambda text: text.replace("\n", "\r\n").encode(),
            lambda data: data.decode().replace("\r\n", "\n"),
            id="crlf",
        ),
        pytest.param(
            lambda text: b"\xef\xbb\xbf" + text.encode(),
            lambda data: data.removeprefix(b"\xef\xbb\xbf").decode(),
            id="bom",
        ),
        pytest.param(
            lambda text: ("# -*- coding: latin-1 -*-\n# café\n" + text).encode("latin-1"),
            lambda data: data.decode("latin-1").split("\n", 2)[2],
            id="latin1-cookie",
        ),
    ],
)
def test_encoding_and_newlines_survive_the_real_pipeline(
    tmp_path: Path, encode: Callable[[str], bytes], decode: Callable[[bytes], str]
) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    plain = migrate(tmp_path, "plain.py", SOURCE.encode())
    assert plain != SOURCE.encode(), "the pipeline rewrote nothing"
    assert b"config.paths" not in plain
    special = migrate(tmp_path, "special.py", encode(SOURCE))
    assert decode(special) == plain.decode()
    if b"\r\n" in encode(SOURCE):
        assert b"\n" not in special.replace(b"\r\n", b"")
