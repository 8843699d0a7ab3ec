"""A small progress bar on stderr, drawn only when stderr is a terminal that can show it."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Mapping
from typing import TextIO


def terminal_can_draw(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """`stream` is a terminal, and not one that asks for plain output (`TERM=dumb`)."""
    environ = os.environ if environ is None else environ
    return stream.isatty() and environ.get("TERM", "") != "dumb"


def wants_progress(*, patch_on_stdout: bool) -> bool:
    """Whether a run should draw the bar on stderr.

    Not when stdout takes a patch and is a terminal too: the bar would be drawn into the patch
    (stderr and stdout are then usually the same terminal).
    """
    if patch_on_stdout and sys.stdout.isatty():
        return False
    return terminal_can_draw(sys.stderr)


class ProgressBar:
    """`[#####.....] 512/1000 files` redrawn in place at most ten times a second.

    Disabled (draws nothing) when `enabled` is False or the stream is not a terminal that can
    draw it (see `terminal_can_draw`), so logs and pipes never receive carriage returns. With
    `NO_COLOR` set, the bar is erased with spaces instead of an ANSI escape sequence.
    """

    def __init__(
        self,
        total: int,
        *,
        enabled: bool = True,
        stream: TextIO | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        environ = os.environ if environ is None else environ
        self.total = total
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and total > 0 and terminal_can_draw(self.stream, environ)
        self._plain = bool(environ.get("NO_COLOR"))  # https://no-color.org: no escape codes
        self._last_draw = 0.0
        self._drawn = 0  # characters of the last line drawn

    def advance(self, count: int = 1) -> None:
        """Count `count` more files done; redraw when enough time has passed."""
        self.done += count
        if self.enabled:
            now = time.monotonic()
            if now - self._last_draw >= 0.1 or self.done >= self.total:
                self._last_draw = now
                self._draw()

    def close(self) -> None:
        """Erase the bar so the summary that follows starts on a clean line."""
        if self.enabled:
            erase = f"\r{' ' * self._drawn}\r" if self._plain else "\r\x1b[K"
            self.stream.write(erase)
            self.stream.flush()
            self.enabled = False

    def _draw(self) -> None:
        label = f" {self.done}/{self.total} files"
        width = max(10, min(40, shutil.get_terminal_size().columns - len(label) - 3))
        filled = width * self.done // self.total
        line = f"[{'#' * filled}{'.' * (width - filled)}]{label}"
        self._drawn = len(line)
        self.stream.write(f"\r{line}")
        self.stream.flush()
