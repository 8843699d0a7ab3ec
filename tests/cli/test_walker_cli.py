"""The guard and `data-layer-migrate` see the same files in every layout (one walker), and a path
given that yields no file is a warning with its reason and exit 2 in both."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import git, write

from codemods import cli, guard

LEGACY = "from daydreaming_dagster.config.paths import Paths\n"
MIGRATED = "from data_layer.paths import Paths\n"


def _files(out: str, marker: Callable[[str], str | None]) -> set[Path]:
    found = {marker(line) for line in out.splitlines()}
    return {Path(name).resolve() for name in found if name}


def guard_sees(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, set[Path]]:
    status = guard.main(argv)
    out = capsys.readouterr().out
    return status, _files(out, lambda line: line.split(":")[0] if " DLM001 " in line else None)


def check_sees(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, set[Path]]:
    status = cli.main(["all", "--check", "--no-progress", *argv])
    out = capsys.readouterr().out
    prefix = "would rewrite "
    return status, _files(
        out, lambda line: line[len(prefix) :] if line.startswith(prefix) else None
    )


def commit_all(repository: Path) -> None:
    git(repository, "add", "-A")
    git(repository, "commit", "-qm", "files")


# -- layouts: (where to run from, the paths to give, the files with legacy references) ---------


def ignored_project(tmp: Path) -> tuple[Path, list[str], list[Path]]:
    """`outer/.gitignore` holds `vendor/`; the project `outer/vendor/proj`, run from there."""
    outer = tmp / "outer"
    write(outer / ".gitignore", "vendor/\n")
    git(outer, "init", "-q")
    project = outer / "vendor/proj"
    write(project / "pyproject.toml", "[project]\nname = 'proj'\n")
    legacy = [write(project / "src/pkg/a.py", LEGACY), write(project / "src/pkg/b.pyi", LEGACY)]
    return project, ["src"], legacy


def nested_repository(tmp: Path) -> tuple[Path, list[str], list[Path]]:
    """An untracked git repository inside the outer one, run from the outer one."""
    outer = tmp / "outer"
    write(outer / "pyproject.toml", "[project]\nname = 'outer'\n")
    legacy = [write(outer / "main.py", LEGACY), write(outer / "nested/pkg/a.py", LEGACY)]
    write(outer / "nested/.gitignore", "skip/\n")
    write(outer / "nested/skip/b.py", LEGACY)
    git(outer, "init", "-q")
    git(outer / "nested", "init", "-q")
    return outer, ["."], legacy


def submodule(tmp: Path) -> tuple[Path, list[str], list[Path]]:
    """A git submodule, run from the outer repository."""
    library = tmp / "library"
    write(library / "lib/a.py", LEGACY)
    git(library, "init", "-q")
    commit_all(library)
    outer = tmp / "outer"
    write(outer / "pyproject.toml", "[project]\nname = 'outer'\n")
    write(outer / "main.py", LEGACY)
    git(outer, "init", "-q")
    git(outer, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(library), "sub")
    commit_all(outer)
    return outer, ["."], [outer / "main.py", outer / "sub/lib/a.py"]


def symlinked_folder(tmp: Path) -> tuple[Path, list[str], list[Path]]:
    """The project reached through a symlinked folder and `..`: `exclude` still applies."""
    project = tmp / "real/project"
    write(project / "pyproject.toml", '[tool.data-layer-migrate]\nexclude = ["src/gen"]\n')
    legacy = [write(project / "src/pkg/a.py", LEGACY)]
    write(project / "src/gen/b.py", LEGACY)
    (tmp / "link").symlink_to(tmp / "real", target_is_directory=True)
    (tmp / "elsewhere").mkdir()
    return tmp / "elsewhere", ["../link/project/src"], legacy


def monorepo(tmp: Path) -> tuple[Path, list[str], list[Path]]:
    """`sub/pyproject.toml` sets its own legacy module and source roots; run from the root."""
    write(tmp / "pyproject.toml", "[tool.data-layer-migrate]\n")
    legacy = [write(tmp / "src/pkg/a.py", LEGACY)]
    write(
        tmp / "sub/pyproject.toml",
        '[tool.data-layer-migrate]\nlegacy-module = "acme.settings.paths"\nsource-roots = ["lib"]\n',
    )
    legacy.append(write(tmp / "sub/lib/acme/jobs/run.py", "from ..settings.paths import Paths\n"))
    return tmp, ["."], legacy


LAYOUTS = [ignored_project, nested_repository, submodule, symlinked_folder, monorepo]


@pytest.mark.parametrize("layout", LAYOUTS, ids=[layout.__name__ for layout in LAYOUTS])
def test_guard_and_all_check_see_the_same_files(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    layout: Callable[[Path], tuple[Path, list[str], list[Path]]],
) -> None:
    cwd, paths, legacy = layout(tmp_path)
    monkeypatch.chdir(cwd)
    expected = {path.resolve() for path in legacy}
    assert guard_sees(paths, capsys) == (1, expected)
    assert check_sees(paths, capsys) == (1, expected)


def test_monorepo_check_from_the_root_finds_the_sub_projects_sites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: `all --check .` used only the root's configuration and missed sub/'s import.
    monorepo(tmp_path)
    monkeypatch.chdir(tmp_path)
    _, seen = check_sees(["."], capsys)
    assert (tmp_path / "sub/lib/acme/jobs/run.py").resolve() in seen
    monkeypatch.chdir(tmp_path / "sub")
    assert check_sees(["."], capsys) == (1, {(tmp_path / "sub/lib/acme/jobs/run.py").resolve()})


def test_project_in_an_ignored_folder_is_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: "0 files scanned", exit 0, while the guard listed every legacy import.
    project, _, legacy = ignored_project(tmp_path)
    monkeypatch.chdir(project)
    assert cli.main(["all", "--no-progress", "src"]) == 0
    assert [path.read_text() for path in legacy] == [MIGRATED, MIGRATED]
    capsys.readouterr()
    assert guard.main(["src"]) == 0


# -- stubs ------------------------------------------------------------------------------------


def test_stub_is_rewritten_and_flagged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "pyproject.toml", "[project]\nname = 'demo'\n")
    stub = write(
        tmp_path / "src/pkg/api.pyi",
        LEGACY + "\ndef load(root: str) -> Paths: ...\nclass Store:\n    paths: Paths\n",
    )
    monkeypatch.chdir(tmp_path)
    status, out, _ = _run(guard.main, [], capsys)
    assert (status, out) == (
        1,
        "src/pkg/api.pyi:1:1: DLM001 `from daydreaming_dagster.config.paths import Paths` "
        "imports the legacy module `daydreaming_dagster.config.paths` — use "
        "`from data_layer.paths import Paths`\n",
    )
    assert cli.main(["all", "--no-progress", "."]) == 0
    assert stub.read_text() == (
        MIGRATED + "\ndef load(root: str) -> Paths: ...\nclass Store:\n    paths: Paths\n"
    )
    assert guard.main([]) == 0


def test_clean_stub_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "pyproject.toml", "[project]\nname = 'demo'\n")
    text = MIGRATED + "def f() -> Paths: ...\n"
    stub = write(tmp_path / "src/pkg/api.pyi", text)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["all", "--no-progress", "."]) == 0
    assert stub.read_text() == text


# -- a path given that yields no file ----------------------------------------------------------


def _run(
    main: Callable[[list[str]], int], argv: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def ignored_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path / "pyproject.toml", "[project]\nname = 'demo'\n")
    write(tmp_path / ".gitignore", "data/\n")
    write(tmp_path / "data/a.py", LEGACY)
    write(tmp_path / "data/b.py", LEGACY)
    write(tmp_path / "src/c.py", LEGACY)
    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("main", "argv", "prog"),
    [
        pytest.param(guard.main, ["data"], "data-layer-guard", id="guard"),
        pytest.param(cli.main, ["check", "data"], "data-layer-guard", id="check"),
        pytest.param(cli.main, ["all", "data", "src"], "data-layer-migrate", id="all"),
        pytest.param(cli.main, ["all", "--check", "data"], "data-layer-migrate", id="all-check"),
        pytest.param(cli.main, ["report", "data"], "data-layer-migrate", id="report"),
        pytest.param(cli.main, ["shim", "remove", "data"], "data-layer-migrate", id="shim-remove"),
    ],
)
def test_path_that_yields_no_file_is_a_warning_and_exit_2(
    ignored_data: Path,
    capsys: pytest.CaptureFixture[str],
    main: Callable[[list[str]], int],
    argv: list[str],
    prog: str,
) -> None:
    status, out, err = _run(main, argv, capsys)
    gitignore = ignored_data.resolve() / ".gitignore"
    assert (status, out) == (2, "")
    assert err == (
        f"{prog}: warning: data: no Python file found; 2 files are ignored by {gitignore}\n"
    )
    # Nothing was touched, not even the files of the other paths given.
    assert (ignored_data / "src/c.py").read_text() == LEGACY


def test_default_path_with_no_file_is_not_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "pyproject.toml", "[project]\nname = 'demo'\n")
    monkeypatch.chdir(tmp_path)
    assert _run(guard.main, [], capsys) == (0, "", "")
    status, _, err = _run(cli.main, ["all", "--no-progress"], capsys)
    assert status == 0 and "warning" not in err


def test_excluded_folder_names_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject = write(tmp_path / "pyproject.toml", '[tool.data-layer-migrate]\nexclude = ["gen"]\n')
    write(tmp_path / "gen/a.py", LEGACY)
    monkeypatch.chdir(tmp_path)
    reason = f"1 file is excluded by exclude = ['gen'] in {pyproject.resolve()}"
    for main, argv, prog in [
        (guard.main, ["gen"], "data-layer-guard"),
        (cli.main, ["all", "gen"], "data-layer-migrate"),
    ]:
        assert _run(main, argv, capsys) == (
            2,
            "",
            f"{prog}: warning: gen: no Python file found; {reason}\n",
        )


def test_named_file_excluded_by_force_exclude_is_not_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # pre-commit names every staged file: an excluded one is expected, not a mistake.
    write(tmp_path / "pyproject.toml", '[tool.data-layer-migrate]\nexclude = ["gen"]\n')
    write(tmp_path / "gen/a.py", LEGACY)
    monkeypatch.chdir(tmp_path)
    assert _run(guard.main, ["gen/a.py"], capsys) == (0, "", "")
    status, _, err = _run(cli.main, ["all", "--force-exclude", "-q", "gen/a.py"], capsys)
    assert (status, err) == (0, "data-layer-migrate: gen/a.py: ignored (excluded)\n")
    assert os.path.exists("gen/a.py") and Path("gen/a.py").read_text() == LEGACY


def test_shim_remove_checks_each_file_with_its_own_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # sub/'s relative import names acme.config.paths: not the root's legacy module under sub's
    # own source roots, "may name it" under the root's. shim remove agrees with the guard.
    write(tmp_path / "pyproject.toml", '[tool.data-layer-migrate]\nsource-roots = ["src"]\n')
    shim = write(tmp_path / "src/daydreaming_dagster/config/paths.py", "X = 1\n")
    write(tmp_path / "sub/pyproject.toml", '[tool.data-layer-migrate]\nsource-roots = ["lib"]\n')
    user = write(tmp_path / "sub/lib/acme/jobs/run.py", "from ..config.paths import Paths\n")
    monkeypatch.chdir(tmp_path)
    assert guard.main(["."]) == 0
    assert cli.main(["shim", "remove"]) == 0
    assert not shim.exists()
    # With a real reference left in sub/, both refuse.
    write(shim, "X = 1\n")
    user.write_text("from daydreaming_dagster.config.paths import Paths\n")
    capsys.readouterr()
    assert guard.main(["."]) == 1
    assert cli.main(["shim", "remove"]) == 1
    assert shim.exists()
    assert "sub/lib/acme/jobs/run.py:1:1: DLM001" in capsys.readouterr().out


def test_a_legacy_package_is_the_legacy_code_for_the_guard_all_and_shim_remove(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The legacy module as a package: its own modules refer to it (`from . import constants`),
    # which the guard exempts and `all` leaves, as they go away with it; a user's import is
    # flagged and rewritten. `shim remove` will not delete only `__init__.py` (a namespace
    # package would still import): one line, exit 2, nothing deleted.
    write(tmp_path / "pyproject.toml", '[tool.data-layer-migrate]\nsource-roots = ["src"]\n')
    package = tmp_path / "src/daydreaming_dagster/config/paths"
    init = write(package / "__init__.py", "from .constants import RAW_FILENAME\n")
    inner = "from daydreaming_dagster.config.paths import __name__ as _legacy\nRAW_FILENAME = 'raw.txt'\n"
    constants = write(package / "constants.py", inner)
    user = write(
        tmp_path / "src/app.py", "from daydreaming_dagster.config.paths import RAW_FILENAME\n"
    )
    monkeypatch.chdir(tmp_path)
    status, out, _ = _run(guard.main, ["."], capsys)
    assert (status, out.splitlines()[0].split(": ")[0]) == (1, "src/app.py:1:1")
    assert "config/paths" not in out
    assert cli.main(["all", "-q", "."]) == 0
    assert user.read_text() == "from data_layer.paths import RAW_FILENAME\n"
    assert constants.read_text() == inner and init.exists()
    assert _run(guard.main, ["."], capsys)[0] == 0
    status, out, err = _run(cli.main, ["shim", "remove"], capsys)
    assert (status, out) == (2, "")
    assert err == (
        "data-layer-migrate: error: daydreaming_dagster.config.paths is a package holding other "
        "modules (constants.py): delete the package by hand once the guard passes\n"
    )
    assert init.exists() and constants.exists()
