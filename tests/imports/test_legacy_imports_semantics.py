"""Names bound by rewritten imports are the same objects as before.

A fixture module is imported as written against a package that has the legacy module, and as
rewritten against a package that has only the new one (in subprocesses, so neither pollutes
this process); every name it binds must describe the same way on both sides.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import libcst as cst
from legacy import LEGACY_PACKAGE_DIR
from libcst.codemod import CodemodContext

from codemods.config import MigrateConfig
from codemods.imports.legacy_imports import LegacyImportsCodemod

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"

#: The real modules: the bundled legacy one before the rewrite, `data_layer.paths` after.
LEGACY_PATHS = LEGACY_PACKAGE_DIR / "config" / "paths.py"
NEW_PATHS = Path(__file__).resolve().parents[2] / "data_layer" / "paths.py"

DESCRIBE = textwrap.dedent(
    """\
    import importlib, json, sys, types
    module = importlib.import_module(sys.argv[1])
    legacy, new = sys.argv[2], sys.argv[3]

    def module_name(name):
        return new if name == legacy else name

    def describe(value):
        if isinstance(value, types.ModuleType):
            return ["module", module_name(value.__name__)]
        if isinstance(value, type) and value.__name__ == "Paths":
            paths = value.from_str("/data")
            return ["Paths", module_name(value.__module__), str(paths.raw_path("draft", "g1")),
                    str(paths.gens_root)]
        if isinstance(value, str) and value.startswith(legacy + "."):
            return ["value", new + value[len(legacy):]]  # a string annotation naming a member
        if isinstance(value, (str, int, bool, type(None))):
            return ["value", value]
        if callable(value):
            return ["callable", module_name(getattr(value, "__module__", "")), value.__qualname__]
        return ["other", type(value).__name__]

    print(json.dumps({name: describe(value) for name, value in sorted(vars(module).items())
                      if not name.startswith("__")}))
    """
)


def _package(root: Path, *, legacy: bool) -> None:
    pkg = root / "daydreaming_dagster"
    (pkg / "config").mkdir(parents=True)
    (pkg / "assets").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "config" / "__init__.py").write_text("ROOT = 'configured-root'\n")
    (pkg / "config" / "settings.py").write_text("NAME = 'settings'\n")
    if legacy:
        (pkg / "config" / "paths.py").write_text(LEGACY_PATHS.read_text(encoding="utf-8"))
    else:
        (root / "data_layer").mkdir()
        (root / "data_layer" / "__init__.py").write_text("")
        (root / "data_layer" / "paths.py").write_text(NEW_PATHS.read_text(encoding="utf-8"))


def _describe(root: Path, module: str) -> dict[str, list[object]]:
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            DESCRIBE,
            module,
            "daydreaming_dagster.config.paths",
            "data_layer.paths",
        ],
        cwd=root,
        env={"PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, list[object]] = json.loads(completed.stdout)
    return result


def test_rewritten_fixtures_bind_the_same_objects(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    _package(before, legacy=True)
    _package(after, legacy=False)
    config = MigrateConfig.for_root(before)
    fixtures = sorted(FIXTURES.glob("*.py"))
    assert fixtures
    for fixture in fixtures:
        original = fixture.read_text()
        target = before / "daydreaming_dagster" / "assets" / fixture.name
        target.write_text(original)
        codemod = LegacyImportsCodemod(CodemodContext(filename=str(target)), config)
        rewritten = codemod.transform_module(cst.parse_module(original)).code
        assert rewritten != original, fixture.name
        assert "daydreaming_dagster.config.paths" not in rewritten.replace("# ", "")
        assert not [f for f in codemod.findings if not f.fixed], codemod.findings
        (after / "daydreaming_dagster" / "assets" / fixture.name).write_text(rewritten)
        module = f"daydreaming_dagster.assets.{fixture.stem}"
        described_before = _describe(before, module)
        described_after = _describe(after, module)
        for name, described in described_before.items():
            assert described_after.get(name) == described, (fixture.name, name)
        # `import a.b.paths` rewritten to `import data_layer.paths` binds `data_layer` as well.
        assert set(described_after) - set(described_before) <= {"data_layer"}
        if fixture.stem == "every_form":
            assert described_after["paths_module"] == ["module", "data_layer.paths"]
            assert described_after["Paths"][:3] == [
                "Paths",
                "data_layer.paths",
                "/data/gens/draft/g1/raw.txt",
            ]
