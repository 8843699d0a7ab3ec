"""`write_gen_raw(P.gens_root, s, g, x)` -> `L.write_raw(s, g, x)` (likewise `write_gen_parsed`,
`write_gen_prompt`, `write_gen_metadata` -> `write_main_metadata`) and
`load_generation(P.gens_root, s, g)` -> `L.load_generation(s, g)`.

A gens root that is provably `<Paths>.gens_root` (or `<data root> / "gens"`) calls that root's
layer; any other gens folder `R` calls `GensDataLayer.from_gens_root(R)`, which builds
`Path(R) / stage / gen_id` as the helpers do (`codemods/io/gens_roots.py`). A write whose result
(the generation folder) is used gets `.parent` of the file the layer returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

import libcst as cst

from codemods.io.helper_payloads import Payload, payload_handling
from codemods.io.shapes import (
    GENS_FOLDER_CONSTRUCTOR,
    GENS_LOAD_HELPER,
    GENS_WRITE_HELPERS,
    Rejected,
)
from codemods.io.sites import GensSite, Plan, RuleContext

CODE_GENS_HELPER = "DLM206"
CODE_GENS_ROOT = "DLM227"
CODE_HELPER_ARGUMENTS = "DLM230"
CODE_HELPER_PAYLOAD = "DLM238"


class GensHelpers:
    """A legacy gens helper of the configured helpers module, on `<Paths>.gens_root`."""

    CODES: ClassVar[Mapping[str, str]] = {
        CODE_GENS_HELPER: "rewritten: legacy gens helper -> layer method",
        CODE_GENS_ROOT: "legacy gens helper on a gens folder the configured layer cannot take",
        CODE_HELPER_ARGUMENTS: "helper called with keyword, starred or missing arguments",
        CODE_HELPER_PAYLOAD: "legacy write helper that transforms its payload",
    }

    def match(self, call: cst.Call, context: RuleContext) -> GensSite | Rejected | None:
        name = context.receivers.qualified_name(call.func)
        if name is None or not name.startswith(context.config.helpers_module + "."):
            return None
        helper = name.rpartition(".")[2]
        arity = _arity(helper)
        if arity is None:
            return None
        if len(call.args) != arity or any(arg.keyword or arg.star for arg in call.args):
            return Rejected(
                CODE_HELPER_ARGUMENTS, f"{helper}(...) not called with {arity} positional arguments"
            )
        root = context.gens_roots.resolve(call.args[0].value)
        if isinstance(root, Rejected):
            return root
        binding, receiver, root_statement = root
        return GensSite(call, helper, binding, receiver, root_statement)

    def plan(self, site: GensSite, context: RuleContext) -> Plan | Rejected:
        helper, call = site.helper, site.call
        method = GENS_WRITE_HELPERS.get(helper, GENS_LOAD_HELPER)
        wrap = None
        coerce = False
        if method != GENS_LOAD_HELPER:
            if context.receivers.expression_statement(call) is None:
                # The helper returns the generation folder, the layer the file it wrote, in it.
                wrap = _parent
            payload = payload_handling(context.config, helper)
            if payload is Payload.UNKNOWN:
                return Rejected(
                    CODE_HELPER_PAYLOAD,
                    f"{helper} of {context.config.helpers_module} does more to its payload than "
                    "write it (or this reading cannot follow it): the layer's write is not "
                    "provably the same",
                )
            coerce = payload is Payload.STR_OR_EMPTY and not _is_str(call.args[3].value)
            if coerce and not context.receivers.is_builtin("str", call):
                return Rejected(
                    CODE_HELPER_PAYLOAD,
                    f'{helper} writes str(text or ""), and `str` is not the builtin here',
                )

        def arguments(node: cst.CSTNode) -> Sequence[cst.BaseExpression]:
            assert isinstance(node, cst.Call)
            values = [arg.value for arg in node.args[1:]]
            if coerce:
                # The helper writes `str(text or "")`: None an empty file, 123 "123".
                values[-1] = _str_or_empty(values[-1])
            return values

        root = (
            "<gens folder>"
            if site.binding.constructor == GENS_FOLDER_CONSTRUCTOR
            else "<Paths>.gens_root"
        )
        return Plan(
            CODE_GENS_HELPER,
            method,
            f"{helper}({root}, ...)",
            call,
            arguments,
            wrap=wrap,
            drop_imports=(call.func,),
        )


def _parent(_node: cst.CSTNode, layer_call: cst.Call) -> cst.CSTNode:
    return cst.Attribute(layer_call, cst.Name("parent"))


def _is_str(value: cst.BaseExpression) -> bool:
    """A string literal or f-string: `str(v or "")` is `v` itself."""
    if isinstance(value, cst.FormattedString):
        return True
    return isinstance(value, cst.SimpleString) and isinstance(value.evaluated_value, str)


#: Expressions that bind less tightly than `or`: parenthesised before `or ""` is added.
_LOOSER_THAN_OR = (cst.IfExp, cst.Lambda, cst.NamedExpr, cst.Yield)


def _str_or_empty(value: cst.BaseExpression) -> cst.Call:
    if isinstance(value, _LOOSER_THAN_OR) and not value.lpar:
        value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    operation = cst.BooleanOperation(value, cst.Or(), cst.SimpleString('""'))
    return cst.Call(cst.Name("str"), [cst.Arg(operation)])


def _arity(helper: str) -> int | None:
    """How many positional arguments the legacy helper takes (None: not a gens helper)."""
    if helper in GENS_WRITE_HELPERS:
        return 4
    if helper == GENS_LOAD_HELPER:
        return 3
    return None
