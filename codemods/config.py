"""The migration's configuration: `[tool.data-layer-migrate]` in the migrated tree's pyproject.toml.

Pure Python (no LibCST import) so the guard can load it on every commit for free.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from codemods.module_names import is_module_name

TOOL_TABLE = "data-layer-migrate"

DEFAULT_LEGACY_MODULE = "daydreaming_dagster.config.paths"  # noqa: DLM001 (the default, as data)
DEFAULT_PATHS_MODULE = "data_layer.paths"
DEFAULT_LAYER_MODULE = "data_layer"
DEFAULT_HELPERS_MODULE = "daydreaming_dagster.utils.generation"

#: What the legacy module exports (its `__all__`), so what the new paths module must export.
LEGACY_EXPORTS = (
    "Paths",
    "PROMPT_FILENAME",
    "RAW_FILENAME",
    "PARSED_FILENAME",
    "METADATA_FILENAME",
    "RAW_METADATA_FILENAME",
    "PARSED_METADATA_FILENAME",
)

_MODULE_KEYS = ("legacy-module", "paths-module", "layer-module", "helpers-module")
_LIST_KEYS = ("source-roots", "exclude")
KNOWN_KEYS = _MODULE_KEYS + _LIST_KEYS


class ConfigError(Exception):
    """A configuration that cannot be used; raised before any source file is read."""


@dataclass(frozen=True)
class MigrateConfig:
    """Where the legacy module, its replacements and the tree's packages are.

    `source_roots` are absolute folders that hold top-level packages; a file's module name is its
    path relative to the deepest root that contains it (no `__init__.py` needed).
    """

    project_root: Path
    legacy_module: str = DEFAULT_LEGACY_MODULE
    paths_module: str = DEFAULT_PATHS_MODULE
    layer_module: str = DEFAULT_LAYER_MODULE
    helpers_module: str = DEFAULT_HELPERS_MODULE
    source_roots: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = field(default=())

    @classmethod
    def for_root(cls, project_root: Path | str, **overrides: Any) -> MigrateConfig:
        """Defaults for a tree rooted at `project_root` (no pyproject.toml read), with overrides
        given by attribute name (`legacy_module=...`)."""
        root = Path(project_root).resolve()
        config = cls(project_root=root, source_roots=(_default_source_root(root),))
        return _validated(replace(config, **overrides))

    @property
    def legacy_package(self) -> str:
        """The package holding the legacy module (`daydreaming_dagster.config`)."""
        return self.legacy_module.rpartition(".")[0]

    @property
    def legacy_basename(self) -> str:
        """The legacy module's own name (`paths`)."""
        return self.legacy_module.rpartition(".")[2]


def find_project_root(start: Path) -> Path:
    """The nearest folder at or above `start` with a pyproject.toml, else with `.git`, else `start`."""
    start = start.resolve()
    if start.is_file():
        start = start.parent
    for marker in ("pyproject.toml", ".git"):
        for folder in (start, *start.parents):
            if (folder / marker).exists():
                return folder
    return start


class ProjectConfigs:
    """The configuration that governs each folder, loaded once per project.

    A folder is governed by the nearest pyproject.toml at or above it that has a
    `[tool.data-layer-migrate]` table (as ruff finds its own table); failing that, by the nearest
    pyproject.toml (its defaults); failing that, by `find_project_root` of where the walk
    started. With `config_file` (`--config`), that file governs every folder. `overrides` and
    `extra_exclude` (the command line) apply to every project. Folders are absolute and resolved.
    """

    def __init__(
        self,
        *,
        config_file: Path | None = None,
        overrides: Mapping[str, Any] | None = None,
        extra_exclude: Sequence[str] = (),
    ) -> None:
        self._config_file = config_file
        self._overrides = dict(overrides or {})
        self.extra_exclude = tuple(extra_exclude)
        self._fixed_root = str(config_file.resolve().parent) if config_file is not None else None
        self._loaded: dict[str, MigrateConfig] = {}
        #: folder -> (nearest root with a table, nearest root with a pyproject.toml)
        self._nearest: dict[str, tuple[str | None, str | None]] = {}
        self._roots: dict[tuple[str, str], str] = {}

    def root_for(self, folder: str, start: str | None = None) -> str:
        """The project root governing `folder`; `start` (default `folder`) is where the walk
        began, whose project root is the last resort."""
        if self._fixed_root is not None:
            return self._fixed_root
        start = folder if start is None else start
        key = (folder, start)
        root = self._roots.get(key)
        if root is None:
            table_root, pyproject_root = self._nearest_roots(folder)
            root = table_root or pyproject_root or str(find_project_root(Path(start)))
            self._roots[key] = root
        return root

    def for_folder(self, folder: str, start: str | None = None) -> MigrateConfig:
        """The configuration governing `folder` (see the class). Raises ConfigError."""
        return self.load(self.root_for(folder, start))

    def load(self, root: str) -> MigrateConfig:
        """The configuration of the project rooted at `root`, loaded once. Raises ConfigError."""
        config = self._loaded.get(root)
        if config is None:
            config = load_config(root, config_file=self._config_file, overrides=self._overrides)
            if self.extra_exclude:
                config = replace(config, exclude=(*config.exclude, *self.extra_exclude))
            self._loaded[root] = config
        return config

    def source(self, config: MigrateConfig) -> str:
        """The file `config` was read from (for messages)."""
        if self._config_file is not None:
            return str(self._config_file.resolve())
        return str(config.project_root / "pyproject.toml")

    def _nearest_roots(self, folder: str) -> tuple[str | None, str | None]:
        # Iterative, cached per folder: a walk asks for every folder of a tree.
        chain: list[str] = []
        current = folder
        while current not in self._nearest:
            chain.append(current)
            parent = os.path.dirname(current)
            if parent == current:
                break
            current = parent
        found = self._nearest.get(current, (None, None))
        for item in reversed(chain):
            table_root, pyproject_root = found
            pyproject = os.path.join(item, "pyproject.toml")
            if os.path.isfile(pyproject):
                pyproject_root = item
                if _has_table(Path(pyproject)):
                    table_root = item
            found = self._nearest[item] = (table_root, pyproject_root)
        return found


def _has_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_bytes()
    except OSError:
        return False
    # Most pyproject.toml files never name the tool: they are not parsed.
    if TOOL_TABLE.encode() not in text:
        return False
    tool = _read_document(pyproject).get("tool", {})
    return isinstance(tool, dict) and TOOL_TABLE in tool


def load_config(
    project_root: Path | str,
    *,
    config_file: Path | str | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> MigrateConfig:
    """Read `[tool.data-layer-migrate]` from `config_file` (default: `project_root/pyproject.toml`)
    and apply command-line `overrides`, keyed like the TOML (`legacy-module`). Raises ConfigError."""
    root = Path(project_root).resolve()
    table: dict[str, Any] = {}
    pyproject = Path(config_file) if config_file is not None else root / "pyproject.toml"
    if config_file is not None or pyproject.is_file():
        table = _read_table(pyproject)
    for key, value in (overrides or {}).items():
        if value is not None:
            table[key] = value
    return _from_table(root, table, source=str(pyproject))


def _read_document(pyproject: Path) -> dict[str, Any]:
    try:
        with pyproject.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{pyproject}: cannot read: {error.strerror or error}") from error
    except UnicodeDecodeError as error:  # tomllib decodes as UTF-8 and lets this through
        raise ConfigError(
            f"{pyproject}: not valid TOML: not UTF-8 (byte {error.start}: {error.reason})"
        ) from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{pyproject}: not valid TOML: {error}") from error


def _read_table(pyproject: Path) -> dict[str, Any]:
    document = _read_document(pyproject)
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{pyproject}: `tool` must be a table, got {tool!r}")
    table = tool.get(TOOL_TABLE, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: [tool.{TOOL_TABLE}] must be a table")
    return dict(table)


def _from_table(root: Path, table: Mapping[str, Any], *, source: str) -> MigrateConfig:
    unknown = sorted(set(table) - set(KNOWN_KEYS))
    if unknown:
        raise ConfigError(
            f"{source}: unknown key(s) in [tool.{TOOL_TABLE}]: {', '.join(unknown)} "
            f"(known: {', '.join(KNOWN_KEYS)})"
        )
    values: dict[str, Any] = {}
    for key in _MODULE_KEYS:
        if key in table:
            value = table[key]
            if not isinstance(value, str):
                raise ConfigError(f"{source}: {key} must be a string, got {value!r}")
            values[key.replace("-", "_")] = value
    for key in _LIST_KEYS:
        if key in table:
            value = table[key]
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, Sequence) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{source}: {key} must be a list of strings, got {value!r}")
            values[key.replace("-", "_")] = tuple(value)
    if "source_roots" in values:
        values["source_roots"] = tuple(
            (root / folder).resolve() for folder in values["source_roots"]
        )
    else:
        values["source_roots"] = (_default_source_root(root),)
    return _validated(MigrateConfig(project_root=root, **values), source=source)


def _validated(config: MigrateConfig, *, source: str = "configuration") -> MigrateConfig:
    for key in _MODULE_KEYS:
        name = getattr(config, key.replace("-", "_"))
        if not is_module_name(name):
            raise ConfigError(f"{source}: {key} = {name!r} is not a dotted module name")
    if "." not in config.legacy_module:
        raise ConfigError(
            f"{source}: legacy-module = {config.legacy_module!r} must name a module inside a package"
        )
    if config.legacy_module in (config.paths_module, config.layer_module):
        raise ConfigError(f"{source}: the new modules must differ from legacy-module")
    for folder in config.source_roots:
        if not folder.is_dir():
            raise ConfigError(f"{source}: source root {str(folder)!r} is not a folder")
    return config


def _default_source_root(root: Path) -> Path:
    src = root / "src"
    return src if src.is_dir() else root
