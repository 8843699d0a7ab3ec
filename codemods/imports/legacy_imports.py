"""Rewrite every reference to the legacy paths module so the tree imports the new one instead.

    -from ..config.paths import Paths, RAW_FILENAME  # noqa: E402
    +from data_layer.paths import Paths, RAW_FILENAME  # noqa: E402
    -import daydreaming_dagster.config.paths
    -root = daydreaming_dagster.config.paths.Paths("data")
    +import data_layer.paths
    +root = data_layer.paths.Paths("data")
    -@mock.patch("daydreaming_dagster.config.paths.Paths")
    +@mock.patch("data_layer.paths.Paths")

Names bound by the rewritten imports stay the same (aliases kept, `from pkg.config import paths`
still binds `paths`), so uses of them need no change. What is not provably equivalent is
reported, not guessed: star imports, names the new module does not export, prose in comments and
docstrings, strings whose run-time meaning is unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import libcst as cst
from libcst.metadata import (
    Access,
    CodeRange,
    ImportAssignment,
    MetadataWrapper,
    PositionProvider,
    ScopeProvider,
)

from codemods.base import MigrationCodemod
from codemods.config import LEGACY_EXPORTS, MigrateConfig
from codemods.findings import LEGACY_REFERENCE, Finding
from codemods.imports import edits, scan, sorting
from codemods.imports.scan import (
    AMBIGUOUS,
    NOT_EXPORTED,
    PROSE,
    STAR_IMPORT,
    Binding,
    Collector,
    Edit,
    ImportSite,
    NodePath,
    Texts,
    prose_message,
    string_edit,
)
from codemods.imports.sorting import Sections
from codemods.legacy.names import Names
from codemods.legacy.noqa import noqa_lines, suppressed
from codemods.legacy.prefilter import prefilter_for
from codemods.legacy.references import is_legacy_module_file
from codemods.module_names import is_same_or_inside, spell_module
from codemods.speedups.statement_index import Unit, local_positions

__all__ = [
    "AMBIGUOUS",
    "NOT_EXPORTED",
    "PATHS_EXPORTS",
    "PROSE",
    "STAR_IMPORT",
    "LegacyImportsCodemod",
]

#: What the new paths module must export: the legacy module's `__all__`.
PATHS_EXPORTS = frozenset(LEGACY_EXPORTS)


@dataclass
class _StatementResult:
    """What becomes of one small statement: its replacement (None: removed) and statements added
    right after it (with comments moved off the original)."""

    replacement: cst.BaseSmallStatement | None
    added: list[cst.BaseSmallStatement] = field(default_factory=list)
    comments: list[cst.Comment] = field(default_factory=list)


class LegacyImportsCodemod(MigrationCodemod):
    """Point every import, attribute chain and run-time string naming the legacy module at the
    new paths module; report what cannot be rewritten safely."""

    DESCRIPTION = (
        "Rewrite imports of the legacy paths module (and the strings and attribute chains that "
        "name it) to the new paths module; report what cannot be rewritten safely."
    )
    CODES: ClassVar[Mapping[str, str]] = {
        LEGACY_REFERENCE: "reference to the legacy module (fixed: rewritten to the new module)",
        STAR_IMPORT: "star import from the legacy module: its names cannot be checked",
        NOT_EXPORTED: "name the new paths module does not export",
        PROSE: "legacy module named in a comment, docstring or message: prose for a human",
        AMBIGUOUS: "dynamic or ambiguous reference that cannot be rewritten safely",
    }

    @classmethod
    def may_apply(cls, source: bytes, config: MigrateConfig) -> bool:
        """False when the file's text cannot refer to the legacy module (checked before parsing)."""
        return prefilter_for(config).may_mention(source)

    def transform_module(self, tree: cst.Module) -> cst.Module:
        # Codemod.transform_module copies the tree and computes positions for all of it; the
        # indexed path below needs neither for most files, so metadata is handled here.
        self.findings = []
        try:
            return self._transform(tree)
        finally:
            self.metadata = {}

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        return self._transform(tree)

    # -- the pipeline ------------------------------------------------------------------------

    def _transform(self, tree: cst.Module) -> cst.Module:
        location = self.location
        names = Names.of(self.config, location, PATHS_EXPORTS)
        if is_legacy_module_file(location, self.config):
            return tree  # the legacy module itself (or its shim) keeps importing what it needs
        source = self.context.scratch.get(self.SOURCE_SCRATCH_KEY)
        if not isinstance(source, str):
            source = tree.code
        if not prefilter_for(self.config).may_mention(source.encode("utf-8", "surrogatepass")):
            return tree
        self._names = names
        self._texts = Texts(names.legacy, names.basename)
        #: Lines whose comment is a noqa listing DLM001: what spans one is neither rewritten nor reported.
        self._noqa = noqa_lines(source)
        self._all_bindings: list[Binding] = []
        self._bound_names: set[str] = set()
        index = scan.build_index(tree, source, names, self._texts)
        if index is None:
            collector = self._full_scan(tree)
        else:
            uses: dict[cst.CSTNode, tuple[Binding, Access | None, bool]] = {}
            ancestors: dict[cst.CSTNode, str] = {}
            chosen = index.units
            if index.needs_scope and index.unshadowed is not None:
                chosen = index.with_words(index.unshadowed)
            elif index.needs_scope:
                # Scope analysis is the costly part (several parses' worth): only files where a
                # name bound to the legacy module (or to a package above it) may be shadowed or
                # rebound pay for it, and only the statements that spell a bound name are visited.
                wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
                uses, ancestors = self._bindings(wrapper.resolve(ScopeProvider).values())
                chosen = index.with_words(self._bound_names)
            unshadowed = index.needs_scope and index.unshadowed is not None
            collector = self._indexed_scan(tree, chosen, uses, ancestors, unshadowed=unshadowed)
            if unshadowed:
                self._all_bindings = collector.resolve_unshadowed()
            for line, column in index.comment_lines:
                if line not in self._noqa:
                    self._record(line, column, PROSE, prose_message("a comment"))
        result = self._apply(tree, self._plan(collector))
        if result is not tree:
            body = sorting.resort(tree.body, result.body, Sections(self.config, location))
            result = result.with_changes(body=body)
        self.findings = sorted(set(self.findings))
        return result

    def _indexed_scan(
        self,
        tree: cst.Module,
        chosen: Sequence[Unit],
        uses: dict[cst.CSTNode, tuple[Binding, Access | None, bool]],
        ancestors: dict[cst.CSTNode, str],
        *,
        unshadowed: bool = False,
    ) -> Collector:
        positions: dict[cst.CSTNode, CodeRange] = {}
        collector = Collector(self._names, self._texts, uses, ancestors)
        collector.unshadowed = unshadowed
        for unit in chosen:
            local_positions(tree, unit, positions)
            collector.stack = list(unit.path[:-1])
            collector.prune_suites = unit.header_only
            unit.node.visit(collector)
        self.metadata = {PositionProvider: positions}
        return collector

    def _full_scan(self, tree: cst.Module) -> Collector:
        wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
        resolved = wrapper.resolve_many([PositionProvider, ScopeProvider])
        self.metadata = {PositionProvider: resolved[PositionProvider]}
        bindings, ancestors = self._bindings(resolved[ScopeProvider].values())
        collector = Collector(self._names, self._texts, bindings, ancestors)
        collector.stack = []
        tree.visit(collector)
        return collector

    # -- binding analysis (files that bind the legacy module or an ancestor to a name) --------

    def _bindings(
        self, scopes: Iterable[object]
    ) -> tuple[dict[cst.CSTNode, tuple[Binding, Access | None, bool]], dict[cst.CSTNode, str]]:
        """Map each use of a legacy-module binding to (binding, access, spells-the-legacy-name),
        and each use of a name bound to an ancestor package to that package's name."""
        uses: dict[cst.CSTNode, tuple[Binding, Access | None, bool]] = {}
        ancestors: dict[cst.CSTNode, str] = {}
        bindings: dict[tuple[int, int], Binding] = {}
        seen: set[int] = set()
        for scope in scopes:
            if scope is None or id(scope) in seen:
                continue
            seen.add(id(scope))
            for assignment in scope.assignments:  # type: ignore[attr-defined]
                if not isinstance(assignment, ImportAssignment):
                    continue
                statement = assignment.node
                for alias in _aliases(statement):
                    kind = self._alias_kind(statement, alias, assignment.name)
                    if kind is None:
                        continue
                    role, module = kind
                    self._bound_names.add(assignment.name.partition(".")[0])
                    if role == "ancestor":
                        for access in assignment.references:
                            if _root_bound_here(access, assignment):
                                ancestors[access.node] = module
                        continue
                    key = (id(statement), id(alias))
                    binding = bindings.get(key)
                    if binding is None:
                        assert isinstance(statement, (cst.Import, cst.ImportFrom))
                        binding = Binding(
                            ImportSite(statement, ()),
                            alias,
                            plain=alias.asname is None and isinstance(statement, cst.Import),
                        )
                        bindings[key] = binding
                    for access in assignment.references:
                        if not _root_bound_here(access, assignment):
                            continue
                        if role == "legacy":
                            uses[access.node] = (binding, access, binding.plain)
                        else:  # a prefix of `import pkg.config.paths`: `pkg` used otherwise
                            binding.other_use = True
        self._all_bindings = list(bindings.values())
        return uses, ancestors

    def _alias_kind(
        self, statement: cst.CSTNode, alias: cst.ImportAlias, bound: str
    ) -> tuple[str, str] | None:
        """("legacy", L) when `bound` names the legacy module through `alias`, ("prefix", name)
        for the other names `import pkg.config.paths` binds, ("ancestor", module) when it names
        a package above the legacy module; None when unrelated."""
        names = self._names
        dotted = edits.dotted_name(alias.name) or ""
        if isinstance(statement, cst.Import):
            if alias.asname is not None:
                if edits.alias_binding(alias, from_import=False) != bound:
                    return None
                if dotted == names.legacy:
                    return "legacy", names.legacy
                if names.legacy.startswith(dotted + "."):
                    return "ancestor", dotted
                return None
            if not is_same_or_inside(dotted, bound):
                return None
            if dotted == names.legacy:
                return ("legacy", bound) if bound == dotted else ("prefix", bound)
            if names.legacy.startswith(bound + "."):
                return "ancestor", bound
            return None
        if (
            not isinstance(statement, cst.ImportFrom)
            or edits.alias_binding(alias, from_import=True) != bound
        ):
            return None
        base = scan.resolve(names, statement)
        if base is None:
            return None
        module = f"{base}.{dotted}"
        if module == names.legacy:
            return "legacy", module
        if names.legacy.startswith(module + "."):
            return "ancestor", module
        return None

    # -- deciding ----------------------------------------------------------------------------

    def _plan(self, collector: Collector) -> dict[cst.CSTNode, tuple[NodePath, Edit]]:
        """Decide every site, report it, and return the edits to make (by original node)."""
        names = self._names
        planned: dict[cst.CSTNode, tuple[NodePath, Edit]] = {}
        self_import = names.location is not None and names.location.name == names.new
        # Uses of module bindings first: they decide whether the binding's import can change.
        bindings = self._all_bindings
        by_statement: dict[cst.CSTNode, list[Binding]] = {}
        for binding in bindings:
            by_statement.setdefault(binding.site.statement, []).append(binding)
        for node, (binding, _access, spelled) in collector.binding_uses.items():
            if self._silenced(node):
                # Rewriting the import without this use would break it: leave both.
                binding.problems.append(
                    (
                        binding.site.statement,
                        AMBIGUOUS,
                        f"a use of {names.legacy} is marked `# noqa: {LEGACY_REFERENCE}`; "
                        f"its import is left as is",
                    )
                )
                continue
            self._classify_use(node, binding, spelled, collector)
        results: dict[cst.SimpleStatementLine, tuple[NodePath, dict[int, _StatementResult]]] = {}
        needed = self._needed_because(collector)
        for site in collector.imports:
            line = site.line
            if line is None or self._silenced(site.statement):
                continue
            if self_import:
                self.report(
                    site.statement,
                    AMBIGUOUS,
                    f"the new module {names.new} imports {names.legacy}; left as is",
                )
                continue
            if needed is not None and _imports_legacy(site, names):
                self.report(
                    site.statement,
                    AMBIGUOUS,
                    f"import of {names.legacy} kept: {needed}, which needs it imported",
                )
                continue
            result = self._plan_import(site, by_statement.get(site.statement, []), planned)
            if result is not None:
                index = next(i for i, s in enumerate(line.body) if s is site.statement)
                line_path = site.path[: site.path.index(line) + 1]
                results.setdefault(line, (line_path, {}))[1][index] = result
        self._merge(results)
        for line, (line_path, statements) in results.items():
            planned[line] = (line_path, _line_edit(line, statements))
        for node, path, edit in collector.string_edits:
            if not self._silenced(node):
                planned[node] = (path, edit)
        for node, message in collector.fixed_strings:
            if not self._silenced(node):
                self.report(node, LEGACY_REFERENCE, message, fixed=True)
        for node, code, message in collector.problems:
            if not self._silenced(node):
                self.report(node, code, message)
        for node, what in collector.prose:
            if not self._silenced(node):
                self.report(node, PROSE, prose_message(what))
        return planned

    def _needed_because(self, collector: Collector) -> str | None:
        """Why the file's imports of the legacy module must stay (None: they may change): a use
        left as it is (reported, or marked noqa) finds the module only if it is imported."""
        if not collector.needs_legacy:
            return None
        node, what = collector.needs_legacy[0]
        position = self.metadata[PositionProvider].get(node)
        where = f"line {position.start.line}: " if isinstance(position, CodeRange) else ""
        more = len(collector.needs_legacy) - 1
        return where + what + (f" (and {more} more)" if more else "")

    def _silenced(self, node: cst.CSTNode) -> bool:
        """`node` spans a line with `# noqa: DLM001` (`codemods.legacy.noqa`: one meaning)."""
        if not self._noqa:
            return False
        position = self.metadata[PositionProvider].get(node)
        if not isinstance(position, CodeRange):
            return False
        return suppressed(self._noqa, position.start.line, position.end.line)

    def _classify_use(
        self, node: cst.CSTNode, binding: Binding, spelled: bool, collector: Collector
    ) -> None:
        names = self._names
        if node not in collector.use_context:  # never visited: nothing is known of its context
            binding.problems.append((node, AMBIGUOUS, f"use of {names.legacy} not analysed"))
            return
        path, member, call = collector.use_context[node]
        bound = edits.alias_binding(
            binding.alias, from_import=isinstance(binding.site.statement, cst.ImportFrom)
        )
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            value = node.evaluated_value if isinstance(node, cst.SimpleString) else None
            prefix = names.legacy if spelled else bound
            if not isinstance(value, str) or not is_same_or_inside(value, prefix):
                binding.problems.append(
                    (
                        node,
                        AMBIGUOUS,
                        "string annotation naming the legacy module is not a plain dotted name",
                    )
                )
                return
            bad = names.member_ok(value, prefix)
            if bad is not None:
                binding.problems.append(
                    (node, NOT_EXPORTED, f"{names.legacy}.{bad} is not exported by {names.new}")
                )
                return
            if spelled:
                new_value = names.new + value[len(prefix) :]
                binding.replacements[node] = (
                    path,
                    string_edit(new_value),
                    f"string annotation {value} — use {new_value}",
                )
            return
        if member is not None and member not in PATHS_EXPORTS:
            binding.problems.append(
                (node, NOT_EXPORTED, f"{names.legacy}.{member} is not exported by {names.new}")
            )
            return
        if member is None and call is not None:
            binding.problems.append((node, call[0], call[1]))
            return
        if spelled:
            shown = f"{names.legacy}.{member}" if member else names.legacy
            replacement = f"{names.new}.{member}" if member else names.new
            binding.replacements[node] = (
                path,
                _expr_edit(names.new),
                f"attribute {shown} — use {replacement}",
            )

    def _plan_import(
        self,
        site: ImportSite,
        bindings: list[Binding],
        planned: dict[cst.CSTNode, tuple[NodePath, Edit]],
    ) -> _StatementResult | None:
        names = self._names
        statement = site.statement
        if isinstance(statement, cst.ImportFrom):
            resolved = scan.resolve(names, statement)
            if resolved == names.legacy:
                return self._plan_names_import(statement)
            if resolved is None:
                self.report(
                    statement,
                    AMBIGUOUS,
                    f"relative import cannot be resolved (the file has no module name); it may name {names.legacy}",
                )
                return None
            return self._plan_module_from_import(site, bindings, planned)
        return self._plan_module_import(site, bindings, planned)

    def _plan_names_import(self, statement: cst.ImportFrom) -> _StatementResult | None:
        names = self._names
        if isinstance(statement.names, cst.ImportStar):
            self.report(
                statement,
                STAR_IMPORT,
                f"from {names.legacy} import * — import the names you use from {names.new}",
            )
            return None
        bad = sorted(
            {edits.dotted_name(alias.name) or "" for alias in statement.names} - PATHS_EXPORTS
        )
        if bad:
            self.report(
                statement,
                NOT_EXPORTED,
                f"{', '.join(bad)} not exported by {names.new}; import left as is",
            )
            return None
        level, module = spell_module(names.new, names.location, relative=bool(statement.relative))
        self.report(
            statement, LEGACY_REFERENCE, f"import from {names.legacy} — use {names.new}", fixed=True
        )
        return _StatementResult(edits.with_module(statement, level, module))

    def _blocked(self, site: ImportSite, bindings: Sequence[Binding]) -> bool:
        problems = [problem for binding in bindings for problem in binding.problems]
        for node, code, message in problems:
            self.report(node, code, message)
        if problems:
            self.report(
                site.statement,
                AMBIGUOUS,
                f"import of {self._names.legacy} left as is: {len(problems)} use(s) cannot be rewritten",
            )
        return bool(problems)

    def _commit(
        self, bindings: Sequence[Binding], planned: dict[cst.CSTNode, tuple[NodePath, Edit]]
    ) -> None:
        for binding in bindings:
            for node, (path, edit, message) in binding.replacements.items():
                planned[node] = (path, edit)
                self.report(node, LEGACY_REFERENCE, message, fixed=True)

    def _plan_module_from_import(
        self,
        site: ImportSite,
        bindings: list[Binding],
        planned: dict[cst.CSTNode, tuple[NodePath, Edit]],
    ) -> _StatementResult | None:
        """`from pkg.config import paths [as p], other`: bind the new module to the same name."""
        names = self._names
        statement = site.statement
        assert isinstance(statement, cst.ImportFrom) and not isinstance(
            statement.names, cst.ImportStar
        )
        if not bindings:
            # Seen without binding analysis (should not happen): never guess.
            self.report(
                statement,
                AMBIGUOUS,
                f"import of {names.legacy} whose uses were not analysed; left as is",
            )
            return None
        if self._blocked(site, bindings):
            return None
        moved = [
            i for i, alias in enumerate(statement.names) if any(b.alias is alias for b in bindings)
        ]
        new_aliases = [_module_alias(statement.names[i], names) for i in moved]
        level, package = (
            spell_module(names.new_package, names.location, relative=bool(statement.relative))
            if names.new_package
            else (0, None)
        )
        self.report(
            statement,
            LEGACY_REFERENCE,
            f"module import of {names.legacy} — use {names.new}",
            fixed=True,
        )
        self._commit(bindings, planned)
        if package is None and level == 0:
            added: cst.BaseSmallStatement = cst.Import(
                names=[
                    cst.ImportAlias(
                        name=cst.Name(names.new),
                        asname=alias.asname or cst.AsName(cst.Name(names.basename)),
                    )
                    for alias in (statement.names[i] for i in moved)
                ]
            )
            if len(moved) == len(statement.names):
                return _StatementResult(added)
            rest, comments = edits.without_aliases(statement, moved)
            return _StatementResult(rest, [added], comments)
        if len(moved) == len(statement.names):
            renamed = [
                alias.with_changes(name=new.name, asname=new.asname)
                for alias, new in zip(statement.names, new_aliases, strict=True)
            ]
            return _StatementResult(
                edits.with_module(statement.with_changes(names=renamed), level, package)
            )
        rest, comments = edits.without_aliases(statement, moved)
        clean = [alias.with_changes(comma=cst.MaybeSentinel.DEFAULT) for alias in new_aliases]
        for i in range(len(clean) - 1):
            clean[i] = clean[i].with_changes(
                comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            )
        placeholder = cst.ImportFrom(module=cst.Name(names.new_basename), names=clean)
        added_from = edits.with_module(placeholder, level, package)
        return _StatementResult(rest, [added_from], comments)

    def _plan_module_import(
        self,
        site: ImportSite,
        bindings: list[Binding],
        planned: dict[cst.CSTNode, tuple[NodePath, Edit]],
    ) -> _StatementResult | None:
        """`import pkg.config.paths [as p]` (possibly among other modules)."""
        names = self._names
        statement = site.statement
        assert isinstance(statement, cst.Import)
        new_names = list(statement.names)
        added: list[cst.BaseSmallStatement] = []
        changed = False
        for index, alias in enumerate(statement.names):
            if edits.dotted_name(alias.name) != names.legacy:
                continue
            mine = [b for b in bindings if b.alias is alias]
            if not mine:
                self.report(
                    statement,
                    AMBIGUOUS,
                    f"import of {names.legacy} whose uses were not analysed; left as is",
                )
                continue
            if self._blocked(site, mine):
                continue
            changed = True
            self._commit(mine, planned)
            self.report(
                statement,
                LEGACY_REFERENCE,
                f"module import of {names.legacy} — use {names.new}",
                fixed=True,
            )
            if any(b.other_use for b in mine):
                # `import pkg.config.paths` also bound `pkg` (with `pkg.config` loaded); the file
                # uses it for something else, so keep that binding and import the new module too.
                new_names[index] = alias.with_changes(name=edits.dotted_expr(names.package))
                added.append(cst.Import(names=[cst.ImportAlias(name=edits.dotted_expr(names.new))]))
            else:
                new_names[index] = alias.with_changes(name=edits.dotted_expr(names.new))
        if not changed:
            return None
        return _StatementResult(statement.with_changes(names=new_names), added)

    # -- merging rewritten imports into the ones already there --------------------------------

    def _merge(
        self, results: dict[cst.SimpleStatementLine, tuple[NodePath, dict[int, _StatementResult]]]
    ) -> None:
        """A rewritten `from new import X` next to an existing `from new import Y` (only imports
        between them) becomes one statement; `import new` already present is not repeated."""
        suites: dict[int, tuple[cst.CSTNode, list[cst.SimpleStatementLine]]] = {}
        for line, (line_path, _statements) in results.items():
            suite = line_path[-2]
            suites.setdefault(id(suite), (suite, []))[1].append(line)
        for suite, _lines in suites.values():
            body = getattr(suite, "body", None)
            if not isinstance(body, Sequence):
                continue
            self._merge_suite(list(body), results)

    def _final(
        self,
        line: cst.BaseStatement,
        results: dict[cst.SimpleStatementLine, tuple[NodePath, dict[int, _StatementResult]]],
    ) -> cst.BaseSmallStatement | None:
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
            return None
        entry = results.get(line)
        if entry is None:
            return line.body[0]
        result = entry[1].get(0)
        if result is None or result.added:
            return None
        return result.replacement

    def _merge_suite(
        self,
        body: list[cst.BaseStatement],
        results: dict[cst.SimpleStatementLine, tuple[NodePath, dict[int, _StatementResult]]],
    ) -> None:
        names = self._names
        groups: dict[str, list[int]] = {}
        window_start = 0
        for position, line in enumerate(body):
            if not sorting.is_import_line(line):
                self._merge_groups(body, groups, results)
                groups = {}
                window_start = position + 1
                continue
            if line in results:
                self._dedupe_import(body, position, window_start, results)
            final = self._final(line, results)
            if isinstance(final, cst.ImportFrom) and not isinstance(final.names, cst.ImportStar):
                target = scan.resolve(names, final)
                if target is not None:
                    groups.setdefault(target, []).append(position)
        self._merge_groups(body, groups, results)

    def _dedupe_import(
        self,
        body: list[cst.BaseStatement],
        position: int,
        window_start: int,
        results: dict[cst.SimpleStatementLine, tuple[NodePath, dict[int, _StatementResult]]],
    ) -> None:
        """Drop `import <new>` aliases this rewrite made when the import block has them already."""
        line = body[position]
        assert isinstance(line, cst.SimpleStatementLine)
        existing: set[tuple[str | None, str | None]] = set()
        for other in body[window_start:]:
            if not sorting.is_import_line(other):
                break
            if other is not line and other not in results:
                assert isinstance(other, cst.SimpleStatementLine)
                for small in other.body:
                    if isinstance(small, cst.Import):
                        existing |= {edits.alias_key(alias) for alias in small.names}
        new = self._names.new

        def kept(statement: cst.Import) -> list[cst.ImportAlias]:
            aliases = [
                alias
                for alias in statement.names
                if not (edits.dotted_name(alias.name) == new and edits.alias_key(alias) in existing)
            ]
            if aliases and len(aliases) < len(statement.names):
                aliases[-1] = aliases[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            return aliases

        for result in results[line][1].values():
            if isinstance(result.replacement, cst.Import):
                aliases = kept(result.replacement)
                if not aliases and not (len(line.body) == 1 and edits.has_comment(line)):
                    result.replacement = None
                elif aliases:
                    result.replacement = result.replacement.with_changes(names=aliases)
            added: list[cst.BaseSmallStatement] = []
            for statement in result.added:
                if isinstance(statement, cst.Import):
                    aliases = kept(statement)
                    if aliases:
                        added.append(statement.with_changes(names=aliases))
                else:
                    added.append(statement)
            result.added = added

    def _merge_groups(
        self,
        body: list[cst.BaseStatement],
        groups: dict[str, list[int]],
        results: dict[cst.SimpleStatementLine, tuple[NodePath, dict[int, _StatementResult]]],
    ) -> None:
        for positions in groups.values():
            lines = [body[p] for p in positions]
            if len(lines) < 2 or not any(line in results for line in lines):
                continue
            with_comments = [line for line in lines if edits.has_comment(line)]
            survivor = with_comments[0] if with_comments else lines[0]
            others = [line for line in lines if line is not survivor and line not in with_comments]
            if not others:
                continue
            merged = self._final(survivor, results)
            assert isinstance(merged, cst.ImportFrom) and not isinstance(
                merged.names, cst.ImportStar
            )
            present = {edits.alias_key(alias) for alias in merged.names}
            extra: list[cst.ImportAlias] = []
            for other in others:
                statement = self._final(other, results)
                assert isinstance(statement, cst.ImportFrom) and not isinstance(
                    statement.names, cst.ImportStar
                )
                for alias in statement.names:
                    if edits.alias_key(alias) not in present:
                        present.add(edits.alias_key(alias))
                        extra.append(alias.with_changes(comma=cst.MaybeSentinel.DEFAULT))
            if not _bindings_disjoint(body, lines, extra):
                continue
            any_path = next(
                results[line][0]
                for line in lines
                if isinstance(line, cst.SimpleStatementLine) and line in results
            )
            merged = edits.append_aliases(merged, extra)
            assert isinstance(survivor, cst.SimpleStatementLine)
            if survivor in results:
                results[survivor][1][0].replacement = merged
            else:
                # An existing import of the new module takes the names.
                results[survivor] = ((*any_path[:-1], survivor), {0: _StatementResult(merged)})
            for other in others:
                assert isinstance(other, cst.SimpleStatementLine)
                if other in results:
                    results[other][1][0].replacement = None
                else:
                    results[other] = ((*any_path[:-1], other), {0: _StatementResult(None)})

    # -- applying ----------------------------------------------------------------------------

    def _apply(
        self, tree: cst.Module, planned: dict[cst.CSTNode, tuple[NodePath, Edit]]
    ) -> cst.Module:
        if not planned:
            return tree
        ancestors: set[cst.CSTNode] = set()
        for path, _edit in planned.values():
            ancestors.update(path[:-1])
        result = tree.visit(
            _ApplyEdits({node: edit for node, (_p, edit) in planned.items()}, ancestors)
        )
        assert isinstance(result, cst.Module)
        return result

    def _record(self, line: int, column: int, code: str, message: str) -> None:
        """A finding at a position found in the text (comment-only lines), like `report`."""
        finding = Finding(self.context.filename or "<string>", line, column, code, message)
        self.findings.append(finding)
        self.context.warnings.append(finding.format())


def _root_bound_here(access: Access, assignment: ImportAssignment) -> bool:
    """LibCST resolves a dotted access (`pkg.config.paths`) by its full name even when the
    root `pkg` is shadowed by a local; only trust it when the root still means this import."""
    node = access.node
    if not isinstance(node, cst.Attribute):
        return True
    root: cst.BaseExpression = node
    while isinstance(root, cst.Attribute):
        root = root.value
    if not isinstance(root, cst.Name):
        return False
    return any(
        isinstance(candidate, ImportAssignment) and candidate.node is assignment.node
        for candidate in access.scope[root.value]
    )


def _imports_legacy(site: ImportSite, names: Names) -> bool:
    """`site` imports the legacy module when it runs (a relative import the source roots cannot
    place is reported on its own)."""
    statement = site.statement
    return isinstance(statement, cst.Import) or scan.resolve(names, statement) is not None


def _aliases(statement: cst.CSTNode) -> Sequence[cst.ImportAlias]:
    if isinstance(statement, (cst.Import, cst.ImportFrom)) and not isinstance(
        statement.names, cst.ImportStar
    ):
        return statement.names
    return ()


def _module_alias(alias: cst.ImportAlias, names: Names) -> cst.ImportAlias:
    """`paths as p` -> `<new basename> as p`, keeping the bound name."""
    bound = edits.alias_binding(alias, from_import=True)
    asname = None if bound == names.new_basename else cst.AsName(cst.Name(bound))
    if alias.asname is not None and asname is not None:
        asname = alias.asname
    return cst.ImportAlias(name=cst.Name(names.new_basename), asname=asname, comma=alias.comma)


def _bindings_disjoint(
    body: Sequence[cst.BaseStatement],
    lines: Sequence[cst.BaseStatement],
    extra: Sequence[cst.ImportAlias],
) -> bool:
    """Moving `extra` within the import block is safe when no line between the group's lines
    binds one of those names."""
    positions = [i for i, line in enumerate(body) if any(line is m for m in lines)]
    moved = {edits.alias_binding(alias, from_import=True) for alias in extra}
    for line in body[min(positions) : max(positions) + 1]:
        if any(line is m for m in lines):
            continue
        assert isinstance(line, cst.SimpleStatementLine)
        for small in line.body:
            if edits.bound_names(small) & moved:
                return False
    return True


def _expr_edit(dotted: str) -> Edit:
    def edit(node: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(node, (cst.Attribute, cst.Name))
        return edits.dotted_expr(dotted).with_changes(lpar=node.lpar, rpar=node.rpar)

    return edit


def _line_edit(line: cst.SimpleStatementLine, results: Mapping[int, _StatementResult]) -> Edit:
    """The edit of a whole line from the results of its statements."""

    def edit(
        node: cst.CSTNode,
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        assert isinstance(node, cst.SimpleStatementLine)
        body: list[cst.BaseSmallStatement] = []
        new_lines: list[tuple[cst.BaseSmallStatement, list[cst.Comment]]] = []
        alone = len(node.body) == 1
        for index, statement in enumerate(node.body):
            result = results.get(index)
            if result is None:
                body.append(statement)
                continue
            if result.replacement is not None:
                body.append(result.replacement.with_changes(semicolon=statement.semicolon))
            if alone:
                new_lines += [(added, result.comments) for added in result.added]
            else:
                semicolon = statement.semicolon
                for added in result.added:
                    if body:
                        body[-1] = body[-1].with_changes(
                            semicolon=cst.Semicolon(whitespace_after=cst.SimpleWhitespace(" "))
                        )
                    body.append(added.with_changes(semicolon=semicolon))
        if body and isinstance(node.body[-1].semicolon, cst.MaybeSentinel):
            body[-1] = body[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
        out: list[cst.SimpleStatementLine] = []
        if body:
            out.append(node.with_changes(body=body))
        for index, (added, comments) in enumerate(new_lines):
            trailing = cst.TrailingWhitespace()
            if comments:
                trailing = cst.TrailingWhitespace(
                    whitespace=cst.SimpleWhitespace("  "),
                    comment=cst.Comment("  ".join(c.value for c in comments)),
                )
            if not out and index == 0:
                out.append(node.with_changes(body=[added]))
            else:
                out.append(cst.SimpleStatementLine(body=[added], trailing_whitespace=trailing))
        if not out:
            return cst.RemovalSentinel.REMOVE
        if len(out) == 1:
            return out[0]
        return cst.FlattenSentinel(out)

    return edit


class _ApplyEdits(cst.CSTTransformer):
    """Apply edits keyed by original node, descending only into the nodes that hold them."""

    def __init__(self, planned: Mapping[cst.CSTNode, Edit], ancestors: set[cst.CSTNode]) -> None:
        super().__init__()
        self.planned = planned
        self.ancestors = ancestors

    def on_visit(self, node: cst.CSTNode) -> bool:
        return node in self.ancestors

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> Any:
        edit = self.planned.get(original_node)
        return edit(updated_node) if edit is not None else updated_node
