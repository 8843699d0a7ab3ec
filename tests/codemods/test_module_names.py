from __future__ import annotations

from pathlib import Path

import pytest

from codemods.module_names import (
    ModuleLocation,
    is_module_name,
    module_for_file,
    relative_import,
    resolve_relative,
)

ROOT = Path("/project/src")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("pkg/mod.py", ModuleLocation("pkg.mod"), id="module"),
        pytest.param("pkg/__init__.py", ModuleLocation("pkg", is_package=True), id="package"),
        pytest.param("pkg/sub/deep.py", ModuleLocation("pkg.sub.deep"), id="namespace-folders"),
        pytest.param("top.py", ModuleLocation("top"), id="top-level-module"),
        pytest.param("pkg/stubs.pyi", ModuleLocation("pkg.stubs"), id="stub"),
        pytest.param("scripts/run-me.py", None, id="not-an-identifier"),
        pytest.param("pkg/class/x.py", None, id="keyword-folder"),
        pytest.param("__init__.py", None, id="init-at-root"),
        pytest.param("notes.txt", None, id="not-python"),
    ],
)
def test_module_for_file(path: str, expected: ModuleLocation | None) -> None:
    assert module_for_file(ROOT / path, [ROOT]) == expected


def test_module_for_file_outside_every_root() -> None:
    assert module_for_file(Path("/elsewhere/pkg/mod.py"), [ROOT]) is None


def test_deepest_root_wins() -> None:
    roots = [Path("/project"), ROOT]
    assert module_for_file(ROOT / "pkg/mod.py", roots) == ModuleLocation("pkg.mod")
    assert module_for_file(Path("/project/tests/t.py"), roots) == ModuleLocation("tests.t")


@pytest.mark.parametrize(
    ("location", "level", "module", "expected"),
    [
        pytest.param(
            ModuleLocation("pkg.assets.x"), 2, "config.paths", "pkg.config.paths", id="dotdot"
        ),
        pytest.param(ModuleLocation("pkg.x"), 1, "config.paths", "pkg.config.paths", id="dot"),
        pytest.param(ModuleLocation("pkg.config.y"), 1, None, "pkg.config", id="from-dot-import"),
        pytest.param(
            ModuleLocation("pkg.config", True), 1, "paths", "pkg.config.paths", id="in-init"
        ),
        pytest.param(ModuleLocation("pkg.config", True), 2, None, "pkg", id="init-up"),
        pytest.param(ModuleLocation("pkg.x"), 2, "other", None, id="above-top-level"),
        pytest.param(ModuleLocation("top"), 1, "x", None, id="top-level-module-has-no-package"),
        pytest.param(None, 1, "x", None, id="unknown-location"),
        pytest.param(None, 0, "a.b", "a.b", id="absolute"),
    ],
)
def test_resolve_relative(
    location: ModuleLocation | None, level: int, module: str | None, expected: str | None
) -> None:
    assert resolve_relative(location, level, module) == expected


@pytest.mark.parametrize(
    ("target", "location", "expected"),
    [
        pytest.param(
            "pkg.data_layer.paths",
            ModuleLocation("pkg.assets.x"),
            (2, "data_layer.paths"),
            id="sibling-package",
        ),
        pytest.param(
            "pkg.data_layer.paths", ModuleLocation("pkg.x"), (1, "data_layer.paths"), id="from-root"
        ),
        pytest.param(
            "pkg.data_layer", ModuleLocation("pkg.data_layer.x"), (1, None), id="own-package"
        ),
        pytest.param(
            "pkg.data_layer.paths",
            ModuleLocation("pkg", True),
            (1, "data_layer.paths"),
            id="from-init",
        ),
        pytest.param(
            "data_layer.paths", ModuleLocation("pkg.assets.x"), None, id="other-top-level"
        ),
        pytest.param("pkg.a", ModuleLocation("top"), None, id="top-level-module"),
        pytest.param("pkg.a", None, None, id="unknown-location"),
    ],
)
def test_relative_import(
    target: str, location: ModuleLocation | None, expected: tuple[int, str | None] | None
) -> None:
    assert relative_import(target, location) == expected


@pytest.mark.parametrize(
    "location",
    [ModuleLocation("pkg.assets.x"), ModuleLocation("pkg", True), ModuleLocation("pkg.a.b.c.d")],
)
def test_relative_import_round_trips(location: ModuleLocation) -> None:
    target = "pkg.data_layer.paths"
    found = relative_import(target, location)
    assert found is not None
    assert resolve_relative(location, *found) == target


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("a", True),
        ("a.b_c.d1", True),
        ("", False),
        ("a..b", False),
        ("a.class", False),
        ("1a", False),
        ("a-b", False),
    ],
)
def test_is_module_name(name: str, ok: bool) -> None:
    assert is_module_name(name) is ok
