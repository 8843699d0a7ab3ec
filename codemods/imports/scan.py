"""What the import codemod reads: the statements that refer to the legacy module (the one
detection, `codemods.legacy.references`, finds them on the `ast`) and, in those, the LibCST nodes
to rewrite: import statements, module-binding uses, strings and comments (collected with a
LibCST visit). Deciding and rewriting is `legacy_imports`' part.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import Access

from codemods.imports import edits
from codemods.legacy import references
from codemods.legacy import text as patterns
from codemods.legacy.names import Names
from codemods.legacy.runtime import (
    DUNDER_IMPORT,
    FROMLIST_ARG,
    IMPORT,
    IMPORT_MODULE_PACKAGE_ARG,
    RESOLVE,
    legacy_target,
    loads_itself,
    relative_module,
    runtime_role,
    unresolvable_may_name,
)
from codemods.module_names import ModuleLocation, is_same_or_inside, resolve_relative
from codemods.speedups.statement_index import Unit, line_map, units

#: Finding codes; their meanings are `LegacyImportsCodemod.CODES`.
STAR_IMPORT = "DLM101"
NOT_EXPORTED = "DLM102"
PROSE = "DLM103"
AMBIGUOUS = "DLM104"

#: Calls that read an attribute of a module object by name (not run-time targets: the object's).
_GETATTR_CALLS = frozenset({"getattr", "setattr", "hasattr", "delattr"})

Edit = Callable[[cst.CSTNode], cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]]
NodePath = tuple[cst.CSTNode, ...]


def resolve(names: Names, node: cst.ImportFrom) -> str | None:
    """The absolute module `node` imports from, in the file at `names.location`."""
    level, module = edits.from_module(node)
    return resolve_relative(names.location, level, module)


@dataclass
class ImportSite:
    """An import statement that refers to the legacy module, where it stands."""

    statement: cst.Import | cst.ImportFrom
    path: NodePath  # Module ... SimpleStatementLine ... statement

    @property
    def line(self) -> cst.SimpleStatementLine | None:
        for node in reversed(self.path):
            if isinstance(node, cst.SimpleStatementLine):
                return node
        return None


@dataclass
class Binding:
    """A module object bound by an import of the legacy module, and what the file does with it."""

    site: ImportSite
    alias: cst.ImportAlias
    #: `import pkg.config.paths` binds `pkg`: uses spell the legacy module and are rewritten.
    plain: bool
    replacements: dict[cst.CSTNode, tuple[NodePath, Edit, str]] = field(default_factory=dict)
    problems: list[tuple[cst.CSTNode, str, str]] = field(default_factory=list)
    #: The package name (`pkg`) is used for something else than the legacy module.
    other_use: bool = False


# -- what the text says ------------------------------------------------------------------------


class Texts:
    """The legacy module's patterns (`codemods.legacy.text`): its dotted name, its basename."""

    __slots__ = ("mention", "word")

    def __init__(self, legacy: str, basename: str) -> None:
        self.mention = patterns.mention(legacy)
        self.word = patterns.word(basename)


def prose_message(what: str) -> str:
    return f"mention of the legacy module in {what} — update the prose by hand"


@dataclass
class Index:
    """The units worth a LibCST visit, and the comment-only lines that mention the legacy module.

    `needs_scope`: a name is bound to the legacy module (or to a package the file reaches it
    through), so its uses need LibCST's scope analysis, and the units that spell it a visit.
    """

    units: list[Unit]
    comment_lines: list[tuple[int, int]]
    needs_scope: bool
    lines: list[Unit | None]
    source: str
    starts: list[int]
    #: The names bound to the legacy module when each is bound once in the whole file, by a
    #: module-level import: every load of such a name is a use, no scope analysis needed.
    unshadowed: set[str] | None = None

    def with_words(self, words: Iterable[str]) -> list[Unit]:
        """`units` and the units holding a line that spells one of `words`."""
        chosen = {id(unit): unit for unit in self.units}
        for word in words:
            for match in patterns.word(word).finditer(self.source):
                unit = _unit_at(self.lines, bisect.bisect_right(self.starts, match.start()))
                if unit is not None:
                    chosen.setdefault(id(unit), unit)
        return sorted(chosen.values(), key=lambda unit: (unit.first_line, unit.depth))


_NEWLINE = re.compile(r"\r\n?|\n")


def build_index(tree: cst.Module, source: str, names: Names, texts: Texts) -> Index | None:
    """The statements the detection finds references in (and those whose text mentions the
    legacy module). None when the file needs the full LibCST scan (`ast` cannot parse it, or
    the two trees disagree)."""
    try:
        tree_ast = patterns.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    try:
        all_units = units(tree, tree_ast)
    except (IndexError, ValueError, AssertionError):  # the trees disagree: take the safe road
        return None
    starts = [0] + [m.end() for m in _NEWLINE.finditer(source)]
    lines = line_map(all_units)
    word_lines: dict[int, bool] = {}
    comment_lines: list[tuple[int, int]] = []
    for match in texts.word.finditer(source):
        line = bisect.bisect_right(starts, match.start())
        word_lines.setdefault(line, False)
    for match in texts.mention.finditer(source):
        line = bisect.bisect_right(starts, match.start())
        word_lines[line] = True
    chosen: dict[int, Unit] = {}
    for line, mentions in sorted(word_lines.items()):
        if not mentions:
            continue
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(source)
        text = source[start:end]
        stripped = text.lstrip()
        if stripped.startswith("#"):
            comment_lines.append((line, len(text) - len(stripped) + 1))
            continue
        unit = _unit_at(lines, line)
        if unit is not None:
            chosen[id(unit)] = unit
    # The one detection says which statements hold a reference, and which bind the legacy
    # module (or reach it through a parent package) to a name, whose uses need scope analysis.
    # A lone `\r` breaks lines for the parser, not for `starts`: then no narrowing.
    narrowed = None if patterns.has_lone_cr(source) else sorted(word_lines)
    needs_scope = reaches = False
    for reference in references.find_references(tree_ast, source, names, narrowed):
        unit = _unit_at(lines, reference.line)
        if unit is None:
            continue
        if reference.kind in (references.DOTTED, references.COVERED):
            reaches = True
        elif reference.kind == references.MODULE_IMPORT:
            needs_scope = True
        if reference.kind != references.PROSE:
            chosen[id(unit)] = unit
    ordered = sorted(chosen.values(), key=lambda u: (u.first_line, u.depth))
    if reaches:
        return Index(ordered, comment_lines, True, lines, source, starts)
    return Index(
        ordered,
        comment_lines,
        needs_scope,
        lines,
        source,
        starts,
        unshadowed_bindings(tree_ast, names) if needs_scope else None,
    )


def _unit_at(lines: Sequence[Unit | None], line: int) -> Unit | None:
    return lines[line] if 0 <= line < len(lines) else None


# -- the LibCST visit ------------------------------------------------------------------------


class Collector(cst.CSTVisitor):
    """Collect, in the visited nodes, the import statements that refer to the legacy module, the
    uses of module bindings (with their context), strings and comments that name it."""

    def __init__(
        self,
        names: Names,
        texts: Texts,
        binding_uses: dict[cst.CSTNode, tuple[Binding, Access | None, bool]],
        ancestors: dict[cst.CSTNode, str],
    ) -> None:
        super().__init__()
        self.names = names
        self.texts = texts
        self.binding_uses = binding_uses
        self.ancestors = dict(ancestors)
        self.stack: list[cst.CSTNode] = []
        self.prune_suites = False
        self.imports: list[ImportSite] = []
        #: use node -> (path, member accessed on it or None, (code, message) when dynamic)
        self.use_context: dict[
            cst.CSTNode, tuple[NodePath, str | None, tuple[str, str] | None]
        ] = {}
        self.string_edits: list[tuple[cst.CSTNode, NodePath, Edit]] = []
        self.problems: list[tuple[cst.CSTNode, str, str]] = []
        #: Uses left as they are that need the legacy module imported (reached through its
        #: package, looked up in `sys.modules`, a string of unknown role): node -> what it is.
        #: While one exists, no import of the legacy module in the file may change.
        self.needs_legacy: list[tuple[cst.CSTNode, str]] = []
        self.prose: list[tuple[cst.CSTNode, str]] = []
        self.fixed_strings: list[tuple[cst.CSTNode, str]] = []
        #: Without scope analysis: bindings by name, and the loads of those names, resolved
        #: once every unit is visited (a function may use a name imported further down).
        self.unshadowed = False
        self.simple_bindings: dict[str, Binding] = {}
        self.name_loads: list[tuple[str, NodePath]] = []
        self.annotation_strings: list[tuple[cst.SimpleString, NodePath]] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        # Pushed even when pruned: LibCST calls `on_leave` for a node whose children it skips.
        self.stack.append(node)
        if self.prune_suites and isinstance(node, cst.IndentedBlock):
            return False
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        super().on_leave(original_node)
        self.stack.pop()

    # imports

    def visit_Import(self, node: cst.Import) -> None:
        inside = [
            dotted
            for alias in node.names
            if (dotted := edits.dotted_name(alias.name) or "").startswith(self.names.legacy + ".")
        ]
        if inside:
            # `import pkg.config.paths.sub`: a submodule of the legacy module (the detection
            # flags it); the new module has none of that name to point it at.
            self.problems.append(
                (
                    node,
                    AMBIGUOUS,
                    f"import of {inside[0]}, inside {self.names.legacy}; rewrite by hand",
                )
            )
        if any(edits.dotted_name(alias.name) == self.names.legacy for alias in node.names):
            site = ImportSite(node, tuple(self.stack))
            self.imports.append(site)
            for alias in node.names:
                if edits.dotted_name(alias.name) == self.names.legacy:
                    plain = alias.asname is None
                    bound = edits.alias_binding(alias, from_import=False)
                    self.simple_bindings[bound] = Binding(site, alias, plain=plain)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        names = self.names
        resolved = resolve(names, node)
        imported = (
            set()
            if isinstance(node.names, cst.ImportStar)
            else {edits.dotted_name(a.name) for a in node.names}
        )
        if resolved == names.legacy or (resolved == names.package and names.basename in imported):
            site = ImportSite(node, tuple(self.stack))
            self.imports.append(site)
            if resolved == names.package and not isinstance(node.names, cst.ImportStar):
                for alias in node.names:
                    if edits.dotted_name(alias.name) == names.basename:
                        bound = edits.alias_binding(alias, from_import=True)
                        self.simple_bindings[bound] = Binding(site, alias, plain=False)
        elif resolved is None and node.relative:
            _level, module = edits.from_module(node)
            if unresolvable_may_name(names, module, {name for name in imported if name}):
                self.imports.append(ImportSite(node, tuple(self.stack)))

    # uses of bindings

    def visit_Name(self, node: cst.Name) -> None:
        if node in self.binding_uses:
            self._use(node)
        elif self.unshadowed and _is_load(self.stack):
            self.name_loads.append((node.value, tuple(self.stack)))

    def resolve_unshadowed(self) -> list[Binding]:
        """Turn the loads of names bound once, at module level, to the legacy module into uses
        (what scope analysis finds in general); returns the bindings."""
        legacy_parts = self.names.legacy.split(".")
        for name, path in self.name_loads:
            binding = self.simple_bindings.get(name)
            if binding is None:
                continue
            chain: list[cst.CSTNode] = [path[-1]]
            parts = [name]
            position = len(path) - 2
            while position >= 0:
                parent = path[position]
                if not (isinstance(parent, cst.Attribute) and parent.value is chain[-1]):
                    break
                chain.append(parent)
                parts.append(parent.attr.value)
                position -= 1
            if binding.plain:
                if parts[: len(legacy_parts)] != legacy_parts:
                    binding.other_use = True
                    continue
                depth = len(legacy_parts) - 1
                node = chain[depth]
                member = parts[len(legacy_parts)] if len(parts) > len(legacy_parts) else None
            else:
                depth, node = 0, chain[0]
                member = parts[1] if len(parts) > 1 else None
            node_path = path[: len(path) - depth]
            dynamic = (
                None if member is not None else _dynamic_use(node_path, node, self.names.exports)
            )
            self.binding_uses[node] = (binding, None, binding.plain)
            self.use_context[node] = (node_path, member, dynamic)
        for node, path in self.annotation_strings:
            value = node.evaluated_value
            assert isinstance(value, str)
            found = [
                self.simple_bindings[n]
                for n in _IDENTIFIER.findall(value)
                if n in self.simple_bindings
            ]
            binding = self.simple_bindings.get(value.partition(".")[0], found[0])
            legacy = self.names.legacy
            if (
                binding.plain
                and isinstance(value, str)
                and _DOTTED.fullmatch(value)
                and not is_same_or_inside(value, legacy)
            ):
                binding.other_use = True
                continue
            self.binding_uses[node] = (binding, None, binding.plain)
            self.use_context[node] = (path, None, None)
        return list(self.simple_bindings.values())

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node in self.binding_uses:
            self._use(node)

    def leave_Attribute(self, original_node: cst.Attribute) -> None:
        value = original_node.value
        if value in self.use_context:
            path = self.use_context[value][0]
            self.use_context[value] = (path, original_node.attr.value, None)
        module = self.ancestors.get(value)
        if module is not None:
            reached = f"{module}.{original_node.attr.value}"
            if reached == self.names.legacy:
                self.problems.append(
                    (
                        original_node,
                        AMBIGUOUS,
                        f"{self.names.legacy} reached as an attribute of its package — import it instead",
                    )
                )
                chain = edits.dotted_name(original_node) or reached
                self.needs_legacy.append(
                    (original_node, f"`{chain}` reaches it through its package")
                )
            elif self.names.legacy.startswith(reached + "."):
                self.ancestors[original_node] = reached

    def _use(self, node: cst.CSTNode) -> None:
        path = tuple(self.stack)
        self.use_context[node] = (path, None, _dynamic_use(path, node, self.names.exports))

    # strings and comments

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if node in self.binding_uses:
            self.use_context[node] = (tuple(self.stack), None, None)
            return
        if self.unshadowed and any(isinstance(n, cst.Annotation) for n in self.stack):
            value = node.evaluated_value
            if isinstance(value, str) and any(
                name in self.simple_bindings for name in _IDENTIFIER.findall(value)
            ):
                self.annotation_strings.append((node, tuple(self.stack)))
                return
        if self._dynamic_import(node):
            return
        if self.texts.mention.search(node.value) is None and not (
            ":" in node.value and self._target(node) is not None
        ):
            return
        self._string(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> bool:
        """`("pkg.config" ".paths")`: one string at run time, as the detection reads it. Named
        as a whole, it is reported (not rewritten: which part to change is a human's call)."""
        if node in self.binding_uses or isinstance(self.stack[-2], cst.ConcatenatedString):
            return True
        value = node.evaluated_value
        if not isinstance(value, str) or legacy_target(value, self.names) is None:
            return True
        call = _call_of(tuple(self.stack))
        role = _runtime_kind(call, tuple(self.stack)) if call is not None else None
        if not loads_itself(value, role, self.names):
            self.needs_legacy.append((node, f"the string {value!r} is looked up at run time"))
        self.problems.append(
            (
                node,
                AMBIGUOUS,
                f"implicitly concatenated string naming {value}; write it as one string "
                f"naming {self.names.new}",
            )
        )
        return False

    def _target(self, node: cst.SimpleString) -> str | None:
        value = node.evaluated_value
        return legacy_target(value, self.names) if isinstance(value, str) else None

    def visit_FormattedStringText(self, node: cst.FormattedStringText) -> None:
        if self.texts.mention.search(node.value):
            self.prose.append((node, "a formatted string"))

    def visit_Comment(self, node: cst.Comment) -> None:
        if self.texts.mention.search(node.value):
            self.prose.append((node, "a comment"))

    def _dynamic_import(self, node: cst.SimpleString) -> bool:
        """`import_module(".paths", package="pkg.config")` (rewritten to the new module's
        absolute name) and `__import__("pkg.config", fromlist=["paths"])` (reported)."""
        names = self.names
        path = tuple(self.stack)
        call = _call_of(path)
        value = node.evaluated_value
        if call is None or not isinstance(value, str):
            return False
        kind = _runtime_kind(call, path)
        if kind == IMPORT and value.startswith("."):
            package = _package_argument(call, names.location)
            resolved = relative_module(value, package)
            if resolved == names.legacy:
                self.string_edits.append((node, path, string_edit(names.new)))
                self.fixed_strings.append(
                    (node, f"string {value} (relative to {package}) — use {names.new}")
                )
                return True
            return False
        if kind == DUNDER_IMPORT and value == names.package:
            fromlist = _keyword_or_positional(call, *FROMLIST_ARG)
            if fromlist is not None and names.basename in _literal_strings(fromlist):
                self.problems.append(
                    (
                        node,
                        AMBIGUOUS,
                        f"__import__({value!r}, fromlist=[{names.basename!r}]) imports "
                        f"{names.legacy}; rewrite by hand",
                    )
                )
                return True
        return False

    def _string(self, node: cst.SimpleString) -> None:
        names = self.names
        path = tuple(self.stack)
        parent = path[-2] if len(path) > 1 else None
        value = node.evaluated_value
        target = self._target(node)
        if (
            isinstance(parent, cst.Expr)
            or target is None
            or isinstance(parent, cst.ConcatenatedString)
        ):
            what = "a docstring" if isinstance(parent, cst.Expr) else "a string"
            self.prose.append((node, what))
            return
        assert isinstance(value, str)
        module, colon, _attribute = value.partition(":")
        bad = names.member_ok(target, names.legacy) if names.names_legacy(target) else None
        call = _call_of(path)
        kind = _runtime_kind(call, path) if call is not None else None
        if not loads_itself(value, kind, names):
            self.needs_legacy.append((node, f"the string {value!r} is looked up at run time"))
        if kind is None or (colon and kind != RESOLVE):
            self.problems.append(
                (node, AMBIGUOUS, f"string naming {value} in an unknown run-time role")
            )
            return
        if kind == IMPORT and value != names.legacy:
            self.problems.append(
                (node, AMBIGUOUS, f"string naming {value} cannot be imported as a module")
            )
            return
        if kind == DUNDER_IMPORT and call is not None and not _has_fromlist(call):
            self.problems.append(
                (node, AMBIGUOUS, f"__import__({value!r}) returns the top package; rewrite by hand")
            )
            return
        if colon and not names.names_legacy(module):
            self.problems.append(
                (
                    node,
                    AMBIGUOUS,
                    f"string {value} reaches {names.legacy} as an attribute of its package; "
                    f"rewrite by hand",
                )
            )
            return
        if bad is not None:
            self.problems.append(
                (node, NOT_EXPORTED, f"{names.legacy}.{bad} is not exported by {names.new}")
            )
            return
        new_value = names.new + value[len(names.legacy) :]
        self.string_edits.append((node, path, string_edit(new_value)))
        self.fixed_strings.append((node, f"string {value} — use {new_value}"))


_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")


def _is_load(stack: Sequence[cst.CSTNode]) -> bool:
    """A Name at the end of `stack` read as a variable (not an attribute, keyword, import part
    or definition), in a file where the name has no binding but one import."""
    node, parent = stack[-1], stack[-2] if len(stack) > 1 else None
    if isinstance(parent, cst.Attribute) and parent.attr is node:
        return False
    if isinstance(parent, cst.Arg) and parent.keyword is node:
        return False
    if isinstance(parent, (cst.Param, cst.FunctionDef, cst.ClassDef, cst.AsName)):
        return False
    return not any(
        isinstance(n, (cst.Import, cst.ImportFrom, cst.Global, cst.Nonlocal)) for n in stack
    )


def unshadowed_bindings(tree: ast.Module, names: Names) -> set[str] | None:
    """The names the file binds to the legacy module, when each is bound exactly once in the
    whole file, by a module-level import; None when any may be shadowed or rebound (then scope
    analysis decides which loads are uses)."""
    bound: set[str] = set()
    for statement in _module_level_statements(tree.body):
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.name == names.legacy:
                    bound.add(alias.asname or alias.name.partition(".")[0])
        elif isinstance(statement, ast.ImportFrom):
            base = resolve_relative(names.location, statement.level, statement.module)
            for alias in statement.names:
                if base == names.package and alias.name == names.basename:
                    bound.add(alias.asname or alias.name)
    if not bound:
        return None
    counts = dict.fromkeys(bound, 0)
    for node in ast.walk(tree):
        for name in _bindings_of(node):
            if name in counts:
                counts[name] += 1
    return bound if all(count == 1 for count in counts.values()) else None


def _module_level_statements(body: Sequence[ast.stmt]) -> Iterable[ast.stmt]:
    for statement in body:
        yield statement
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for name in ("body", "orelse", "finalbody"):
            yield from _module_level_statements(getattr(statement, name, []))
        for handler in getattr(statement, "handlers", []):
            yield from _module_level_statements(handler.body)
        for case in getattr(statement, "cases", []):
            yield from _module_level_statements(case.body)


def _bindings_of(node: ast.AST) -> Iterable[str]:
    """Every name `node` binds (or declares global/nonlocal, or deletes)."""
    if isinstance(node, ast.Name):
        if not isinstance(node.ctx, ast.Load):
            yield node.id
    elif isinstance(node, ast.arg):
        yield node.arg
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        yield node.name
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        for alias in node.names:
            yield alias.asname or alias.name.partition(".")[0]
    elif isinstance(node, ast.ExceptHandler):
        if node.name:
            yield node.name
    elif isinstance(node, (ast.Global, ast.Nonlocal)):
        yield from node.names
    elif isinstance(node, (ast.MatchAs, ast.MatchStar)):
        if node.name:
            yield node.name
    elif isinstance(node, ast.MatchMapping) and node.rest:
        yield node.rest


def _call_of(path: NodePath) -> cst.Call | None:
    """The call the string at the end of `path` is an argument of (directly)."""
    if len(path) >= 3 and isinstance(path[-2], cst.Arg) and isinstance(path[-3], cst.Call):
        return path[-3]
    return None


def _callee_name(call: cst.Call) -> tuple[str | None, bool]:
    func = call.func
    if isinstance(func, cst.Name):
        return func.value, False
    if isinstance(func, cst.Attribute):
        return func.attr.value, True
    return None, False


def _runtime_kind(call: cst.Call, path: NodePath) -> str | None:
    """The role (`codemods.legacy.runtime`) of the string at the end of `path` in `call`, when
    the call resolves it at run time; None otherwise."""
    arg = path[-2]
    assert isinstance(arg, cst.Arg)
    positional = [a for a in call.args if a.keyword is None and not a.star]
    first = bool(positional) and positional[0] is arg
    keyword = arg.keyword.value if arg.keyword is not None else None
    name, is_attribute = _callee_name(call)
    return runtime_role(name, is_attribute, first, keyword)


def _keyword_or_positional(call: cst.Call, keyword: str, index: int) -> cst.BaseExpression | None:
    positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    return positional[index].value if len(positional) > index else None


def _literal_strings(node: cst.BaseExpression) -> set[str]:
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return {
            element.value.evaluated_value
            for element in node.elements
            if isinstance(element.value, cst.SimpleString)
            and isinstance(element.value.evaluated_value, str)
        }
    return set()


def _package_argument(call: cst.Call, location: ModuleLocation | None) -> str | None:
    """The `package` of `import_module(name, package)`: a literal, or `__package__`."""
    argument = _keyword_or_positional(call, *IMPORT_MODULE_PACKAGE_ARG)
    if isinstance(argument, cst.SimpleString) and isinstance(argument.evaluated_value, str):
        return argument.evaluated_value
    if isinstance(argument, cst.Name) and argument.value == "__package__" and location:
        return location.package or None
    return None


def _has_fromlist(call: cst.Call) -> bool:
    keyword, position = FROMLIST_ARG
    for index, arg in enumerate(call.args):
        if (arg.keyword is not None and arg.keyword.value == keyword) or (
            arg.keyword is None and index == position
        ):
            return not (
                isinstance(arg.value, (cst.List, cst.Tuple)) and not arg.value.elements
            ) and not (isinstance(arg.value, cst.Name) and arg.value.value == "None")
    return False


def _dynamic_use(
    path: NodePath, node: cst.CSTNode, exports: frozenset[str]
) -> tuple[str, str] | None:
    """A module object handed to getattr/setattr/hasattr/delattr with a name that is not a
    literal export: the new module may lack it."""
    if len(path) < 3 or not isinstance(path[-2], cst.Arg) or not isinstance(path[-3], cst.Call):
        return None
    call = path[-3]
    name, _is_attribute = _callee_name(call)
    positional = [a for a in call.args if a.keyword is None]
    if not positional or positional[0] is not path[-2]:
        return None
    if name == "reload":
        # `importlib.reload(module)` reloads that very module: the new one is another.
        return (AMBIGUOUS, "module object passed to reload(); the legacy module is what it reloads")
    if name not in _GETATTR_CALLS:
        return None
    if len(positional) < 2:
        return None
    attribute = positional[1].value
    if isinstance(attribute, cst.SimpleString) and attribute.evaluated_value in exports:
        return None
    return (
        AMBIGUOUS,
        f"module object passed to {name}() with a name that may not exist in the new module",
    )


def string_edit(value: str) -> Edit:
    def edit(node: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(node, cst.SimpleString)
        prefix = node.prefix
        quote = node.quote
        return node.with_changes(value=f"{prefix}{quote}{value}{quote}")

    return edit
