"""A small progress bar on stderr, drawn only when stderr is a terminal."""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO


class ProgressBar:
    """`[#####.....] 512/1000 files` redrawn in place at most ten times a second.

    Disabled (draws nothing) when `enabled` is False or the stream is not a terminal, so logs
    and pipes never receive carriage returns.
    """

    def __init__(self, total: int, *, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and total > 0 and self.stream.isatty()
        self._last_draw = 0.0

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
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.enabled = False

    def _draw(self) -> None:
        label = f" {self.done}/{self.total} files"
        width = max(10, min(40, shutil.get_terminal_size().columns - len(label) - 3))
        filled = width * self.done // self.total
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}]{label}")
        self.stream.flush()
