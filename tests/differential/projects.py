"""Whole-project differential runs: a small legacy project, migrated by `data-layer-migrate all`,
then the legacy and the migrated project each run against its own temporary data root seeded with
the same files. Returned values and the stores must agree.

A project is several modules that import each other (module-level and class-level names, names
bound twice, dynamic uses), so a rule is tested where real code puts it, not only inside one
function. Each run is a fresh subprocess: nothing leaks between the legacy and the migrated run.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from legacy import LEGACY_PACKAGE_DIR, REPO_ROOT

from codemods.cli import main as migrate_main

#: The legacy modules a project may use: `Paths` and the gens helpers (not the example's assets).
LEGACY_MODULES = (
    "__init__.py",
    "config/__init__.py",
    "config/paths.py",
    "utils/__init__.py",
    "utils/generation.py",
)

PYPROJECT = """\
[project]
name = "differential-project"
version = "0"

[tool.data-layer-migrate]
source-roots = ["src"]
"""

#: Imports the driver module, calls its `run()` and prints the outcome as JSON: the value (paths
#: made relative to the data root) or the name of the exception it raised.
RUNNER = """\
import importlib, json, os, pathlib, sys
root = pathlib.Path(os.environ["DATA_ROOT"])
def plain(value):
    if isinstance(value, os.PathLike):
        path = pathlib.Path(value)
        return "<path>" + (str(path.relative_to(root)) if path.is_absolute() else str(path))
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return "<" + type(value).__name__ + ">"
try:
    outcome = {"value": plain(importlib.import_module(sys.argv[1]).run())}
except Exception as error:  # the type is what callers branch on
    outcome = {"raised": [cls.__name__ for cls in type(error).__mro__ if cls.__module__ == "builtins"][0]}
print(json.dumps(outcome, sort_keys=True))
"""


@dataclass(frozen=True)
class Project:
    """Modules under `src/` (path -> source, dedented), the module whose `run()` is called, and
    files seeded under the data root (path -> bytes) before each run."""

    id: str
    modules: Mapping[str, str]
    driver: str
    seed: Mapping[str, bytes] = field(default_factory=dict)
    #: Lines added to `[tool.data-layer-migrate]` (`paths-module = "..."`).
    config: str = ""
    #: Code the migration must have rewritten away (module path -> snippets): the run then
    #: compares the rewrite, not a file left as it was.
    rewritten: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    legacy: dict[str, Any]
    migrated: dict[str, Any]
    legacy_store: dict[str, Any]
    migrated_store: dict[str, Any]
    #: `data-layer-migrate all`'s exit status and its report (stdout).
    status: int
    report: str
    #: The migrated modules' sources (path -> text).
    sources: dict[str, str]


def build(project: Project, folder: Path) -> Path:
    """The legacy project in `folder`: the bundled legacy package plus the project's modules."""
    for name in LEGACY_MODULES:
        target = folder / "src" / "daydreaming_dagster" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(LEGACY_PACKAGE_DIR / name, target)
    (folder / "pyproject.toml").write_text(PYPROJECT + textwrap.dedent(project.config))
    for name, source in project.modules.items():
        target = folder / "src" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(source).lstrip("\n"))
    return folder


def migrate(folder: Path) -> tuple[int, str]:
    """Run `data-layer-migrate all` in `folder`; its exit status and stdout."""
    out = io.StringIO()
    previous = Path.cwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            status = migrate_main(["all", "-j", "1", "--no-progress", "."])
    finally:
        os.chdir(previous)
    return status, out.getvalue()


def execute(folder: Path, project: Project, data_root: Path) -> dict[str, Any]:
    """Seed `data_root`, run the driver in a fresh interpreter, return its JSON outcome."""
    for name, content in project.seed.items():
        target = data_root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    data_root.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATA_ROOT": str(data_root),
        "PYTHONPATH": os.pathsep.join([str(folder / "src"), str(REPO_ROOT)]),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    completed = subprocess.run(
        [sys.executable, "-c", RUNNER, project.driver],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def snapshot(root: Path) -> dict[str, Any]:
    """Every path under `root` (folders too): files by content, JSON files parsed when they parse."""
    state: dict[str, Any] = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_dir():
            state[key + "/"] = None
            continue
        data = path.read_bytes()
        if path.suffix == ".json":
            try:
                state[key] = ("json", json.loads(data))
                continue
            except ValueError:
                pass
        state[key] = ("bytes", data)
    return state


def run_both(project: Project, tmp_path: Path) -> Outcome:
    legacy = build(project, tmp_path / "legacy")
    migrated = tmp_path / "migrated"
    shutil.copytree(legacy, migrated)
    status, report = migrate(migrated)
    legacy_root, migrated_root = tmp_path / "legacy-data", tmp_path / "migrated-data"
    return Outcome(
        legacy=execute(legacy, project, legacy_root),
        migrated=execute(migrated, project, migrated_root),
        legacy_store=snapshot(legacy_root),
        migrated_store=snapshot(migrated_root),
        status=status,
        report=report,
        sources={
            name: (migrated / "src" / name).read_text(encoding="utf-8") for name in project.modules
        },
    )
