"""Which expressions are provably `<Paths>.gens_root` (inline, or a local bound once to it), and
the removal of such a local once every use of it is rewritten. Made per file by the driver; the
gens-helper rule asks it."""

from __future__ import annotations

import libcst as cst

from codemods.io.receivers import PathsBinding, ReceiverAnalysis
from codemods.io.rules.gens_helpers import CODE_GENS_ROOT
from codemods.io.shapes import Rejected
from codemods.io.sites import CODE_COLLAPSED, FileState, GensSite


class GensRootAnalysis:
    """Gens roots of one file, and how many of each gens-root variable's uses are rewritten."""

    def __init__(self, receivers: ReceiverAnalysis, state: FileState) -> None:
        self.receivers = receivers
        self.state = state

    def resolve(
        self, root: cst.BaseExpression
    ) -> tuple[PathsBinding, cst.BaseExpression, cst.SimpleStatementLine | None] | Rejected:
        """The `Paths` binding when `root` is `P.gens_root`, or a local bound once to it: the
        binding, the `P` expression, and the variable's statement (None when inline)."""
        receivers = self.receivers
        statement: cst.SimpleStatementLine | None = None
        expression = root
        if isinstance(root, cst.Name):
            assignment = receivers.single_assignment(root)
            if assignment is not None and isinstance(assignment.node, cst.Name):
                assign = receivers.assign_of_target(assignment.node)
                line = receivers.parent(assign) if assign is not None else None
                if (
                    assign is not None
                    and isinstance(line, cst.SimpleStatementLine)
                    and len(line.body) == 1
                    and receivers.function_scope(root) is assignment.scope
                ):
                    statement, expression = line, assign.value
        if isinstance(expression, cst.Attribute) and expression.attr.value == "gens_root":
            binding = receivers.binding_of(expression.value)
            if isinstance(binding, PathsBinding) and binding.kind != "inline":
                return binding, expression.value, statement
            if isinstance(binding, Rejected):
                return binding
        spelled = self.state.module.code_for_node(root)
        return Rejected(CODE_GENS_ROOT, f"gens root {spelled} is not provably <Paths>.gens_root")

    def consume(self, site: GensSite) -> None:
        """Record that `site` no longer uses its `Paths` receiver; a gens-root variable is
        removed after its last use is rewritten."""
        binding, receiver, statement = site.binding, site.receiver, site.root_statement
        if statement is None:
            binding.consumed.add(id(receiver))
            return
        root = site.call.args[0].value
        assert isinstance(root, cst.Name)
        assignment = self.receivers.single_assignment(root)
        assert assignment is not None
        uses = self.state.gens_root_uses.setdefault(id(assignment), set())
        uses.add(id(root))
        if len(uses) == len(assignment.references):
            self.state.remove(statement)
            binding.consumed.add(id(receiver))
            self.state.report(
                statement,
                CODE_COLLAPSED,
                f"{root.value} = <Paths>.gens_root removed: every use is rewritten",
                fixed=True,
            )
        else:
            binding.pinned.add(id(receiver))
