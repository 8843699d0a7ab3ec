"""`with open(P.raw_path(s, g), "w", encoding="utf-8") as f: f.write(text)` ->
`L.write_raw(s, g, text)`, and the reads (`x = f.read()`, `x = json.load(f)`, `return ...`) and
metadata writes (`json.dump(d, f, indent=2)`) alike: a `with` whose body is one read or write.
The payload must be simple (a name, a literal) or a JSON literal display (`{"k": [1, None]}`):
open() truncates the file before a computed payload could fail (DLM234)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar

import libcst as cst
from libcst.metadata import Assignment

from codemods.io.rules.read_text import (
    CODE_METADATA_AS_TEXT,
    CODE_METADATA_READ,
    CODE_TEXT_READ,
    TOLERANT,
)
from codemods.io.rules.write_text import CODE_METADATA_WRITE, CODE_TEXT_WRITE
from codemods.io.shapes import (
    CODE_JSON_OPTIONS,
    CODE_OTHER_ARGUMENTS,
    METADATA_FILES,
    TEXT_FILES,
    Rejected,
    check_dump,
    check_encoding,
    is_json_literal,
    is_simple_value,
    keyword,
    single_positional,
)
from codemods.io.sites import IOSite, PathRef, Plan, RuleContext

CODE_OPEN_MODE = "DLM224"
CODE_WITH_BODY = "DLM231"
CODE_EVALUATION_ORDER = "DLM234"

#: What the one statement of the body becomes, given the layer call.
_Rebuild = Callable[[cst.BaseSmallStatement, cst.Call], cst.BaseSmallStatement]
#: The payload the layer call takes from the body's statement (None for a read).
_Payload = Callable[[cst.BaseSmallStatement], cst.BaseExpression | None]


class OpenWith:
    """`with open(path, mode, encoding="utf-8") as f:` around one read or write -> one layer
    call, the `with` statement replaced by it."""

    CODES: ClassVar[Mapping[str, str]] = {
        CODE_OPEN_MODE: "open() mode with no layer equivalent (append, binary, r+ ...)",
        CODE_WITH_BODY: "with open(...) whose body is more than one read or write",
        CODE_EVALUATION_ORDER: "payload evaluated after the file is opened",
    }
    TRIGGERS: ClassVar[tuple[str, ...]] = ("builtins.open",)

    def plan(self, site: IOSite, context: RuleContext) -> Plan | Rejected:
        receivers = context.receivers
        call = site.call
        item = receivers.parent(call)
        with_node = receivers.parent(item) if isinstance(item, cst.WithItem) else None
        if not (
            isinstance(item, cst.WithItem)
            and isinstance(with_node, cst.With)
            and len(with_node.items) == 1
            and with_node.asynchronous is None
            and isinstance(item.asname, cst.AsName)
            and isinstance(item.asname.name, cst.Name)
            and isinstance(with_node.body, cst.IndentedBlock)
            and len(with_node.body.body) == 1
            and isinstance(with_node.body.body[0], cst.SimpleStatementLine)
            and len(with_node.body.body[0].body) == 1
        ):
            return Rejected(CODE_WITH_BODY, "open() outside a `with ... as f:` of one statement")
        handle_name = item.asname.name
        mode = open_mode(call)
        if isinstance(mode, Rejected):
            return mode
        rejected = open_encoding(call)
        if rejected is not None:
            return rejected
        if not _handle_used_once(handle_name, with_node, context):
            return Rejected(
                CODE_WITH_BODY,
                f"the file handle {handle_name.value} is used outside its with-body",
            )
        inner = with_node.body.body[0].body[0]
        body = _open_body(site.ref, inner, handle_name.value, mode, context)
        if isinstance(body, Rejected):
            return body
        method, payload_of, code, rebuild, dropped = body
        stage, gen_id = site.ref.stage, site.ref.gen_id

        def statement_of(node: cst.CSTNode) -> cst.BaseSmallStatement:
            assert isinstance(node, cst.With) and isinstance(node.body, cst.IndentedBlock)
            line = node.body.body[0]
            assert isinstance(line, cst.SimpleStatementLine)
            return line.body[0]

        def arguments(node: cst.CSTNode) -> Sequence[cst.BaseExpression]:
            payload = payload_of(statement_of(node))
            return [stage, gen_id] if payload is None else [stage, gen_id, payload]

        def wrap(node: cst.CSTNode, layer_call: cst.Call) -> cst.CSTNode:
            assert isinstance(node, cst.With) and isinstance(node.body, cst.IndentedBlock)
            line = node.body.body[0]
            assert isinstance(line, cst.SimpleStatementLine)
            new_statement = rebuild(line.body[0], layer_call)
            return line.with_changes(body=[new_statement], leading_lines=node.leading_lines)

        return Plan(
            code,
            method,
            f"with open({site.ref.describe()}, ...)",
            call,
            arguments,
            replaced=with_node,
            wrap=wrap,
            drop_imports=dropped,
        )


def open_mode(call: cst.Call) -> str | Rejected:
    """The mode of `open(path, mode, encoding=...)`: "r" or "w" (text modes only). The encoding
    must be UTF-8 and nothing else may be passed (no newline=, errors=, buffering)."""

    args = call.args
    positional = [arg for arg in args if arg.keyword is None]
    keywords = {keyword(arg): arg for arg in args if arg.keyword is not None}
    mode_node: cst.BaseExpression | None = None
    if len(positional) >= 2:
        mode_node = positional[1].value
    elif "mode" in keywords:
        mode_node = keywords["mode"].value
    mode = "r"
    if mode_node is not None:
        if not isinstance(mode_node, cst.SimpleString):
            return Rejected(CODE_OPEN_MODE, "open() mode is not a string literal")
        value = mode_node.evaluated_value
        mode = value if isinstance(value, str) else ""
    if mode in ("r", "rt"):
        return "r"
    if mode in ("w", "wt"):
        return "w"
    return Rejected(CODE_OPEN_MODE, f"open() mode {mode!r} has no layer equivalent")


def open_encoding(call: cst.Call) -> Rejected | None:
    """`check_encoding` for `open(path[, mode], encoding=...)`: at most two positional
    arguments, then only `mode=` and `encoding=` by keyword."""
    positional = [arg for arg in call.args if arg.keyword is None]
    if len(positional) > 2:
        return Rejected(CODE_OTHER_ARGUMENTS, "open() buffering changes how the file is written")
    rest = [arg for arg in call.args if arg.keyword is not None and keyword(arg) != "mode"]
    return check_encoding(rest, positional_slot=0)


def _handle_used_once(handle: cst.Name, with_node: cst.With, context: RuleContext) -> bool:
    """True when `handle` is used once in `with_node`'s body and nowhere else, except inside
    other `with ... as <handle>:` bodies (each of those binds it afresh before its use)."""
    receivers = context.receivers
    scope = receivers.scopes.get(handle)
    if scope is None:
        return False
    bodies: list[cst.CSTNode] = []
    accesses: list[cst.CSTNode] = []
    for assignment in scope[handle.value]:
        if not isinstance(assignment, Assignment) or assignment.scope is not scope:
            return False
        as_name = receivers.parent(assignment.node)
        item = receivers.parent(as_name) if isinstance(as_name, cst.AsName) else None
        owner = receivers.parent(item) if isinstance(item, cst.WithItem) else None
        if not isinstance(owner, cst.With):
            return False
        bodies.append(owner.body)
        accesses.extend(access.node for access in assignment.references)
    inside = [node for node in set(accesses) if receivers.contains(with_node.body, node)]
    return len(inside) == 1 and all(
        any(receivers.contains(body, node) for body in bodies) for node in accesses
    )


def _open_body(
    ref: PathRef,
    inner: cst.BaseSmallStatement,
    handle: str,
    mode: str,
    context: RuleContext,
) -> tuple[str, _Payload, str, _Rebuild, tuple[cst.BaseExpression, ...]] | Rejected:
    """What the one statement of a `with open(...) as f:` body becomes: the layer method, the
    payload, the code, how the statement is rebuilt, and the imports it may leave unused."""
    qualified_name = context.receivers.qualified_name
    text_kind = TEXT_FILES.get(ref.helper)
    metadata_kind = METADATA_FILES.get(ref.helper)
    if mode == "w":
        if not isinstance(inner, cst.Expr) or not isinstance(inner.value, cst.Call):
            return Rejected(CODE_WITH_BODY, "the with-body is not a single write")
        call = inner.value
        if text_kind is not None and _is_method_on(call, handle, "write"):
            payload = single_positional(call.args)
            if payload is None:
                return Rejected(CODE_WITH_BODY, "f.write(...) with other arguments")
            if not is_simple_value(payload):
                return Rejected(
                    CODE_EVALUATION_ORDER,
                    "open() truncates the file before the payload is computed",
                )
            return (f"write_{text_kind}", _first_argument, CODE_TEXT_WRITE, _as_expression, ())
        if metadata_kind is not None and qualified_name(call.func) == "json.dump":
            options = check_dump(call, handle)
            if isinstance(options, Rejected):
                return options
            # A literal payload cannot fail after open() truncated the file: same final bytes.
            if not (is_simple_value(options.obj) or is_json_literal(options.obj)):
                return Rejected(
                    CODE_EVALUATION_ORDER,
                    "open() truncates the file before the payload is computed",
                )
            return (
                f"write_{metadata_kind}_metadata",
                _first_argument,
                CODE_METADATA_WRITE,
                _as_expression,
                (call.func,),
            )
        return Rejected(CODE_WITH_BODY, "the with-body is not f.write(x) / json.dump(d, f)")
    # Reads: `x = f.read()` / `return f.read()` / `x = json.load(f)`.
    value = inner.value if isinstance(inner, cst.Assign | cst.Return) else None
    if not isinstance(value, cst.Call):
        return Rejected(CODE_WITH_BODY, "the with-body is not `x = f.read()` / `x = json.load(f)`")
    if text_kind is not None and _is_method_on(value, handle, "read") and not value.args:
        return (f"read_{text_kind}", _no_payload, CODE_TEXT_READ, _replace_value, ())
    if metadata_kind is not None and qualified_name(value.func) == "json.load":
        argument = single_positional(value.args)
        if not (isinstance(argument, cst.Name) and argument.value == handle):
            return Rejected(CODE_JSON_OPTIONS, "json.load options change the value read")
        if context.receivers.type_tested(value):
            return Rejected(CODE_METADATA_AS_TEXT, TOLERANT, at=value, path_moves=True)
        return (
            f"read_{metadata_kind}_metadata",
            _no_payload,
            CODE_METADATA_READ,
            _replace_value,
            (value.func,),
        )
    return Rejected(CODE_WITH_BODY, "the with-body is not `x = f.read()` / `x = json.load(f)`")


def _first_argument(statement: cst.BaseSmallStatement) -> cst.BaseExpression:
    assert isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Call)
    return statement.value.args[0].value


def _no_payload(_statement: cst.BaseSmallStatement) -> None:
    return None


def _as_expression(
    _statement: cst.BaseSmallStatement, layer_call: cst.Call
) -> cst.BaseSmallStatement:
    return cst.Expr(layer_call)


def _replace_value(
    statement: cst.BaseSmallStatement, layer_call: cst.Call
) -> cst.BaseSmallStatement:
    return statement.with_changes(value=layer_call)


def _is_method_on(call: cst.Call, handle: str, method: str) -> bool:
    func = call.func
    return (
        isinstance(func, cst.Attribute)
        and func.attr.value == method
        and isinstance(func.value, cst.Name)
        and func.value.value == handle
    )
