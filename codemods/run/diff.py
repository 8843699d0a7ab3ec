"""Unified diffs of rewritten files that `git apply` (and `patch -p1`) accept.

Built on bytes, so every file's hunks keep its own encoding and line endings (a latin-1 or CRLF
file yields a patch that applies to exactly that file). Lines end at LF only, as in git and
patch: a lone CR is part of its line (Python accepts `# c\rX = 1`). Headers are `a/<path>` and
`b/<path>` relative to the repository's top folder, quoted as git quotes them. Pure Python (no
LibCST import).
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
    name = os.fsencode(_relative(path, base))
    lines = difflib.diff_bytes(
        difflib.unified_diff,
        split_lines(before),
        split_lines(after),
        fromfile=header_name(b"a/" + name),
        tofile=header_name(b"b/" + name),
        n=context,
    )
    out: list[bytes] = []
    for line in lines:
        out.append(line)
        if not line.endswith(b"\n"):
            # The last line of a file without a final newline: git marks it, never invents one.
            out.append(b"\n" + NO_NEWLINE)
    return b"".join(out)


def split_lines(data: bytes) -> list[bytes]:
    """`data`'s lines, each with its LF; CR is not a line end (`bytes.splitlines` says it is)."""
    lines = data.split(b"\n")
    last = lines.pop()
    return [line + b"\n" for line in lines] + ([last] if last else [])


#: git's C-style escapes in quoted names (`quote_c_style`).
_ESCAPES = {
    **{
        ord(char): b"\\" + letter.encode()
        for char, letter in zip("\a\b\t\n\v\f\r", "abtnvfr", strict=True)
    },
    ord('"'): b'\\"',
    ord("\\"): b"\\\\",
}


def header_name(name: bytes) -> bytes:
    """`name` as git writes it after `---`/`+++`, so that `git apply` and `patch` read it back.

    Names with a control character, a quote, a backslash or a non-ASCII byte are quoted with
    C escapes (octal for bytes without a letter, as git's default `core.quotePath` does); a name
    with a space gets a trailing tab, which ends the name for GNU patch.
    """
    if any(_quoted(byte) != bytes((byte,)) for byte in name):
        return b'"' + b"".join(_quoted(byte) for byte in name) + b'"'
    return name + b"\t" if b" " in name else name


def _quoted(byte: int) -> bytes:
    if byte in _ESCAPES:
        return _ESCAPES[byte]
    if byte < 0x20 or byte >= 0x7F:
        return b"\\%03o" % byte
    return bytes((byte,))


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return Path(os.path.relpath(path.resolve(), base)).as_posix()
