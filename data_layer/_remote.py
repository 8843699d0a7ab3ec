"""`GensDataLayer` on any fsspec filesystem: `s3://`, `gs://`, `memory://`, … (the `remote` extra).

One object per file, under the same keys as the local layout (`<root>/gens/<stage>/<gen_id>/<file>`).
Object-store semantics (docs/object_storage.md says the same to users):

- A write is one PUT of the complete object (`fs.pipe_file`): atomic per object, no temporary
  object, no rename. Nothing is atomic across the files of a generation.
- There are no folders. A generation exists while at least one object lies under its prefix;
  `reserve_generation(create=True)` writes the empty marker object `<gen_id>/.reserved` so a
  reserved generation exists and is listed, as a created local folder is.
- `list_generations` is one delimiter listing of the stage prefix (paged by the store), never a
  request per generation; `delete_generation` lists the generation's objects once and deletes
  them in bulk.
- Reads go through `cat_file` / `cat_ranges` (one GET each, concurrent for `load_generation(s)`).

Every key is built from validated components by string concatenation and checked to lie under
the generation's prefix, so no key outside the root's prefix is ever read, written, listed or
deleted. fsspec's `cat`, `rm(path)` and `expand_path` treat `*?[` as glob patterns, so they are
only ever given exact keys (ids may contain those characters).
"""

from __future__ import annotations

import errno
import inspect
import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from fsspec import AbstractFileSystem
from upath import UPath

from data_layer._atomic import encode_text
from data_layer._components import GENS_DIRNAME, Component, check_component, check_gen_id
from data_layer.gens_data_layer import GensDataLayer, json_object, load_generation_dict
from data_layer.paths import (
    METADATA_FILENAME,
    PARSED_FILENAME,
    PARSED_METADATA_FILENAME,
    PROMPT_FILENAME,
    RAW_FILENAME,
    RAW_METADATA_FILENAME,
    missing_extra,
    to_upath,
)

__all__ = ["RESERVED_MARKER", "RemoteGensDataLayer"]

# The characters fsspec's glob expansion reacts to (the pattern of glob.has_magic).
_HAS_MAGIC = re.compile("[*?[]").search
#: The empty object `reserve_generation(create=True)` writes: a generation with no file yet.
RESERVED_MARKER = ".reserved"
# What load_generation reads, in this order (the legacy dict's four files).
_LOADED = (RAW_FILENAME, PARSED_FILENAME, PROMPT_FILENAME, METADATA_FILENAME)


_READ_OPTIONS: dict[type, dict[str, Any]] = {}
# (filesystem, bucket) pairs seen to exist (see _check_container).
_FOUND_CONTAINERS: set[tuple[Any, str]] = set()


def _read_options(fs: Any) -> dict[str, Any]:
    """Keyword arguments for `cat_file` / `cat_ranges`: s3fs fetches a whole object with a HEAD
    (for its size) and a GET; `max_concurrency=1` skips the HEAD (meant for multi-part
    downloads of large objects), so a read is one GET and a missing file one 404."""
    kind = type(fs)
    options = _READ_OPTIONS.get(kind)
    if options is None:
        method = getattr(kind, "_cat_file", None) or kind.cat_file
        wanted = "max_concurrency" in inspect.signature(method).parameters
        options = _READ_OPTIONS[kind] = {"max_concurrency": 1} if wanted else {}
    return options


def _find_takes_prefix(fs: Any) -> bool:
    kind = type(fs)
    takes = _FIND_PREFIX.get(kind)
    if takes is None:
        method = getattr(kind, "_find", None) or kind.find
        takes = _FIND_PREFIX[kind] = "prefix" in inspect.signature(method).parameters
    return takes


_FIND_PREFIX: dict[type, bool] = {}


@lru_cache(maxsize=256)
def _gens_key(root_path: str) -> str:
    """`<root>/gens/` as a key prefix (`UPath.path` is the key without the protocol)."""
    return root_path.rstrip("/") + "/" + GENS_DIRNAME + "/"


class RemoteGensDataLayer(GensDataLayer):
    """`GensDataLayer` for a URL root; `data_root` is a `UPath` (its only state, carrying the
    storage options). `GensDataLayer.from_root(url_or_upath)` (or `GensDataLayer(...)`) makes
    one; the class is private: test with `isinstance(layer, GensDataLayer)`.

    The path helpers return `UPath` objects (they read, write and join like `Path`, but are not
    `pathlib.Path` instances)."""

    __slots__ = ()

    def __post_init__(self) -> None:
        root = to_upath(self.data_root)
        try:
            root.fs  # noqa: B018 - builds the filesystem now: a missing s3fs/gcsfs fails here
        except ImportError as error:
            raise missing_extra(root, error) from error
        object.__setattr__(self, "data_root", root)

    # The root as what it is here (the field is declared `Path` for the local layer).
    @property
    def _root(self) -> UPath:
        return self.data_root  # type: ignore[return-value]

    @property
    def gens_root(self) -> UPath:  # type: ignore[override]
        """The gens folder: the root's `UPath` / "gens" (storage options kept)."""
        return self._root / GENS_DIRNAME

    @property
    def _fs(self) -> AbstractFileSystem:
        fs: AbstractFileSystem = self._root.fs
        return fs

    def _key(self, stage: Component, gen_id: Component) -> str:
        return (
            _gens_key(self._root.path)
            + check_component(stage, "stage")
            + "/"
            + check_gen_id(gen_id)
        )

    def _url(self, key: str) -> str:
        # Only built for messages and results: a UPath costs tens of microseconds.
        return str(self._upath(key))

    def _upath(self, key: str) -> UPath:
        root = self._root
        # One joined string: half the cost of joinpath(*parts), the same UPath.
        return root / key[len(root.path.rstrip("/")) + 1 :]

    # Path helpers.
    def generation_dir(self, stage: Component, gen_id: Component) -> UPath:  # type: ignore[override]
        """`<data_root>/gens/<stage>/<gen_id>` as a `UPath` (nothing is created)."""
        return self._upath(self._key(stage, gen_id))

    def prompt_path(self, stage: Component, gen_id: Component) -> UPath:  # type: ignore[override]
        """The generation's `prompt.txt`."""
        return self._upath(self._key(stage, gen_id) + "/" + PROMPT_FILENAME)

    def raw_path(self, stage: Component, gen_id: Component) -> UPath:  # type: ignore[override]
        """The generation's `raw.txt`."""
        return self._upath(self._key(stage, gen_id) + "/" + RAW_FILENAME)

    def parsed_path(self, stage: Component, gen_id: Component) -> UPath:  # type: ignore[override]
        """The generation's `parsed.txt`."""
        return self._upath(self._key(stage, gen_id) + "/" + PARSED_FILENAME)

    def main_metadata_path(self, stage: Component, gen_id: Component) -> UPath:  # type: ignore[override]
        """The generation's `metadata.json`."""
        return self._upath(self._key(stage, gen_id) + "/" + METADATA_FILENAME)

    def raw_metadata_path(self, stage: Component, gen_id: Component) -> UPath:  # type: ignore[override]
        """The generation's `raw_metadata.json`."""
        return self._upath(self._key(stage, gen_id) + "/" + RAW_METADATA_FILENAME)

    def parsed_metadata_path(self, stage: Component, gen_id: Component) -> UPath:  # type: ignore[override]
        """The generation's `parsed_metadata.json`."""
        return self._upath(self._key(stage, gen_id) + "/" + PARSED_METADATA_FILENAME)

    # Generations.
    def reserve_generation(  # type: ignore[override]
        self, stage: Component, gen_id: Component, *, create: bool = True
    ) -> UPath:
        """The generation's prefix; with `create`, the empty `.reserved` marker object is put
        there (idempotent) so that `exists` and `list_generations` see the generation."""
        key = self._key(stage, gen_id)
        if create:
            self._put(key + "/" + RESERVED_MARKER, b"")
        return self._upath(key)

    def exists(self, stage: Component, gen_id: Component) -> bool:
        """Whether at least one object lies under the generation's prefix (one listing)."""
        key = self._key(stage, gen_id)
        if self._objects_under(key):
            return True
        self._check_container(key)
        return False

    def list_generations(self, stage: Component) -> list[str]:
        """Sorted gen ids of `stage` (the prefixes one delimiter listing returns), without
        names starting with `.`; [] when nothing is stored under the stage."""
        key = _gens_key(self._root.path) + check_component(stage, "stage")
        entries = self._list(key, detail=True)
        if entries is None:
            return []
        prefix = key + "/"
        names = []
        for entry in entries:
            name = entry["name"].rstrip("/")
            if name == key and entry["type"] != "directory":
                raise NotADirectoryError(errno.ENOTDIR, "Not a directory", self._url(key))
            if entry["type"] == "directory" and name.startswith(prefix):
                child = name[len(prefix) :]
                if child and "/" not in child and not child.startswith("."):
                    names.append(child)
        names.sort()
        return names

    def delete_generation(self, stage: Component, gen_id: Component) -> None:
        """Delete every object under the generation's prefix (one listing, one bulk delete);
        FileNotFoundError when there is none. Not atomic: a crash can leave some objects."""
        key = self._key(stage, gen_id)
        keys = self._objects_under(key)
        if not keys:
            self._check_container(key)
            raise FileNotFoundError(errno.ENOENT, "No such generation", self._url(key))
        fs = self._fs
        # rm() globs a key holding `*?[`: those go one by one, the rest in one bulk request.
        exact = [name for name in keys if not _HAS_MAGIC(name)]
        try:
            if exact:
                fs.rm(exact)
            for name in keys:
                if _HAS_MAGIC(name):
                    fs.rm_file(name)
        except OSError as error:
            raise _renamed(error, self._url(key)) from error

    def load_generation(self, stage: Component, gen_id: Component) -> dict[str, Any]:
        """The legacy `load_generation` dict, its four files fetched concurrently."""
        return self.load_generations(stage, [gen_id])[0]

    def load_generations(
        self, stage: Component, gen_ids: Iterable[Component]
    ) -> list[dict[str, Any]]:
        """`[load_generation(stage, g) for g in gen_ids]`, fetched with one batched, concurrent
        `cat_ranges` call (`cat` would glob ids holding `*?[`)."""
        ids = list(gen_ids)
        keys = [self._key(stage, gen_id) for gen_id in ids]
        wanted = [key + "/" + name for key in keys for name in _LOADED]
        if not wanted:
            return []
        try:
            fs = self._fs
            fetched = fs.cat_ranges(wanted, None, None, on_error="return", **_read_options(fs))
        except OSError as error:
            raise _renamed(error, self._url(keys[0])) from error
        texts: list[str | None] = []
        for key, data in zip(wanted, fetched, strict=True):
            if isinstance(data, FileNotFoundError):
                texts.append(None)
            elif isinstance(data, BaseException):
                raise _renamed(data, self._url(key)) from data
            else:
                texts.append(_decode(data))
        if all(text is None for text in texts):
            self._check_container(wanted[0])  # once: any object found proves the bucket
        width = len(_LOADED)
        return [
            load_generation_dict(
                stage,
                gen_id,
                *texts[index * width : (index + 1) * width],
                metadata_name=self._url(wanted[index * width + width - 1]),
            )
            for index, gen_id in enumerate(ids)
        ]

    # Writes: one PUT each; they return the object's UPath.
    def write_prompt(self, stage: Component, gen_id: Component, text: str) -> UPath:  # type: ignore[override]
        """Put `prompt.txt` (the bytes `Path.write_text(text, encoding="utf-8")` writes)."""
        return self._write(self._key(stage, gen_id) + "/" + PROMPT_FILENAME, encode_text(text))

    def write_raw(self, stage: Component, gen_id: Component, text: str) -> UPath:  # type: ignore[override]
        """Put `raw.txt`."""
        return self._write(self._key(stage, gen_id) + "/" + RAW_FILENAME, encode_text(text))

    def write_parsed(self, stage: Component, gen_id: Component, text: str) -> UPath:  # type: ignore[override]
        """Put `parsed.txt`."""
        return self._write(self._key(stage, gen_id) + "/" + PARSED_FILENAME, encode_text(text))

    def _write_json(  # type: ignore[override]
        self, stage: Component, gen_id: Component, name: str, metadata: Mapping[str, Any]
    ) -> UPath:
        key = self._key(stage, gen_id) + "/" + name
        return self._write(key, encode_text(json.dumps(metadata, ensure_ascii=False, indent=2)))

    # Reads.
    def read_prompt(self, stage: Component, gen_id: Component) -> str:
        """The text of `prompt.txt`."""
        return _decode(self._get(self._key(stage, gen_id) + "/" + PROMPT_FILENAME))

    def read_raw(self, stage: Component, gen_id: Component) -> str:
        """The text of `raw.txt`."""
        return _decode(self._get(self._key(stage, gen_id) + "/" + RAW_FILENAME))

    def read_parsed(self, stage: Component, gen_id: Component) -> str:
        """The text of `parsed.txt`."""
        return _decode(self._get(self._key(stage, gen_id) + "/" + PARSED_FILENAME))

    def read_main_metadata(self, stage: Component, gen_id: Component) -> dict[str, Any]:
        """`metadata.json` as a dict (ValueError naming the URL otherwise)."""
        return self._read_json(self._key(stage, gen_id) + "/" + METADATA_FILENAME)

    def read_raw_metadata(self, stage: Component, gen_id: Component) -> dict[str, Any]:
        """`raw_metadata.json` as a dict."""
        return self._read_json(self._key(stage, gen_id) + "/" + RAW_METADATA_FILENAME)

    def read_parsed_metadata(self, stage: Component, gen_id: Component) -> dict[str, Any]:
        """`parsed_metadata.json` as a dict."""
        return self._read_json(self._key(stage, gen_id) + "/" + PARSED_METADATA_FILENAME)

    # IO, with every error naming the URL.
    def _read_json(self, key: str) -> dict[str, Any]:
        return json_object(_decode(self._get(key)), self._url(key))

    def _get(self, key: str) -> bytes:
        try:
            fs = self._fs
            data: bytes = fs.cat_file(key, **_read_options(fs))
        except FileNotFoundError as error:
            self._check_container(key)
            raise _renamed(error, self._url(key)) from error
        except OSError as error:
            raise _renamed(error, self._url(key)) from error
        return data

    def _put(self, key: str, data: bytes) -> None:
        try:
            self._fs.pipe_file(key, data)
        except OSError as error:
            raise _renamed(error, self._url(key)) from error

    def _write(self, key: str, data: bytes) -> UPath:
        # Built first, so a key the UPath cannot represent fails before anything is written.
        written = self._upath(key)
        self._put(key, data)
        return written

    def _list(self, key: str, *, detail: bool) -> list[Any] | None:
        """The entries of one delimiter listing of `key` (no listings cache: other processes
        write too), or None when nothing lies under it."""
        try:
            entries: list[Any] = self._fs.ls(key, detail=detail, refresh=True)
        except FileNotFoundError:
            self._check_container(key)
            return None
        except OSError as error:
            raise _renamed(error, self._url(key)) from error
        return entries

    def _objects_under(self, key: str) -> list[str]:
        """Every object key under `key/`: one listing without delimiter (per 1,000 objects).
        Where `find` takes a `prefix` (s3fs, gcsfs, adlfs), the prefix goes to the store as is,
        which spares s3fs a HEAD and a second listing when nothing is there."""
        fs = self._fs
        parent, _, name = key.rpartition("/")
        try:
            found = fs.find(parent, prefix=name + "/") if _find_takes_prefix(fs) else fs.find(key)
        except FileNotFoundError:
            return []
        except OSError as error:
            raise _renamed(error, self._url(key)) from error
        prefix = key + "/"
        # The filter keeps the promise whatever the store's listing returns.
        return [found_key for found_key in found if found_key.startswith(prefix)]

    def _check_container(self, key: str) -> None:
        """A listing or a read found nothing: tell a missing bucket (or container) from a
        missing object, by asking for the bucket (once per process while it exists)."""
        anchor = self._root.anchor
        if not anchor.strip("/"):
            return  # memory:// and other stores without buckets
        fs = self._fs
        if (fs, anchor) in _FOUND_CONTAINERS:
            return
        try:
            found = fs.exists(anchor)
        except OSError as error:
            raise _renamed(error, str(self._root)) from error
        if found:
            # A bucket seldom vanishes: one check per process spares `exists() is False` and
            # empty listings two requests each.
            if len(_FOUND_CONTAINERS) < 1024:
                _FOUND_CONTAINERS.add((fs, anchor))
        else:
            raise FileNotFoundError(
                errno.ENOENT,
                f"the bucket {anchor.rstrip('/')!r} of the root {str(self._root)!r} does not exist",
                self._url(key),
            )


def _decode(data: bytes) -> str:
    # What Path.read_text(encoding="utf-8") returns: strict UTF-8, then universal newlines.
    text = data.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _renamed(error: BaseException, url: str) -> BaseException:
    """The same exception type, naming `url` (fsspec's messages name the bare key, or nothing)."""
    if isinstance(error, OSError):
        detail = str(error.strerror or error)
        if isinstance(error, FileNotFoundError) and url.endswith(detail.lstrip("/")):
            detail = "No such file or directory"
        try:
            return type(error)(error.errno or _ERRNO.get(type(error), errno.EIO), detail, url)
        except TypeError:  # pragma: no cover - an OSError subclass with its own constructor
            return OSError(error.errno or errno.EIO, f"{type(error).__name__}: {detail}", url)
    return error


_ERRNO: dict[type[BaseException], int] = {
    FileNotFoundError: errno.ENOENT,
    PermissionError: errno.EACCES,
    FileExistsError: errno.EEXIST,
    IsADirectoryError: errno.EISDIR,
    NotADirectoryError: errno.ENOTDIR,
}
