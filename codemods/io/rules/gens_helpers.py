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


class GensHelpers:
    """A legacy gens helper of the configured helpers module, on `<Paths>.gens_root`."""

    CODES: ClassVar[Mapping[str, str]] = {
        CODE_GENS_HELPER: "rewritten: legacy gens helper -> layer method",
        CODE_GENS_ROOT: "legacy gens helper on a gens folder the configured layer cannot take",
        CODE_HELPER_ARGUMENTS: "helper called with keyword, starred or missing arguments",
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
        if method != GENS_LOAD_HELPER and context.receivers.expression_statement(call) is None:
            # The helper returns the generation folder, the layer the file it wrote, in it.
            wrap = _parent

        def arguments(node: cst.CSTNode) -> Sequence[cst.BaseExpression]:
            assert isinstance(node, cst.Call)
            return [arg.value for arg in node.args[1:]]

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


def _arity(helper: str) -> int | None:
    """How many positional arguments the legacy helper takes (None: not a gens helper)."""
    if helper in GENS_WRITE_HELPERS:
        return 4
    if helper == GENS_LOAD_HELPER:
        return 3
    return None
