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
    """Replace `path`'s content with `data` atomically, keeping the file's permission bits and,
    where this process may set them, its owner and group.

    The bytes go to a temporary file in the same folder (so `os.replace` is a rename on one file
    system), which is flushed to disk before the rename; on any error, including
    KeyboardInterrupt, the temporary file is removed and `path` is untouched.
    """
    try:
        status: os.stat_result | None = path.stat()
    except FileNotFoundError:
        status = None
    if status is None:
        # A new file gets what open() would give it; mkstemp's 0o600 would surprise.
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    else:
        mode = stat.S_IMODE(status.st_mode)
    handle, temporary = tempfile.mkstemp(
        prefix=_TEMPORARY_PREFIX.format(name=path.name), suffix=_TEMPORARY_SUFFIX, dir=path.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if status is not None:
            _keep_owner(temporary, status)
        os.chmod(temporary, mode)  # after chown, which may clear the set-id bits
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


#: The temporary file of a write in progress: `.<name>.<8 random characters>.tmp`.
_TEMPORARY_PREFIX = ".{name}."
_TEMPORARY_SUFFIX = ".tmp"


def remove_partial_writes(folder: Path) -> None:
    """Delete the temporary files that writes of `.py` files in `folder` left when their process
    was killed (SIGKILL cannot be caught, so `atomic_write` cannot remove them itself). Call it
    only once no process of this run may still be writing there."""
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            # `.<name>.py.<mkstemp's 8 random characters>.tmp`, nothing else.
            _, dot_py, rest = entry.name.rpartition(".py.")
            random, dot, suffix = rest.partition(".")
            if (
                entry.name.startswith(".")
                and dot_py
                and len(random) == 8
                and dot + suffix == _TEMPORARY_SUFFIX
            ):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _keep_owner(temporary: str, status: os.stat_result) -> None:
    # The temporary file belongs to this process's user and group: give it the old file's.
    # Only root may give a file away; others may still set a group they belong to.
    for owner in ((status.st_uid, status.st_gid), (-1, status.st_gid)):
        try:
            os.chown(temporary, *owner)
        except PermissionError:
            continue
        return


def is_read_only(path: Path) -> bool:
    """Nobody may write `path` (no write bit), or this process may not.

    The rename of an atomic write goes through a file's own permissions (only the folder's
    count), so the runner asks this before it rewrites a file. Root may write anything: for it
    only the write bits tell.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return False  # the write itself reports what is wrong
    return not mode & 0o222 or not os.access(path, os.W_OK)


def symlink_outside(given: Path) -> Path | None:
    """Where `given` leads when a symbolic link on its way (itself or a folder) takes it out of
    the project it is named in, else None: such a path is reported, never followed.

    The project is the nearest folder above `given`, as written, with a pyproject.toml or
    `.git` (else the folder it is in): found from where the link leads, it would always hold it.
    """
    absolute = Path(os.path.abspath(given))
    target = Path(os.path.realpath(given))
    if target == absolute:
        return None  # no link on the way
    project = _lexical_project(absolute)
    if target.is_relative_to(Path(os.path.realpath(project))):
        return None
    return target


def _lexical_project(absolute: Path) -> Path:
    for marker in ("pyproject.toml", ".git"):
        for folder in absolute.parents:
            if (folder / marker).exists():
                return folder
    return absolute.parent
