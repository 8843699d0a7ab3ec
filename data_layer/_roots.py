"""Roots: telling a URL (object storage, through fsspec) from a local path, without fsspec.

A string is a URL when it starts with `scheme://` (or an fsspec chain, `scheme::`); `file://`
and `local://` URLs and local `UPath`s are local paths and keep the local code path. A `UPath`
can only exist once `upath` is imported, so it is recognised through `sys.modules`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from upath import UPath

__all__ = ["EXTRA", "is_remote", "local_path", "missing_extra", "to_upath"]

#: What to install for URL roots.
EXTRA = "pip install 'data-layer-migrate[remote]'"
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*(?:://|::)")
_LOCAL_PROTOCOLS = frozenset({"", "file", "local"})


def _scheme(text: str) -> str | None:
    match = _URL.match(text)
    return None if match is None else match.group().rstrip(":/").lower()


def is_remote(value: object) -> bool:
    """Whether `value` names a root that only fsspec can reach."""
    if isinstance(value, str):
        scheme = _scheme(value)
        return scheme is not None and scheme not in _LOCAL_PROTOCOLS
    if isinstance(value, PurePath):  # Path, and the local UPath classes that subclass it
        return False
    upath = sys.modules.get("upath")
    return (
        upath is not None
        and isinstance(value, upath.UPath)
        and value.protocol not in _LOCAL_PROTOCOLS
    )


def local_path(value: Any) -> Path:
    """`value` as a local `Path`: a `file://` or `local://` URL loses its scheme (as fsspec's
    local filesystem strips it), a local `UPath` gives its path."""
    if isinstance(value, str):
        if _scheme(value) in ("file", "local"):
            value = value.split("://", 1)[1] if "://" in value else value.split("::", 1)[1]
            if not value.strip():
                raise ValueError("GensDataLayer requires a non-empty data_root")
        return Path(value)
    if isinstance(value, PurePath):
        return Path(value)
    protocol = getattr(value, "protocol", None)
    if protocol in _LOCAL_PROTOCOLS and isinstance(getattr(value, "path", None), str):
        return Path(value.path)
    return Path(value)


def missing_extra(root: object, error: ImportError) -> ImportError:
    """The error for a URL root when the `remote` extra (or the store's fsspec package) is
    missing: it names the root and what to install."""
    return ImportError(
        f"the data root {str(root)!r} is a URL: object storage needs the optional "
        f"dependencies of data-layer-migrate ({EXTRA}); {error}",
        name=error.name,
    )


def to_upath(value: object) -> UPath:
    """`value` as a `UPath` (storage options kept), ImportError naming the extra without it."""
    try:
        from upath import UPath
    except ImportError as error:
        raise missing_extra(value, error) from error
    return value if isinstance(value, UPath) else UPath(str(value))
