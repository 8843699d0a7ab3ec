"""`shim write` / `shim remove`: the legacy module as a deprecated re-export of the new one.

The shim keeps code the migration has not reached yet (other branches, notebooks, downstream
projects) working for a transition period, while warning them where the names moved. It is
removed only once no legacy reference is left in the tree. Pure Python (no LibCST import): the
references are found with the one detection (`codemods.legacy`), as the guard finds them.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from codemods.config import LEGACY_EXPORTS, MigrateConfig
from codemods.findings import Finding
from codemods.module_names import module_file
from codemods.run.source import SourceDecodeError, atomic_write, decode_source

#: What the legacy module exports (its `__all__`), used when its file cannot tell us.
DEFAULT_EXPORTS = LEGACY_EXPORTS
#: First line of every shim we write: lets `shim write` recognise its own output.
MARKER = "# Written by `data-layer-migrate shim write`."


class ShimError(Exception):
    """The shim cannot be written or removed (with the reason)."""


@dataclass(frozen=True)
class ShimRemoval:
    """The outcome of `remove_shim`: the file removed, or the references that block it."""

    path: Path | None
    references: tuple[Finding, ...] = ()


def legacy_module_file(config: MigrateConfig) -> Path | None:
    """The legacy module's file (`.../config/paths.py` or `.../config/paths/__init__.py`) in the
    first source root that has it, or None."""
    return module_file(config.legacy_module, config.source_roots)


def shim_target(config: MigrateConfig) -> Path:
    """Where the shim goes: the legacy module's file, else `<package folder>/<basename>.py`."""
    existing = legacy_module_file(config)
    if existing is not None:
        return existing
    package = Path(*config.legacy_package.split("."))
    for root in config.source_roots:
        if (root / package).is_dir():
            return root / package / f"{config.legacy_basename}.py"
    raise ShimError(
        f"the legacy package {config.legacy_package} has no folder under the source roots "
        f"({', '.join(str(root) for root in config.source_roots)})"
    )


def exported_names(source: bytes) -> tuple[str, ...] | None:
    """The names in a literal `__all__` of `source`, or None when there is none to read."""
    try:
        text, _ = decode_source(source)
        tree = ast.parse(text)
    except (SourceDecodeError, SyntaxError, ValueError):
        return None
    for statement in tree.body:
        targets: list[ast.expr] = []
        node: ast.expr | None = None
        if isinstance(statement, ast.Assign):
            targets, node = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign):
            targets, node = [statement.target], statement.value
        if node is not None and any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            try:
                value = ast.literal_eval(node)
            except ValueError:
                return None
            if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
                return tuple(value)
            return None
    return None


def shim_source(config: MigrateConfig, names: Sequence[str]) -> str:
    """The shim's code: re-export `names` from the new module, warn on import."""
    ordered = sorted(set(names), key=lambda name: (not name.isupper(), name))
    imports = "".join(f"    {name},\n" for name in ordered)
    exported = "".join(f'    "{name}",\n' for name in ordered)
    message = f"{config.legacy_module} is deprecated: import from {config.paths_module} instead"
    # Written in double quotes, as ruff format and black write strings: the shim passes their
    # `--check`. Dotted module names hold no quote or backslash to escape.
    return (
        f"{MARKER}\n"
        f'"""Deprecated alias of `{config.paths_module}`; importing it warns.\n'
        "\n"
        "Remove it with `data-layer-migrate shim remove` once nothing imports it.\n"
        '"""\n'
        "\n"
        "import warnings\n"
        "\n"
        f"from {config.paths_module} import (\n{imports})\n"
        "\n"
        f"__all__ = [\n{exported}]\n"
        "\n"
        f'warnings.warn(\n    "{message}",\n    DeprecationWarning,\n    stacklevel=2,\n)\n'
    )


def write_shim(config: MigrateConfig) -> tuple[Path, bool]:
    """Write the shim over the legacy module's file; `(path, changed)`.

    The names re-exported are the legacy module's own `__all__` when it has a literal one (or
    the shim's, when it is one already), else `DEFAULT_EXPORTS`.
    """
    target = shim_target(config)
    names: tuple[str, ...] | None = None
    old: bytes | None = None
    if target.is_file():
        old = target.read_bytes()
        names = exported_names(old)
    code = shim_source(config, names or DEFAULT_EXPORTS).encode("utf-8")
    if code == old:
        return target, False
    atomic_write(target, code)
    return target, True


def remove_shim(
    config: MigrateConfig, groups: Mapping[MigrateConfig, Sequence[str]]
) -> ShimRemoval:
    """Delete the legacy module's file when no file refers to it any more, each group of files
    checked as the guard checks it: with its own project's configuration (the walker's
    `Selection.by_config`).

    Returns the references instead (and deletes nothing) when some are left.
    """
    from codemods.guard import check_files

    target = legacy_module_file(config)
    if target is None:
        return ShimRemoval(None)
    if target.name == "__init__.py":
        others = sorted(
            path.relative_to(target.parent).as_posix()
            for path in target.parent.rglob("*.py")
            if path != target
        )
        if others:
            # Deleting only `__init__.py` would leave a namespace package that still imports.
            raise ShimError(
                f"{config.legacy_module} is a package holding other modules "
                f"({', '.join(others[:3])}{', ...' if len(others) > 3 else ''}): "
                "delete the package by hand once the guard passes"
            )
    references = tuple(
        sorted(
            finding
            for own, names in groups.items()
            for finding in check_files(names, own)
            if Path(finding.path).resolve() != target.resolve()
        )
    )
    if references:
        return ShimRemoval(None, references)
    target.unlink()
    return ShimRemoval(target)
