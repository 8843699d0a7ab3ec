"""The layer a legacy gens helper's gens root gives: `<Paths>.gens_root` (inline, or a local
bound once to it) or `<data root> / "gens"` give that root's layer; any other gens folder gives
`GensDataLayer.from_gens_root(<it>)`. Also the removal of a gens-root local once every use of it
is rewritten. Made per file by the driver; the gens-helper rule asks it."""

from __future__ import annotations

import libcst as cst

from codemods.io.receivers import (
    LAYER_CLASS,
    PathsBinding,
    ReceiverAnalysis,
)
from codemods.io.rules.gens_helpers import CODE_GENS_ROOT
from codemods.io.shapes import GENS_FOLDER_CONSTRUCTOR, Rejected
from codemods.io.sites import CODE_COLLAPSED, FileState, GensSite


class GensRootAnalysis:
    """Gens roots of one file, and how many of each gens-root variable's uses are rewritten."""

    def __init__(self, receivers: ReceiverAnalysis, state: FileState) -> None:
        self.receivers = receivers
        self.state = state

    def resolve(
        self, root: cst.BaseExpression
    ) -> tuple[PathsBinding, cst.BaseExpression, cst.SimpleStatementLine | None] | Rejected:
        """The `Paths` binding when `root` is `P.gens_root` or `X / "gens"` with `X` a data root
        (`data_root_binding`), or a local bound once to either: the binding, the `P` (or `X`)
        expression, and the variable's statement (None when inline). Any other root gives the
        gens-folder binding (`gens_folder`)."""
        receivers = self.receivers
        statement: cst.SimpleStatementLine | None = None
        expression = root
        if isinstance(root, cst.Name):
            bound = receivers.local_value(root)
            if bound is not None and bound[0] is not None:
                statement, expression = bound
        if isinstance(expression, cst.Attribute) and expression.attr.value == "gens_root":
            binding = receivers.binding_of(expression.value)
            if isinstance(binding, PathsBinding) and binding.kind != "inline":
                return binding, expression.value, statement
            if isinstance(binding, Rejected):
                return binding
        data_root = _gens_under(expression)
        if data_root is not None:
            found = self.data_root_binding(data_root, variable=statement is not None)
            if isinstance(found, Rejected):
                return found
            if found is not None:
                # `P.data_root / "gens"` uses `P` as `P.gens_root` does.
                receiver = data_root.value if isinstance(data_root, cst.Attribute) else data_root
                return found, receiver, statement
        return self.gens_folder(root)

    def gens_folder(
        self, root: cst.BaseExpression
    ) -> tuple[PathsBinding, cst.BaseExpression, None] | Rejected:
        """`GensDataLayer.from_gens_root(root)`, keyed on the gens folder itself: it builds
        `Path(root) / stage / gen_id` as the legacy helpers do, so it is equal by construction
        whatever `root` holds. Refused when the configured layer has no such constructor."""
        receivers = self.receivers
        if receivers.layer_lacks(GENS_FOLDER_CONSTRUCTOR) is not None:
            spelled = self.state.module.code_for_node(root)
            return Rejected(
                CODE_GENS_ROOT,
                f"gens root {spelled} is not provably <Paths>.gens_root, and the configured "
                f"{LAYER_CLASS} has no {GENS_FOLDER_CONSTRUCTOR}",
            )
        clash = receivers.class_clash()
        if clash is not None:
            return clash
        binding = PathsBinding("inline", "", None, GENS_FOLDER_CONSTRUCTOR, (cst.Arg(root),))
        return binding, root, None

    def data_root_binding(
        self, data_root: cst.BaseExpression, *, variable: bool
    ) -> PathsBinding | Rejected | None:
        """The binding whose layer is `GensDataLayer.from_root(data_root)` when `data_root` is
        provably a `pathlib.Path` (so `data_root / "gens"` is the layer's gens folder, and the
        layer keeps the same `Path`): `P.data_root`, a local bound once to `Path(...)`, or
        `Path(...)` itself when it is evaluated at the call (not through a gens-root variable,
        whose use may come after its arguments changed). An annotation is no proof: a `str`
        passed for a `data_root: Path` makes the legacy `/` raise where the layer would not."""
        receivers = self.receivers
        if isinstance(data_root, cst.Attribute) and data_root.attr.value == "data_root":
            binding = receivers.binding_of(data_root.value)
            if isinstance(binding, PathsBinding) and binding.kind == "inline":
                return None
            return binding
        if isinstance(data_root, cst.Name):
            bound = receivers.local_value(data_root)
            if bound is None or not self._is_path_call(bound[1]):
                return None
        elif variable or not self._is_path_call(data_root):
            return None
        clash = receivers.class_clash()
        if clash is not None:
            return clash
        key = id(data_root)
        if key not in receivers.bindings:
            receivers.bindings[key] = PathsBinding(
                "inline", "", None, "call", (cst.Arg(data_root),)
            )
        return receivers.bindings[key]

    def _is_path_call(self, expression: cst.BaseExpression) -> bool:
        return (
            isinstance(expression, cst.Call)
            and self.receivers.qualified_name(expression.func) == "pathlib.Path"
        )

    def consume(self, site: GensSite) -> None:
        """Record that `site` no longer uses its `Paths` receiver; a gens-root variable is
        removed after its last use is rewritten."""
        binding, receiver, statement = site.binding, site.receiver, site.root_statement
        if statement is None:
            self.receivers.consume(binding, receiver)
            return
        root = site.call.args[0].value
        assert isinstance(root, cst.Name)
        assignment = self.receivers.single_assignment(root)
        assert assignment is not None
        uses = self.state.gens_root_uses.setdefault(id(assignment), set())
        uses.add(id(root))
        if len(uses) == len(assignment.references):
            self.state.remove(statement)
            self.receivers.consume(binding, receiver)
            self.state.report(
                statement,
                CODE_COLLAPSED,
                f"{root.value} = <Paths>.gens_root removed: every use is rewritten",
                fixed=True,
            )
        else:
            self.receivers.pin(binding, receiver)


def _gens_under(expression: cst.BaseExpression) -> cst.BaseExpression | None:
    """`X` when `expression` is `X / "gens"` (a plain string literal), else None."""
    if (
        isinstance(expression, cst.BinaryOperation)
        and isinstance(expression.operator, cst.Divide)
        and isinstance(expression.right, cst.SimpleString)
        and expression.right.evaluated_value == "gens"
    ):
        return expression.left
    return None
