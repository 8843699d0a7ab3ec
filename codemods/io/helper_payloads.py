"""What the project's own legacy gens helpers do with their payload, read from their source with
`ast` (never imported): a `write_gen_*` helper that hands its text on unchanged writes what the
layer writes (a non-`str` raises `TypeError` in both), one that writes `str(text or "")` turns
`None` into an empty file and `123` into "123", and the rewrite must then coerce the same way.
Anything else the helper does to its payload is not provably the layer's write.

A helpers module outside the source roots (or not found) is taken as the documented legacy
helpers (shared spec: the payload is written as given).
"""

from __future__ import annotations

import ast
from enum import Enum
from functools import lru_cache
from pathlib import Path

from codemods.config import MigrateConfig
from codemods.module_names import module_file


class Payload(Enum):
    """How a write helper treats its payload."""

    #: Handed on unchanged to the write (`handle.write(text)`, `json.dumps(metadata, …)` with
    #: the layer's options).
    PASSED = "passed"
    #: Written as `str(text or "")`.
    STR_OR_EMPTY = "str-or-empty"
    #: Anything else: a transformation the layer does not make, or code this reading cannot follow.
    UNKNOWN = "unknown"


#: Methods that write their argument as given (a text file's `write`, `Path.write_text`).
_WRITERS = frozenset({"write", "write_text"})
#: `json.dumps(metadata, **_LAYER_JSON)` is the layer's own serialisation.
_LAYER_JSON = {"ensure_ascii": False, "indent": 2}
#: How deep calls to the module's own functions are followed (`_write_atomic(path, text)`).
_DEPTH = 3


def payload_handling(config: MigrateConfig, helper: str) -> Payload:
    """How `helper` of the configured helpers module treats its payload (its 4th argument)."""
    return _handling(config.helpers_module, config.source_roots, helper)


@lru_cache(maxsize=64)
def _handling(module: str, roots: tuple[Path, ...], helper: str) -> Payload:
    path = module_file(module, roots)
    if path is None:
        return Payload.PASSED
    try:
        tree = ast.parse(path.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return Payload.UNKNOWN
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    function = functions.get(helper)
    if function is None:
        return Payload.UNKNOWN  # a re-export or an assignment: not followed
    parameters = [*function.args.posonlyargs, *function.args.args]
    if len(parameters) < 4:
        return Payload.UNKNOWN
    return _parameter_use(function, parameters[3].arg, functions, _DEPTH)


def _parameter_use(
    function: ast.FunctionDef, name: str, functions: dict[str, ast.FunctionDef], depth: int
) -> Payload:
    """How `function` uses its parameter `name`: every use must be the same kind. A first
    statement `name = str(name or "")` coerces every later use."""
    parents = {child: node for node in ast.walk(function) for child in ast.iter_child_nodes(node)}
    coercion = _coercing_statement(function, name)
    skipped = set(ast.walk(coercion)) if coercion is not None else set()
    kinds: set[Payload] = set()
    for node in ast.walk(function):
        if not (isinstance(node, ast.Name) and node.id == name) or node in skipped:
            continue
        if not isinstance(node.ctx, ast.Load):
            return Payload.UNKNOWN  # rebound: not followed
        kinds.add(_use(node, parents, functions, depth))
    if len(kinds) != 1:
        return Payload.UNKNOWN  # unused, or used in two ways
    kind = kinds.pop()
    if coercion is None:
        return kind
    return Payload.STR_OR_EMPTY if kind is Payload.PASSED else Payload.UNKNOWN


def _coercing_statement(function: ast.FunctionDef, name: str) -> ast.Assign | None:
    """The function's first statement (after its docstring) when it is `name = str(name or "")`."""
    body = function.body
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        body = body[1:]
    if not body:
        return None
    first = body[0]
    if (
        isinstance(first, ast.Assign)
        and len(first.targets) == 1
        and isinstance(first.targets[0], ast.Name)
        and first.targets[0].id == name
        and _is_str_or_empty(first.value, name)
    ):
        return first
    return None


def _is_str_or_empty(node: ast.expr, name: str) -> bool:
    """`node` is `str(<name> or "")`."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "str"
        and not node.keywords
        and len(node.args) == 1
        and isinstance(node.args[0], ast.BoolOp)
        and isinstance(node.args[0].op, ast.Or)
        and len(node.args[0].values) == 2
        and isinstance(node.args[0].values[0], ast.Name)
        and node.args[0].values[0].id == name
        and isinstance(node.args[0].values[1], ast.Constant)
        and node.args[0].values[1].value == ""
    )


def _use(
    node: ast.expr,
    parents: dict[ast.AST, ast.AST],
    functions: dict[str, ast.FunctionDef],
    depth: int,
) -> Payload:
    coerced = False
    parent = parents.get(node)
    # `str(text or "")`: the coercion, then followed like the payload itself.
    if isinstance(parent, ast.BoolOp):
        call = parents.get(parent)
        if not (isinstance(call, ast.Call) and _is_str_or_empty(call, getattr(node, "id", ""))):
            return Payload.UNKNOWN
        coerced, node, parent = True, call, parents.get(call)
    handed_on = _handed_on(node, parent, functions, depth)
    if handed_on is not Payload.PASSED:
        return Payload.UNKNOWN if coerced else handed_on
    return Payload.STR_OR_EMPTY if coerced else Payload.PASSED


def _handed_on(
    node: ast.expr, parent: ast.AST | None, functions: dict[str, ast.FunctionDef], depth: int
) -> Payload:
    """What happens to `node` as an argument of `parent`."""
    if not isinstance(parent, ast.Call) or node not in parent.args:
        return Payload.UNKNOWN
    position = parent.args.index(node)
    if any(isinstance(arg, ast.Starred) for arg in parent.args[: position + 1]):
        return Payload.UNKNOWN
    func = parent.func
    if isinstance(func, ast.Attribute):
        if func.attr in _WRITERS and position == 0:
            return Payload.PASSED
        if (
            func.attr == "dumps"
            and isinstance(func.value, ast.Name)
            and func.value.id == "json"
            and position == 0
            and len(parent.args) == 1
            and _keywords(parent) == _LAYER_JSON
        ):
            return Payload.PASSED
        return Payload.UNKNOWN
    if isinstance(func, ast.Name) and func.id in functions and depth > 0:
        callee = functions[func.id]
        parameters = [*callee.args.posonlyargs, *callee.args.args]
        if position < len(parameters):
            return _parameter_use(callee, parameters[position].arg, functions, depth - 1)
    return Payload.UNKNOWN


def _keywords(call: ast.Call) -> dict[str | None, object] | None:
    """The call's keywords as constants, or None when one is not a constant (or is `**`)."""
    found: dict[str | None, object] = {}
    for keyword in call.keywords:
        if keyword.arg is None or not isinstance(keyword.value, ast.Constant):
            return None
        found[keyword.arg] = keyword.value.value
    return found
