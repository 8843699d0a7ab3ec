"""Which attribute chains' roots are provably not the import: a parameter or a local of an
enclosing function (or a comprehension's target) of the same name. Conservative: a name the
function also imports or declares global/nonlocal is taken to be the import.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def shadowed(tree: ast.Module, roots: dict[int, str]) -> set[int]:
    """The chains (by node id, with their root name) whose root is provably not the import: a
    parameter or a local (assigned, not imported, not declared global) of an enclosing function
    or comprehension. Only files with a chain through a parent package pay for this walk."""
    found: set[int] = set()
    local_names: dict[int, frozenset[str]] = {}
    stack: list[tuple[ast.AST, tuple[ast.AST, ...]]] = [(tree, ())]
    while stack:
        node, scopes = stack.pop()
        root = roots.get(id(node))
        if root is not None:
            for scope in scopes:
                if id(scope) not in local_names:
                    local_names[id(scope)] = _locals(scope)
                if root in local_names[id(scope)]:
                    found.add(id(node))
                    break
        if isinstance(node, _FUNCTIONS):
            # Defaults, annotations and decorators are evaluated in the enclosing scope.
            inner = (node, *scopes)
            body = node.body if isinstance(node.body, list) else [node.body]
            stack.extend((child, inner) for child in body)
            in_body = {id(child) for child in body}
            outer = [child for child in ast.iter_child_nodes(node) if id(child) not in in_body]
            stack.extend((child, scopes) for child in outer)
            continue
        if isinstance(node, _COMPREHENSIONS):
            scopes = (node, *scopes)
        stack.extend((child, scopes) for child in ast.iter_child_nodes(node))
    return found


def _locals(scope: ast.AST) -> frozenset[str]:
    """Names bound in `scope` other than by an import; empty for a name it also imports or
    declares global/nonlocal (then the import may be what it means: keep flagging)."""
    bound: set[str] = set()
    excluded: set[str] = set()
    if isinstance(scope, _COMPREHENSIONS):
        for generator in scope.generators:
            bound.update(_stored(generator.target))
        return frozenset(bound)
    assert isinstance(scope, _FUNCTIONS)
    arguments = scope.args
    for argument in (
        *arguments.posonlyargs,
        *arguments.args,
        *arguments.kwonlyargs,
        arguments.vararg,
        arguments.kwarg,
    ):
        if argument is not None:
            bound.add(argument.arg)
    pending: list[ast.AST] = list(scope.body) if isinstance(scope.body, list) else [scope.body]
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            excluded.update(alias.asname or alias.name.partition(".")[0] for alias in node.names)
            continue
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            excluded.update(node.names)
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)  # its body is a scope of its own; decorators are not bindings
            continue
        if isinstance(node, (ast.Lambda, *_COMPREHENSIONS)):
            continue
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        pending.extend(ast.iter_child_nodes(node))
    return frozenset(bound - excluded)


def _stored(target: ast.expr) -> Iterator[str]:
    for node in ast.walk(target):
        if isinstance(node, ast.Name):
            yield node.id
