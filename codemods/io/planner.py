"""The IO codemod's planning of one file: finding the sites, handing each to its rule
(`codemods/io/rules/`), applying the rule's plan (the layer it calls, the receiver it consumes),
and the cross-site decisions: path variables (`out = P.raw_path(s, g)` and its uses), redundant
mkdirs, and the layer variables (`codemods/io/layer.py`). A site is rewritten whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

import libcst as cst
from libcst.metadata import Assignment

from codemods.config import MigrateConfig
from codemods.io.gens_roots import GensRootAnalysis
from codemods.io.layer import LayerPlacement
from codemods.io.receivers import (
    CODE_OTHER_SCOPE,
    CODE_UNKNOWN_RECEIVER,
    PathsBinding,
    Position,
    ReceiverAnalysis,
    layer_label,
    make_call,
    receiver_of,
    suite_body,
    two_positional,
)
from codemods.io.rules import CALL_RULES, SITE_RULES
from codemods.io.shapes import PATH_HELPERS, Rejected
from codemods.io.sites import (
    CODE_COLLAPSED,
    CODE_PATH_ARGUMENTS,
    CODE_PATH_VARIABLE,
    FileState,
    IOSite,
    PathRef,
    PathVariable,
    Plan,
    RuleContext,
)

#: `path.<method>(...)` uses a rule handles (anything else on a path is a pure path use).
_PATH_METHODS = frozenset(
    trigger[1:] for trigger in SITE_RULES if trigger.startswith(".") and trigger.count(".") == 1
)
#: `path.parent.<method>(...)` uses a rule handles.
_PARENT_METHODS = frozenset(
    trigger.removeprefix(".parent.") for trigger in SITE_RULES if trigger.startswith(".parent.")
)


class FilePlanner:
    """Plans the edits of one file into its `FileState`, with the file's analyses."""

    def __init__(
        self, receivers: ReceiverAnalysis, state: FileState, config: MigrateConfig
    ) -> None:
        self.receivers = receivers
        self.state = state
        self.layers = LayerPlacement(receivers, state)
        self.gens_roots = GensRootAnalysis(receivers, state)
        self.context = RuleContext(receivers, self.gens_roots, config)

    def plan(self, tree: cst.Module) -> None:
        # `type() is`: isinstance on LibCST classes goes through ABCMeta, slow over every node.
        calls = [node for node in self.receivers.nodes(tree) if type(node) is cst.Call]
        for call in calls:
            func = call.func
            if isinstance(func, cst.Attribute) and func.attr.value in PATH_HELPERS:
                self._plan_path_call(call, func)
        for call in calls:
            self._plan_call(call)
        for variable in list(self.state.variables.values()):
            self._finish_variable(variable)
        for binding in list(self.receivers.bindings.values()):
            if not self.layers.finish(binding):
                for refused in binding.partial:
                    assert refused.at is not None
                    self.state.report(refused.at, refused.code, refused.reason)

    # ---- sites ----------------------------------------------------------------------------
    def _plan_path_call(self, call: cst.Call, func: cst.Attribute) -> None:
        receivers, report = self.receivers, self.state.report
        site = self._io_site(call)
        binding = receivers.binding_of(func.value)
        if isinstance(binding, Rejected):
            if site is not None:
                report(call, binding.code, binding.reason)
            return
        if binding is None:
            if site is not None and not receivers.is_layer_value(func.value):
                report(
                    call,
                    CODE_UNKNOWN_RECEIVER,
                    f"{func.attr.value}(...) IO on a receiver that is not provably a Paths",
                )
            return
        receiver = func.value
        stage_gen = two_positional(call.args)
        if stage_gen is None:
            receivers.pin(binding, receiver)
            if site is not None:
                report(call, CODE_PATH_ARGUMENTS, "path helper not called as (stage, gen_id)")
            return
        ref = PathRef(binding, func.attr.value, stage_gen[0], stage_gen[1], call)
        if site is not None:
            if not self._plan_io(ref, call, site):
                receivers.pin(binding, receiver)
            return
        parent = receivers.parent(call)
        if isinstance(parent, cst.Assign) and binding.kind != "inline":
            variable = self._path_variable(ref, parent)
            if variable is not None:
                return
        if binding.kind == "inline":
            return
        binding.path_uses.append(call)

    def _io_site(self, path: cst.CSTNode) -> tuple[cst.Call, str] | None:
        """The IO call that makes `path` (a path call or a path variable) part of a site, with
        its key in `SITE_RULES`: `path.write_text(...)`, `.parent.mkdir(...)`, `open(path, ...)`;
        None for a pure path use."""
        parent = self.receivers.parent(path)
        if isinstance(parent, cst.Attribute) and parent.value is path:
            grand = self.receivers.parent(parent)
            method = parent.attr.value
            if method in _PATH_METHODS and isinstance(grand, cst.Call) and grand.func is parent:
                return grand, f".{method}"
            if method == "parent" and isinstance(grand, cst.Attribute):
                call = self.receivers.parent(grand)
                if grand.attr.value in _PARENT_METHODS and isinstance(call, cst.Call):
                    return call, f".parent.{grand.attr.value}"
            return None
        if isinstance(parent, cst.Arg):
            call = self.receivers.parent(parent)
            if isinstance(call, cst.Call) and call.args and call.args[0] is parent:
                name = self.receivers.qualified_name(call.func)
                # A qualified name never starts with "." (the method triggers do).
                if name is not None and name in SITE_RULES:
                    return call, name
        return None

    def _plan_io(self, ref: PathRef, path: cst.CSTNode, found: tuple[cst.Call, str]) -> bool:
        """Plan the rewrite of the IO site around `path` (`found`: its `_io_site`); False (and
        reported) when it is left."""
        call, trigger = found
        site = IOSite(ref, path, call, trigger)
        plan = SITE_RULES[trigger].plan(site, self.context)
        if isinstance(plan, Rejected):
            if not plan.path_moves or ref.binding.kind == "inline":
                self.state.report(plan.at or call, plan.code, plan.reason)
                return False
            # The IO stays as written; its path is then a pure path use, moved to the layer
            # when `Paths` has no other use (a variable's through its binding). The refusal is
            # reported only if the path stays.
            ref.binding.partial.append(replace(plan, at=plan.at or call))
            if ref.variable is None:
                ref.binding.path_uses.append(ref.call)
            return True
        if self.layers.lacks(plan.method, call):
            return False
        if not self.layers.use(ref.binding, call):
            return False
        variable = ref.variable
        if plan.collapsible and variable is not None:
            # Decided once the variable's other uses are planned (`_finish_variable`).
            statement = self.receivers.expression_statement(call)
            assert statement is not None
            variable.mkdirs.append((statement, site, plan))
            self._consume_path(ref, plan.at)
            return True
        self._rewrite(ref.binding, plan, partial(self._consume_path, ref, plan.at))
        if variable is not None and plan.creates_folder is not None:
            variable.writes.add(id(plan.creates_folder))
        return True

    def _plan_call(self, call: cst.Call) -> None:
        """Offer `call` to the rules for calls that are not IO on a path (gens helpers)."""
        report = self.state.report
        for rule in CALL_RULES:
            site = rule.match(call, self.context)
            if site is None:
                continue
            if isinstance(site, Rejected):
                report(site.at or call, site.code, site.reason)
                return
            plan = rule.plan(site, self.context)
            if isinstance(plan, Rejected):
                self.receivers.pin(site.binding, site.receiver)
                report(plan.at or call, plan.code, plan.reason)
                return
            if self.layers.lacks(plan.method, call) or not self.layers.use(site.binding, call):
                self.receivers.pin(site.binding, site.receiver)
                return
            self._rewrite(site.binding, plan, partial(self.gens_roots.consume, site))
            return

    def _rewrite(self, binding: PathsBinding, plan: Plan, consume: Callable[[], None]) -> None:
        """Apply `plan` on `binding`'s layer: the edit, what it consumes, the imports it may
        leave unused, and its finding."""
        method, arguments, wrap = plan.method, plan.arguments, plan.wrap

        def build(node: cst.CSTNode) -> cst.CSTNode:
            layer_call = make_call(
                cst.Attribute(binding.layer_expression(), cst.Name(method)), arguments(node)
            )
            return layer_call if wrap is None else wrap(node, layer_call)

        self.state.edits[plan.replaced or plan.at] = build
        consume()
        for reference in plan.drop_imports:
            self.layers.drop_import_of(reference)
        self.state.report(
            plan.at,
            plan.code,
            f"{plan.what} -> {layer_label(binding)}.{method}(...)",
            fixed=True,
        )

    def _consume_path(self, ref: PathRef, at: cst.CSTNode) -> None:
        """Record that the site `at` no longer uses the `Paths` receiver (or the path variable's
        references inside it)."""
        variable = ref.variable
        if variable is not None:
            for reference in variable.references:
                if self.receivers.contains(at, reference):
                    variable.rewritten.add(id(reference))
            return
        self.receivers.consume(ref.binding, receiver_of(ref.call))

    # ---- path variables -------------------------------------------------------------------
    def _path_variable(self, ref: PathRef, assign: cst.Assign) -> PathVariable | None:
        """Plan `out = P.x(s, g)` and its uses; None when it is not such a binding (a pure path
        use), or when its uses are reported."""
        receivers = self.receivers
        statement = receivers.parent(assign)
        if not (
            len(assign.targets) == 1
            and isinstance(assign.targets[0].target, cst.Name)
            and isinstance(statement, cst.SimpleStatementLine)
            and len(statement.body) == 1
        ):
            return None
        target = assign.targets[0].target
        assert isinstance(target, cst.Name)
        assignment = receivers.single_assignment(target)
        if assignment is None or not isinstance(assignment, Assignment):
            return None
        references = [access.node for access in assignment.references]
        names = [node for node in references if isinstance(node, cst.Name)]
        io = [(node, found) for node in names if (found := self._io_site(node)) is not None]
        if not io:
            return None
        problem = self._variable_problem(ref, statement, assignment, names)
        if problem is not None:
            for _, (call, _trigger) in io:
                self.state.report(call, problem.code, problem.reason)
            receivers.pin(ref.binding, receiver_of(ref.call))
            return PathVariable(target.value, statement, ref, names, rewritten=set())
        variable = PathVariable(target.value, statement, ref, names)
        ref.variable = variable
        self.state.variables[id(assignment)] = variable
        for node, found in io:
            if not self._plan_io(ref, node, found):
                variable.reported = True
        return variable

    def _variable_problem(
        self,
        ref: PathRef,
        statement: cst.SimpleStatementLine,
        assignment: Assignment,
        references: list[cst.Name],
    ) -> Rejected | None:
        """Why the uses of a path variable may not be rewritten into `L.x(stage, gen_id)`."""
        receivers = self.receivers
        suite = receivers.parent(statement)
        siblings = list(suite_body(suite))
        index = next(i for i, node in enumerate(siblings) if node is statement)
        later = siblings[index + 1 :]
        last_end: Position | None = None
        for node in references:
            if receivers.function_scope(node) is not assignment.scope:
                return Rejected(
                    CODE_OTHER_SCOPE, f"{assignment.name} is used in another function scope"
                )
            holder = next((s for s in later if receivers.contains(s, node)), None)
            if holder is None:
                return Rejected(
                    CODE_PATH_VARIABLE,
                    f"{assignment.name} is used outside the statements that follow it",
                )
            end = receivers.end(holder)
            last_end = end if last_end is None or end > last_end else last_end
        start = receivers.end(statement)
        for argument in (ref.stage, ref.gen_id):
            if isinstance(argument, cst.SimpleString | cst.Integer):
                continue
            if isinstance(argument, cst.Attribute) and receivers.is_path_entry_part(argument):
                # `doc_dir.name` of a `pathlib.Path`: immutable, so the name decides.
                argument = argument.value
            if not isinstance(argument, cst.Name):
                return Rejected(CODE_PATH_VARIABLE, "stage/gen_id is not a name or a literal")
            scope = receivers.scopes.get(argument)
            if scope is None:
                return Rejected(CODE_PATH_VARIABLE, "stage/gen_id cannot be resolved")
            for other in scope[argument.value]:
                if other.scope is not assignment.scope:
                    return Rejected(
                        CODE_PATH_VARIABLE, f"{argument.value} is not a local of this scope"
                    )
                if (
                    isinstance(other, Assignment)
                    and isinstance(other.node, cst.CSTNode)
                    and last_end is not None
                ):
                    where = receivers.start(other.node)
                    if start <= where <= last_end:
                        return Rejected(
                            CODE_PATH_VARIABLE,
                            f"{argument.value} may be rebound between {assignment.name} = ... and its use",
                        )
        return None

    def _finish_variable(self, variable: PathVariable) -> None:
        """Drop a `out.parent.mkdir(...)` a rewritten write follows (else reserve the folder), and
        remove the binding once every use is rewritten (else keep it for the path uses)."""
        ref = variable.ref
        state = self.state
        for statement, site, plan in variable.mkdirs:
            following = self.receivers.next_statement(statement)
            if following is not None and id(following) in variable.writes:
                state.remove(statement)
                state.report(
                    site.call,
                    CODE_COLLAPSED,
                    f"{variable.name}.parent.mkdir(...) removed: the layer write creates the folder",
                    fixed=True,
                )
            else:
                kept = replace(plan, what=f"{variable.name}.parent.mkdir(...)")
                self._rewrite(ref.binding, kept, partial(self._consume_path, ref, kept.at))
        if all(id(node) in variable.rewritten for node in variable.references):
            state.remove(variable.statement)
            self.receivers.consume(ref.binding, receiver_of(ref.call))
            state.report(
                variable.statement,
                CODE_COLLAPSED,
                f"{variable.name} = {ref.binding.name}.{ref.helper}(...) removed: every use is rewritten",
                fixed=True,
            )
        elif variable.reported:
            self.receivers.pin(ref.binding, receiver_of(ref.call))
        else:
            ref.binding.path_uses.append(ref.call)
