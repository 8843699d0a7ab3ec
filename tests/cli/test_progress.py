from __future__ import annotations

import io

from codemods.run.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_draws_on_a_terminal_and_erases_itself() -> None:
    stream = Terminal()
    bar = ProgressBar(4, stream=stream)
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
