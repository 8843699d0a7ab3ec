"""The base class of our codemods: configuration, the file's module name, and findings."""

from __future__ import annotations

import argparse
from abc import ABC
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.metadata import PositionProvider

from codemods.config import MigrateConfig, find_project_root, load_config
from codemods.findings import Finding
from codemods.module_names import ModuleLocation, module_for_file


# ABC as a direct base: LibCST's `libcst.tool list` then leaves this base class out.
class MigrationCodemod(VisitorBasedCodemodCommand, ABC):
    """A codemod that knows the migration's configuration and records `Finding`s.

    Runs under our CLI (which passes `config`) and under `python -m libcst.tool codemod`
    (which passes only the context: the configuration then comes from the nearest pyproject.toml).
    """

    METADATA_DEPENDENCIES = (PositionProvider,)
    #: The finding codes this codemod emits, with a one-line meaning each.
    CODES: ClassVar[Mapping[str, str]] = {}
    #: `context.scratch` key under which a runner may pass the code the tree was parsed from,
    #: sparing a codemod the reprint of a whole module.
    SOURCE_SCRATCH_KEY: ClassVar[str] = "data-layer-migrate.source"

    def __init__(self, context: CodemodContext, config: MigrateConfig | None = None) -> None:
        super().__init__(context)
        self.config = config if config is not None else _config_for(context)
        self.findings: list[Finding] = []
        self._location: tuple[CodemodContext, ModuleLocation | None] | None = None

    @classmethod
    def may_apply(cls, source: bytes, config: MigrateConfig) -> bool:
        """False only when this codemod provably has nothing to do in `source` (checked before
        parsing, on raw bytes). The default parses everything."""
        return True

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        """No extra arguments: under libcst.tool the configuration comes from pyproject.toml."""

    def transform_module(self, tree: cst.Module) -> cst.Module:
        # libcst.tool reuses one instance for many files: findings belong to one file.
        self.findings = []
        return super().transform_module(tree)

    @property
    def location(self) -> ModuleLocation | None:
        """The module name of the file being transformed, from the configured source roots."""
        # Asked for every import a codemod resolves: computed once per file (per context, since
        # a reused instance gets a new context for each file).
        if self._location is None or self._location[0] is not self.context:
            self._location = (self.context, self._locate())
        return self._location[1]

    def _locate(self) -> ModuleLocation | None:
        filename = self.context.filename
        if filename:
            found = module_for_file(Path(filename), self.config.source_roots)
            if found is not None:
                return found
        if self.context.full_module_name:
            is_package = filename is not None and Path(filename).stem == "__init__"
            return ModuleLocation(self.context.full_module_name, is_package)
        return None

    def report(self, node: cst.CSTNode, code: str, message: str, *, fixed: bool = False) -> None:
        """Record a finding at `node`, and mirror it into the context's warnings for libcst.tool."""
        start = self.get_metadata(PositionProvider, node).start
        finding = Finding(
            path=self.context.filename or "<string>",
            line=start.line,
            column=start.column + 1,
            code=code,
            message=message,
            fixed=fixed,
        )
        self.findings.append(finding)
        if not fixed:
            self.context.warnings.append(finding.format())


def _config_for(context: CodemodContext) -> MigrateConfig:
    start = Path(context.filename).parent if context.filename else Path.cwd()
    return load_config(find_project_root(start))
