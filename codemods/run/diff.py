"""Unified diffs of rewritten files that `git apply` (and `patch -p1`) accept.

Built on bytes, so every file's hunks keep its own encoding and line endings (a latin-1 or CRLF
file yields a patch that applies to exactly that file); headers are `a/<path>` and `b/<path>`
relative to the repository's top folder. Pure Python (no LibCST import).
"""

from __future__ import annotations

import difflib
import os
import subprocess
from pathlib import Path

NO_NEWLINE = b"\\ No newline at end of file\n"


def diff_base(project_root: Path) -> Path:
    """The folder diff headers are relative to: the git work tree's top, else `project_root`."""
    try:
        completed = subprocess.run(
            ["git", "-C", str(project_root), "rev-parse", "--show-toplevel"],
            capture_output=True,
            check=False,
        )
    except OSError:
        return project_root
    if completed.returncode == 0 and completed.stdout.strip():
        return Path(os.fsdecode(completed.stdout.strip())).resolve()
    return project_root


def unified_diff(path: Path, before: bytes, after: bytes, *, base: Path, context: int = 3) -> bytes:
    """The patch turning `before` into `after` for `path`, with headers relative to `base`."""
    name = _relative(path, base).encode("utf-8", "surrogateescape")
    lines = difflib.diff_bytes(
        difflib.unified_diff,
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=b"a/" + name,
        tofile=b"b/" + name,
        n=context,
    )
    out: list[bytes] = []
    for line in lines:
        out.append(line)
        if not line.endswith((b"\n", b"\r")):
            # The last line of a file without a final newline: git marks it, never invents one.
            out.append(b"\n" + NO_NEWLINE)
    return b"".join(out)


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return Path(os.path.relpath(path.resolve(), base)).as_posix()
