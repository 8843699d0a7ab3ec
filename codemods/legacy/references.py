"""Find every reference to the legacy module in one file's source, with the stdlib `ast` (no
LibCST), and classify it: the one detection of the toolkit.

Pure (source bytes + the file's ModuleLocation + configuration in, references out), so it is fast
enough for every commit and testable without files. The guard flags every reference but prose;
`report` and `shim remove` count the same ones; the import codemod visits the statements that
hold them and rewrites what it can. Kinds: imports (absolute and relative, resolved with
`codemods.module_names`; `from <legacy package> import <basename>` and `import <legacy>` bind the
module to a name), star imports, relative imports the source roots cannot place that may name
it, attribute chains that reach it through an imported parent package (not when the chain's root
is a parameter or local of the enclosing function), strings Python resolves at run time (the
table in `codemods.legacy.runtime`, string annotations, any string whose whole value is its
dotted name or a `module:attr` target) and prose (docstrings, f-string text, strings mentioning
it among other words). `# noqa: DLM001` is read by `codemods.legacy.noqa`.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence

from codemods.config import MigrateConfig
from codemods.findings import LEGACY_REFERENCE, UNDECODABLE, UNPARSABLE, Finding
from codemods.legacy import text as patterns
from codemods.legacy.names import Names
from codemods.legacy.noqa import noqa_lines, suppressed
from codemods.legacy.prefilter import prefilter_for
from codemods.legacy.runtime import (
    DUNDER_IMPORT,
    FROMLIST_ARG,
    IMPORT,
    IMPORT_MODULE_PACKAGE_ARG,
    RUNTIME_TARGET_CALLS,
    legacy_target,
    relative_module,
    runtime_role,
    unresolvable_may_name,
)
from codemods.legacy.scopes import shadowed as shadowed_chains
from codemods.module_names import (
    ModuleLocation,
    is_same_or_inside,
    resolve_relative,
    spell_module,
)

__all__ = ["Reference", "check_source", "find_references"]

#: Kinds of reference. Every kind but PROSE is flagged by the guard.
IMPORT_FROM = "import"  # `from <legacy> import X`, `import <legacy>.sub`
MODULE_IMPORT = "module-import"  # binds the legacy module to a name: uses need scope analysis
STAR = "star"
UNRESOLVABLE = "unresolvable"
DOTTED = "dotted"  # an attribute chain reaching it through an imported parent package
#: A DOTTED chain in a file that imports the legacy module itself: the guard flags that import
#: (one finding says it), the import codemod still needs the chain (its uses need scope analysis).
COVERED = "covered"
RUNTIME = "runtime"  # a string resolved at run time (including string annotations)
PROSE = "prose"


class Reference:
    """One reference: where it starts (1-based line, character column), the lines of its
    statement or expression (`first`..`last`: a noqa comment may sit on any), its kind and the
    guard's message."""

    __slots__ = (
        "column",
        "end_column",
        "end_line",
        "first",
        "kind",
        "last",
        "line",
        "message",
        "replacement",
    )

    def __init__(
        self,
        line: int,
        column: int,
        first: int,
        last: int,
        kind: str,
        message: str,
        *,
        end_line: int | None = None,
        end_column: int | None = None,
        replacement: str | None = None,
    ) -> None:
        self.line = line
        self.column = column
        self.first = first
        self.last = last
        self.kind = kind
        self.message = message
        #: Where the referring node ends (exclusive character column), when `ast` knows it.
        self.end_line = end_line
        self.end_column = end_column
        #: What to write instead (e.g. `import data_layer.paths`), without the message's quotes.
        self.replacement = replacement

    def __repr__(self) -> str:
        return f"Reference({self.line}:{self.column} {self.kind}: {self.message})"


def is_legacy_module_file(location: ModuleLocation | None, config: MigrateConfig) -> bool:
    """The legacy module's own code: its file (the shim while it exists) or, for a legacy
    package, every module inside it. The guard exempts it and the codemods leave it: its
    references to itself (`from . import constants`) go away with it."""
    return location is not None and is_same_or_inside(location.name, config.legacy_module)


def check_source(
    source: bytes,
    path: str,
    location: ModuleLocation | None,
    config: MigrateConfig,
    *,
    exhaustive: bool = False,
    word_starts: Sequence[int] | None = None,
) -> list[Finding]:
    """The guard's findings: every reference but prose, in source order, without the noqa'd.

    A file that may hold a reference but cannot be decoded or parsed yields one DLM901/DLM902
    finding instead: the guard cannot vouch for it, so it is never passed silently.
    `exhaustive` parses every file and visits every node, without the byte-level narrowing
    (the tests' oracle for that narrowing). `word_starts`: the prefilter's `word_starts(source)`,
    when the caller has it.
    """
    prefilter = prefilter_for(config)
    if not exhaustive:
        if word_starts is None:
            word_starts = prefilter.word_starts(source)
        if not prefilter.may_reference(source, location, word_starts):
            return []
    try:
        text = patterns.decode(source)
    except (UnicodeDecodeError, SyntaxError, LookupError, ValueError) as error:
        return [Finding(path, 1, 1, UNDECODABLE, f"cannot decode: {_reason(error)}")]
    try:
        tree = patterns.parse(text, filename=path)
    except (SyntaxError, ValueError) as error:
        line = getattr(error, "lineno", None) or 1
        column = getattr(error, "offset", None) or 1
        return [Finding(path, line, column, UNPARSABLE, f"cannot parse: {_reason(error)}")]
    except (RecursionError, MemoryError):
        return [Finding(path, 1, 1, UNPARSABLE, "cannot parse: too deeply nested")]
    lines = (
        None
        if exhaustive or word_starts is None
        else prefilter.lines_with_basename(source, word_starts)
    )
    references = find_references(tree, text, Names.of(config, location), lines)
    noqa = noqa_lines(text) if references else frozenset()
    return [
        Finding(
            path,
            reference.line,
            reference.column,
            LEGACY_REFERENCE,
            reference.message,
            end_line=reference.end_line,
            end_column=reference.end_column,
            replacement=reference.replacement,
        )
        for reference in references
        if reference.kind not in _NOT_FLAGGED
        and not suppressed(noqa, reference.first, reference.last)
    ]


def find_references(
    tree: ast.Module, text: str, names: Names, lines: Sequence[int] | None = None
) -> list[Reference]:
    """Every reference to the legacy module in `tree` (parsed from `text`), prose and covered
    chains included and noqa not applied, sorted by position. `lines`: the sorted lines holding the legacy basename
    (None: unknown), to skip the subtrees that cannot hold one."""
    finder = _Finder(names, text)
    finder.scan(tree, lines)
    return sorted(finder.found.values(), key=lambda r: (r.line, r.column, r.message))


#: Kinds that find the legacy module only while some import has loaded it: a chain through its
#: package (`c.paths`) and strings (`sys.modules[...]`; conservatively every run-time string).
_NEED_LOADED = frozenset({DOTTED, COVERED, RUNTIME})


def needing_the_import(text: str, names: Names) -> Reference | None:
    """The first reference in `text` that an import of the legacy module must stay for (None:
    removing such an import breaks nothing but its own bindings' uses)."""
    try:
        tree = patterns.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return Reference(1, 1, 1, 1, UNRESOLVABLE, "the file cannot be read")  # keep, unread
    found = find_references(tree, text, names)
    return next((r for r in found if r.kind in _NEED_LOADED), None)


#: Kinds the guard does not flag: prose blocks nothing, a covered chain's import is flagged.
_NOT_FLAGGED = frozenset({PROSE, COVERED})


class _Finder:
    """One pass over a module's AST, collecting references by (line, column, message)."""

    def __init__(self, names: Names, text: str) -> None:
        self.names = names
        self.location = names.location
        self.text = text
        self._mention: re.Pattern[str] | None = None
        self._lines: list[str] | None = None
        self.found: dict[tuple[int, int, str], Reference] = {}
        #: Local names bound by imports to a package that contains the legacy module
        #: (`import pkg`, `from pkg import config`): their attribute chains can reach it.
        self.parents: dict[str, set[str]] = {}
        #: `import <legacy>` seen: dotted uses of the legacy module are covered by that import.
        self.imports_legacy_dotted = False
        self.chains: list[tuple[ast.expr, str]] = []
        #: Strings already judged (prose, or flagged with a more precise message).
        self.handled: set[int] = set()

    # -- traversal ---------------------------------------------------------------------------

    def scan(self, tree: ast.Module, lines: Sequence[int] | None) -> None:
        """Visit the nodes whose lines hold the legacy basename (`lines`, sorted; None: all).

        Every reference spells the basename inside its node, so subtrees on other lines cannot
        hold one: pruning them makes a file with one reference cost little more than its parse.
        """
        stack: list[ast.AST] = [tree]
        while stack:
            node = stack.pop()
            kind = type(node)
            if kind is ast.Import:
                self._import(node)  # type: ignore[arg-type]
            elif kind is ast.ImportFrom:
                self._import_from(node)  # type: ignore[arg-type]
            elif kind is ast.Call:
                self._call(node)  # type: ignore[arg-type]
            elif kind is ast.Constant:
                self._constant(node)  # type: ignore[arg-type]
            elif kind is ast.Expr or kind is ast.JoinedStr:
                # A string statement (docstring) and f-string text are prose, not references.
                for value in (node.value,) if kind is ast.Expr else node.values:  # type: ignore[attr-defined]
                    if type(value) is ast.Constant:
                        self._prose(value)
            elif kind is ast.Attribute:
                self._attribute(node)  # type: ignore[arg-type]
            elif kind is ast.arg or kind is ast.AnnAssign:
                self._string_annotation(node.annotation)  # type: ignore[attr-defined]
            elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                self._string_annotation(node.returns)  # type: ignore[attr-defined]
            for child in ast.iter_child_nodes(node):
                if lines is None or _spans_any(child, lines):
                    stack.append(child)
        if self.chains:
            self._judge_chains(tree)

    def _judge_chains(self, tree: ast.Module) -> None:
        # A chain's root may be bound by an import on a line without the basename
        # (`from pkg import config` ... `config.paths`): collect every import statement.
        statements: list[ast.AST] = [tree]
        while statements:
            node = statements.pop()
            if isinstance(node, ast.Import):
                self._import(node)
            elif isinstance(node, ast.ImportFrom):
                self._import_from(node)
            for field in _STATEMENT_FIELDS:
                statements.extend(getattr(node, field, ()))
        reaching: dict[int, tuple[ast.expr, str]] = {}
        for node, chain in self.chains:
            root = chain.partition(".")[0]
            if any(
                bound + chain[len(root) :] == self.names.legacy
                for bound in self.parents.get(root, ())
            ):
                reaching[id(node)] = (node, chain)
        if not reaching:
            return
        shadowed = shadowed_chains(
            tree, {key: chain.partition(".")[0] for key, (_, chain) in reaching.items()}
        )
        for key, (node, chain) in reaching.items():
            if key not in shadowed:
                self._add(
                    node,
                    COVERED if self.imports_legacy_dotted else DOTTED,
                    f"`{chain}` refers to the legacy module `{self.names.legacy}`",
                    f"`import {self.names.new}`",
                )

    # -- imports -----------------------------------------------------------------------------

    def _import(self, node: ast.Import) -> None:
        legacy = self.names.legacy
        for alias in node.names:
            if is_same_or_inside(alias.name, legacy):
                self.imports_legacy_dotted = True
                new = self.names.new + alias.name[len(legacy) :]
                replacement = new if alias.asname is None else f"{new} as {alias.asname}"
                self._add(
                    alias,
                    MODULE_IMPORT if alias.name == legacy else IMPORT_FROM,
                    f"`import {_alias_text(alias)}` imports the legacy module",
                    f"`import {replacement}`",
                    node,
                )
                if alias.asname is None and alias.name != legacy:
                    # `import pkg.config.paths.sub` also binds `pkg`, through which chains reach
                    # the legacy module (`import pkg.config.paths` binds it as a module of its own).
                    root = alias.name.partition(".")[0]
                    self.parents.setdefault(root, set()).add(root)
            elif is_same_or_inside(legacy, alias.name):
                # `import pkg.config` binds `pkg`; `import pkg.config as c` binds `c`.
                if alias.asname is None:
                    root = alias.name.partition(".")[0]
                    self.parents.setdefault(root, set()).add(root)
                else:
                    self.parents.setdefault(alias.asname, set()).add(alias.name)

    def _import_from(self, node: ast.ImportFrom) -> None:
        names = self.names
        module = resolve_relative(self.location, node.level, node.module)
        spelled = "." * node.level + (node.module or "")
        if module is None:
            # A relative import the source roots cannot place: it may name the legacy module,
            # and neither the guard nor the import codemod can tell, so it is flagged.
            if node.level and unresolvable_may_name(
                names, node.module, {alias.name for alias in node.names}
            ):
                self._add(
                    node,
                    UNRESOLVABLE,
                    f"`from {spelled} import {', '.join(map(_alias_text, node.names))}` cannot be "
                    f"resolved (the file has no module name under the source roots) and may "
                    f"import the legacy module `{names.legacy}`",
                    f"an absolute import of `{names.new}`, or set source-roots",
                )
            return
        if is_same_or_inside(module, names.legacy):
            imported = ", ".join(_alias_text(alias) for alias in node.names)
            new_module = names.new + module[len(names.legacy) :]
            star = any(alias.name == "*" for alias in node.names)
            self._add(
                node,
                STAR if star else IMPORT_FROM,
                f"`from {spelled} import {imported}` imports the legacy module `{names.legacy}`",
                f"`from {self._spelling(new_module, node.level)} import {imported}`",
            )
            return
        if not is_same_or_inside(names.legacy, module):
            return
        for alias in node.names:
            full = f"{module}.{alias.name}"
            if full == names.legacy:
                self._add(
                    alias,
                    MODULE_IMPORT,
                    f"`from {spelled} import {_alias_text(alias)}` imports the legacy module "
                    f"`{names.legacy}`",
                    f"`{self._module_import(alias.asname or alias.name, node.level)}`",
                    node,
                )
            elif alias.name != "*" and is_same_or_inside(names.legacy, full):
                self.parents.setdefault(alias.asname or alias.name, set()).add(full)

    def _spelling(self, module: str, level: int) -> str:
        """The new module spelled as the import codemod writes it: relative stays relative when
        the new module lies inside the file's own top-level package."""
        spelled_level, spelled = spell_module(module, self.location, relative=bool(level))
        return "." * spelled_level + (spelled or "")

    def _module_import(self, bound: str, level: int) -> str:
        parent, _, base = self.names.new.rpartition(".")
        alias = "" if bound == base else f" as {bound}"
        if not parent:
            return f"import {base}{alias}"
        return f"from {self._spelling(parent, level)} import {base}{alias}"

    # -- run-time strings --------------------------------------------------------------------

    def _call(self, node: ast.Call) -> None:
        func = node.func
        is_attribute = isinstance(func, ast.Attribute)
        callee = (
            func.attr
            if isinstance(func, ast.Attribute)
            else func.id
            if isinstance(func, ast.Name)
            else None
        )
        if callee not in RUNTIME_TARGET_CALLS:
            return
        target: ast.expr | None = None
        role: str | None = None
        if node.args and not isinstance(node.args[0], ast.Starred):
            target, role = node.args[0], runtime_role(callee, is_attribute, True, None)
        else:
            for keyword in node.keywords:
                role = runtime_role(callee, is_attribute, False, keyword.arg)
                if role is not None:
                    target = keyword.value
                    break
        if role is None or not (isinstance(target, ast.Constant) and isinstance(target.value, str)):
            return
        value = target.value
        names = self.names
        if role == IMPORT and value.startswith("."):
            resolved = relative_module(value, self._package_argument(node))
            if resolved is not None and names.names_legacy(resolved):
                self._string(target, value, f"{callee}()", resolved)
            return
        if role == DUNDER_IMPORT and value == names.package:
            if names.basename in _literal_strings(_keyword_or_arg(node, *FROMLIST_ARG)):
                self.handled.add(id(target))
                self._add(
                    target,
                    RUNTIME,
                    f"`__import__({value!r}, fromlist=[{names.basename!r}])` imports the "
                    f"legacy module `{names.legacy}`",
                    f"`__import__({names.new!r})`",
                )
            return
        resolved = legacy_target(value, names)
        if resolved is not None:
            self._string(target, value, f"{callee}()", resolved)

    def _package_argument(self, node: ast.Call) -> str | None:
        package_arg = _keyword_or_arg(node, *IMPORT_MODULE_PACKAGE_ARG)
        if isinstance(package_arg, ast.Constant) and isinstance(package_arg.value, str):
            self.handled.add(id(package_arg))
            return package_arg.value
        if isinstance(package_arg, ast.Name) and package_arg.id == "__package__":
            return self.location.package if self.location else None
        return None

    def _constant(self, node: ast.Constant) -> None:
        """A string whose whole value is the legacy module's dotted name (or one of its members',
        or a `module:attr` target in it) has no prose reading: wherever it stands, something
        resolves it at run time. Other mentions are prose."""
        value = node.value
        if id(node) in self.handled or not isinstance(value, str):
            return
        if legacy_target(value, self.names) is not None:
            self._add(
                node,
                RUNTIME,
                f"string {value!r} names the legacy module `{self.names.legacy}`",
                f"{self._new_string(value)!r}",
            )
        else:
            self._prose(node)

    def _prose(self, node: ast.Constant) -> None:
        self.handled.add(id(node))
        value = node.value
        if isinstance(value, str) and self._mentions(value):
            self._add(node, PROSE, f"prose mentions the legacy module `{self.names.legacy}`", "")

    def _mentions(self, value: str) -> bool:
        if self.names.legacy not in value:
            return False
        if self._mention is None:
            self._mention = patterns.mention(self.names.legacy)
        return self._mention.search(value) is not None

    def _string(self, node: ast.expr, value: str, where: str, resolved: str) -> None:
        self.handled.add(id(node))
        new = (
            self._new_string(value)
            if ":" in value
            else self.names.new + resolved[len(self.names.legacy) :]
        )
        self._add(
            node,
            RUNTIME,
            f"string {value!r} in {where} names the legacy module `{self.names.legacy}`",
            f"{new!r}",
        )

    def _new_string(self, value: str) -> str:
        """`value` naming the new module (`pkg.config:paths` -> `data_layer:paths`)."""
        names = self.names
        module, colon, attribute = value.partition(":")
        if not colon:
            return names.new + value[len(names.legacy) :]
        if names.names_legacy(module):
            return f"{names.new}{module[len(names.legacy) :]}:{attribute}"
        # `pkg.config:paths.X`: the package's attribute is the module.
        return f"{names.new_package}:{names.new_basename}{attribute[len(names.basename) :]}"

    def _string_annotation(self, annotation: ast.expr | None) -> None:
        if not (isinstance(annotation, ast.Constant) and isinstance(annotation.value, str)):
            return
        try:
            parsed = ast.parse(annotation.value.strip(), mode="eval")
        except (SyntaxError, ValueError):
            return
        for inner in ast.walk(parsed):
            chain = _dotted(inner) if isinstance(inner, ast.Attribute) else None
            if chain is not None and chain == self.names.legacy:
                self.handled.add(id(annotation))
                self._add(
                    annotation,
                    RUNTIME,
                    f"string annotation {annotation.value!r} names the legacy module "
                    f"`{self.names.legacy}`",
                    f"{annotation.value.replace(chain, self.names.new)!r}",
                )
                return

    # -- attribute chains --------------------------------------------------------------------

    def _attribute(self, node: ast.Attribute) -> None:
        if node.attr != self.names.basename:
            return
        chain = _dotted(node)
        if chain is not None:
            self.chains.append((node, chain))

    # -- output ------------------------------------------------------------------------------

    def _add(
        self, node: ast.AST, kind: str, what: str, replacement: str, within: ast.AST | None = None
    ) -> None:
        """Record a reference at `node`, part of the statement `within` (an import's alias)."""
        line: int = getattr(node, "lineno", 1)
        offset: int = getattr(node, "col_offset", 0)
        span = node if within is None else within
        first: int = getattr(span, "lineno", line)
        last: int = getattr(span, "end_lineno", None) or line
        column = self._column(line, offset)
        message = f"{what} — use {replacement}" if replacement else what
        end_line: int | None = getattr(node, "end_lineno", None)
        end_offset: int | None = getattr(node, "end_col_offset", None)
        end_column = (
            None if end_line is None or end_offset is None else self._column(end_line, end_offset)
        )
        self.found[(line, column, message)] = Reference(
            line,
            column,
            first,
            last,
            kind,
            message,
            end_line=end_line,
            end_column=end_column,
            replacement=replacement.strip("`") if replacement else None,
        )

    def _column(self, line: int, byte_offset: int) -> int:
        """1-based character column: `ast` counts UTF-8 bytes, editors count characters."""
        if self._lines is None:
            # Python's own line breaks only: str.splitlines also breaks at form feeds and more.
            text = self.text
            self._lines = [] if text.isascii() else patterns.parser_newlines(text).split("\n")
        if line > len(self._lines):
            return byte_offset + 1  # ASCII text: bytes are characters
        prefix = self._lines[line - 1].encode("utf-8")[:byte_offset]
        return len(prefix.decode("utf-8", "ignore")) + 1


def _reason(error: BaseException) -> str:
    message = getattr(error, "msg", None) or str(error)
    return str(message).splitlines()[0] if message else type(error).__name__


def _dotted(node: ast.expr) -> str | None:
    """`a.b.c` for a chain of attributes on a name, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _alias_text(alias: ast.alias) -> str:
    return alias.name if alias.asname is None else f"{alias.name} as {alias.asname}"


#: Fields holding nested statements (function and class bodies, blocks, handlers, match cases).
_STATEMENT_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")


def _spans_any(node: ast.AST, lines: Sequence[int]) -> bool:
    """True when `node` has no position (arguments, comprehensions) or its lines hold a hit."""
    first = getattr(node, "lineno", None)
    if first is None:
        return not isinstance(node, ast.expr_context)
    decorators = getattr(node, "decorator_list", None)
    if decorators:  # a definition's position starts at `def`/`class`, after its decorators
        first = min(first, decorators[0].lineno)
    index = bisect_left(lines, first)
    return index < len(lines) and lines[index] <= (getattr(node, "end_lineno", None) or first)


def _keyword_or_arg(node: ast.Call, name: str, position: int) -> ast.expr | None:
    for keyword in node.keywords:
        if keyword.arg == name:
            return keyword.value
    return node.args[position] if len(node.args) > position else None


def _literal_strings(node: ast.expr | None) -> Iterator[str]:
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        for element in node.elts:
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                yield element.value
