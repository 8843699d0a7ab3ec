"""Recognising the receivers the IO codemod may rewrite: `Paths` values (a local bound once to a
`Paths` constructor, a parameter annotated `Paths`, an inline constructor), values that already
are a `GensDataLayer`, and the dotted names expressions refer to through imports.

Only provable values count: a name with one binding in the scope that uses it, resolved through
LibCST's scope analysis and `codemods.module_names` (relative imports, aliases).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import (
    Assignment,
    BaseAssignment,
    BuiltinAssignment,
    ClassScope,
    CodeRange,
    ComprehensionScope,
    GlobalScope,
    ImportAssignment,
    Scope,
)

from codemods.config import MigrateConfig
from codemods.imports.edits import alias_binding
from codemods.io.layer_methods import LAYER_CLASS as LAYER_CLASS
from codemods.io.layer_methods import layer_methods
from codemods.io.shapes import GENS_FOLDER_CONSTRUCTOR, Rejected
from codemods.legacy.names import Names
from codemods.legacy.references import needing_the_import
from codemods.module_names import ModuleLocation, resolve_relative
from codemods.speedups.tree_index import TreeIndex, walk

CODE_UNKNOWN_RECEIVER = "DLM220"
CODE_OTHER_SCOPE = "DLM228"
CODE_NO_LAYER_PLACE = "DLM235"
CODE_PUBLIC_BINDING = "DLM236"
#: The codes of sites left because of their receiver (or of where its layer would go).
CODES: Mapping[str, str] = {
    CODE_UNKNOWN_RECEIVER: "looks like Paths IO but the receiver is not provably a Paths",
    CODE_OTHER_SCOPE: "a Paths value or path variable used across a function boundary",
    CODE_NO_LAYER_PLACE: "no statement to bind the layer variable to (one-line def, clash)",
    CODE_PUBLIC_BINDING: "the Paths binding is public (module or class level): kept, its IO left",
}

#: `Path` attributes that are pure functions of an immutable `Path` (and cannot raise).
_PATH_PARTS = frozenset({"name", "stem", "suffix"})
#: `Paths` properties that are a `Path` and hold the gens store (where generation ids are listed).
_PATHS_FOLDERS = frozenset({"data_root", "gens_root"})
Position = tuple[int, int]
#: Builds a site's replacement from the updated node (nested rewrites already applied).
Builder = Callable[[cst.CSTNode], cst.CSTNode | cst.RemovalSentinel]


@dataclass(eq=False)
class PathsBinding:
    """A provable `Paths` value: a local `P = Paths...(...)`, a parameter `P: Paths`, or an inline
    constructor call. Collects what the rewrite decided about it."""

    kind: str  # "local", "param", "inline", or "layer" (`L.paths` of a layer `L`)
    name: str
    scope: Scope | None
    #: "call" (`Paths(x)`), "from_context", "from_str"; "param" for a parameter;
    #: "from_gens_root" for a gens folder known only as such (inline, never a `Paths`).
    constructor: str
    constructor_args: Sequence[cst.Arg]
    statement: cst.SimpleStatementLine | None = None
    function: cst.FunctionDef | None = None
    assignment: Assignment | None = None
    #: The layer variable (or None before the first rewrite needs it).
    layer: str | None = None
    layer_reused: bool = False
    #: ids of the references of `name` that a rewrite removes.
    consumed: set[int] = field(default_factory=set)
    #: ids of references left in place for a human (their path helpers must not move).
    pinned: set[int] = field(default_factory=set)
    #: Path-helper calls on this binding that are pure path uses (may move to the layer).
    path_uses: list[cst.Call] = field(default_factory=list)
    #: Refusals of IO sites whose path is among `path_uses` (reported if the paths stay).
    partial: list[Rejected] = field(default_factory=list)
    #: The inline constructor call (inline bindings only).
    call: cst.Call | None = None
    #: The other statements binding the same local to an equal constructor (a name bound more
    #: than once); each gets the layer the first one gets, so the layer follows every binding.
    rebinds: list[cst.SimpleStatementLine] = field(default_factory=list)

    def statements(self) -> list[cst.SimpleStatementLine]:
        """Every statement binding a local `Paths`, in source order."""
        return [self.statement, *self.rebinds] if self.statement is not None else []

    @property
    def layer_constructor(self) -> str:
        """The `GensDataLayer` constructor equal to this binding's `Paths` one."""
        if self.constructor in ("from_context", GENS_FOLDER_CONSTRUCTOR):
            return self.constructor
        return "from_root"

    def layer_expression(self) -> cst.BaseExpression:
        """What a rewritten site calls its layer methods on."""
        if self.kind == "inline":
            return make_call(
                cst.Attribute(cst.Name(LAYER_CLASS), cst.Name(self.layer_constructor)),
                self.arg_values(),
            )
        assert self.layer is not None
        return cst.Name(self.layer)

    def arg_values(self) -> list[cst.BaseExpression]:
        """The constructor's argument expressions."""
        return [arg.value for arg in self.constructor_args]


class ReceiverAnalysis:
    """Scope and import queries on one file, shared by the IO codemod's driver and rules: which
    receivers are provably `Paths` (or already a layer), the dotted names expressions refer to,
    and small questions about parents and positions. Made per file by the driver, with the
    metadata it computed (scopes on original nodes, positions on demand)."""

    def __init__(
        self,
        config: MigrateConfig,
        location: ModuleLocation | None,
        index: TreeIndex,
        scopes: Mapping[cst.CSTNode, Scope | None],
        positions: Mapping[cst.CSTNode, CodeRange],
    ) -> None:
        self.config = config
        self.location = location
        layer_module = config.layer_module
        #: The dotted names of the `Paths` class (from the legacy, paths or layer module).
        self.paths_names = frozenset(
            f"{module}.Paths"
            for module in (config.legacy_module, config.paths_module, layer_module)
        )
        #: The dotted names of the layer class.
        self.layer_names = frozenset(
            {f"{layer_module}.{LAYER_CLASS}", f"{layer_module}.gens_data_layer.{LAYER_CLASS}"}
        )
        #: The walk of the tree being transformed.
        self.index = index
        #: Each node of the tree being transformed -> its parent.
        self.parents: Mapping[cst.CSTNode, cst.CSTNode] = index.parents
        self.scopes = scopes
        self.positions = positions
        #: `Paths` bindings met so far, by id of their Assignment (or of the inline call).
        self.bindings: dict[int, PathsBinding] = {}
        #: True when the module binds its own `GensDataLayer`: no site may be rewritten then
        #: (set by the driver once it knows the names the module uses).
        self.layer_class_clash = False
        self._needs_legacy_loaded: bool | None = None

    def needs_legacy_loaded(self) -> bool:
        """A use in the file finds the legacy module only through an import of it (`c.paths`,
        `sys.modules[...]`): such imports stay. Asked once per file (the module's code is
        printed and parsed for it), however many imports the rewrites would drop."""
        if self._needs_legacy_loaded is None:
            module = self.index.nodes[0]
            assert isinstance(module, cst.Module)
            names = Names(self.config.legacy_module, self.config.paths_module, self.location)
            self._needs_legacy_loaded = needing_the_import(module.code, names) is not None
        return self._needs_legacy_loaded

    # ---- receivers ------------------------------------------------------------------------
    def binding_of(self, receiver: cst.BaseExpression) -> PathsBinding | Rejected | None:
        """The `Paths` value `receiver` provably is, a reason it is one we may not use here, or
        None when it is not provably a `Paths`."""
        if isinstance(receiver, cst.Call):
            constructor = self.paths_constructor(receiver)
            if constructor is None:
                return None
            if constructor == "from_str":
                # `from_str("")` is the root "." while the layer rejects a blank root.
                return Rejected(
                    CODE_UNKNOWN_RECEIVER,
                    "inline Paths.from_str(...): bind it to a name so the layer can share its root",
                )
            key = id(receiver)
            if key not in self.bindings:
                self.bindings[key] = PathsBinding(
                    "inline", "", None, constructor, receiver.args, call=receiver
                )
            return self.class_clash() or self.bindings[key]
        if (
            isinstance(receiver, cst.Attribute)
            and receiver.attr.value == "paths"
            and isinstance(receiver.value, cst.Name)
            and self.is_layer_value(receiver.value)
        ):
            return self.layer_paths(receiver.value)
        if not isinstance(receiver, cst.Name):
            return None
        assignments = self.paths_assignments(receiver)
        if not assignments:
            return None
        assignment = assignments[0]
        binding = self.bindings.get(id(assignment))
        if binding is None:
            binding = self.make_binding(assignment)
            if binding is None:
                return None
            for other in assignments[1:]:
                rebind = self.make_binding(other)
                if rebind is None or rebind.statement is None:
                    return None
                binding.rebinds.append(rebind.statement)
            if isinstance(assignment.scope, GlobalScope | ClassScope):
                # A module or class attribute: other modules may import it, `__all__`,
                # `Store.paths` or `module.paths` may name it, and they are not references we
                # see. Never removed nor renamed; a layer beside it would be stale once the
                # attribute is reassigned from outside (a test's monkeypatch), so no site uses it.
                return Rejected(
                    CODE_PUBLIC_BINDING,
                    f"{receiver.value} is a module or class attribute: other code may use or"
                    " reassign it",
                )
            self.bindings[id(assignment)] = binding
        if self.function_scope(receiver) is not assignment.scope:
            self.pin(binding, receiver)
            return Rejected(
                CODE_OTHER_SCOPE, f"{receiver.value} is bound in another function scope"
            )
        return self.class_clash() or binding

    def class_clash(self) -> Rejected | None:
        """The refusal of every layer call when the module binds `GensDataLayer` to something
        else (the rewrite would call that), else None."""
        if self.layer_class_clash:
            return Rejected(CODE_NO_LAYER_PLACE, f"the module defines its own {LAYER_CLASS}")
        return None

    def layer_paths(self, layer: cst.Name) -> PathsBinding | Rejected:
        """`L.paths` of a layer `L` (a name bound once to `GensDataLayer.from_*(...)`): a `Paths`
        for the layer's own root (`Paths.from_str(L.data_root)`), so its IO is `L`'s."""
        assignment = self.single_assignment(layer)
        assert assignment is not None
        if self.function_scope(layer) is not assignment.scope:
            return Rejected(CODE_OTHER_SCOPE, f"{layer.value} is bound in another function scope")
        if isinstance(assignment.scope, GlobalScope | ClassScope):
            return Rejected(
                CODE_PUBLIC_BINDING,
                f"{layer.value} is a module or class attribute: other code may reassign it",
            )
        key = id(layer)
        if key not in self.bindings:
            self.bindings[key] = PathsBinding(
                "layer", f"{layer.value}.paths", assignment.scope, "layer", (), layer=layer.value
            )
        return self.bindings[key]

    def paths_assignments(self, name: cst.Name) -> list[Assignment]:
        """The bindings `name` may hold a `Paths` from: its one plain binding, or, for a local
        bound more than once, every binding when each is `name = <the same constructor call>`
        in one scope (in source order). Empty otherwise: a rebinding to another root, a loop
        target, `with ... as name` ... are not provable."""
        single = self.single_assignment(name)
        if single is not None:
            return [single]
        scope = self.scopes.get(name)
        if scope is None:
            return []
        found: list[Assignment] = []
        values: list[cst.Call] = []
        for assignment in scope[name.value]:
            if (
                isinstance(assignment, ImportAssignment)
                or not isinstance(assignment, Assignment)
                or assignment.scope is not scope
                or not isinstance(assignment.node, cst.Name)
            ):
                return []
            found.append(assignment)
            assign = self.assign_of_target(assignment.node)
            if assign is None or not isinstance(assign.value, cst.Call):
                return []
            values.append(assign.value)
        if len(found) < 2 or any(not value.deep_equals(values[0]) for value in values):
            return []
        if self.paths_constructor(values[0]) is None:
            return []
        return sorted(found, key=lambda assignment: self.start(assignment.node))

    def make_binding(self, assignment: Assignment) -> PathsBinding | None:
        node = assignment.node
        if isinstance(node, cst.Param):
            return self.param_binding(assignment, node)
        if not isinstance(node, cst.Name):
            return None
        assign = self.assign_of_target(node)
        if not (assign is not None and isinstance(assign.value, cst.Call)):
            return None
        constructor = self.paths_constructor(assign.value)
        statement = self.parent(assign)
        if (
            constructor is None
            or not isinstance(statement, cst.SimpleStatementLine)
            or len(statement.body) != 1  # `x = 1; paths = Paths(r)`: no statement to replace
        ):
            return None
        return PathsBinding(
            "local",
            node.value,
            assignment.scope,
            constructor,
            assign.value.args,
            statement=statement,
            assignment=assignment,
        )

    def param_binding(self, assignment: Assignment, param: cst.Param) -> PathsBinding | None:
        if param.default is not None or param.annotation is None or param.star:
            return None
        if self.qualified_name(param.annotation.annotation) not in self.paths_names:
            return None
        parameters = self.parent(param)
        function = self.parent(parameters) if parameters is not None else None
        if not isinstance(function, cst.FunctionDef):
            return None
        return PathsBinding(
            "param",
            param.name.value,
            assignment.scope,
            "param",
            (),
            function=function,
            assignment=assignment,
        )

    def paths_constructor(self, call: cst.Call) -> str | None:
        names = self.paths_names
        if self.qualified_name(call.func) in names:
            return "call"
        func = call.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value in ("from_context", "from_str")
            and self.qualified_name(func.value) in names
        ):
            return func.attr.value
        return None

    def is_layer_value(self, receiver: cst.BaseExpression) -> bool:
        """True for a name bound once to `GensDataLayer.from_*(...)` (already migrated code)."""
        if isinstance(receiver, cst.Call):
            return self.layer_constructor(receiver) is not None
        if not isinstance(receiver, cst.Name):
            return False
        assignment = self.single_assignment(receiver)
        if assignment is None or not isinstance(assignment.node, cst.Name):
            return False
        assign = self.assign_of_target(assignment.node)
        return (
            assign is not None
            and isinstance(assign.value, cst.Call)
            and self.layer_constructor(assign.value) is not None
        )

    def layer_constructor(self, call: cst.Call) -> str | None:
        func = call.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value in ("from_root", "from_context")
            and self.qualified_name(func.value) in self.layer_names
        ):
            return func.attr.value
        return None

    def layer_lacks(self, *methods: str) -> str | None:
        """The first of `methods` the configured layer class does not define (read from its
        source when it is in the source roots), or None."""
        defined = layer_methods(self.config)
        if defined is None:
            return None
        return next((method for method in methods if method not in defined), None)

    def is_builtin(self, name: str, at: cst.CSTNode) -> bool:
        """True when `name` at `at` (a node of the original tree) is the builtin of that name."""
        scope = self.scopes.get(at)
        if scope is None:
            return False
        found = scope[name]
        return bool(found) and all(isinstance(item, BuiltinAssignment) for item in found)

    # ---- values ---------------------------------------------------------------------------
    def type_tested(self, value: cst.BaseExpression) -> bool:
        """True when the type of `value` is tested (`isinstance(v, ...)`, `type(v)`), directly
        or through a name it is assigned to (`meta = json.loads(...)` then
        `isinstance(meta, dict)` on a use of that very binding): the caller tolerates values of
        other types."""
        if self._type_test_subject(value):
            return True
        assign = self.parent(value)
        if not (isinstance(assign, cst.Assign) and assign.value is value):
            return False
        for target in assign.targets:
            name = target.target
            scope = self.scopes.get(name) if isinstance(name, cst.Name) else None
            if scope is None or not isinstance(name, cst.Name):
                continue
            for access in scope.accesses[name.value]:
                if any(getattr(binding, "node", None) is name for binding in access.referents) and (
                    self._type_test_subject(access.node)
                ):
                    return True
        return False

    def _type_test_subject(self, node: cst.CSTNode) -> bool:
        """True when `node` is the first argument of the builtin `isinstance`, or the only one
        of the builtin `type`."""
        arg = self.parent(node)
        call = self.parent(arg) if isinstance(arg, cst.Arg) else None
        if not (isinstance(call, cst.Call) and call.args and call.args[0] is arg):
            return False
        name = self.qualified_name(call.func)
        return name == "builtins.isinstance" or (name == "builtins.type" and len(call.args) == 1)

    # ---- pathlib values -------------------------------------------------------------------
    def is_path_entry_part(self, attribute: cst.Attribute) -> bool:
        """True for `D.name` / `D.stem` / `D.suffix` where every binding of the local `D` is a
        `for D in <folder>.iterdir()` (or `sorted(...)` of it) over a provable `pathlib.Path`:
        `D` is then a `Path`, immutable, and the part a pure function of `D`."""
        base = attribute.value
        if attribute.attr.value not in _PATH_PARTS or not isinstance(base, cst.Name):
            return False
        scope = self.scopes.get(base)
        if scope is None:
            return False
        found = list(scope[base.value])
        for assignment in found:
            if not isinstance(assignment, Assignment) or isinstance(assignment, ImportAssignment):
                return False
            loop = self.parent(assignment.node)
            if not (
                isinstance(loop, cst.For)
                and loop.target is assignment.node
                and loop.asynchronous is None
                and self.iterates_paths(loop.iter)
            ):
                return False
        return bool(found)

    def iterates_paths(self, expression: cst.BaseExpression) -> bool:
        """`F.iterdir()` or `sorted(F.iterdir())` with `F` provably a `pathlib.Path`."""
        if (
            isinstance(expression, cst.Call)
            and len(expression.args) == 1
            and not expression.args[0].keyword
            and not expression.args[0].star
            and self.qualified_name(expression.func) == "builtins.sorted"
        ):
            expression = expression.args[0].value
        return (
            isinstance(expression, cst.Call)
            and not expression.args
            and isinstance(expression.func, cst.Attribute)
            and expression.func.attr.value == "iterdir"
            and self.is_path(expression.func.value)
        )

    def is_path(self, expression: cst.BaseExpression) -> bool:
        """A provable `pathlib.Path`: `Path(...)`, a folder property of a provable `Paths`
        (`paths.gens_root`), or such a path `/` anything (a `Path` again, or it raised)."""
        if isinstance(expression, cst.BinaryOperation) and isinstance(
            expression.operator, cst.Divide
        ):
            return self.is_path(expression.left)
        if isinstance(expression, cst.Call):
            return self.qualified_name(expression.func) == "pathlib.Path"
        if isinstance(expression, cst.Attribute) and expression.attr.value in _PATHS_FOLDERS:
            return isinstance(self.binding_of(expression.value), PathsBinding)
        return False

    # ---- imports --------------------------------------------------------------------------
    def nodes(self, tree: cst.Module) -> Iterable[cst.CSTNode]:
        """Every node of `tree` in source order (the walk done once per file, when it is ours)."""
        index = self.index
        if index.nodes and index.nodes[0] is tree:
            return index.nodes
        return walk(tree)

    def imports_layer(self, tree: cst.Module) -> bool:
        for node in self.nodes(tree):
            if type(node) is cst.ImportFrom and not isinstance(node.names, cst.ImportStar):
                for alias in node.names:
                    if alias.evaluated_name == LAYER_CLASS and alias.asname is None:
                        module = self.from_module(node)
                        if module is not None and f"{module}.{LAYER_CLASS}" in self.layer_names:
                            return True
        return False

    def qualified_name(self, expression: cst.BaseExpression) -> str | None:
        """The dotted name `expression` refers to through imports (`json.dumps`,
        `daydreaming_dagster.config.paths.Paths`), `builtins.<name>` for an unshadowed builtin,
        None otherwise. Relative imports resolve through `codemods.module_names`."""
        if isinstance(expression, cst.Attribute):
            base = self.qualified_name(expression.value)
            return f"{base}.{expression.attr.value}" if base is not None else None
        if not isinstance(expression, cst.Name):
            return None
        assignment = self.only_binding(expression)
        if isinstance(assignment, BuiltinAssignment):
            return f"builtins.{expression.value}"
        if not isinstance(assignment, ImportAssignment):
            return None
        node = assignment.node
        if isinstance(node, cst.Import):
            for alias in node.names:
                if alias_binding(alias, from_import=False) == expression.value:
                    # `import a.b as c` binds `c` to `a.b`; `import a.b` binds `a` to `a`.
                    return alias.evaluated_name if alias.asname is not None else expression.value
            return None
        if isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
            module = self.from_module(node)
            if module is None:
                return None
            for alias in node.names:
                if alias_binding(alias, from_import=True) == expression.value:
                    return f"{module}.{alias.evaluated_name}"
        return None

    def from_module(self, node: cst.ImportFrom) -> str | None:
        module = cst.helpers.get_full_name_for_node(node.module) if node.module else None
        return resolve_relative(self.location, len(node.relative), module)

    # ---- small queries --------------------------------------------------------------------
    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.parents.get(node)

    def start(self, node: cst.CSTNode) -> Position:
        start = self.positions[node].start
        return (start.line, start.column)

    def end(self, node: cst.CSTNode) -> Position:
        end = self.positions[node].end
        return (end.line, end.column)

    def contains(self, outer: cst.CSTNode, inner: cst.CSTNode) -> bool:
        node: cst.CSTNode | None = inner
        while node is not None:
            if node is outer:
                return True
            node = self.parent(node)
        return False

    def assign_of_target(self, name: cst.Name) -> cst.Assign | None:
        """The `name = value` statement `name` is the one target of."""
        target = self.parent(name)
        assign = self.parent(target) if isinstance(target, cst.AssignTarget) else None
        if (
            isinstance(assign, cst.Assign)
            and len(assign.targets) == 1
            and target is assign.targets[0]
        ):
            return assign
        return None

    def only_binding(self, name: cst.Name) -> BaseAssignment | None:
        """The binding `name` resolves to in its scope, when there is exactly one (of any kind)."""
        scope = self.scopes.get(name)
        if scope is None:
            return None
        assignments = list(scope[name.value])
        return assignments[0] if len(assignments) == 1 else None

    def single_assignment(self, name: cst.Name) -> Assignment | None:
        """The one binding `name` resolves to, when there is exactly one plain binding."""
        found = self.only_binding(name)
        if isinstance(found, ImportAssignment | BuiltinAssignment) or not isinstance(
            found, Assignment
        ):
            return None
        return found

    def local_value(
        self, name: cst.Name
    ) -> tuple[cst.SimpleStatementLine | None, cst.BaseExpression] | None:
        """When `name`'s one plain binding is `name = value` in the function scope `name` is used
        in: its statement line (None when the line holds other statements too) and `value`."""
        assignment = self.single_assignment(name)
        if assignment is None or not isinstance(assignment.node, cst.Name):
            return None
        assign = self.assign_of_target(assignment.node)
        if assign is None or self.function_scope(name) is not assignment.scope:
            return None
        line = self.parent(assign)
        if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1:
            return line, assign.value
        return None, assign.value

    def function_scope(self, node: cst.CSTNode) -> Scope | None:
        """The scope `node` runs in, looking through comprehensions (they run in place)."""
        scope = self.scopes.get(node)
        while isinstance(scope, ComprehensionScope):
            scope = scope.parent
        return scope

    def expression_statement(self, call: cst.Call) -> cst.SimpleStatementLine | None:
        """The statement line when `call` is a whole expression statement (result unused)."""
        expr = self.parent(call)
        line = self.parent(expr) if isinstance(expr, cst.Expr) else None
        return line if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 else None

    def next_statement(self, statement: cst.CSTNode) -> cst.CSTNode | None:
        siblings = list(suite_body(self.parent(statement)))
        for index, node in enumerate(siblings[:-1]):
            if node is statement:
                return siblings[index + 1]
        return None

    def first_statement(self, function: cst.FunctionDef) -> cst.BaseStatement | None:
        body = function.body
        if not isinstance(body, cst.IndentedBlock) or not body.body:
            return None
        docstring = self.docstring(function)
        index = 1 if docstring is not None else 0
        return body.body[index] if index < len(body.body) else None

    @staticmethod
    def docstring(function: cst.FunctionDef) -> cst.SimpleStatementLine | None:
        body = function.body
        if isinstance(body, cst.IndentedBlock) and body.body:
            first = body.body[0]
            if (
                isinstance(first, cst.SimpleStatementLine)
                and len(first.body) == 1
                and isinstance(first.body[0], cst.Expr)
                and isinstance(first.body[0].value, cst.SimpleString | cst.ConcatenatedString)
            ):
                return first
        return None

    def pin(self, binding: PathsBinding, receiver: cst.BaseExpression) -> None:
        """Leave the reference `receiver` of `binding` in place (its path helpers must not move)."""
        binding.pinned.add(id(receiver))

    def consume(self, binding: PathsBinding, receiver: cst.BaseExpression) -> None:
        """Record that a rewrite removes the reference `receiver` of `binding`."""
        binding.consumed.add(id(receiver))


def suite_body(suite: cst.CSTNode | None) -> Sequence[cst.CSTNode]:
    if isinstance(suite, cst.Module | cst.IndentedBlock):
        return suite.body
    return ()


def two_positional(
    args: Sequence[cst.Arg],
) -> tuple[cst.BaseExpression, cst.BaseExpression] | None:
    if len(args) == 2 and all(arg.keyword is None and not arg.star for arg in args):
        return args[0].value, args[1].value
    return None


def receiver_of(call: cst.Call) -> cst.BaseExpression:
    func = call.func
    assert isinstance(func, cst.Attribute)
    return func.value


def make_call(func: cst.BaseExpression, values: Sequence[cst.BaseExpression]) -> cst.Call:
    return cst.Call(func=func, args=[cst.Arg(value=value) for value in values])


def layer_attribute(method: str) -> cst.Attribute:
    return cst.Attribute(cst.Name(LAYER_CLASS), cst.Name(method))


def make_assign(name: str, value: cst.BaseExpression) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(name))], value)])


def retarget(node: cst.CSTNode, layer: str, method: str) -> cst.CSTNode:
    """`P.x(s, g)` -> `<layer>.<method>(s, g)`, arguments and their formatting kept."""
    assert isinstance(node, cst.Call)
    return node.with_changes(func=cst.Attribute(cst.Name(layer), cst.Name(method)))


def layer_label(binding: PathsBinding) -> str:
    """How a finding names the layer a rewrite calls."""
    if binding.layer is not None:
        return binding.layer
    method = binding.layer_constructor
    return f"{LAYER_CLASS}.{method}(...)"
