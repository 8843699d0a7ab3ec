"""The bundled legacy package, loaded from its files for tests and benches to compare against.

`examples/legacy_project/src/daydreaming_dagster` is imported under a private top-level name
(`_legacy_daydreaming_dagster`) so that it never shadows, nor is shadowed by, a real
`daydreaming_dagster`, and nothing is added to `sys.path`. Its relative imports
(`from ..config.paths import ...`) resolve inside that private package.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parent.parent
LEGACY_SRC = REPO_ROOT / "examples" / "legacy_project" / "src"
LEGACY_PACKAGE_DIR = LEGACY_SRC / "daydreaming_dagster"
PRIVATE_PACKAGE = "_legacy_daydreaming_dagster"

__all__ = [
    "LEGACY_PACKAGE_DIR",
    "LEGACY_SRC",
    "PRIVATE_PACKAGE",
    "legacy_generation",
    "legacy_package",
    "legacy_paths",
]


def legacy_package() -> ModuleType:
    """The legacy top-level package, imported once under `PRIVATE_PACKAGE`."""
    package = sys.modules.get(PRIVATE_PACKAGE)
    if package is not None:
        return package
    spec = importlib.util.spec_from_file_location(
        PRIVATE_PACKAGE,
        LEGACY_PACKAGE_DIR / "__init__.py",
        submodule_search_locations=[str(LEGACY_PACKAGE_DIR)],
    )
    assert spec is not None and spec.loader is not None, LEGACY_PACKAGE_DIR
    package = importlib.util.module_from_spec(spec)
    # Registered before it runs, as the import system does, so submodules can find their parent.
    sys.modules[PRIVATE_PACKAGE] = package
    try:
        spec.loader.exec_module(package)
    except BaseException:
        del sys.modules[PRIVATE_PACKAGE]
        raise
    return package


def legacy_paths() -> ModuleType:
    """The legacy `daydreaming_dagster.config.paths` module (`Paths` and the constants)."""
    legacy_package()
    return importlib.import_module(f"{PRIVATE_PACKAGE}.config.paths")


def legacy_generation() -> ModuleType:
    """The legacy `daydreaming_dagster.utils.generation` module (`write_gen_*`, `load_generation`)."""
    legacy_package()
    return importlib.import_module(f"{PRIVATE_PACKAGE}.utils.generation")
