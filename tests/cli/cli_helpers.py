"""Test-only codemods and helpers for the runner and CLI tests.

The runner's behaviour (statuses, encodings, atomic writes, exit codes) must not depend on what
the real codemods rewrite today, so most tests run these small, predictable ones instead.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import ClassVar

import libcst as cst

from codemods.base import MigrationCodemod
from codemods.config import MigrateConfig


class RenameOld(MigrationCodemod):
    """Renames the name `OLD` to `NEW` (fixed, DLM191); reports `HUMAN` (DLM192); crashes on
    `BOOM`; turns `BREAK` into code that does not compile."""

    CODES: ClassVar[dict[str, str]] = {
        "DLM191": "fake rename",
        "DLM192": "fake site for a human",
    }

    @classmethod
    def may_apply(cls, source: bytes, config: MigrateConfig) -> bool:
        return any(word in source for word in (b"OLD", b"HUMAN", b"BOOM", b"BREAK"))

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if original_node.value == "OLD":
            self.report(original_node, "DLM191", "OLD renamed to NEW", fixed=True)
            return updated_node.with_changes(value="NEW")
        if original_node.value == "HUMAN":
            self.report(original_node, "DLM192", "HUMAN needs a human")
        if original_node.value == "BOOM":
            raise RuntimeError("boom")
        if original_node.value == "BREAK":
            return updated_node.with_changes(value="1 +")
        return updated_node


class AppendMarker(MigrationCodemod):
    """Appends `# seen-after-rename` to modules the first codemod renamed: proves ordering and
    that both run on one tree."""

    CODES: ClassVar[dict[str, str]] = {}

    @classmethod
    def may_apply(cls, source: bytes, config: MigrateConfig) -> bool:
        return b"OLD" in source

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if "NEW" in updated_node.code and "# seen-after-rename" not in updated_node.code:
            return updated_node.with_changes(
                footer=[
                    *updated_node.footer,
                    cst.EmptyLine(comment=cst.Comment("# seen-after-rename")),
                ]
            )
        return updated_node


FAKES: dict[str, type[MigrationCodemod]] = {"imports": RenameOld, "io": AppendMarker}


def write(path: Path, text: str | bytes) -> Path:
    """Create `path` (and its folders) with `text` (UTF-8) or exact bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` with a fixed identity; return stdout."""
    completed = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        capture_output=True,
        check=True,
        text=True,
    )
    return completed.stdout
