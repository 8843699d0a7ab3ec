"""Rewrite the legacy gens helpers that take the gens root into layer calls:
`write_gen_raw(P.gens_root, s, g, x)` -> `L.write_raw(s, g, x)` (likewise `write_gen_parsed`,
`write_gen_prompt`, `write_gen_metadata` -> `write_main_metadata`) and
`load_generation(P.gens_root, s, g)` -> `L.load_generation(s, g)`.

Only a gens root that is provably `<Paths>.gens_root` (inline, or a local bound once to it) is
rewritten; a write whose result (the generation folder) is used is reported, since the layer's
writes return the file written.
"""

from __future__ import annotations

import libcst as cst

from codemods.io.receivers import (
    Builder,
    PathsBinding,
    ReceiverAnalysis,
    layer_label,
    make_call,
)
from codemods.io.shapes import (
    CODE_COLLAPSED,
    CODE_GENS_HELPER,
    CODE_GENS_ROOT,
    CODE_HELPER_ARGUMENTS,
    CODE_RESULT_USED,
    GENS_LOAD_HELPER,
    GENS_WRITE_HELPERS,
    Rejected,
)


class GensHelperRewrites(ReceiverAnalysis):
    """The gens-helper rule of the IO codemod; the layer placement and import scheduling it
    relies on are the codemod's (`PathsIOCodemod`)."""

    _edits: dict[cst.CSTNode, Builder]
    _gens_root_uses: dict[int, set[int]]
    _module: cst.Module

    def _use_layer(self, binding: PathsBinding, at: cst.CSTNode) -> bool:
        """Provided by `PathsIOCodemod`: make sure `binding` has a layer variable."""
        raise NotImplementedError

    def _schedule_import_removal(self, reference: cst.BaseExpression) -> None:
        """Provided by `PathsIOCodemod`: drop `reference`'s import once it is unused."""
        raise NotImplementedError

    def _plan_gens_helper(self, call: cst.Call) -> None:
        """Plan the rewrite of `call` when it is a legacy gens helper, or report why not."""
        name = self._qualified_name(call.func)
        if name is None or not name.startswith(self.config.helpers_module + "."):
            return
        helper = name.rpartition(".")[2]
        if helper in GENS_WRITE_HELPERS:
            method, arity = GENS_WRITE_HELPERS[helper], 4
        elif helper == GENS_LOAD_HELPER:
            method, arity = GENS_LOAD_HELPER, 3
        else:
            return
        if len(call.args) != arity or any(arg.keyword or arg.star for arg in call.args):
            self.report(
                call,
                CODE_HELPER_ARGUMENTS,
                f"{helper}(...) not called with {arity} positional arguments",
            )
            return
        root = self._gens_root(call.args[0].value)
        if isinstance(root, Rejected):
            self.report(call, root.code, root.reason)
            return
        binding, receiver, root_statement = root
        if method != GENS_LOAD_HELPER and self._expression_statement(call) is None:
            self._pin(binding, receiver)
            self.report(
                call,
                CODE_RESULT_USED,
                f"{helper} returns the generation folder; the layer returns the file path",
            )
            return
        if not self._use_layer(binding, call):
            self._pin(binding, receiver)
            return

        def build(node: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(node, cst.Call)
            return make_call(
                cst.Attribute(binding.layer_expression(), cst.Name(method)),
                [arg.value for arg in node.args[1:]],
            )

        self._edits[call] = build
        self._schedule_import_removal(call.func)
        if root_statement is None:
            binding.consumed.add(id(receiver))
        else:
            self._gens_root_used(call.args[0].value, root_statement, binding, receiver)
        self.report(
            call,
            CODE_GENS_HELPER,
            f"{helper}(<Paths>.gens_root, ...) -> {layer_label(binding)}.{method}(...)",
            fixed=True,
        )

    def _gens_root(
        self, root: cst.BaseExpression
    ) -> tuple[PathsBinding, cst.BaseExpression, cst.SimpleStatementLine | None] | Rejected:
        """The `Paths` binding when `root` is `P.gens_root`, or a local bound once to it."""
        statement: cst.SimpleStatementLine | None = None
        expression = root
        if isinstance(root, cst.Name):
            assignment = self._single_assignment(root)
            if assignment is not None and isinstance(assignment.node, cst.Name):
                assign = self._assign_of_target(assignment.node)
                line = self._parent(assign) if assign is not None else None
                if (
                    assign is not None
                    and isinstance(line, cst.SimpleStatementLine)
                    and len(line.body) == 1
                    and self._function_scope(root) is assignment.scope
                ):
                    statement, expression = line, assign.value
        if isinstance(expression, cst.Attribute) and expression.attr.value == "gens_root":
            binding = self._binding_of(expression.value)
            if isinstance(binding, PathsBinding) and binding.kind != "inline":
                return binding, expression.value, statement
            if isinstance(binding, Rejected):
                return binding
        spelled = self._module.code_for_node(root)
        return Rejected(CODE_GENS_ROOT, f"gens root {spelled} is not provably <Paths>.gens_root")

    def _gens_root_used(
        self,
        root: cst.BaseExpression,
        statement: cst.SimpleStatementLine,
        binding: PathsBinding,
        receiver: cst.BaseExpression,
    ) -> None:
        """Count a rewritten use of a gens-root variable; remove the variable after its last one."""
        assert isinstance(root, cst.Name)
        assignment = self._single_assignment(root)
        assert assignment is not None
        key = id(assignment)
        uses = self._gens_root_uses.setdefault(key, set())
        uses.add(id(root))
        if len(uses) == len(assignment.references):
            self._edits[statement] = lambda _node: cst.RemoveFromParent()
            binding.consumed.add(id(receiver))
            self.report(
                statement,
                CODE_COLLAPSED,
                f"{root.value} = <Paths>.gens_root removed: every use is rewritten",
                fixed=True,
            )
        else:
            binding.pinned.add(id(receiver))
