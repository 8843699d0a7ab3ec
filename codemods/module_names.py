"""Module names from file locations, and relative imports resolved and built with them.

Shared by the import codemod, the IO codemod, the CLI and the guard, so they agree on what a
relative import names. Resolution never looks for `__init__.py`: namespace folders count too.
Pure Python (no LibCST import).
"""

from __future__ import annotations

import keyword
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ModuleLocation:
    """Where a file sits in the import system: `pkg.sub.mod`, or `pkg.sub` for `pkg/sub/__init__.py`."""

    name: str
    is_package: bool = False

    @property
    def package(self) -> str:
        """The package that relative imports start from (`__package__`)."""
        return self.name if self.is_package else self.name.rpartition(".")[0]


def is_module_name(name: str) -> bool:
    """True for a dotted name of identifiers (`a.b.c`), none of them a keyword."""
    parts = name.split(".")
    return all(part.isidentifier() and not keyword.iskeyword(part) for part in parts)


def is_same_or_inside(name: str, parent: str) -> bool:
    """True when module `name` is `parent` or lies inside it (`a.b.c` is inside `a.b`)."""
    return name == parent or name.startswith(parent + ".")


def module_for_file(path: Path | str, source_roots: Sequence[Path]) -> ModuleLocation | None:
    """The module a `.py` file is imported as, from the deepest source root holding it.

    None when no root holds it or a part of its path is not an identifier (a script such as
    `scripts/run-me.py` has no module name, so it cannot use relative imports).
    """
    file = Path(path).absolute()
    best: tuple[str, ...] | None = None
    for root in source_roots:
        try:
            relative = file.relative_to(root.absolute()).parts
        except ValueError:
            continue
        if best is None or len(relative) < len(best):
            best = relative
    if not best or not best[-1].endswith((".py", ".pyi")):
        return None
    *folders, filename = best
    stem = filename.rsplit(".", 1)[0]
    is_package = stem == "__init__"
    parts = folders if is_package else [*folders, stem]
    name = ".".join(parts)
    if not parts or not is_module_name(name):
        return None
    return ModuleLocation(name, is_package)


def resolve_relative(location: ModuleLocation | None, level: int, module: str | None) -> str | None:
    """The absolute module named by `from <level dots><module> import ...` in `location`.

    None when it cannot be known (no location) or reaches above the top-level package.
    """
    if level == 0:
        return module
    if location is None:
        return None
    package = location.package
    parts = package.split(".") if package else []
    keep = len(parts) - (level - 1)
    if keep <= 0:
        return None
    base = parts[:keep]
    return ".".join([*base, module] if module else base)


def relative_import(target: str, location: ModuleLocation | None) -> tuple[int, str | None] | None:
    """`(level, module)` that imports `target` relatively from `location`, or None when `target`
    lies outside the file's top-level package (then an absolute import is the right spelling)."""
    if location is None or not location.package:
        return None
    package = location.package.split(".")
    wanted = target.split(".")
    if wanted[0] != package[0]:
        return None
    common = 0
    while common < min(len(package), len(wanted)) and package[common] == wanted[common]:
        common += 1
    level = len(package) - common + 1
    rest = ".".join(wanted[common:])
    return level, rest or None


def spell_module(
    target: str, location: ModuleLocation | None, *, relative: bool
) -> tuple[int, str | None]:
    """How a `from ... import` in `location` names `target`, in the style of the import it
    replaces: a relative one stays relative when `target` lies in the file's own top-level
    package; an absolute one stays absolute (`(0, target)`): a module pytest imports as a
    top-level module (a test folder without `__init__.py`) cannot import relatively. The import
    codemod writes this spelling and the guard suggests it."""
    spelled = relative_import(target, location) if relative else None
    return spelled if spelled is not None else (0, target)


def module_file(module: str, source_roots: Sequence[Path]) -> Path | None:
    """The file of `module` (`a/b.py` or `a/b/__init__.py`) in the first source root that has
    it, or None."""
    parts = module.split(".")
    for root in source_roots:
        base = root.joinpath(*parts)
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                return candidate
    return None
