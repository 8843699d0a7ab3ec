"""Where a `Paths` binding's layer goes: the layer variable (named, reused from a previous run or
from hand-written code, or built), its statement placed after the binding or first in the
function, and the pure path uses moved onto the layer when `Paths` has no other use left (the
`Paths` binding then becomes the layer's)."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from codemods.io.imports import imports_of
from codemods.io.layer_methods import CODE_LAYER_METHOD
from codemods.io.receivers import (
    CODE_NO_LAYER_PLACE,
    LAYER_CLASS,
    PathsBinding,
    ReceiverAnalysis,
    layer_attribute,
    make_assign,
    make_call,
    receiver_of,
    retarget,
    suite_body,
)
from codemods.io.shapes import GENS_FOLDER_CONSTRUCTOR, PATH_HELPERS, is_simple_value
from codemods.io.sites import CODE_PATH_HELPER, FileState

#: Names tried, in order, for the layer variable; the first one the module does not use wins.
LAYER_VARIABLE_NAMES = ("data_layer", "gens_layer", "gens_data_layer", "layer")


class LayerPlacement:
    """The layer variables of one file (per-file state in `state`)."""

    def __init__(self, receivers: ReceiverAnalysis, state: FileState) -> None:
        self.receivers = receivers
        self.state = state

    def drop_import_of(self, reference: cst.BaseExpression) -> None:
        """Drop the import `reference` comes from, if the rewritten module no longer spells it."""
        self.state.removals |= imports_of(reference, self.receivers)

    def lacks(self, method: str, at: cst.CSTNode) -> bool:
        """True (reported at `at`) when the configured layer class has no `method`."""
        missing = self.receivers.layer_lacks(method)
        if missing is None:
            return False
        self.state.report(
            at, CODE_LAYER_METHOD, f"the configured {LAYER_CLASS} has no method {missing}"
        )
        return True

    def use(self, binding: PathsBinding, at: cst.CSTNode) -> bool:
        """Make sure `binding` has a layer to call; False (reported at `at`) when it cannot."""
        state = self.state
        if binding.kind != "layer":
            # The layer is built with `from_root` (or `from_context` for such a `Paths`, or
            # `from_gens_root` for a gens folder).
            constructor = binding.layer_constructor
            if self.lacks(constructor, at):
                return False
            if constructor != GENS_FOLDER_CONSTRUCTOR and self.lacks("from_root", at):
                return False
        if binding.kind == "inline":
            state.needs_layer_import = True
            if binding.call is not None:
                self.drop_import_of(binding.call.func)
            return True
        if binding.layer is not None:
            return True
        reused = self._reusable_layer(binding)
        if reused is not None:
            binding.layer = reused
            binding.layer_reused = True
            return True
        if binding.kind == "param":
            assert binding.function is not None
            if not isinstance(binding.function.body, cst.IndentedBlock):
                state.report(
                    at, CODE_NO_LAYER_PLACE, "one-line def: no room for the layer variable"
                )
                return False
        taken = state.layer_names_taken.setdefault(id(binding.scope), set())
        for name in LAYER_VARIABLE_NAMES:
            if name not in state.used_names and name not in taken:
                taken.add(name)
                binding.layer = name
                state.needs_layer_import = True
                return True
        state.report(at, CODE_NO_LAYER_PLACE, "every layer variable name is already in use")
        return False

    def _reusable_layer(self, binding: PathsBinding) -> str | None:
        """A layer variable already built from the same root: bound right after the `Paths`
        binding (a previous run) or first in the function (a parameter), or bound earlier in the
        same block from names that are never rebound (written by hand)."""
        receivers = self.receivers
        expected = self._layer_statement(binding).body[0]
        assert isinstance(expected, cst.Assign)
        mirrors = [expected.value, _layer_from_data_root(binding)]
        if binding.kind != "local":
            assert binding.function is not None
            return self._layer_bound_by(receivers.first_statement(binding.function), mirrors)
        assert binding.statement is not None
        if binding.rebinds:
            return self._layer_after_each(binding, mirrors)
        found = self._layer_bound_by(receivers.next_statement(binding.statement), mirrors)
        if found is not None:
            return found
        siblings = list(suite_body(receivers.parent(binding.statement)))
        earlier = siblings[: next(i for i, s in enumerate(siblings) if s is binding.statement)]
        for statement in reversed(earlier):
            found = self._layer_bound_by(statement, mirrors[:1])
            if (
                found is not None
                and isinstance(statement, cst.SimpleStatementLine)
                and self._built_from_fixed_names(statement)
            ):
                return found
        return None

    def _layer_after_each(
        self, binding: PathsBinding, mirrors: Sequence[cst.BaseExpression]
    ) -> str | None:
        """The layer a previous run bound right after each of the `Paths` bindings (and nowhere
        else), for a local bound more than once."""
        receivers = self.receivers
        names: set[str | None] = set()
        targets: list[cst.Name] = []
        for statement in binding.statements():
            following = receivers.next_statement(statement)
            names.add(self._layer_bound_by(following, mirrors, once=False))
            if isinstance(following, cst.SimpleStatementLine):
                assign = following.body[0]
                if isinstance(assign, cst.Assign) and isinstance(
                    assign.targets[0].target, cst.Name
                ):
                    targets.append(assign.targets[0].target)
        if len(names) != 1 or None in names or not targets:
            return None
        scope = receivers.scopes.get(targets[0])
        if scope is None or len(scope[targets[0].value]) != len(targets):
            return None
        return names.pop()

    def _layer_bound_by(
        self,
        statement: cst.CSTNode | None,
        values: Sequence[cst.BaseExpression],
        *,
        once: bool = True,
    ) -> str | None:
        """The name `statement` binds (`L = <value>`; once in its scope unless `once` is
        False), when its value is one of `values`."""
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            return None
        assign = statement.body[0]
        if not (
            isinstance(assign, cst.Assign)
            and len(assign.targets) == 1
            and isinstance(assign.targets[0].target, cst.Name)
            and any(assign.value.deep_equals(value) for value in values)
        ):
            return None
        target = assign.targets[0].target
        assert isinstance(target, cst.Name)
        if once and self.receivers.single_assignment(target) is None:
            return None
        return target.value

    def _built_from_fixed_names(self, statement: cst.SimpleStatementLine) -> bool:
        """True when every name in the layer constructor's arguments is bound exactly once."""
        assign = statement.body[0]
        assert isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Call)
        for arg in assign.value.args:
            base = arg.value
            while isinstance(base, cst.Attribute):
                base = base.value
            if isinstance(base, cst.Name) and self.receivers.single_assignment(base) is None:
                return False
        return True

    def _layer_statement(self, binding: PathsBinding) -> cst.SimpleStatementLine:
        """`<layer> = GensDataLayer.from_...(...)`, mirroring the `Paths` constructor when its
        arguments are simple (evaluating them again cannot differ), else from `P.data_root`."""
        values = binding.arg_values()
        value: cst.BaseExpression
        simple = (
            len(values) == 1
            and is_simple_value(values[0])
            and not binding.constructor_args[0].keyword
        )
        if binding.constructor == "from_context" and simple:
            value = make_call(layer_attribute("from_context"), values)
        elif binding.constructor == "call" and simple:
            value = make_call(layer_attribute("from_root"), values)
        else:
            value = _layer_from_data_root(binding)
        return make_assign(binding.layer or LAYER_VARIABLE_NAMES[0], value)

    def finish(self, binding: PathsBinding) -> bool:
        """Place the layer variable, and move pure path uses to the layer when `Paths` then has
        no other use in the scope (a local binding is then replaced by the layer's own). True
        when the path uses moved."""
        if binding.kind == "inline" or binding.assignment is None:
            return False
        remaining = [
            access.node
            for access in binding.assignment.references
            if id(access.node) not in binding.consumed
        ]
        movable = {
            id(receiver_of(call))
            for call in binding.path_uses
            if self.receivers.layer_lacks(PATH_HELPERS[_helper_of(call)]) is None
        }
        all_movable = all(
            id(node) in movable and id(node) not in binding.pinned for node in remaining
        )
        # A local `Paths(x)` / `Paths.from_context(c)` binding can become the layer's binding: the
        # layer's constructors reject the same roots. `Paths.from_str` accepts a blank root the
        # layer rejects, so it stays and the layer is built from its data_root.
        droppable = (
            binding.kind == "param"
            or binding.layer_reused
            or (binding.constructor in ("from_context", "call"))
        )
        move = all_movable and droppable
        if (
            move
            and remaining
            and binding.layer is None
            and not self.use(binding, binding.path_uses[0])
        ):
            return False
        if binding.layer is None:
            return False
        if move:
            for call in binding.path_uses:
                self._move_path_use(binding, call)
            if binding.kind == "local":
                self._replace_binding(binding)
                return True
        if binding.layer_reused:
            return move
        statement = self._layer_statement(binding)
        state = self.state
        if binding.kind == "local":
            for bound in binding.statements():
                state.insert_after.setdefault(bound, []).append(statement)
            return move
        assert binding.function is not None
        docstring = self.receivers.docstring(binding.function)
        first_statement = self.receivers.first_statement(binding.function)
        if docstring is not None:
            state.insert_after.setdefault(docstring, []).append(statement)
        elif first_statement is not None:
            state.insert_before.setdefault(first_statement, []).append(statement)
        return move

    def _replace_binding(self, binding: PathsBinding) -> None:
        """`P = Paths...(args)` -> `L = GensDataLayer...(args)` once nothing else uses `P`."""
        for statement in binding.statements():
            self._replace_statement(binding, statement)

    def _replace_statement(self, binding: PathsBinding, statement: cst.SimpleStatementLine) -> None:
        if binding.layer_reused:
            # The reused layer was built from the same root: the binding has no use left.
            self.state.remove(statement)
        else:
            method = binding.layer_constructor
            layer = binding.layer
            assert layer is not None

            def build(node: cst.CSTNode) -> cst.CSTNode:
                assert isinstance(node, cst.SimpleStatementLine)
                assign = node.body[0]
                assert isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Call)
                new = assign.with_changes(
                    targets=[assign.targets[0].with_changes(target=cst.Name(layer))],
                    value=assign.value.with_changes(func=layer_attribute(method)),
                )
                return node.with_changes(body=[new])

            self.state.edits[statement] = build
        if statement.body:
            assign = statement.body[0]
            if isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Call):
                self.drop_import_of(assign.value.func)
        self.state.report(
            statement,
            CODE_PATH_HELPER,
            f"{binding.name} = Paths... -> {binding.layer} = {LAYER_CLASS}...",
            fixed=True,
        )

    def _move_path_use(self, binding: PathsBinding, call: cst.Call) -> None:
        func = call.func
        assert isinstance(func, cst.Attribute)
        new_name = PATH_HELPERS[func.attr.value]
        layer = binding.layer
        assert layer is not None
        self.state.edits[call] = lambda node: retarget(node, layer, new_name)
        self.state.report(
            call,
            CODE_PATH_HELPER,
            f"{binding.name}.{func.attr.value}(...) -> {layer}.{new_name}(...)",
            fixed=True,
        )


def _layer_from_data_root(binding: PathsBinding) -> cst.Call:
    return make_call(
        layer_attribute("from_root"),
        [cst.Attribute(cst.Name(binding.name), cst.Name("data_root"))],
    )


def _helper_of(call: cst.Call) -> str:
    func = call.func
    assert isinstance(func, cst.Attribute)
    return func.attr.value
