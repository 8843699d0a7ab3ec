"""Atomic file replacement: write a hidden temporary file beside the target, then `os.replace`.

A reader, a crash or a concurrent writer therefore sees either the old complete file or a new
complete one. No fsync: the legacy `write_gen_*` helpers do not sync either, and a sync costs
milliseconds per file on a store that writes thousands of small files; what we promise is
atomicity against crashes of the process, not durability against power loss.
"""

from __future__ import annotations

import contextlib
import os
import random

__all__ = ["encode_text", "write_atomic"]

# O_EXCL makes each temporary name ours alone; mode 0o666 lets the umask decide the permissions,
# as a plain open() would (mkstemp would force 0o600 and hide the file from other users).
_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)
_MODE = 0o666
_ATTEMPTS = 100
# A private generator: cheap. The random module re-seeds only its own global generator after a
# fork, so this one is re-seeded explicitly: forked workers then draw different names.
_random = random.Random()
if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_random.seed)
_TRANSLATE_NEWLINES = os.linesep != "\n"


def encode_text(text: str) -> bytes:
    """The bytes `Path.write_text(text, encoding="utf-8")` writes (platform newlines, strict)."""
    if not isinstance(text, str):
        raise TypeError(f"data must be str, not {type(text).__name__}")
    if _TRANSLATE_NEWLINES:
        text = text.replace("\n", os.linesep)
    return text.encode("utf-8")


def write_atomic(directory: str, name: str, data: bytes) -> str:
    """Put `data` in `directory/name` atomically, creating `directory` if needed; return the
    target path. The temporary file (`.<name>.<random>.tmp`) is removed on any failure."""
    target = directory + os.sep + name
    for _ in range(_ATTEMPTS):
        temp = f"{directory}{os.sep}.{name}.{_random.getrandbits(64):016x}.tmp"
        try:
            fd = os.open(temp, _FLAGS, _MODE)
        except FileNotFoundError:
            # Opening first and creating the folder only when that fails saves a mkdir call on
            # every write to an existing generation.
            os.makedirs(directory, exist_ok=True)
            try:
                fd = os.open(temp, _FLAGS, _MODE)
            except FileExistsError:
                continue
        except FileExistsError:
            continue
        break
    else:  # pragma: no cover - 100 collisions of 64 random bits
        raise FileExistsError(f"no free temporary name for {target}")
    try:
        try:
            written = os.write(fd, data)
            if written < len(data):  # short writes are rare on regular files, but allowed
                view = memoryview(data)[written:]
                while view:
                    view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return target
