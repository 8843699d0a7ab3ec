"""The codemods by stable name, and the one function that orders them into a pipeline.

Importing this module does not import LibCST: the classes are loaded on first use, so the CLI's
LibCST-free paths (the guard's `check`, `--help`, configuration errors) stay fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from codemods.base import MigrationCodemod

#: Stable codemod names (used by the subcommands and in reports) -> "module:Class".
CODEMOD_PATHS: dict[str, str] = {
    "imports": "codemods.imports.legacy_imports:LegacyImportsCodemod",
    "io": "codemods.io.paths_io:PathsIOCodemod",
}

#: The subcommands that run codemods, with the codemod names each one runs.
SUBCOMMANDS: dict[str, tuple[str, ...]] = {
    "imports": ("imports",),
    "io": ("io",),
    "all": ("imports", "io"),
    "report": ("imports", "io"),
}


def load(name: str) -> type[MigrationCodemod]:
    """The codemod class registered as `name` (imports LibCST). Raises KeyError for a bad name."""
    module_name, _, class_name = CODEMOD_PATHS[name].partition(":")
    codemod: type[MigrationCodemod] = getattr(importlib.import_module(module_name), class_name)
    return codemod


def pipeline(subcommand: str) -> tuple[type[MigrationCodemod], ...]:
    """The codemods `subcommand` runs, in the order they must run on one parsed tree.

    Ordering constraint: `imports` runs before `io`. The IO codemod recognises `Paths` imported
    from either the legacy or the new module and adds the `GensDataLayer` import; run first, it
    would see a tree whose legacy imports are still pending and the import codemod would then
    have to merge around the import the IO codemod just added.
    """
    names = SUBCOMMANDS[subcommand]
    assert names == tuple(name for name in CODEMOD_PATHS if name in names), "keep registry order"
    return tuple(load(name) for name in names)


def __getattr__(name: str) -> Any:
    # `CODEMODS` (name -> class) is built on first access so that importing this module stays
    # LibCST-free.
    if name == "CODEMODS":
        return {codemod_name: load(codemod_name) for codemod_name in CODEMOD_PATHS}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
