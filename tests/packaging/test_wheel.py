"""The built distributions (issue 12): the wheel installs into a fresh virtual environment where
both commands and `import data_layer` work, and the sdist carries the licence, the guides, the
docs and the tests.

The wheel is built without build isolation (no download): the backend, setuptools>=77 for the
SPDX `license = "MIT"`, comes with the dev extra; libcst comes from the system site packages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
#: What a build reads: copied, so the build's own files never land in the working tree.
SOURCES = (
    "pyproject.toml",
    "README.md",
    "MIGRATION.md",
    "LICENSE",
    "MANIFEST.in",
    ".pre-commit-hooks.yaml",
    ".libcst.codemod.yaml",
)
FOLDERS = ("codemods", "data_layer", "tests", "examples", "bench", "tools", "docs")

pytestmark = pytest.mark.slow


def _environment() -> dict[str, str]:
    # Nothing from this checkout may leak in: the installed copy must stand on its own.
    return {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    }


def _run(command: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=_environment(),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed


def _setuptools_is_recent() -> bool:
    try:
        from importlib.metadata import version

        return int(version("setuptools").split(".")[0]) >= 77
    except Exception:
        return False


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """`(wheel, sdist)` built from a copy of the repository's sources."""
    work = tmp_path_factory.mktemp("packaging")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        shutil.copy2(REPOSITORY / name, source / name)
    ignored = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", "_work")
    for name in FOLDERS:
        if (REPOSITORY / name).is_dir():
            shutil.copytree(REPOSITORY / name, source / name, ignore=ignored)
    dist = work / "dist"
    isolation = ["--no-build-isolation"] if _setuptools_is_recent() else []
    _run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", *isolation, "-w", dist, "-q"],
        source,
    )
    backend = "from setuptools import build_meta; import sys; build_meta.build_sdist(sys.argv[1])"
    _run([sys.executable, "-c", backend, dist], source)
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    return wheel, sdist


def test_wheel_installs_and_both_commands_run(built: tuple[Path, Path], tmp_path: Path) -> None:
    wheel, _ = built
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv], tmp_path)
    python = venv / "bin" / "python"
    _run(
        [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel],
        tmp_path,
    )
    for command in ("data-layer-migrate", "data-layer-guard"):
        shown = _run([venv / "bin" / command, "--help"], tmp_path).stdout
        assert f"usage: {command}" in shown
    located = _run(
        [
            python,
            "-c",
            "import codemods, data_layer; print(data_layer.__file__, codemods.__file__)",
        ],
        tmp_path,
    ).stdout.split()
    # The wheel's copy, not this checkout nor an editable install.
    assert all(Path(path).is_relative_to(venv) for path in located), located
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    assert {"codemods/py.typed", "data_layer/py.typed"} <= set(names)
    metadata = next(name for name in names if name.endswith(".dist-info/METADATA"))
    with zipfile.ZipFile(wheel) as archive:
        assert "License-Expression: MIT" in archive.read(metadata).decode()


def test_sdist_carries_licence_guides_docs_and_tests(built: tuple[Path, Path]) -> None:
    _, sdist = built
    with tarfile.open(sdist) as archive:
        names = {name.partition("/")[2] for name in archive.getnames()}
    assert {"LICENSE", "README.md", "MIGRATION.md", ".pre-commit-hooks.yaml"} <= names
    assert {"tests/cli/test_runner.py", "tests/packaging/test_wheel.py"} <= names
    assert "examples/migrate_example.sh" in names  # the tests run it
    docs = {path.relative_to(REPOSITORY).as_posix() for path in REPOSITORY.glob("docs/**/*.*")}
    assert docs <= names
    assert not [name for name in names if "__pycache__" in name]
