"""Pure path building for the gens store: validated path components and file-path strings.

No IO here. The layer builds its file paths as strings (one f-string per call) because the
pathlib chain the legacy code uses (`root / "gens" / stage / gen_id / name`) costs more than the
read it feeds; the public helpers still hand out `Path` objects.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TypeAlias

#: What `stage` and `gen_id` may be: like the legacy `Paths`, any value goes through `str()`.
Component: TypeAlias = str | int

SEP = os.sep
GENS_DIRNAME = "gens"
_HAS_DRIVES = os.name == "nt"

__all__ = [
    "GENS_DIRNAME",
    "SEP",
    "Component",
    "check_component",
    "check_gen_id",
    "folder_prefix",
    "gens_prefix",
]


def check_component(value: object, argument: str) -> str:
    """`str(value)` when it is one plain path component, else ValueError naming `argument`.

    Both separators are refused on every platform so a store written on POSIX stays readable on
    Windows; the drive check only matters where drives exist.
    """
    text = value if type(value) is str else str(value)
    if (
        text
        and text != "."
        and text != ".."
        and "/" not in text
        and "\\" not in text
        and "\x00" not in text
        and not (_HAS_DRIVES and (os.path.isabs(text) or os.path.splitdrive(text)[0]))
    ):
        return text
    raise ValueError(f"{argument} must be one plain path component, got {value!r}: {_why(text)}")


def check_gen_id(value: object) -> str:
    """`check_component(value, "gen_id")`, and a gen id may not start with `.` either: listings
    skip such names (hidden folders, temporary files), so a generation stored under one could be
    written and found by `exists` but never listed."""
    text = value if type(value) is str else str(value)
    if (
        text
        and text[0] != "."
        and "/" not in text
        and "\\" not in text
        and "\x00" not in text
        and not (_HAS_DRIVES and (os.path.isabs(text) or os.path.splitdrive(text)[0]))
    ):
        return text
    raise ValueError(f"gen_id must be one plain path component, got {value!r}: {_why(text)}")


def _why(text: str) -> str:
    if not text:
        return "it is empty"
    if text in (".", ".."):
        return f"{text!r} names the enclosing or the parent folder, not an entry of its own"
    if "\x00" in text:
        return "it contains a NUL byte"
    if os.path.isabs(text) or text.startswith(("/", "\\")):
        return "it is an absolute path"
    if "/" in text or "\\" in text:
        return "it contains a path separator"
    if text.startswith("."):
        return "it starts with '.', and list_generations never lists hidden names"
    return "it names a drive"


# Few distinct data roots live in one process; the bound only guards against a pathological caller.
@lru_cache(maxsize=256)
def gens_prefix(data_root: str) -> str:
    """`<data_root>/gens/` as a string ready for `+ stage + SEP + gen_id`, joined as pathlib would
    join it (`.` adds nothing, a root ending in a separator gets no second one)."""
    return folder_prefix(
        GENS_DIRNAME if data_root == "." else os.path.join(data_root, GENS_DIRNAME)
    )


@lru_cache(maxsize=256)
def folder_prefix(folder: str) -> str:
    """`<folder>/` as a string ready for `+ stage + SEP + gen_id`, for a `folder` that is
    `os.fspath` of a `Path` (so already normalised): `Path(folder) / stage / gen_id` is
    `Path(folder_prefix(folder) + stage + SEP + gen_id)` for any plain components. `.` gives ""
    (pathlib drops it), a folder ending in a separator (`/`, `//`) gets none added."""
    if folder == ".":
        return ""
    return os.path.join(folder, "")
