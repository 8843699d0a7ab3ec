"""The import codemod under LibCST's own `CodemodTest` harness (a `unittest` class)."""

from __future__ import annotations

from libcst.codemod import CodemodContext, CodemodTest

from codemods.imports.legacy_imports import LegacyImportsCodemod

from codemod_testing import CONFIG, PROJECT

EXAMPLE = str(PROJECT / "src" / "daydreaming_dagster" / "assets" / "example.py")


class TestWithLibCSTCodemodTest(CodemodTest):
    """The issue asks for LibCST's own harness for one class of cases (run through `unittest`'s
    assertions; the context carries the filename, so relative imports resolve)."""

    TRANSFORM = LegacyImportsCodemod

    def _run(self, before: str, after: str) -> None:
        self.assertCodemod(
            before,
            after,
            CONFIG,
            context_override=CodemodContext(filename=EXAMPLE),
        )

    def test_relative(self) -> None:
        self._run(
            "from ..config.paths import Paths as P\n", "from data_layer.paths import Paths as P\n"
        )

    def test_warning_for_star(self) -> None:
        self.assertCodemod(
            "from ..config.paths import *\n",
            "from ..config.paths import *\n",
            CONFIG,
            context_override=CodemodContext(filename=EXAMPLE),
            expected_warnings=[
                f"{EXAMPLE}:1:1: DLM101 from daydreaming_dagster.config.paths "
                "import * — import the names you use from data_layer.paths"
            ],
        )
