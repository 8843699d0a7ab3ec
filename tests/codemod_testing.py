"""Helpers every codemod test uses: `check_transformed(before, after)` and `check_noop(src)`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import libcst as cst
from hypothesis import HealthCheck, settings
from libcst.codemod import CodemodContext

from codemods.base import MigrationCodemod
from codemods.config import MigrateConfig
from codemods.findings import Finding

PROJECT = Path("/project")
#: A tree in src layout, as the default configuration expects; nothing is read from it.
CONFIG = MigrateConfig(project_root=PROJECT, source_roots=(PROJECT / "src",))
#: A module inside the legacy package: `..config.paths` resolves to the legacy module from here.
FILENAME = str(PROJECT / "src/daydreaming_dagster/assets/example.py")


def run_codemod(
    codemod: type[MigrationCodemod],
    source: str,
    *,
    config: MigrateConfig = CONFIG,
    filename: str = FILENAME,
) -> tuple[str, list[Finding]]:
    """Run `codemod` on dedented `source`; return the new code and the findings."""
    instance = codemod(CodemodContext(filename=filename), config)
    module = cst.parse_module(textwrap.dedent(source))
    return instance.transform_module(module).code, instance.findings


def check_transformed(
    codemod: type[MigrationCodemod],
    before: str,
    after: str,
    *,
    config: MigrateConfig = CONFIG,
    filename: str = FILENAME,
) -> list[Finding]:
    """Assert `codemod` turns `before` into exactly `after`, that `after` parses, and that a
    second run changes nothing. Returns the findings of the first run."""
    expected = textwrap.dedent(after)
    cst.parse_module(expected)
    code, findings = run_codemod(codemod, before, config=config, filename=filename)
    assert code == expected
    again, _ = run_codemod(codemod, code, config=config, filename=filename)
    assert again == code, "not idempotent"
    return findings


def check_noop(
    codemod: type[MigrationCodemod],
    source: str,
    *,
    config: MigrateConfig = CONFIG,
    filename: str = FILENAME,
) -> list[Finding]:
    """Assert `codemod` leaves `source` byte-for-byte unchanged. Returns the findings."""
    code, findings = run_codemod(codemod, source, config=config, filename=filename)
    assert code == textwrap.dedent(source)
    return findings


def fuzz_settings(max_examples: int) -> settings:
    """Hypothesis settings for hypothesmith programs: slow to generate, often filtered."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )


def run_tree(
    codemod: type[MigrationCodemod], source: str, *, config: MigrateConfig = CONFIG
) -> tuple[str, list[Finding], bool]:
    """Like `run_codemod` without dedenting (generated programs are taken as they are): the new
    code, the findings, and whether the very tree that came in went out."""
    instance = codemod(CodemodContext(filename=FILENAME), config)
    tree = cst.parse_module(source)
    result = instance.transform_module(tree)
    return result.code, instance.findings, result is tree
