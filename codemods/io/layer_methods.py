"""Which methods the configured layer class has, read from its source with `ast` (never
imported): when `layer-module` names a team's own layer inside the project's source roots, a
rewrite may only call a method that class defines. A layer module outside the source roots (the
installed `data_layer`) is not checked: its methods are the ones this codemod was written for.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

from codemods.config import DEFAULT_LAYER_MODULE, MigrateConfig
from codemods.module_names import ModuleLocation, is_same_or_inside, module_file, resolve_relative

CODE_LAYER_METHOD = "DLM237"
CODES = {CODE_LAYER_METHOD: "the configured layer class has no method the rewrite would call"}

LAYER_CLASS = "GensDataLayer"
#: How many re-exports (`from .gens_data_layer import GensDataLayer`) are followed.
_MAX_HOPS = 4


def layer_methods(config: MigrateConfig) -> frozenset[str] | None:
    """The names the configured `GensDataLayer` defines in its class body, or None when its
    module is not in the source roots (nothing to check)."""
    return _methods(config.layer_module, config.source_roots)


@lru_cache(maxsize=16)
def _methods(module: str, roots: tuple[Path, ...]) -> frozenset[str] | None:
    path = module_file(module, roots)
    if path is None:
        return None
    for _ in range(_MAX_HOPS):
        try:
            tree = ast.parse(path.read_bytes())
        except (OSError, SyntaxError, ValueError):
            return frozenset()  # unreadable: nothing is provably there
        found = _class_names(tree)
        if found is not None:
            return found
        target = _reexport(tree, module, path.name == "__init__.py")
        if target is None:
            return frozenset()
        module = target
        path = module_file(module, roots)
        if path is None:
            # A re-export of the bundled layer: its methods are the ones the rewrites call.
            return None if is_same_or_inside(module, DEFAULT_LAYER_MODULE) else frozenset()
    return frozenset()


def _class_names(tree: ast.Module) -> frozenset[str] | None:
    """The names bound in the body of `class GensDataLayer` (methods, properties, attributes);
    None when the module defines no such class. Inherited names do not count: a base class is
    not read, so a method it may hold is not provably there."""
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == LAYER_CLASS:
            names: set[str] = set()
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    names.add(item.target.id)
                elif isinstance(item, ast.Assign):
                    names.update(t.id for t in item.targets if isinstance(t, ast.Name))
            return frozenset(names)
    return None


def _reexport(tree: ast.Module, module: str, is_package: bool) -> str | None:
    """The module `from <m> import GensDataLayer` (no alias) takes the class from."""
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and any(
            alias.name == LAYER_CLASS and alias.asname in (None, LAYER_CLASS)
            for alias in node.names
        ):
            return resolve_relative(ModuleLocation(module, is_package), node.level, node.module)
    return None
