"""Rewrite generation-file IO done through legacy `Paths` helpers into `GensDataLayer` calls,
so the data layer becomes the one place that touches the gens store.

Before::

    paths = Paths.from_context(context)
    raw = paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
    out = paths.parsed_path(stage, gen_id)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    write_gen_metadata(paths.gens_root, stage, gen_id, meta)

After::

    data_layer = GensDataLayer.from_context(context)
    raw = data_layer.read_raw(stage, gen_id)
    data_layer.write_parsed(stage, gen_id, text)
    data_layer.write_main_metadata(stage, gen_id, meta)

Only sites whose receiver is provably a `Paths` value and whose arguments make the layer call do
the same thing are rewritten; every other site is left as it was and reported with a DLM22x code
naming the reason. Where each rule lives:

- `codemods/io/shapes.py`: which arguments keep a site equivalent (encoding, modes, json options),
  the finding codes, and the legacy -> layer name tables;
- `codemods/io/receivers.py`: which receivers are provably `Paths` (or already a layer), and the
  dotted names expressions refer to through imports;
- `codemods/io/gens_helpers.py`: the legacy `write_gen_*` / `load_generation` helpers;
- `codemods/io/imports.py`: names a new variable must avoid, and import-block layout;
- this module: finding the sites, planning each rewrite, placing the layer variable, and
  applying the plan (a site is rewritten whole or not at all).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, ImportItem, RemoveImportsVisitor
from libcst.metadata import (
    Assignment,
    ImportAssignment,
    MetadataWrapper,
    PositionProvider,
    ScopeProvider,
)

from codemods.config import MigrateConfig
from codemods.io.gens_helpers import GensHelperRewrites
from codemods.io.imports import (
    add_from_import,
    bound_or_read_names,
    keep_blank_lines,
    separate_from_stdlib,
    tidy_top,
)
from codemods.io.receivers import (
    LAYER_CLASS,
    Builder,
    PathsBinding,
    Position,
    layer_attribute,
    layer_label,
    make_assign,
    make_call,
    receiver_of,
    retarget,
    suite_body,
    two_positional,
)
from codemods.io.shapes import (
    CODE_COLLAPSED,
    CODE_ENCODING_MISSING,
    CODE_ENCODING_NOT_UTF8,
    CODE_EVALUATION_ORDER,
    CODE_GENS_HELPER,
    CODE_GENS_ROOT,
    CODE_HELPER_ARGUMENTS,
    CODE_JSON_OPTIONS,
    CODE_METADATA_AS_TEXT,
    CODE_METADATA_READ,
    CODE_METADATA_WRITE,
    CODE_NO_LAYER_PLACE,
    CODE_OPEN_MODE,
    CODE_OTHER_ARGUMENTS,
    CODE_OTHER_SCOPE,
    CODE_PATH_ARGUMENTS,
    CODE_PATH_HELPER,
    CODE_PATH_VARIABLE,
    CODE_RESERVE,
    CODE_RESULT_USED,
    CODE_TEXT_READ,
    CODE_TEXT_WRITE,
    CODE_UNKNOWN_RECEIVER,
    CODE_WITH_BODY,
    GENS_LOAD_HELPER,
    GENS_WRITE_HELPERS,
    METADATA_FILES,
    PATH_HELPERS,
    TEXT_FILES,
    DumpsOptions,
    Rejected,
    check_dump,
    check_dumps,
    check_encoding,
    is_mkdir_parents_exist_ok,
    is_simple_value,
    open_encoding,
    open_mode,
    single_positional,
)
from codemods.module_names import relative_import
from codemods.speedups.scope_module import scope_module
from codemods.speedups.statement_index import ModuleStatements, UnitPositions
from codemods.speedups.tree_index import TreeIndex

#: Names tried, in order, for the layer variable; the first one the module does not use wins.
LAYER_VARIABLE_NAMES = ("data_layer", "gens_layer", "gens_data_layer", "layer")
#: The IO methods whose use on a path-helper result makes a site (anything else is a path use).
_IO_METHODS = frozenset({"write_text", "read_text", "mkdir"})

_GENS_HELPERS = (*GENS_WRITE_HELPERS, GENS_LOAD_HELPER)

#: Words every site spells (`metadata_path` also covers `raw_metadata_path` and the parsed one).
_SITE_WORDS = (
    b"Paths",
    b"write_gen_",
    b"load_generation",
    *(name.encode() for name in PATH_HELPERS if name.endswith(("_dir", "_path"))),
)

#: Every site this codemod rewrites or reports calls a path helper or a gens helper, and a gens
#: helper is spelled by name at least in its import: a file where none of these identifiers
#: appears has nothing to do (found before any metadata is computed).
_SITE_IDENTIFIER = re.compile(
    r"\b(?:" + "|".join(sorted({*PATH_HELPERS, *GENS_WRITE_HELPERS, GENS_LOAD_HELPER})) + r")\b"
)


@dataclass(eq=False)
class _PathRef:
    """`P.<helper>(stage, gen_id)`, inline or through a path variable."""

    binding: PathsBinding
    helper: str
    stage: cst.BaseExpression
    gen_id: cst.BaseExpression
    #: The `P.<helper>(...)` call (the receiver name it holds is consumed when rewritten).
    call: cst.Call
    variable: _PathVariable | None = None


@dataclass(eq=False)
class _PathVariable:
    """`out = P.<helper>(stage, gen_id)`, a local holding a generation path."""

    name: str
    statement: cst.SimpleStatementLine
    ref: _PathRef
    references: list[cst.Name]
    rewritten: set[int] = field(default_factory=set)
    #: `out.parent.mkdir(...)` statements, to drop (when a write follows) or turn into reserve.
    mkdirs: list[tuple[cst.SimpleStatementLine, cst.Call]] = field(default_factory=list)
    #: Statements holding a rewritten write with a simple payload (a mkdir before it is redundant).
    writes: set[int] = field(default_factory=set)
    #: True when one of its IO sites is left for a human: the binding then stays as it is.
    reported: bool = False


class PathsIOCodemod(GensHelperRewrites):
    """Move generation-file IO through `Paths` (and the legacy gens helpers) onto `GensDataLayer`."""

    DESCRIPTION = "Rewrite generation-file IO through Paths helpers into GensDataLayer calls."
    CODES: ClassVar[Mapping[str, str]] = {
        CODE_TEXT_WRITE: "rewritten: text write -> write_prompt/raw/parsed",
        CODE_METADATA_WRITE: "rewritten: metadata write -> write_*_metadata",
        CODE_TEXT_READ: "rewritten: text read -> read_prompt/raw/parsed",
        CODE_METADATA_READ: "rewritten: metadata read -> read_*_metadata",
        CODE_RESERVE: "rewritten: generation folder mkdir -> reserve_generation",
        CODE_GENS_HELPER: "rewritten: legacy gens helper -> layer method",
        CODE_PATH_HELPER: "rewritten: Paths path helper -> layer path helper",
        CODE_COLLAPSED: "rewritten: redundant mkdir or path variable removed",
        CODE_UNKNOWN_RECEIVER: "looks like Paths IO but the receiver is not provably a Paths",
        CODE_ENCODING_MISSING: "text IO without encoding= (platform default)",
        CODE_ENCODING_NOT_UTF8: "text IO with an encoding that is not UTF-8",
        CODE_OTHER_ARGUMENTS: "errors=, newline=, buffering or */** arguments",
        CODE_OPEN_MODE: "open() mode with no layer equivalent (append, binary, r+ ...)",
        CODE_JSON_OPTIONS: "json.dumps/json.loads options that change the data or bytes",
        CODE_RESULT_USED: "the result of a write is used (the layer returns something else)",
        CODE_GENS_ROOT: "legacy gens helper whose gens root is not provably <Paths>.gens_root",
        CODE_OTHER_SCOPE: "a Paths value or path variable used across a function boundary",
        CODE_PATH_VARIABLE: "path variable whose stage/gen_id may change before its use",
        CODE_HELPER_ARGUMENTS: "helper called with keyword, starred or missing arguments",
        CODE_WITH_BODY: "with open(...) whose body is more than one read or write",
        CODE_METADATA_AS_TEXT: "metadata file read or written as text (no layer equivalent)",
        CODE_PATH_ARGUMENTS: "path helper not called as (stage, gen_id)",
        CODE_EVALUATION_ORDER: "payload evaluated after the file is opened",
        CODE_NO_LAYER_PLACE: "no statement to bind the layer variable to (one-line def, clash)",
    }

    @classmethod
    def may_apply(cls, source: bytes, config: MigrateConfig) -> bool:
        """False only when no `Paths` receiver, path helper or gens helper can appear: every
        site this codemod rewrites or reports spells one of these words."""
        return any(word in source for word in _SITE_WORDS)

    #: Built on the first file that has imports to remove, reused for the next ones.
    _remover: _RemoveUnspelledImports | None = None

    # ---- driver ---------------------------------------------------------------------------
    def transform_module(self, tree: cst.Module) -> cst.Module:
        """`Codemod.transform_module`, cheaper: a file with no site returns before any metadata
        is computed; the tree is copied only when some node object occurs twice in it; parents
        come from one walk of the tree instead of ParentNodeProvider, and positions from the
        statements that hold the nodes asked about."""
        self.findings = []
        source = self.context.scratch.get(self.SOURCE_SCRATCH_KEY)
        if not isinstance(source, str):
            source = tree.code
        if _SITE_IDENTIFIER.search(source) is None:
            return tree
        index = TreeIndex(tree)
        if index.has_duplicates:
            tree = tree.deep_clone()
            index = TreeIndex(tree)
        manager = self.context.metadata_manager
        filename = self.context.filename
        cache = manager.get_cache_for_path(filename) if manager is not None and filename else {}
        wrapper = MetadataWrapper(tree, unsafe_skip_copy=True, cache=cache)
        context = self.context
        self._index = index
        self._parents = index.parents
        # Scope analysis on the module without the top-level bodies that cannot matter to it
        # (same answers, see codemods/speedups/scope_module.py); positions are wanted for the few nodes
        # reported or compared: computed per statement on first use.
        # Both read the same `ast` index of the tree, built once.
        statements = ModuleStatements(tree, source)
        scoped = scope_module(statements, PATH_HELPERS, _GENS_HELPERS)
        self.metadata = {
            ScopeProvider: MetadataWrapper(scoped, unsafe_skip_copy=True).resolve(ScopeProvider),
            PositionProvider: UnitPositions(statements, index.parents),
        }
        try:
            self.context = replace(context, wrapper=wrapper)
            return self.transform_module_impl(tree)
        finally:
            self.metadata = {}
            self.context = context
            self._index = None
            self._parents = {}

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        self._edits: dict[cst.CSTNode, Builder] = {}
        self._insert_after: dict[cst.CSTNode, list[cst.BaseStatement]] = {}
        self._insert_before: dict[cst.CSTNode, list[cst.BaseStatement]] = {}
        self._bindings: dict[int, PathsBinding] = {}
        self._variables: dict[int, _PathVariable] = {}
        self._gens_root_uses: dict[int, set[int]] = {}
        self._removals: set[tuple[str, str | None, str | None]] = set()
        self._needs_layer_import = False
        self._module = tree
        self._used_names = bound_or_read_names(tree, nodes=self._nodes(tree))
        self._layer_names_taken: dict[int, set[str]] = {}
        imports_layer = self._imports_layer(tree)
        self._layer_class_clash = LAYER_CLASS in self._used_names and not imports_layer

        self._plan(tree)
        if not self._edits and not self._insert_after and not self._insert_before:
            return tree
        original = tree
        # A plain transformer applies the planned edits: the codemod's own matcher machinery
        # would cost more than the edits on every node.
        applier = _Applier(self._edits, self._insert_before, self._insert_after, self._parents)
        tree = tree.visit(applier)
        if self._needs_layer_import and not imports_layer:
            tree = self._add_layer_import(tree)
        # RemoveImportsVisitor re-analyses the whole module; skip it for imports whose name the
        # rewritten module still spells (it would keep those anyway).
        # One walk of the rewritten tree serves both the names it spells and the remover.
        index = TreeIndex(tree) if self._removals else None
        spelled = (
            bound_or_read_names(tree, include_imports=False, nodes=index.nodes)
            if index is not None
            else set()
        )
        removals = sorted(
            (item for item in self._removals if _local_name(item) not in spelled), key=str
        )
        if removals:
            context = self.context
            location = self.location
            if location is not None and context.full_package_name is None:
                context = replace(
                    context, full_module_name=location.name, full_package_name=location.package
                )
            # No metadata is needed, so visit directly (transform_module would deep-copy the tree).
            remover = self._remover
            if remover is None:
                remover = self._remover = _RemoveUnspelledImports(
                    context, removals, spelled=spelled, index=index
                )
            else:
                remover.reuse(context, removals, spelled=spelled, index=index)
            removed = tree.visit(remover)
            tree = keep_blank_lines(tree, removed)
        return separate_from_stdlib(original, tidy_top(original, tree))

    # ---- planning -------------------------------------------------------------------------
    def _plan(self, tree: cst.Module) -> None:
        # `type() is`: isinstance on LibCST classes goes through ABCMeta, slow over every node.
        calls = [node for node in self._nodes(tree) if type(node) is cst.Call]
        for call in calls:
            func = call.func
            if isinstance(func, cst.Attribute) and func.attr.value in PATH_HELPERS:
                self._plan_path_call(call, func)
        for call in calls:
            self._plan_gens_helper(call)
        for variable in list(self._variables.values()):
            self._finish_variable(variable)
        for binding in list(self._bindings.values()):
            self._finish_binding(binding)

    def _plan_path_call(self, call: cst.Call, func: cst.Attribute) -> None:
        site = self._io_site(call)
        binding = self._binding_of(func.value)
        if isinstance(binding, Rejected):
            if site is not None:
                self.report(call, binding.code, binding.reason)
            return
        if binding is None:
            if site is not None and not self._is_layer_value(func.value):
                self.report(
                    call,
                    CODE_UNKNOWN_RECEIVER,
                    f"{func.attr.value}(...) IO on a receiver that is not provably a Paths",
                )
            return
        receiver = func.value
        stage_gen = two_positional(call.args)
        if stage_gen is None:
            self._pin(binding, receiver)
            if site is not None:
                self.report(call, CODE_PATH_ARGUMENTS, "path helper not called as (stage, gen_id)")
            return
        ref = _PathRef(binding, func.attr.value, stage_gen[0], stage_gen[1], call)
        if site is not None:
            if not self._plan_io(ref, call):
                self._pin(binding, receiver)
            return
        parent = self._parent(call)
        if isinstance(parent, cst.Assign) and binding.kind != "inline":
            variable = self._path_variable(ref, parent)
            if variable is not None:
                return
        if binding.kind == "inline":
            return
        binding.path_uses.append(call)

    # ---- layer variable -------------------------------------------------------------------
    def _use_layer(self, binding: PathsBinding, at: cst.CSTNode) -> bool:
        """Make sure `binding` has a layer to call; False (reported at `at`) when it cannot."""
        if binding.kind == "inline":
            assert binding.call is not None
            self._needs_layer_import = True
            self._schedule_import_removal(binding.call.func)
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
                self.report(at, CODE_NO_LAYER_PLACE, "one-line def: no room for the layer variable")
                return False
        taken = self._layer_names_taken.setdefault(id(binding.scope), set())
        for name in LAYER_VARIABLE_NAMES:
            if name not in self._used_names and name not in taken:
                taken.add(name)
                binding.layer = name
                self._needs_layer_import = True
                return True
        self.report(at, CODE_NO_LAYER_PLACE, "every layer variable name is already in use")
        return False

    def _reusable_layer(self, binding: PathsBinding) -> str | None:
        """A layer variable already built from the same root: bound right after the `Paths`
        binding (a previous run) or first in the function (a parameter), or bound earlier in the
        same block from names that are never rebound (written by hand)."""
        expected = self._layer_statement(binding).body[0]
        assert isinstance(expected, cst.Assign)
        mirrors = [expected.value, self._layer_from_data_root(binding)]
        if binding.kind != "local":
            assert binding.function is not None
            return self._layer_bound_by(self._first_statement(binding.function), mirrors)
        assert binding.statement is not None
        found = self._layer_bound_by(self._next_statement(binding.statement), mirrors)
        if found is not None:
            return found
        siblings = list(suite_body(self._parent(binding.statement)))
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

    def _layer_bound_by(
        self, statement: cst.CSTNode | None, values: Sequence[cst.BaseExpression]
    ) -> str | None:
        """The name `statement` binds once (`L = <value>`), when its value is one of `values`."""
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
        return target.value if self._single_assignment(target) is not None else None

    def _built_from_fixed_names(self, statement: cst.SimpleStatementLine) -> bool:
        """True when every name in the layer constructor's arguments is bound exactly once."""
        assign = statement.body[0]
        assert isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Call)
        for arg in assign.value.args:
            base = arg.value
            while isinstance(base, cst.Attribute):
                base = base.value
            if isinstance(base, cst.Name) and self._single_assignment(base) is None:
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
            value = self._layer_from_data_root(binding)
        return make_assign(binding.layer or LAYER_VARIABLE_NAMES[0], value)

    def _layer_from_data_root(self, binding: PathsBinding) -> cst.Call:
        return make_call(
            layer_attribute("from_root"),
            [cst.Attribute(cst.Name(binding.name), cst.Name("data_root"))],
        )

    def _finish_binding(self, binding: PathsBinding) -> None:
        """Place the layer variable, and move pure path uses to the layer when `Paths` then has
        no other use in the scope (a local binding is then replaced by the layer's own)."""
        if binding.kind == "inline" or binding.assignment is None:
            return
        remaining = [
            access.node
            for access in binding.assignment.references
            if id(access.node) not in binding.consumed
        ]
        movable = {id(receiver_of(call)) for call in binding.path_uses}
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
            and not self._use_layer(binding, binding.path_uses[0])
        ):
            return
        if binding.layer is None:
            return
        if move:
            for call in binding.path_uses:
                self._move_path_use(binding, call)
            if binding.kind == "local":
                self._replace_binding(binding)
                return
        if binding.layer_reused:
            return
        statement = self._layer_statement(binding)
        if binding.kind == "local":
            assert binding.statement is not None
            self._insert_after.setdefault(binding.statement, []).append(statement)
            return
        assert binding.function is not None
        docstring = self._docstring(binding.function)
        first_statement = self._first_statement(binding.function)
        if docstring is not None:
            self._insert_after.setdefault(docstring, []).append(statement)
        elif first_statement is not None:
            self._insert_before.setdefault(first_statement, []).append(statement)

    def _replace_binding(self, binding: PathsBinding) -> None:
        """`P = Paths...(args)` -> `L = GensDataLayer...(args)` once nothing else uses `P`."""
        assert binding.statement is not None
        if binding.layer_reused:
            # The reused layer was built from the same root: the binding has no use left.
            self._edits[binding.statement] = lambda _node: cst.RemoveFromParent()
        else:
            method = "from_context" if binding.constructor == "from_context" else "from_root"
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

            self._edits[binding.statement] = build
        if binding.statement.body:
            assign = binding.statement.body[0]
            if isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Call):
                self._schedule_import_removal(assign.value.func)
        self.report(
            binding.statement,
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
        self._edits[call] = lambda node: retarget(node, layer, new_name)
        self.report(
            call,
            CODE_PATH_HELPER,
            f"{binding.name}.{func.attr.value}(...) -> {layer}.{new_name}(...)",
            fixed=True,
        )

    # ---- IO sites -------------------------------------------------------------------------
    def _io_site(self, path: cst.CSTNode) -> cst.CSTNode | None:
        """The node that makes `path` (a path call or a path variable) part of an IO site:
        `path.write_text(...)`, `.read_text(...)`, `.mkdir(...)`, `.parent.mkdir(...)`, or
        `open(path, ...)`; None for a pure path use."""
        parent = self._parent(path)
        if isinstance(parent, cst.Attribute) and parent.value is path:
            grand = self._parent(parent)
            if (
                parent.attr.value in _IO_METHODS
                and isinstance(grand, cst.Call)
                and grand.func is parent
            ):
                return grand
            if parent.attr.value == "parent" and isinstance(grand, cst.Attribute):
                call = self._parent(grand)
                if grand.attr.value == "mkdir" and isinstance(call, cst.Call):
                    return call
            return None
        if isinstance(parent, cst.Arg):
            call = self._parent(parent)
            if (
                isinstance(call, cst.Call)
                and call.args
                and call.args[0] is parent
                and self._qualified_name(call.func) == "builtins.open"
            ):
                return call
        return None

    def _plan_io(self, ref: _PathRef, path: cst.CSTNode) -> bool:
        """Plan the rewrite of the IO site around `path`; False (and reported) when it is left."""
        site = self._io_site(path)
        assert isinstance(site, cst.Call)
        func = site.func
        if isinstance(func, cst.Name) or not isinstance(func, cst.Attribute):
            return self._plan_open(ref, path, site)
        method = func.attr.value
        if method == "mkdir":
            return self._plan_mkdir(ref, path, site, via_parent=func.value is not path)
        if ref.helper == "generation_dir":
            self.report(site, CODE_METADATA_AS_TEXT, "text IO on the generation folder itself")
            return False
        if method == "write_text":
            return self._plan_write(ref, site)
        return self._plan_read(ref, site)

    def _plan_write(self, ref: _PathRef, site: cst.Call) -> bool:
        statement = self._expression_statement(site)
        if statement is None:
            self.report(
                site,
                CODE_RESULT_USED,
                "write_text returns a character count; the layer returns the file path",
            )
            return False
        rejected: Rejected | None = Rejected(
            CODE_OTHER_ARGUMENTS, "write_text without a positional payload"
        )
        if site.args and site.args[0].keyword is None and not site.args[0].star:
            rejected = check_encoding(site.args, positional_slot=1)
        if rejected is not None:
            self.report(site, rejected.code, rejected.reason)
            return False
        payload = site.args[0].value
        if ref.helper in TEXT_FILES:
            method = f"write_{TEXT_FILES[ref.helper]}"
            code = CODE_TEXT_WRITE

            def payload_of(node: cst.Call) -> cst.BaseExpression:
                return node.args[0].value

            simple = is_simple_value(payload)
        else:
            dumps = self._dumps_of(payload)
            if isinstance(dumps, Rejected):
                self.report(site, dumps.code, dumps.reason)
                return False
            method = f"write_{METADATA_FILES[ref.helper]}_metadata"
            code = CODE_METADATA_WRITE
            assert isinstance(payload, cst.Call)
            self._schedule_import_removal(payload.func)

            def payload_of(node: cst.Call) -> cst.BaseExpression:
                inner = node.args[0].value
                assert isinstance(inner, cst.Call)
                return inner.args[0].value if inner.args[0].keyword is None else inner.args[1].value

            simple = is_simple_value(dumps.obj)
        if not self._use_layer(ref.binding, site):
            return False
        self._rewrite_call(ref, site, method, payload_of, code, f"{_describe(ref)}.write_text(...)")
        if ref.variable is not None and simple:
            ref.variable.writes.add(id(statement))
        return True

    def _dumps_of(self, payload: cst.BaseExpression) -> DumpsOptions | Rejected:
        if isinstance(payload, cst.Call) and self._qualified_name(payload.func) == "json.dumps":
            return check_dumps(payload)
        return Rejected(CODE_METADATA_AS_TEXT, "metadata written from text, not json.dumps(...)")

    def _plan_read(self, ref: _PathRef, site: cst.Call) -> bool:
        rejected = check_encoding(site.args, positional_slot=0)
        if rejected is not None:
            self.report(site, rejected.code, rejected.reason)
            return False
        if ref.helper in TEXT_FILES:
            if not self._use_layer(ref.binding, site):
                return False
            method = f"read_{TEXT_FILES[ref.helper]}"
            self._rewrite_call(
                ref, site, method, None, CODE_TEXT_READ, f"{_describe(ref)}.read_text(...)"
            )
            return True
        arg = self._parent(site)
        loads = self._parent(arg) if isinstance(arg, cst.Arg) else None
        if not (isinstance(loads, cst.Call) and self._qualified_name(loads.func) == "json.loads"):
            self.report(
                site, CODE_METADATA_AS_TEXT, "metadata read as text: the layer reads it as a dict"
            )
            return False
        if single_positional(loads.args) is not site:
            self.report(loads, CODE_JSON_OPTIONS, "json.loads options change the value read")
            return False
        if not self._use_layer(ref.binding, site):
            return False
        method = f"read_{METADATA_FILES[ref.helper]}_metadata"
        self._rewrite_call(
            ref,
            loads,
            method,
            None,
            CODE_METADATA_READ,
            f"json.loads({_describe(ref)}.read_text(...))",
        )
        self._schedule_import_removal(loads.func)
        return True

    def _plan_mkdir(
        self, ref: _PathRef, path: cst.CSTNode, site: cst.Call, *, via_parent: bool
    ) -> bool:
        is_folder = ref.helper == "generation_dir"
        if via_parent == is_folder:
            # `generation_dir(...).parent` is the stage folder; a file's own mkdir is a mistake.
            self.report(
                site, CODE_OTHER_ARGUMENTS, "mkdir of a folder that is not the generation folder"
            )
            return False
        if not is_mkdir_parents_exist_ok(site):
            self.report(
                site, CODE_OTHER_ARGUMENTS, "mkdir without exactly parents=True, exist_ok=True"
            )
            return False
        statement = self._expression_statement(site)
        if statement is None:
            self.report(site, CODE_RESULT_USED, "the result of mkdir is used")
            return False
        if not self._use_layer(ref.binding, site):
            return False
        if ref.variable is not None and via_parent:
            ref.variable.mkdirs.append((statement, site))
            self._consume(ref, path)
            return True
        self._rewrite_call(
            ref, site, "reserve_generation", None, CODE_RESERVE, f"{_describe(ref)}.mkdir(...)"
        )
        return True

    def _plan_open(self, ref: _PathRef, path: cst.CSTNode, site: cst.Call) -> bool:
        """`with open(P.x(...), mode, encoding="utf-8") as f:` whose body is one read or write."""
        item = self._parent(site)
        with_node = self._parent(item) if isinstance(item, cst.WithItem) else None
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
            self.report(site, CODE_WITH_BODY, "open() outside a `with ... as f:` of one statement")
            return False
        handle_name = item.asname.name
        mode = open_mode(site)
        if isinstance(mode, Rejected):
            self.report(site, mode.code, mode.reason)
            return False
        rejected = open_encoding(site)
        if rejected is not None:
            self.report(site, rejected.code, rejected.reason)
            return False
        if not self._handle_used_once(handle_name, with_node):
            self.report(
                site,
                CODE_WITH_BODY,
                f"the file handle {handle_name.value} is used outside its with-body",
            )
            return False
        body_line = with_node.body.body[0]
        inner = body_line.body[0]
        plan = self._open_body(ref, inner, handle_name.value, mode)
        if isinstance(plan, Rejected):
            self.report(site, plan.code, plan.reason)
            return False
        method, build_payload, code, with_value = plan
        if not self._use_layer(ref.binding, site):
            return False
        stage, gen_id = ref.stage, ref.gen_id
        binding = ref.binding

        def build(node: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(node, cst.With) and isinstance(node.body, cst.IndentedBlock)
            line = node.body.body[0]
            assert isinstance(line, cst.SimpleStatementLine)
            statement = line.body[0]
            args = [stage, gen_id]
            payload = build_payload(statement)
            if payload is not None:
                args.append(payload)
            layer_call = make_call(
                cst.Attribute(binding.layer_expression(), cst.Name(method)), args
            )
            new_statement = with_value(statement, layer_call)
            return line.with_changes(body=[new_statement], leading_lines=node.leading_lines)

        self._edits[with_node] = build
        self._consume(ref, path)
        self.report(
            site,
            code,
            f"with open({_describe(ref)}, ...) -> {layer_label(binding)}.{method}(...)",
            fixed=True,
        )
        return True

    def _handle_used_once(self, handle: cst.Name, with_node: cst.With) -> bool:
        """True when `handle` is used once in `with_node`'s body and nowhere else, except inside
        other `with ... as <handle>:` bodies (each of those binds it afresh before its use)."""
        scope = self.get_metadata(ScopeProvider, handle, None)
        if scope is None:
            return False
        bodies: list[cst.CSTNode] = []
        accesses: list[cst.CSTNode] = []
        for assignment in scope[handle.value]:
            if not isinstance(assignment, Assignment) or assignment.scope is not scope:
                return False
            as_name = self._parent(assignment.node)
            item = self._parent(as_name) if isinstance(as_name, cst.AsName) else None
            owner = self._parent(item) if isinstance(item, cst.WithItem) else None
            if not isinstance(owner, cst.With):
                return False
            bodies.append(owner.body)
            accesses.extend(access.node for access in assignment.references)
        inside = [node for node in set(accesses) if self._contains(with_node.body, node)]
        return len(inside) == 1 and all(
            any(self._contains(body, node) for body in bodies) for node in accesses
        )

    def _open_body(
        self, ref: _PathRef, inner: cst.BaseSmallStatement, handle: str, mode: str
    ) -> (
        tuple[
            str,
            Callable[[cst.BaseSmallStatement], cst.BaseExpression | None],
            str,
            Callable[[cst.BaseSmallStatement, cst.Call], cst.BaseSmallStatement],
        ]
        | Rejected
    ):
        """What the one statement of a `with open(...) as f:` body becomes."""
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
                return (
                    f"write_{text_kind}",
                    lambda s: _expr_call(s).args[0].value,
                    CODE_TEXT_WRITE,
                    lambda s, layer_call: cst.Expr(layer_call),
                )
            if metadata_kind is not None and self._qualified_name(call.func) == "json.dump":
                options = check_dump(call, handle)
                if isinstance(options, Rejected):
                    return options
                if not is_simple_value(options.obj):
                    return Rejected(
                        CODE_EVALUATION_ORDER,
                        "open() truncates the file before the payload is computed",
                    )
                self._schedule_import_removal(call.func)
                return (
                    f"write_{metadata_kind}_metadata",
                    lambda s: _expr_call(s).args[0].value,
                    CODE_METADATA_WRITE,
                    lambda s, layer_call: cst.Expr(layer_call),
                )
            return Rejected(CODE_WITH_BODY, "the with-body is not f.write(x) / json.dump(d, f)")
        # Reads: `x = f.read()` / `return f.read()` / `x = json.load(f)`.
        value = inner.value if isinstance(inner, cst.Assign | cst.Return) else None
        if not isinstance(value, cst.Call):
            return Rejected(
                CODE_WITH_BODY, "the with-body is not `x = f.read()` / `x = json.load(f)`"
            )

        def replace_value(
            statement: cst.BaseSmallStatement, layer_call: cst.Call
        ) -> cst.BaseSmallStatement:
            return statement.with_changes(value=layer_call)

        if text_kind is not None and _is_method_on(value, handle, "read") and not value.args:
            return (f"read_{text_kind}", lambda s: None, CODE_TEXT_READ, replace_value)
        if metadata_kind is not None and self._qualified_name(value.func) == "json.load":
            argument = single_positional(value.args)
            if not (isinstance(argument, cst.Name) and argument.value == handle):
                return Rejected(CODE_JSON_OPTIONS, "json.load options change the value read")
            self._schedule_import_removal(value.func)
            return (
                f"read_{metadata_kind}_metadata",
                lambda s: None,
                CODE_METADATA_READ,
                replace_value,
            )
        return Rejected(CODE_WITH_BODY, "the with-body is not `x = f.read()` / `x = json.load(f)`")

    def _rewrite_call(
        self,
        ref: _PathRef,
        site: cst.Call,
        method: str,
        payload_of: Callable[[cst.Call], cst.BaseExpression] | None,
        code: str,
        what: str,
    ) -> None:
        stage, gen_id, binding = ref.stage, ref.gen_id, ref.binding

        def build(node: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(node, cst.Call)
            args = [stage, gen_id]
            if payload_of is not None:
                args.append(payload_of(node))
            return make_call(cst.Attribute(binding.layer_expression(), cst.Name(method)), args)

        self._edits[site] = build
        self._consume(ref, ref.call if ref.variable is None else None)
        if ref.variable is not None:
            for reference in ref.variable.references:
                if self._contains(site, reference):
                    ref.variable.rewritten.add(id(reference))
        self.report(site, code, f"{what} -> {layer_label(binding)}.{method}(...)", fixed=True)

    def _consume(self, ref: _PathRef, path: cst.CSTNode | None) -> None:
        """Record that the site around `path` no longer uses the `Paths` receiver (or the path
        variable)."""
        if ref.variable is not None:
            if isinstance(path, cst.Name):
                ref.variable.rewritten.add(id(path))
            return
        receiver = ref.call.func
        assert isinstance(receiver, cst.Attribute)
        ref.binding.consumed.add(id(receiver.value))

    # ---- path variables -------------------------------------------------------------------
    def _path_variable(self, ref: _PathRef, assign: cst.Assign) -> _PathVariable | None:
        """Plan `out = P.x(s, g)` and its uses; None when it is not such a binding (a pure path
        use), or when its uses are reported."""
        statement = self._parent(assign)
        if not (
            len(assign.targets) == 1
            and isinstance(assign.targets[0].target, cst.Name)
            and isinstance(statement, cst.SimpleStatementLine)
            and len(statement.body) == 1
        ):
            return None
        target = assign.targets[0].target
        assert isinstance(target, cst.Name)
        assignment = self._single_assignment(target)
        if assignment is None or not isinstance(assignment, Assignment):
            return None
        references = [access.node for access in assignment.references]
        names = [node for node in references if isinstance(node, cst.Name)]
        io = [node for node in names if self._io_site(node) is not None]
        if not io:
            return None
        problem = self._variable_problem(ref, statement, assignment, names)
        if problem is not None:
            for node in io:
                self.report(self._io_site(node) or node, problem.code, problem.reason)
            self._pin(ref.binding, receiver_of(ref.call))
            return _PathVariable(target.value, statement, ref, names, rewritten=set())
        variable = _PathVariable(target.value, statement, ref, names)
        ref.variable = variable
        self._variables[id(assignment)] = variable
        for node in io:
            if not self._plan_io(ref, node):
                variable.reported = True
        return variable

    def _variable_problem(
        self,
        ref: _PathRef,
        statement: cst.SimpleStatementLine,
        assignment: Assignment,
        references: list[cst.Name],
    ) -> Rejected | None:
        """Why the uses of a path variable may not be rewritten into `L.x(stage, gen_id)`."""
        suite = self._parent(statement)
        siblings = list(suite_body(suite))
        index = next(i for i, node in enumerate(siblings) if node is statement)
        later = siblings[index + 1 :]
        last_end: Position | None = None
        for node in references:
            if self._function_scope(node) is not assignment.scope:
                return Rejected(
                    CODE_OTHER_SCOPE, f"{assignment.name} is used in another function scope"
                )
            holder = next((s for s in later if self._contains(s, node)), None)
            if holder is None:
                return Rejected(
                    CODE_PATH_VARIABLE,
                    f"{assignment.name} is used outside the statements that follow it",
                )
            end = self._end(holder)
            last_end = end if last_end is None or end > last_end else last_end
        start = self._end(statement)
        for argument in (ref.stage, ref.gen_id):
            if isinstance(argument, cst.SimpleString | cst.Integer):
                continue
            if not isinstance(argument, cst.Name):
                return Rejected(CODE_PATH_VARIABLE, "stage/gen_id is not a name or a literal")
            scope = self.get_metadata(ScopeProvider, argument, None)
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
                    where = self._start(other.node)
                    if start <= where <= last_end:
                        return Rejected(
                            CODE_PATH_VARIABLE,
                            f"{argument.value} may be rebound between {assignment.name} = ... and its use",
                        )
        return None

    def _finish_variable(self, variable: _PathVariable) -> None:
        """Drop a `out.parent.mkdir(...)` a rewritten write follows (else reserve the folder), and
        remove the binding once every use is rewritten (else keep it for the path uses)."""
        ref = variable.ref
        for statement, site in variable.mkdirs:
            following = self._next_statement(statement)
            if following is not None and id(following) in variable.writes:
                self._edits[statement] = lambda _node: cst.RemoveFromParent()
                self.report(
                    site,
                    CODE_COLLAPSED,
                    f"{variable.name}.parent.mkdir(...) removed: the layer write creates the folder",
                    fixed=True,
                )
            else:
                self._rewrite_call(
                    ref,
                    site,
                    "reserve_generation",
                    None,
                    CODE_RESERVE,
                    f"{variable.name}.parent.mkdir(...)",
                )
        if all(id(node) in variable.rewritten for node in variable.references):
            self._edits[variable.statement] = lambda _node: cst.RemoveFromParent()
            ref.binding.consumed.add(id(receiver_of(ref.call)))
            self.report(
                variable.statement,
                CODE_COLLAPSED,
                f"{variable.name} = {ref.binding.name}.{ref.helper}(...) removed: every use is rewritten",
                fixed=True,
            )
        elif variable.reported:
            ref.binding.pinned.add(id(receiver_of(ref.call)))
        else:
            ref.binding.path_uses.append(ref.call)

    def _schedule_import_removal(self, reference: cst.BaseExpression) -> None:
        """Ask RemoveImportsVisitor to drop the import `reference` comes from, if it ends up unused."""
        base = reference
        while isinstance(base, cst.Attribute):
            base = base.value
        if not isinstance(base, cst.Name):
            return
        scope = self.get_metadata(ScopeProvider, base, None)
        if scope is None:
            return
        for assignment in scope[base.value]:
            if not isinstance(assignment, ImportAssignment):
                continue
            node = assignment.node
            if isinstance(node, cst.Import):
                for alias in node.names:
                    local = alias.evaluated_alias or alias.evaluated_name.split(".")[0]
                    if local == base.value:
                        self._removals.add((alias.evaluated_name, None, alias.evaluated_alias))
            elif isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
                module = self._from_module(node)
                for alias in node.names:
                    if module and (alias.evaluated_alias or alias.evaluated_name) == base.value:
                        self._removals.add((module, alias.evaluated_name, alias.evaluated_alias))

    def _add_layer_import(self, tree: cst.Module) -> cst.Module:
        module = self.config.layer_module
        relative = relative_import(module, self.location)
        if relative is None:
            item = ImportItem(module, LAYER_CLASS)
        else:
            level, rest = relative
            item = ImportItem(rest or "", LAYER_CLASS, None, level)
        if (
            item.module != "__future__"
            and AddImportsVisitor.CONTEXT_KEY not in self.context.scratch
        ):
            # What AddImportsVisitor would do, without its two passes over the whole tree.
            return add_from_import(tree, item.module, LAYER_CLASS)
        # Without a package name LibCST keeps a relative import relative (it would resolve it).
        context = replace(self.context, full_module_name=None, full_package_name=None)
        # AddImportsVisitor needs no metadata: visiting directly spares a deep copy of the tree.
        return tree.visit(AddImportsVisitor(context, [item]))


class _RemoveUnspelledImports(RemoveImportsVisitor):
    """RemoveImportsVisitor with a cheaper and stricter test of "unused": the import's local name
    is spelled nowhere outside import statements (any identifier in a string literal counts, for
    string annotations and `__all__`). LibCST's own test re-runs scope analysis on the whole
    module, which costs several times the rest of this codemod. It is visited directly, so the
    metadata it declares is never resolved."""

    def __init__(
        self,
        context: CodemodContext,
        unused_imports: Sequence[tuple[str, str | None, str | None]],
        *,
        spelled: set[str],
        index: TreeIndex | None = None,
    ) -> None:
        super().__init__(context, unused_imports)
        self._for_file(spelled, index)

    def reuse(
        self,
        context: CodemodContext,
        unused_imports: Sequence[tuple[str, str | None, str | None]],
        *,
        spelled: set[str],
        index: TreeIndex | None = None,
    ) -> None:
        """Make this instance what `__init__` with the same arguments would:
        the per-file state RemoveImportsVisitor sets up, without the scan of the class's methods
        every LibCST visitor does when built (several times this visitor's own work)."""
        self.context = context
        self.metadata = {}
        unused = [*RemoveImportsVisitor._get_imports_from_context(context), *unused_imports]
        self.unused_module_imports = {module: alias for module, obj, alias in unused if obj is None}
        self.unused_obj_imports = {}
        for module, obj, alias in unused:
            if obj is not None:
                self.unused_obj_imports.setdefault(module, set()).add((obj, alias))
        self._unused_imports = {}
        self._for_file(spelled, index)

    def _for_file(self, spelled: set[str], index: TreeIndex | None) -> None:
        #: `bound_or_read_names(tree, include_imports=False)` of the tree being visited.
        self.spelled = spelled
        #: The walk of the tree being visited, when the caller has it.
        self.index = index
        #: The import statements that may lose names, and every node above them.
        self._path: set[cst.CSTNode] = set()

    def on_visit(self, node: cst.CSTNode) -> bool:
        # Only the imports to edit and the nodes above them are visited (and rebuilt): the
        # other subtrees are kept as they are, which is what visiting them would produce.
        if isinstance(node, cst.Module) or node in self._path:
            return super().on_visit(node)
        return False

    def on_leave(  # type: ignore[override]  # LibCST types this per node type
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        if isinstance(original_node, cst.Module) or original_node in self._path:
            return super().on_leave(original_node, updated_node)
        return updated_node

    def visit_Module(self, node: cst.Module) -> None:
        spelled = self.spelled
        unused: dict[cst.ImportAlias, cst.Import | cst.ImportFrom] = {}
        index = self.index
        if index is None or not index.nodes or index.nodes[0] is not node:
            index = TreeIndex(node)
        for statement in index.nodes:
            if type(statement) is cst.Import:
                for alias in statement.names:
                    local = alias.evaluated_alias or alias.evaluated_name.split(".")[0]
                    if local not in spelled:
                        unused[alias] = statement
            elif type(statement) is cst.ImportFrom and not isinstance(
                statement.names, cst.ImportStar
            ):
                for alias in statement.names:
                    if (alias.evaluated_alias or alias.evaluated_name) not in spelled:
                        unused[alias] = statement
        self._unused_imports = unused
        self._path = _with_ancestors(unused.values(), index.parents)

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom | cst.RemovalSentinel:
        result = super().leave_ImportFrom(original_node, updated_node)
        if isinstance(result, cst.ImportFrom):
            return _keep_last_comment(updated_node, result)
        return result


def _keep_last_comment(before: cst.ImportFrom, after: cst.ImportFrom) -> cst.ImportFrom:
    """When the last name of a parenthesised import is removed, LibCST drops the new last
    name's comma together with the comment after it; keep both (black's one-name-per-line
    layout, trailing comma before the closing parenthesis)."""
    if isinstance(before.names, cst.ImportStar) or isinstance(after.names, cst.ImportStar):
        return after
    removed, last = before.names[-1], after.names[-1]
    if (
        last.evaluated_name == removed.evaluated_name
        and last.evaluated_alias == removed.evaluated_alias
    ):
        return after
    original = next(
        (
            alias
            for alias in before.names
            if alias.evaluated_name == last.evaluated_name
            and alias.evaluated_alias == last.evaluated_alias
        ),
        None,
    )
    if (
        original is None
        or not isinstance(original.comma, cst.Comma)
        or not isinstance(removed.comma, cst.Comma)
        or not isinstance(original.comma.whitespace_after, cst.ParenthesizedWhitespace)
        or not isinstance(removed.comma.whitespace_after, cst.ParenthesizedWhitespace)
    ):
        return after
    kept_line = original.comma.whitespace_after
    closing = removed.comma.whitespace_after.with_changes(
        first_line=kept_line.first_line,
        empty_lines=[*kept_line.empty_lines, *removed.comma.whitespace_after.empty_lines],
    )
    comma = original.comma.with_changes(whitespace_after=closing)
    return after.with_changes(names=[*after.names[:-1], last.with_changes(comma=comma)])


def _local_name(removal: tuple[str, str | None, str | None]) -> str:
    """The name an import scheduled for removal binds: its alias, object, or top package."""
    module, obj, alias = removal
    return alias or obj or module.split(".")[0]


class _Applier(cst.CSTTransformer):
    """Apply the planned edits, keyed by original node: a builder replaces the updated node,
    statements are inserted before or after. A removed statement hands its leading blank lines
    and comments to the statement that follows it."""

    def __init__(
        self,
        edits: Mapping[cst.CSTNode, Builder],
        before: Mapping[cst.CSTNode, list[cst.BaseStatement]],
        after: Mapping[cst.CSTNode, list[cst.BaseStatement]],
        parents: Mapping[cst.CSTNode, cst.CSTNode],
    ) -> None:
        super().__init__()
        self.edits = edits
        self.before = before
        self.after = after
        self.inserted = {id(s) for group in (*before.values(), *after.values()) for s in group}
        self.removed: set[int] = set()
        #: Only nodes above an edited one are visited (and rebuilt); the edited nodes themselves
        #: are still left (`on_leave`), with their subtrees as they were.
        keys = (*edits, *before, *after)
        self.above = _with_ancestors((parents[node] for node in keys if node in parents), parents)

    def on_visit(self, node: cst.CSTNode) -> bool:
        return node in self.above

    def on_leave(  # type: ignore[override]  # LibCST types this per node type; we edit any node
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        result: cst.CSTNode | cst.RemovalSentinel = updated_node
        if isinstance(original_node, cst.Module | cst.IndentedBlock) and isinstance(
            updated_node, cst.Module | cst.IndentedBlock
        ):
            result = self._hand_down_blank_lines(original_node, updated_node)
        builder = self.edits.get(original_node)
        if builder is not None:
            result = builder(updated_node)
            if isinstance(result, cst.RemovalSentinel):
                self.removed.add(id(original_node))
        before = self.before.get(original_node, [])
        after = self.after.get(original_node, [])
        if before or after:
            kept = [result] if isinstance(result, cst.CSTNode) else []
            return cst.FlattenSentinel([*before, *kept, *after])
        return result

    def _hand_down_blank_lines(
        self,
        original: cst.Module | cst.IndentedBlock,
        updated: cst.Module | cst.IndentedBlock,
    ) -> cst.Module | cst.IndentedBlock:
        if not any(id(statement) in self.removed for statement in original.body):
            return updated
        body = list(updated.body)
        index = 0
        pending: Sequence[cst.EmptyLine] = ()
        for statement in original.body:
            while index < len(body) and id(body[index]) in self.inserted:
                index += 1
            if id(statement) in self.removed:
                pending = pending or _leading_lines(statement)
                continue
            if index < len(body):
                if pending and not _leading_lines(body[index]):
                    body[index] = body[index].with_changes(leading_lines=pending)
                pending = ()
                index += 1
        return updated.with_changes(body=body)


def _with_ancestors(
    nodes: Iterable[cst.CSTNode], parents: Mapping[cst.CSTNode, cst.CSTNode]
) -> set[cst.CSTNode]:
    """`nodes` and every node above them."""
    found: set[cst.CSTNode] = set()
    for node in nodes:
        current: cst.CSTNode | None = node
        while current is not None and current not in found:
            found.add(current)
            current = parents.get(current)
    return found


def _leading_lines(statement: cst.CSTNode) -> Sequence[cst.EmptyLine]:
    if isinstance(statement, cst.SimpleStatementLine | cst.BaseCompoundStatement):
        return statement.leading_lines
    return ()


def _is_method_on(call: cst.Call, handle: str, method: str) -> bool:
    func = call.func
    return (
        isinstance(func, cst.Attribute)
        and func.attr.value == method
        and isinstance(func.value, cst.Name)
        and func.value.value == handle
    )


def _expr_call(statement: cst.BaseSmallStatement) -> cst.Call:
    assert isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Call)
    return statement.value


def _describe(ref: _PathRef) -> str:
    if ref.variable is not None:
        return ref.variable.name
    return f"{ref.binding.name or 'Paths(...)'}.{ref.helper}(...)"
