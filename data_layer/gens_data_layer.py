"""`GensDataLayer`: every read and write of the gens store (`<data_root>/gens/<stage>/<gen_id>/`).

Paths are built as plain strings from validated components (see `_components`), text goes
through the same UTF-8 / newline rules as `Path.read_text` / `Path.write_text`, and every write
replaces its file atomically (see `_atomic`). A URL root (`s3://…`, `memory://…`, a `UPath`)
gets the same API over fsspec (`_remote`, imported only then); local roots never import fsspec.
`GensDataLayer.from_gens_root(folder)` keys a local layer on the gens folder itself
(`_GensFolderLayer`), for code that only knows that folder, as the legacy helpers do.
"""

from __future__ import annotations

import json
import os
import shutil
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import FrozenInstanceError, dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any

from data_layer import generation as _generation
from data_layer._atomic import encode_text, write_atomic
from data_layer._components import (
    GENS_DIRNAME,
    SEP,
    Component,
    check_component,
    check_gen_id,
    folder_prefix,
    gens_prefix,
)
from data_layer.paths import (
    METADATA_FILENAME,
    PARSED_FILENAME,
    PARSED_METADATA_FILENAME,
    PROMPT_FILENAME,
    RAW_FILENAME,
    RAW_METADATA_FILENAME,
    Paths,
    is_remote,
    local_path,
    missing_extra,
)

__all__ = ["Component", "GensDataLayer"]

_NAME = attrgetter("name")
_IS_DIR = os.DirEntry.is_dir  # follows symbolic links, like Path.is_dir


@dataclass(frozen=True, slots=True)
class GensDataLayer:
    """The generation store under one data root; `data_root` is its only state.

    `stage` and `gen_id` go through `str()` like the legacy `Paths`, then must each be one plain
    path component (not empty, `.`, `..`, absolute, nor holding `/`, `\\` or NUL), and a gen id
    may not start with `.` (listings skip hidden names): anything else raises ValueError before
    any file is touched, so no `stage`/`gen_id` names a path outside `data_root`.

    That check is lexical. The layer creates no symbolic links, but follows one that someone
    placed inside the store, as any path does: reads and writes under a linked `gens`, stage or
    generation folder reach the link's target, and a linked file is read through. A write to a
    linked file replaces the link with a regular file (the target is left alone), and
    `delete_generation` removes a linked generation's link, never its target.

    The root is a local folder (`Path`, a path string or a `file://` URL), or any fsspec URL
    (`s3://bucket/prefix`, `gs://…`, `memory://…`) or `UPath`: then the instance is a
    `data_layer._remote.RemoteGensDataLayer` with the same methods over the object store (its
    path helpers return `UPath`s), and without the `remote` extra ImportError names the extra.

    `GensDataLayer.from_gens_root(gens_root)` makes the other local kind: a layer keyed on the gens
    folder itself (`<gens_root>/<stage>/<gen_id>/`), whose only state is that folder. It has no
    `data_root` and no `paths`; the rules above (validation, links) hold for it alike, with the
    gens folder in place of `data_root/gens`.
    """

    data_root: Path

    def __new__(cls, data_root: object = None) -> GensDataLayer:
        # A URL root picks the fsspec implementation here, so `GensDataLayer(url)` cannot
        # silently become a local folder named "s3:". (`data_root=None` serves unpickling.)
        if cls is GensDataLayer and is_remote(data_root):
            try:
                from data_layer._remote import RemoteGensDataLayer
            except ImportError as error:
                raise missing_extra(data_root, error) from error
            return object.__new__(RemoteGensDataLayer)
        return object.__new__(cls)

    def __post_init__(self) -> None:
        value: object = self.data_root
        if value is None:
            raise ValueError("GensDataLayer requires a data_root")
        if isinstance(value, str) and not value.strip():
            raise ValueError("GensDataLayer requires a non-empty data_root")
        object.__setattr__(self, "data_root", local_path(value))

    # Constructors.
    @classmethod
    def from_root(cls, data_root: Path | str | Any) -> GensDataLayer:
        """The layer for `data_root`: a local folder (absolute or relative, or `file://`), an
        fsspec URL or a `UPath`; None or blank raises ValueError."""
        return cls(data_root)  # type: ignore[arg-type]  # __post_init__ converts it

    @classmethod
    def from_context(cls, context: Any) -> GensDataLayer:
        """The layer for a Dagster-like `context.resources.data_root`."""
        resources = getattr(context, "resources", None)
        if resources is None:
            raise ValueError(
                "GensDataLayer.from_context: the context has no `resources`, "
                "so context.resources.data_root is missing"
            )
        data_root = getattr(resources, "data_root", None)
        if data_root is None:
            raise ValueError("GensDataLayer.from_context: context.resources.data_root is missing")
        if isinstance(data_root, str) and not data_root.strip():
            # The legacy Paths.from_context refuses it too; only Paths.from_str("") means ".".
            raise ValueError(
                f"GensDataLayer.from_context: context.resources.data_root is blank "
                f"({data_root!r}); an empty root is refused rather than taken as the current "
                "folder: set it to '.' to mean the current folder"
            )
        return cls.from_root(data_root)  # a URL string gives the object-store layer

    @classmethod
    def from_gens_root(cls, gens_root: str | os.PathLike[str]) -> GensDataLayer:
        """The local layer keyed on the gens folder itself, taken as the legacy helpers take it
        (`write_gen_raw(gens_root, …)`, `load_generation(gens_root, …)`): as `Path(gens_root)`.

        Every path it builds is `Path(gens_root) / str(stage) / str(gen_id) / <file>`, so a
        legacy helper call on `gens_root` and the same method of this layer touch the same
        files, whatever the folder is called (`gens` or not, relative, `.`, `""`, `/`). The layer
        is always local: a URL string becomes the local path `Path()` makes of it, as in the
        legacy helpers, never an object-store layer. It has no `data_root` and no `paths` (both
        raise AttributeError); `gens_root` is its only state. Anything `Path()` refuses (None
        included) raises `Path()`'s own TypeError, as the legacy helpers do.
        """
        return _GensFolderLayer(Path(gens_root))

    @property
    def gens_root(self) -> Path:
        """The gens folder, `Path(data_root, "gens")`: what the legacy helpers take as
        `gens_root` (on an object store, the root's `UPath` / "gens")."""
        return Path(self.data_root, GENS_DIRNAME)

    @property
    def paths(self) -> Paths:
        """A `Paths` for the same root, for locations outside the gens store."""
        return Paths.from_str(self.data_root)

    # Path helpers: the same paths as the legacy `Paths`, validated.
    @property
    def _gens_prefix(self) -> str:
        """The gens folder as a string ready for `+ stage + SEP + gen_id`."""
        return gens_prefix(os.fspath(self.data_root))

    def _dir(self, stage: Component, gen_id: Component) -> str:
        return self._gens_prefix + check_component(stage, "stage") + SEP + check_gen_id(gen_id)

    def generation_dir(self, stage: Component, gen_id: Component) -> Path:
        """`<data_root>/gens/<stage>/<gen_id>` (not created)."""
        return Path(self._dir(stage, gen_id))

    def prompt_path(self, stage: Component, gen_id: Component) -> Path:
        """The generation's `prompt.txt`."""
        return Path(self._dir(stage, gen_id) + SEP + PROMPT_FILENAME)

    def raw_path(self, stage: Component, gen_id: Component) -> Path:
        """The generation's `raw.txt`."""
        return Path(self._dir(stage, gen_id) + SEP + RAW_FILENAME)

    def parsed_path(self, stage: Component, gen_id: Component) -> Path:
        """The generation's `parsed.txt`."""
        return Path(self._dir(stage, gen_id) + SEP + PARSED_FILENAME)

    def main_metadata_path(self, stage: Component, gen_id: Component) -> Path:
        """The generation's `metadata.json` (legacy `Paths.metadata_path`)."""
        return Path(self._dir(stage, gen_id) + SEP + METADATA_FILENAME)

    def raw_metadata_path(self, stage: Component, gen_id: Component) -> Path:
        """The generation's `raw_metadata.json`."""
        return Path(self._dir(stage, gen_id) + SEP + RAW_METADATA_FILENAME)

    def parsed_metadata_path(self, stage: Component, gen_id: Component) -> Path:
        """The generation's `parsed_metadata.json`."""
        return Path(self._dir(stage, gen_id) + SEP + PARSED_METADATA_FILENAME)

    # Generations.
    def reserve_generation(
        self, stage: Component, gen_id: Component, *, create: bool = True
    ) -> Path:
        """The generation folder, created (with its parents) unless `create` is False."""
        folder = self._dir(stage, gen_id)
        if create:
            os.makedirs(folder, exist_ok=True)
        return Path(folder)

    def exists(self, stage: Component, gen_id: Component) -> bool:
        """Whether the generation folder exists."""
        return os.path.isdir(self._dir(stage, gen_id))

    def list_generations(self, stage: Component) -> list[str]:
        """Sorted gen ids of `stage`: its sub-folders, without hidden (`.`) names; [] when the
        stage folder does not exist."""
        folder = self._gens_prefix + check_component(stage, "stage")
        try:
            entries = os.scandir(folder)
        except FileNotFoundError:
            return []
        with entries:
            # map/filter run in C: cheaper per entry than a comprehension on 100,000 entries.
            names = list(map(_NAME, filter(_IS_DIR, entries)))
        names.sort()
        # Hidden folders (a ".trash", say; temporary files are files, already filtered out) all
        # start with ".", so once sorted they form one block: cut it in O(log n) rather than
        # testing every name.
        start = bisect_left(names, ".")
        end = bisect_left(names, "/", start)
        del names[start:end]
        return names

    def delete_generation(self, stage: Component, gen_id: Component) -> None:
        """Remove the generation folder and everything in it. A missing folder raises
        FileNotFoundError; a folder that is a symbolic link loses the link, never its target."""
        folder = self._dir(stage, gen_id)
        if os.path.islink(folder):
            os.unlink(folder)
        else:
            # rmtree never follows links inside the tree, and raises for a missing folder.
            shutil.rmtree(folder)

    def load_generation(self, stage: Component, gen_id: Component) -> dict[str, Any]:
        """The legacy `load_generation` dict for this generation (see `data_layer.generation`):
        the same dict for every file content, or the same exception type (malformed JSON:
        `json.JSONDecodeError`, here naming the file)."""
        folder = self._dir(stage, gen_id)  # validation: the legacy helper builds its own paths
        try:
            return _generation.load_generation(self.gens_root, stage, gen_id)
        except json.JSONDecodeError as error:
            name = folder + SEP + METADATA_FILENAME
            raise json.JSONDecodeError(f"{name}: {error.msg}", error.doc, error.pos) from error

    def load_generations(
        self, stage: Component, gen_ids: Iterable[Component]
    ) -> list[dict[str, Any]]:
        """`[load_generation(stage, g) for g in gen_ids]`; every id is validated first. (On an
        object store the files are fetched concurrently, in one batched call.)"""
        ids = list(gen_ids)
        for gen_id in ids:
            self._dir(stage, gen_id)
        return [self.load_generation(stage, gen_id) for gen_id in ids]

    # Writes: folder created as needed, file replaced atomically; return the file written.
    def write_prompt(self, stage: Component, gen_id: Component, text: str) -> Path:
        """Write `prompt.txt` as `Path.write_text(text, encoding="utf-8")` would, atomically."""
        return Path(write_atomic(self._dir(stage, gen_id), PROMPT_FILENAME, encode_text(text)))

    def write_raw(self, stage: Component, gen_id: Component, text: str) -> Path:
        """Write `raw.txt` as `Path.write_text(text, encoding="utf-8")` would, atomically."""
        return Path(write_atomic(self._dir(stage, gen_id), RAW_FILENAME, encode_text(text)))

    def write_parsed(self, stage: Component, gen_id: Component, text: str) -> Path:
        """Write `parsed.txt` as `Path.write_text(text, encoding="utf-8")` would, atomically."""
        return Path(write_atomic(self._dir(stage, gen_id), PARSED_FILENAME, encode_text(text)))

    def write_main_metadata(
        self, stage: Component, gen_id: Component, metadata: Mapping[str, Any]
    ) -> Path:
        """Write `metadata.json`: `json.dumps(metadata, ensure_ascii=False, indent=2)`, atomically."""
        return self._write_json(stage, gen_id, METADATA_FILENAME, metadata)

    def write_raw_metadata(
        self, stage: Component, gen_id: Component, metadata: Mapping[str, Any]
    ) -> Path:
        """Write `raw_metadata.json` like `write_main_metadata`."""
        return self._write_json(stage, gen_id, RAW_METADATA_FILENAME, metadata)

    def write_parsed_metadata(
        self, stage: Component, gen_id: Component, metadata: Mapping[str, Any]
    ) -> Path:
        """Write `parsed_metadata.json` like `write_main_metadata`."""
        return self._write_json(stage, gen_id, PARSED_METADATA_FILENAME, metadata)

    def _write_json(
        self, stage: Component, gen_id: Component, name: str, metadata: Mapping[str, Any]
    ) -> Path:
        folder = self._dir(stage, gen_id)
        # Serialised and encoded before the disk is touched: a TypeError leaves nothing behind.
        data = encode_text(json.dumps(metadata, ensure_ascii=False, indent=2))
        return Path(write_atomic(folder, name, data))

    # Reads: exactly what `Path.read_text(encoding="utf-8")` returns; FileNotFoundError names
    # the path.
    def read_prompt(self, stage: Component, gen_id: Component) -> str:
        """The text of `prompt.txt`."""
        return _read_text(self._dir(stage, gen_id) + SEP + PROMPT_FILENAME)

    def read_raw(self, stage: Component, gen_id: Component) -> str:
        """The text of `raw.txt`."""
        return _read_text(self._dir(stage, gen_id) + SEP + RAW_FILENAME)

    def read_parsed(self, stage: Component, gen_id: Component) -> str:
        """The text of `parsed.txt`."""
        return _read_text(self._dir(stage, gen_id) + SEP + PARSED_FILENAME)

    def read_main_metadata(self, stage: Component, gen_id: Component) -> dict[str, Any]:
        """`metadata.json` as a dict; malformed JSON raises `json.JSONDecodeError` (a
        ValueError), JSON that is not an object raises ValueError, both naming the file."""
        return _read_json_object(self._dir(stage, gen_id) + SEP + METADATA_FILENAME)

    def read_raw_metadata(self, stage: Component, gen_id: Component) -> dict[str, Any]:
        """`raw_metadata.json` as a dict, like `read_main_metadata`."""
        return _read_json_object(self._dir(stage, gen_id) + SEP + RAW_METADATA_FILENAME)

    def read_parsed_metadata(self, stage: Component, gen_id: Component) -> dict[str, Any]:
        """`parsed_metadata.json` as a dict, like `read_main_metadata`."""
        return _read_json_object(self._dir(stage, gen_id) + SEP + PARSED_METADATA_FILENAME)


class _GensFolderLayer(GensDataLayer):
    """`GensDataLayer.from_gens_root(folder)`: the local layer keyed on the gens folder itself.

    Its one stored attribute is `gens_root` (a `Path`, `Path(folder)`); the inherited
    `data_root` slot stays empty and reads raise AttributeError. Only the gens prefix differs
    from the root-keyed layer: every path, read, write and listing method is inherited.
    """

    __slots__ = ("gens_root",)
    gens_root: Path  # a stored slot here, a property on the base

    def __init__(self, gens_root: Path) -> None:
        object.__setattr__(self, "gens_root", gens_root)

    # A constructor keyed on a data root builds a root-keyed layer, whichever class asks
    # (`from_context` goes through it).
    @classmethod
    def from_root(cls, data_root: Path | str | Any) -> GensDataLayer:
        return GensDataLayer.from_root(data_root)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    @property
    def data_root(self) -> Path:
        raise AttributeError(
            f"{self!r} was built from a gens folder and has no data root; use `gens_root`"
        )

    @property
    def paths(self) -> Paths:
        raise AttributeError(
            f"{self!r} was built from a gens folder: a legacy `Paths` needs a data root, which "
            "it does not have"
        )

    @property
    def _gens_prefix(self) -> str:
        return folder_prefix(os.fspath(self.gens_root))

    # Equal to another layer built from an equal folder, never to a root-keyed layer (even
    # one whose `gens_root` is the same folder): they are different kinds of layer.
    def __eq__(self, other: object) -> bool:
        if type(other) is _GensFolderLayer:
            return self.gens_root == other.gens_root
        return NotImplemented

    def __hash__(self) -> int:
        return hash((_GensFolderLayer, self.gens_root))

    def __repr__(self) -> str:
        return f"GensDataLayer.from_gens_root({self.gens_root!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_GensFolderLayer, (self.gens_root,))


def _read_text(path: str) -> str:
    # Bytes plus an explicit decode cost less than a TextIOWrapper and give the same str:
    # strict UTF-8, then universal newlines ("\r\n" and lone "\r" become "\n").
    with open(path, "rb", buffering=0) as handle:
        data = handle.readall()
    text = data.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _read_json_object(path: str) -> dict[str, Any]:
    return json_object(_read_text(path), path)


def json_object(text: str, name: str) -> dict[str, Any]:
    """`json.loads(text)` when it is an object; errors name `name` (a path or a URL)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        # Still a JSONDecodeError, so legacy `except json.JSONDecodeError` keeps working.
        raise json.JSONDecodeError(f"{name}: {error.msg}", error.doc, error.pos) from error
    if type(value) is not dict:
        raise ValueError(f"{name}: metadata must be a JSON object, got {type(value).__name__}")
    return value


def load_generation_dict(
    stage: Any,
    gen_id: Any,
    raw: str | None,
    parsed: str | None,
    prompt: str | None,
    metadata_text: str | None,
    *,
    metadata_name: str,
) -> dict[str, Any]:
    """The legacy `load_generation` dict from the four files' texts (None: file missing), for
    stores that fetch the files themselves."""
    metadata: Any = None
    if metadata_text is not None:
        try:
            metadata = json.loads(metadata_text)
        except json.JSONDecodeError as error:
            raise json.JSONDecodeError(
                f"{metadata_name}: {error.msg}", error.doc, error.pos
            ) from error
    return {
        "stage": stage,
        "gen_id": gen_id,
        "parent_gen_id": metadata.get("parent_gen_id") if isinstance(metadata, dict) else None,
        "raw_text": "" if raw is None else raw,
        "parsed_text": parsed,
        "prompt_text": prompt,
        "metadata": metadata,
    }
