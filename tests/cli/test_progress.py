from __future__ import annotations

import io
import sys

import pytest

from codemods.run import progress
from codemods.run.progress import ProgressBar, wants_progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_draws_on_a_terminal_and_erases_itself() -> None:
    stream = Terminal()
    bar = ProgressBar(4, stream=stream, environ={"TERM": "xterm-256color"})
    for _ in range(4):
        bar.advance()
    bar.close()
    text = stream.getvalue()
    assert text.startswith("\r[")
    assert " 4/4 files" in text
    assert text.endswith("\r\x1b[K")


def test_no_bar_when_not_a_terminal() -> None:
    stream = io.StringIO()
    bar = ProgressBar(4, stream=stream)
    bar.advance(4)
    bar.close()
    assert stream.getvalue() == ""


def test_no_bar_when_disabled() -> None:
    stream = Terminal()
    bar = ProgressBar(4, enabled=False, stream=stream)
    bar.advance(4)
    bar.close()
    assert stream.getvalue() == ""


@pytest.mark.parametrize(
    "environ",
    [
        pytest.param({"TERM": "dumb"}, id="term-dumb"),
        pytest.param({"TERM": "dumb", "NO_COLOR": "1"}, id="term-dumb-no-color"),
    ],
)
def test_no_bar_on_a_dumb_terminal(environ: dict[str, str]) -> None:
    stream = Terminal()
    bar = ProgressBar(4, stream=stream, environ=environ)
    bar.advance(4)
    bar.close()
    assert stream.getvalue() == ""


@pytest.mark.parametrize(
    ("environ", "escapes"),
    [
        pytest.param({"TERM": "xterm", "NO_COLOR": "1"}, False, id="no-color"),
        pytest.param({"NO_COLOR": ""}, True, id="empty-no-color-is-unset"),
        pytest.param({}, True, id="no-term-at-all"),
    ],
)
def test_no_color_draws_without_escape_codes(environ: dict[str, str], escapes: bool) -> None:
    stream = Terminal()
    bar = ProgressBar(4, stream=stream, environ=environ)
    bar.advance(4)
    bar.close()
    text = stream.getvalue()
    assert " 4/4 files" in text
    assert ("\x1b" in text) is escapes
    if not escapes:  # erased with as many spaces as the bar had characters
        drawn = text.split("\r")[1]
        assert text.endswith(f"\r{' ' * len(drawn)}\r")


@pytest.mark.parametrize(
    ("stdout_tty", "stderr_tty", "term", "patch", "wanted"),
    [
        pytest.param(True, True, "xterm", True, False, id="diff-to-a-terminal"),
        pytest.param(False, True, "xterm", True, True, id="diff-to-a-file"),
        pytest.param(True, True, "xterm", False, True, id="rewrite-on-a-terminal"),
        pytest.param(True, False, "xterm", False, False, id="stderr-to-a-file"),
        pytest.param(True, True, "dumb", False, False, id="term-dumb"),
    ],
)
def test_wants_progress(
    monkeypatch: pytest.MonkeyPatch,
    stdout_tty: bool,
    stderr_tty: bool,
    term: str,
    patch: bool,
    wanted: bool,
) -> None:
    monkeypatch.setattr(sys, "stdout", Terminal() if stdout_tty else io.StringIO())
    monkeypatch.setattr(sys, "stderr", Terminal() if stderr_tty else io.StringIO())
    monkeypatch.setitem(progress.os.environ, "TERM", term)
    assert wants_progress(patch_on_stdout=patch) is wanted
