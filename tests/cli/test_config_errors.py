"""A broken configuration file is one line on stderr and exit 2 in both commands, never a
traceback (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import write

from codemods import guard
from codemods.cli import main

#: pyproject.toml contents that cannot be used, with what the one error line must say.
BROKEN = [
    pytest.param(b'[project]\nname = "caf\xe9"\n', "not UTF-8 (byte 21", id="not-utf8"),
    pytest.param(b"\xff\xfe[tool]\n", "not UTF-8 (byte 0", id="utf16-bom"),
    pytest.param(b"tool = 1\n", "`tool` must be a table, got 1", id="tool-not-a-table"),
    pytest.param(b'tool = "x"\n', "`tool` must be a table", id="tool-a-string"),
    pytest.param(
        b"[tool]\ndata-layer-migrate = 1\n", "must be a table", id="our-table-not-a-table"
    ),
    pytest.param(b"[tool.data-layer-migrate\n", "not valid TOML", id="invalid-toml"),
]

COMMANDS = [
    pytest.param(lambda: main(["all", "."]), id="data-layer-migrate all"),
    pytest.param(lambda: main(["report", "."]), id="data-layer-migrate report"),
    pytest.param(lambda: main(["check", "."]), id="data-layer-migrate check"),
    pytest.param(lambda: guard.main(["."]), id="data-layer-guard"),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("content", "message"), BROKEN)
def test_broken_pyproject_is_one_line_and_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    message: str,
    command: object,
) -> None:
    write(tmp_path / "pyproject.toml", content)
    module = write(tmp_path / "module.py", "from daydreaming_dagster.config.paths import Paths\n")
    monkeypatch.chdir(tmp_path)
    assert callable(command)
    assert command() == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert "error:" in lines[0] and "pyproject.toml" in lines[0] and message in lines[0]
    assert "Traceback" not in captured.err
    assert module.read_bytes() == b"from daydreaming_dagster.config.paths import Paths\n"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"[tool]\n", id="empty-tool"),
        pytest.param(b"[tool.ruff]\nline-length = 100\n", id="other-tools-only"),
    ],
)
def test_pyproject_without_our_table_is_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    write(tmp_path / "pyproject.toml", content)
    write(tmp_path / "module.py", "x = 1\n")
    monkeypatch.chdir(tmp_path)
    assert guard.main(["."]) == 0
