"""Read, decode and atomically write Python source files without changing their encoding.

Decoding follows the interpreter (`tokenize.detect_encoding`: BOM, then coding cookie, else
UTF-8). LibCST keeps the encoding, the BOM and the line endings of a module parsed from bytes, so
the runner hands it bytes and writes `module.bytes` back; this module only checks decodability and
owns the write. Writes go through a temporary file in the same folder and `os.replace`, so a
crash or Ctrl-C at any moment leaves either the old file or the new one, never a truncated one.
Pure Python (no LibCST import).
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import tempfile
import tokenize
from pathlib import Path


class SourceDecodeError(ValueError):
    """The bytes are not valid source text in their declared (or default) encoding."""


def detect_encoding(source: bytes) -> str:
    """The encoding Python uses for `source`: `utf-8-sig` with a BOM, the cookie's, else `utf-8`.

    Raises SourceDecodeError for an unknown or contradictory declaration (a BOM with a
    non-UTF-8 cookie).
    """
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    except SyntaxError as error:
        raise SourceDecodeError(error.msg) from error
    return encoding


def decode_source(source: bytes) -> tuple[str, str]:
    """`(text, encoding)` for `source`, decoded the way the interpreter would decode it.

    Line endings are left as they are (no universal-newline translation): the text round-trips
    to the same bytes with `text.encode(encoding)`. Raises SourceDecodeError.
    """
    encoding = detect_encoding(source)
    try:
        text = source.decode(encoding)
    except UnicodeDecodeError as error:
        raise SourceDecodeError(
            f"not valid {encoding}: byte {error.start} ({error.reason})"
        ) from error
    except LookupError as error:  # pragma: no cover - detect_encoding already checks the codec
        raise SourceDecodeError(str(error)) from error
    if encoding == "utf-8-sig" and text.startswith("\ufeff"):  # pragma: no cover - codec strips it
        text = text[1:]
    return text, encoding


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path`'s content with `data` atomically, keeping the file's permission bits.

    The bytes go to a temporary file in the same folder (so `os.replace` is a rename on one file
    system), which is flushed to disk before the rename; on any error, including
    KeyboardInterrupt, the temporary file is removed and `path` is untouched.
    """
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    if mode is None:
        # A new file gets what open() would give it; mkstemp's 0o600 would surprise.
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
