"""The module the IO codemod runs LibCST's scope analysis on: the file, with the bodies of the
top-level functions and classes that cannot matter to it replaced by `...`.

LibCST's scope analysis costs several parses of the whole module, and a pipeline module is
mostly functions with no generation IO at all. The IO codemod asks scope questions only about
names in the functions that hold its sites (a `Paths` receiver, a path variable, a `with`
handle, a gens-root variable: all local to that function, or the module-level imports and
names they resolve to). A top-level body can be left out of the analysis without changing one
answer when:

- it spells none of the words a site needs (a `Paths` path helper, a legacy gens helper, or
  the name an import binds a gens helper to): it holds no site, so the codemod asks nothing
  about its nodes (asked anyway, they have no scope and resolve to nothing, which is what they
  resolve to with it: no site);
- it declares no `nonlocal`, and the module no `global` anywhere: so the left-out body binds no
  name outside itself (the bindings a kept body's names resolve to stay the same), and no kept
  body binds a module-level name the left-out one may use;
- and no such word appears outside the top-level bodies: every site is in a function or class
  body, so every binding whose *uses* the codemod counts is local to a kept body, and its uses
  are all there (a module-level `Paths` binding would have uses in left-out bodies).

The definitions' headers (decorators, defaults, annotations, bases) stay: they run in the module
scope and may bind names there (`def f(x=(y := 1))`). Kept statements are the very nodes of the
file's tree, so the metadata computed on the reduced module is keyed by them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

import libcst as cst

from codemods.speedups.statement_index import ModuleStatements

#: What a left-out body becomes.
_STAND_IN = cst.IndentedBlock(body=(cst.SimpleStatementLine(body=(cst.Expr(cst.Ellipsis()),)),))


def scope_module(
    statements: ModuleStatements, site_words: Iterable[str], helper_names: Iterable[str]
) -> cst.Module:
    """`statements.module` with the top-level bodies that cannot matter to the IO codemod's scope
    questions replaced by `...` (see the module docstring), or that module itself when none can
    be. `site_words`: the attribute names a site calls (path helpers); `helper_names`: the
    legacy gens helpers, however they are reached."""
    tree = statements.module
    definitions = sum(isinstance(node, cst.FunctionDef | cst.ClassDef) for node in tree.body)
    if definitions < 2:
        return tree  # the one definition holds the site, or the site is outside it: keep all
    module_ast = statements.tree()
    if module_ast is None:
        return tree
    top = [unit for unit in statements.units() if unit.depth == 0]
    helpers = set(helper_names)
    aliases = _helper_aliases(module_ast, helpers)
    if aliases is None:
        return tree
    words = set(site_words) | helpers | aliases
    stubbable: set[int] = set()
    for unit in top:
        statement = unit.statements[0]
        if isinstance(unit.node, cst.FunctionDef | cst.ClassDef) and isinstance(
            statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
        ):
            headers = [*statement.decorator_list, *_header_parts(statement)]
            if any(_spells(node, words) for node in _walk(headers)):
                return tree  # a site may run in the module scope
            if not any(_spells(n, words) or _declares(n) for n in _walk(statement.body)):
                stubbable.add(id(unit.node))
        elif any(_spells(node, words) for node in _walk(unit.statements)):
            return tree  # a site outside every top-level body
    if not stubbable:
        return tree
    return tree.with_changes(
        body=[
            node.with_changes(body=_STAND_IN) if id(node) in stubbable else node
            for node in tree.body
        ]
    )


def _helper_aliases(module: ast.Module, helpers: set[str]) -> set[str] | None:
    """The names `from ... import <helper> as <name>` binds, anywhere in the module; None when
    the module declares `global` anywhere (one walk finds both)."""
    aliases: set[str] = set()
    for node in ast.walk(module):
        if isinstance(node, ast.Global):
            return None
        if isinstance(node, ast.ImportFrom):
            aliases.update(
                alias.asname
                for alias in node.names
                if alias.asname is not None and alias.name in helpers
            )
    return aliases


def _header_parts(statement: ast.stmt) -> list[ast.AST]:
    """A definition's parts that run outside its body, decorators aside (type parameters too,
    from Python 3.12)."""
    parts: list[ast.AST] = list(getattr(statement, "type_params", ()))
    if isinstance(statement, ast.ClassDef):
        return [*parts, *statement.bases, *statement.keywords]
    assert isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef)
    parts.append(statement.args)
    if statement.returns is not None:
        parts.append(statement.returns)
    return parts


def _walk(nodes: Iterable[ast.AST]) -> Iterable[ast.AST]:
    for node in nodes:
        yield from ast.walk(node)


def _spells(node: ast.AST, words: set[str]) -> bool:
    if isinstance(node, ast.Name):
        return node.id in words
    if isinstance(node, ast.Attribute):
        return node.attr in words
    return False


def _declares(node: ast.AST) -> bool:
    return isinstance(node, ast.Nonlocal)
