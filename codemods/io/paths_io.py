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
naming the reason. Where each part lives:

- `codemods/io/rules/<shape>.py`: one rule per shape of IO (`write_text`, `read_text`, `mkdir`,
  `open_with`, `gens_helpers`), each with its codes, listed in `codemods/io/rules/__init__.py`;
  `codemods/io/shapes.py`: the argument checks and codes the rules share, the name tables;
- `codemods/io/planner.py`: the planning of one file (sites to rules, path variables), with
  `codemods/io/layer.py` (the layer variables), `codemods/io/receivers.py` (what is provably a
  `Paths`) and `codemods/io/gens_roots.py` (what is provably `<Paths>.gens_root`);
- this module: the codemod (the speed-ups it runs on, applying the plan, the import clean-up),
  with `codemods/io/apply.py`, `codemods/io/remove_imports.py` and `codemods/io/imports.py`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import ClassVar, cast

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor, ImportItem
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider, Scope, ScopeProvider

from codemods.base import MigrationCodemod
from codemods.config import MigrateConfig
from codemods.imports.sorting import Sections
from codemods.io import layer_methods, receivers, shapes, sites
from codemods.io.apply import Applier
from codemods.io.importers import EVERY_NAME, imported_names
from codemods.io.imports import (
    add_from_import,
    bound_or_read_names,
    keep_blank_lines,
    layer_module_spelling,
    separate_from_stdlib,
    tidy_top,
)
from codemods.io.planner import FilePlanner
from codemods.io.receivers import LAYER_CLASS, ReceiverAnalysis
from codemods.io.remove_imports import RemoveUnspelledImports, local_name
from codemods.io.rules import CALL_RULES, PATH_RULES
from codemods.io.shapes import GENS_LOAD_HELPER, GENS_WRITE_HELPERS, PATH_HELPERS
from codemods.io.sites import FileState
from codemods.speedups.scope_module import scope_module
from codemods.speedups.statement_index import ModuleStatements, UnitPositions
from codemods.speedups.tree_index import TreeIndex

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


def _codes(*tables: Mapping[str, str]) -> dict[str, str]:
    """The codes of `tables`, each declared once, in code order."""
    merged: dict[str, str] = {}
    for table in tables:
        for code, meaning in table.items():
            assert code not in merged, f"{code} declared twice"
            merged[code] = meaning
    return dict(sorted(merged.items()))


class PathsIOCodemod(MigrationCodemod):
    """Move generation-file IO through `Paths` (and the legacy gens helpers) onto `GensDataLayer`."""

    DESCRIPTION = "Rewrite generation-file IO through Paths helpers into GensDataLayer calls."
    # The base class's attribute is inferred as a 1-tuple type; LibCST accepts any sequence.
    # Parents come from the codemod's own walk of the tree, not ParentNodeProvider.
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider)  # type: ignore[assignment]
    #: Every code of the rules, of the checks they share and of the driver, in code order.
    CODES: ClassVar[Mapping[str, str]] = _codes(
        *(rule.CODES for rule in PATH_RULES),
        *(rule.CODES for rule in CALL_RULES),
        shapes.CODES,
        receivers.CODES,
        sites.CODES,
        layer_methods.CODES,
    )

    @classmethod
    def may_apply(cls, source: bytes, config: MigrateConfig) -> bool:
        """False only when no `Paths` receiver, path helper or gens helper can appear: every
        site this codemod rewrites or reports spells one of these words."""
        return any(word in source for word in _SITE_WORDS)

    #: Built on the first file that has imports to remove, reused for the next ones.
    _remover: RemoveUnspelledImports | None = None

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
        # Scope analysis on the module without the top-level bodies that cannot matter to it
        # (same answers, see codemods/speedups/scope_module.py); positions are wanted for the few nodes
        # reported or compared: computed per statement on first use.
        # Both read the same `ast` index of the tree, built once.
        statements = ModuleStatements(tree, source)
        scoped = scope_module(statements, PATH_HELPERS, _GENS_HELPERS)
        scopes = MetadataWrapper(scoped, unsafe_skip_copy=True).resolve(ScopeProvider)
        positions = UnitPositions(statements, index.parents)
        self.metadata = {ScopeProvider: scopes, PositionProvider: positions}
        try:
            self.context = replace(context, wrapper=wrapper)
            return self._rewrite(tree, index, scopes, positions)
        finally:
            self.metadata = {}
            self.context = context

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        """The rewrite, on the metadata `transform_module` computed (`self.metadata`)."""
        scopes = cast("Mapping[cst.CSTNode, Scope | None]", self.metadata[ScopeProvider])
        positions = cast("Mapping[cst.CSTNode, CodeRange]", self.metadata[PositionProvider])
        return self._rewrite(tree, TreeIndex(tree), scopes, positions)

    def _rewrite(
        self,
        tree: cst.Module,
        index: TreeIndex,
        scopes: Mapping[cst.CSTNode, Scope | None],
        positions: Mapping[cst.CSTNode, CodeRange],
    ) -> cst.Module:
        """Plan the file's edits (`FilePlanner`), apply them, then add and drop imports."""
        analysis = ReceiverAnalysis(self.config, self.location, index, scopes, positions)
        state = FileState(tree, self.report)
        state.used_names = bound_or_read_names(tree, nodes=analysis.nodes(tree))
        imports_layer = analysis.imports_layer(tree)
        analysis.layer_class_clash = LAYER_CLASS in state.used_names and not imports_layer

        FilePlanner(analysis, state, self.config).plan(tree)
        if not state.edits and not state.insert_after and not state.insert_before:
            return tree
        original = tree
        # A plain transformer applies the planned edits: the codemod's own matcher machinery
        # would cost more than the edits on every node.
        applier = Applier(state.edits, state.insert_before, state.insert_after, index.parents)
        tree = tree.visit(applier)
        if state.needs_layer_import and not imports_layer:
            tree = self._add_layer_import(tree)
        # RemoveImportsVisitor re-analyses the whole module; skip it for imports whose name the
        # rewritten module still spells (it would keep those anyway).
        # One walk of the rewritten tree serves both the names it spells and the remover.
        rewritten = TreeIndex(tree) if state.removals else None
        spelled = (
            bound_or_read_names(tree, include_imports=False, nodes=rewritten.nodes)
            if rewritten is not None
            else set()
        )
        removals = sorted(
            (item for item in state.removals if local_name(item) not in spelled), key=str
        )
        if removals and self.location is not None:
            # A module-level import binds a public name: keep one another file imports.
            public = imported_names(self.config, self.location.name)
            removals = [
                item
                for item in removals
                if EVERY_NAME not in public and local_name(item) not in public
            ]
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
                remover = self._remover = RemoveUnspelledImports(
                    context, removals, spelled=spelled, index=rewritten
                )
            else:
                remover.reuse(context, removals, spelled=spelled, index=rewritten)
            removed = tree.visit(remover)
            tree = keep_blank_lines(tree, removed)
        return separate_from_stdlib(original, tidy_top(original, tree))

    def _add_layer_import(self, tree: cst.Module) -> cst.Module:
        module = self.config.layer_module
        level, spelled = layer_module_spelling(tree, module, self.location)
        item = (
            ImportItem(spelled, LAYER_CLASS, None, level)
            if level
            else ImportItem(module, LAYER_CLASS)
        )
        if AddImportsVisitor.CONTEXT_KEY not in self.context.scratch:
            # Placed as an import sorter would, without AddImportsVisitor's two passes.
            sections = Sections(self.config, self.location)
            return add_from_import(tree, spelled, LAYER_CLASS, sections, level)
        # Without a package name LibCST keeps a relative import relative (it would resolve it).
        context = replace(self.context, full_module_name=None, full_package_name=None)
        # AddImportsVisitor needs no metadata: visiting directly spares a deep copy of the tree.
        return tree.visit(AddImportsVisitor(context, [item]))
