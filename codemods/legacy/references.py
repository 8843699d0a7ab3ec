"""Find references to the legacy module in one file's source, with the stdlib `ast` (no LibCST).

The guard's detection: pure (source bytes + the file's ModuleLocation + configuration in, findings
out), so it is fast enough for every commit and testable without files. It flags the forms the
import codemod rewrites: absolute and relative imports (resolved with `codemods.module_names`),
`from <legacy package> import <basename>`, relative imports the source roots cannot place that may
name it, attribute chains that reach it through an imported parent package, strings Python
resolves at run time (`importlib.import_module` also relative, `__import__`, `mock.patch`,
`monkeypatch.setattr`, string annotations) and any string whose whole value is its dotted name.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from functools import lru_cache

from codemods.config import MigrateConfig
from codemods.findings import LEGACY_REFERENCE, UNDECODABLE, UNPARSABLE, Finding
from codemods.legacy.prefilter import prefilter_for
from codemods.module_names import (
    ModuleLocation,
    is_module_name,
    is_same_or_inside,
    relative_import,
    resolve_relative,
)

#: Calls whose first argument (or `target=`) is a dotted name Python imports at run time.
#: Matched on the callee's last name so `mock.patch`, `unittest.mock.patch`, `mocker.patch`,
#: `monkeypatch.setattr` and a bare `patch` all count.
RUNTIME_TARGET_CALLS = frozenset(
    {
        "import_module",
        "__import__",
        "importorskip",
        "find_spec",
        "patch",
        "multiple",
        "setattr",
        "delattr",
    }
)
#: `import_module(name, package)`: the package that a relative `name` starts from.
IMPORT_MODULE_PACKAGE_ARG = "package"


class Names:
    """The configuration's names, split once per run.

    Plain classes here, not dataclasses: this module is imported on every commit, and each
    dataclass costs start-up time.
    """

    __slots__ = ("basename", "legacy", "new", "package")

    def __init__(self, legacy: str, package: str, basename: str, new: str) -> None:
        self.legacy = legacy
        self.package = package
        self.basename = basename
        self.new = new

    @classmethod
    def of(cls, config: MigrateConfig) -> Names:
        return cls(
            config.legacy_module, config.legacy_package, config.legacy_basename, config.paths_module
        )


def is_legacy_module_file(location: ModuleLocation | None, config: MigrateConfig) -> bool:
    """The legacy module's own file (the shim while it exists) is exempt from the guard."""
    return location is not None and location.name == config.legacy_module


def check_source(
    source: bytes,
    path: str,
    location: ModuleLocation | None,
    config: MigrateConfig,
    *,
    exhaustive: bool = False,
) -> list[Finding]:
    """Every reference to the legacy module in `source`, in source order.

    A file that may hold a reference but cannot be decoded or parsed yields one DLM901/DLM902
    finding instead: the guard cannot vouch for it, so it is never passed silently.
    `exhaustive` parses every file and visits every node, without the byte-level narrowing
    (the tests' oracle for that narrowing).
    """
    patterns = _patterns(config)
    if not exhaustive and not patterns.may_reference(source, location):
        return []
    try:
        text = _decode(source)
    except (UnicodeDecodeError, SyntaxError, LookupError) as error:
        return [Finding(path, 1, 1, UNDECODABLE, f"cannot decode: {_reason(error)}")]
    try:
        tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError) as error:
        line = getattr(error, "lineno", None) or 1
        column = getattr(error, "offset", None) or 1
        return [Finding(path, line, column, UNPARSABLE, f"cannot parse: {_reason(error)}")]
    except (RecursionError, MemoryError):
        return [Finding(path, 1, 1, UNPARSABLE, "cannot parse: too deeply nested")]
    finder = _Finder(Names.of(config), location, text)
    finder.scan(tree, None if exhaustive else patterns.lines_with_basename(source))
    return [
        Finding(path, line, column, LEGACY_REFERENCE, message)
        for (line, column, message), last in sorted(finder.found.items())
        if not _suppressed(text, line, last)
    ]


class _Patterns:
    """Byte patterns that narrow, before parsing, where a reference can be.

    Every flagged form spells the legacy basename either right after a dot (`pkg.config.paths`,
    `from .paths import`, `"pkg.config.paths.X"`, `cfg.paths`) or as an imported name whose
    package is spelled with the legacy package's last part (`from pkg.config import paths`,
    `from ..config import (paths)`, `fromlist=["paths"]` with `"pkg.config"`); only inside the
    legacy package can a relative import (`from . import paths`) name it without that part.
    """

    __slots__ = ("basename", "dotted", "legacy_package", "new_module", "package_part")

    def __init__(
        self,
        *,
        basename: re.Pattern[bytes],
        dotted: re.Pattern[bytes],
        package_part: re.Pattern[bytes],
        new_module: re.Pattern[bytes] | None,
        legacy_package: str,
    ) -> None:
        self.basename = basename
        self.dotted = dotted
        self.package_part = package_part
        self.new_module = new_module
        self.legacy_package = legacy_package

    def may_reference(self, source: bytes, location: ModuleLocation | None) -> bool:
        dotted = len(self.dotted.findall(source))
        if dotted and (self.new_module is None or dotted > len(self.new_module.findall(source))):
            return True
        if location is None or is_same_or_inside(location.package, self.legacy_package):
            # Inside the legacy package, or where relative imports cannot be placed,
            # `from . import paths` may name it without spelling the package.
            return self.basename.search(source) is not None
        return (
            self.basename.search(source) is not None
            and self.package_part.search(source) is not None
        )

    def lines_with_basename(self, source: bytes) -> list[int] | None:
        """Sorted 1-based lines holding the basename; None when a lone `\\r` breaks lines
        (the parser counts it, counting `\\n` would not)."""
        if b"\r" in source and source.count(b"\r") != source.count(b"\r\n"):
            return None
        lines: list[int] = []
        line, position = 1, 0
        for match in self.basename.finditer(source):
            line += source.count(b"\n", position, match.start())
            position = match.start()
            if not lines or lines[-1] != line:
                lines.append(line)
        return lines


@lru_cache(maxsize=8)
def _patterns(config: MigrateConfig) -> _Patterns:
    package, _, basename = config.legacy_module.rpartition(".")
    word = re.escape(basename.encode())
    part = re.escape(package.rpartition(".")[2].encode())
    return _Patterns(
        basename=re.compile(rb"(?<!\w)" + word + rb"(?!\w)"),
        # `pkg . config . paths` is legal Python: allow blanks around the dot.
        dotted=re.compile(rb"\.[ \t]*" + word + rb"(?!\w)"),
        package_part=re.compile(rb"(?<!\w)" + part + rb"(?!\w)"),
        # The new module's own name (`data_layer.paths`) is not a reference: the prefilter knows
        # when discounting it is safe.
        new_module=prefilter_for(config).new_module,
        legacy_package=package,
    )


def _decode(source: bytes) -> str:
    # Fast path: no coding cookie in the first two lines means UTF-8 (PEP 3120).
    head = source[:400].split(b"\n", 2)[:2]
    if any(b"coding" in line for line in head):
        import io
        import tokenize

        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
        return source.decode(encoding)
    text = source.decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


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


class _Finder:
    """One pass over a module's AST, collecting `(line, column, message)`."""

    def __init__(self, names: Names, location: ModuleLocation | None, text: str) -> None:
        self.names = names
        self.location = location
        self.text = text
        self._lines: list[str] | None = None
        #: (line, column, message) -> the node's last line (a noqa comment may sit on any of them).
        self.found: dict[tuple[int, int, str], int] = {}
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

        Every form flagged spells the basename inside the flagged node, so subtrees on other
        lines cannot hold a finding: pruning them makes a file with one reference cost little
        more than its parse.
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
                        self.handled.add(id(value))
            elif kind is ast.Attribute:
                self._attribute(node)  # type: ignore[arg-type]
            elif kind is ast.arg or kind is ast.AnnAssign:
                self._string_annotation(node.annotation)  # type: ignore[attr-defined]
            elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                self._string_annotation(node.returns)  # type: ignore[attr-defined]
            for child in ast.iter_child_nodes(node):
                if lines is None or _spans_any(child, lines):
                    stack.append(child)
        if self.chains and not self.imports_legacy_dotted:
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
        for node, chain in self.chains:
            root = chain.partition(".")[0]
            for bound in self.parents.get(root, ()):
                if bound + chain[len(root) :] == self.names.legacy:
                    self._add(
                        node,
                        f"`{chain}` refers to the legacy module `{self.names.legacy}`",
                        f"`import {self.names.new}`",
                    )
                    break

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
                    f"`import {_alias_text(alias)}` imports the legacy module",
                    f"`import {replacement}`",
                )
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
            if node.level and (
                (node.module or "").rpartition(".")[2] == names.basename
                or any(alias.name == names.basename for alias in node.names)
            ):
                self._add(
                    node,
                    f"`from {spelled} import {', '.join(map(_alias_text, node.names))}` cannot be "
                    f"resolved (the file has no module name under the source roots) and may "
                    f"import the legacy module `{names.legacy}`",
                    f"an absolute import of `{names.new}`, or set source-roots",
                )
            return
        if is_same_or_inside(module, names.legacy):
            imported = ", ".join(_alias_text(alias) for alias in node.names)
            new_module = names.new + module[len(names.legacy) :]
            self._add(
                node,
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
                    f"`from {spelled} import {_alias_text(alias)}` imports the legacy module "
                    f"`{names.legacy}`",
                    f"`{self._module_import(alias.asname or alias.name, node.level)}`",
                )
            elif alias.name != "*" and is_same_or_inside(names.legacy, full):
                self.parents.setdefault(alias.asname or alias.name, set()).add(full)

    def _spelling(self, module: str, level: int) -> str:
        """The new module spelled as the import codemod writes it: relative stays relative when
        the new module lies inside the file's own top-level package."""
        if level:
            relative = relative_import(module, self.location)
            if relative is not None:
                rel_level, rest = relative
                return "." * rel_level + (rest or "")
        return module

    def _module_import(self, bound: str, level: int) -> str:
        parent, _, base = self.names.new.rpartition(".")
        alias = "" if bound == base else f" as {bound}"
        if not parent:
            return f"import {base}{alias}"
        return f"from {self._spelling(parent, level)} import {base}{alias}"

    # -- run-time strings --------------------------------------------------------------------

    def _call(self, node: ast.Call) -> None:
        func = node.func
        callee = (
            func.attr
            if isinstance(func, ast.Attribute)
            else func.id
            if isinstance(func, ast.Name)
            else None
        )
        if callee not in RUNTIME_TARGET_CALLS:
            return
        target = node.args[0] if node.args else None
        for keyword in node.keywords:
            if keyword.arg in ("target", "name") and target is None:
                target = keyword.value
        if not (isinstance(target, ast.Constant) and isinstance(target.value, str)):
            return
        value = target.value
        if callee == "import_module" and value.startswith("."):
            resolved = self._relative_import_module(node, value)
            if resolved is not None and is_same_or_inside(resolved, self.names.legacy):
                self._string(target, value, f"{callee}()", resolved)
            return
        if callee == "__import__" and value == self.names.package:
            if self.names.basename in _literal_strings(_keyword_or_arg(node, "fromlist", 3)):
                self._add(
                    target,
                    f"`__import__({value!r}, fromlist=[{self.names.basename!r}])` imports the "
                    f"legacy module `{self.names.legacy}`",
                    f"`__import__({self.names.new!r})`",
                )
            return
        if is_module_name(value) and is_same_or_inside(value, self.names.legacy):
            self._string(target, value, f"{callee}()", value)

    def _relative_import_module(self, node: ast.Call, value: str) -> str | None:
        package_arg = _keyword_or_arg(node, IMPORT_MODULE_PACKAGE_ARG, 1)
        package: str | None = None
        if isinstance(package_arg, ast.Constant) and isinstance(package_arg.value, str):
            package = package_arg.value
            self.handled.add(id(package_arg))
        elif isinstance(package_arg, ast.Name) and package_arg.id == "__package__":
            package = self.location.package if self.location else None
        if not package or not is_module_name(package):
            return None
        stripped = value.lstrip(".")
        level = len(value) - len(stripped)
        return resolve_relative(ModuleLocation(package, True), level, stripped or None)

    def _constant(self, node: ast.Constant) -> None:
        """A string whose whole value is the legacy module's dotted name (or one of its members')
        has no prose reading: wherever it stands, something resolves it at run time."""
        value = node.value
        if id(node) in self.handled or not isinstance(value, str):
            return
        legacy = self.names.legacy
        if value == legacy or value.startswith(legacy + "."):
            new = self.names.new + value[len(legacy) :]
            self._add(node, f"string {value!r} names the legacy module `{legacy}`", f"{new!r}")

    def _string(self, node: ast.expr, value: str, where: str, resolved: str) -> None:
        self.handled.add(id(node))
        new = self.names.new + resolved[len(self.names.legacy) :]
        self._add(
            node,
            f"string {value!r} in {where} names the legacy module `{self.names.legacy}`",
            f"{new!r}",
        )

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

    def _add(self, node: ast.AST, what: str, replacement: str) -> None:
        line: int = getattr(node, "lineno", 1)
        offset: int = getattr(node, "col_offset", 0)
        last: int = getattr(node, "end_lineno", None) or line
        self.found[(line, self._column(line, offset), f"{what} — use {replacement}")] = last

    def _column(self, line: int, byte_offset: int) -> int:
        """1-based character column: `ast` counts UTF-8 bytes, editors count characters."""
        if self._lines is None:
            # Python's own line breaks only: str.splitlines also breaks at form feeds and more.
            text = self.text
            self._lines = (
                [] if text.isascii() else text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            )
        if line > len(self._lines):
            return byte_offset + 1  # ASCII text: bytes are characters
        prefix = self._lines[line - 1].encode("utf-8")[:byte_offset]
        return len(prefix.decode("utf-8", "ignore")) + 1


#: A noqa comment listing DLM001 (among other codes) silences a finding; a bare one does not,
#: because old code carries bare ones on exactly the imports this guard exists to block.
_NOQA = r"#\s*noqa\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)"


_LINE_BREAK = r"\r\n|\r|\n"  # Python's line breaks (str.splitlines knows more)


@lru_cache(maxsize=1)
def _has_noqa(text: str) -> bool:
    return re.search(_NOQA, text, re.IGNORECASE) is not None


def _suppressed(text: str, first: int, last: int) -> bool:
    if not _has_noqa(text):
        return False
    lines = re.split(_LINE_BREAK, text)[first - 1 : last]
    for line in lines:
        for match in re.finditer(_NOQA, line, re.IGNORECASE):
            if LEGACY_REFERENCE in re.split(r"[\s,]+", match.group("codes").upper()):
                return True
    return False


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
