"""The one walker (`codemods.run.files`) on real layouts made with real git."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli.cli_helpers import git, write

from codemods.config import ConfigError, ProjectConfigs
from codemods.run.files import Selection, select_files

TREE = [
    "pkg/a.py",
    "pkg/sub/b.py",
    "pkg/stub.pyi",
    "pkg/notes.txt",
    "pkg/__pycache__/a.cpython-311.py",
    ".git_like/ok.py",
    "build/lib/pkg/a.py",
    "dist/x.py",
    ".venv/lib/site.py",
    "venv/lib/site.py",
    "env311/lib/site.py",  # a virtual environment by its pyvenv.cfg, not by its name
    "env311/pyvenv.cfg",
    ".tox/py311/x.py",
    "demo.egg-info/x.py",
    "vendored/third.py",
    "pkg/gen/api_pb2.py",
]


def make_tree(root: Path) -> Path:
    write(root / "pyproject.toml", "[project]\nname = 'demo'\n")
    for name in TREE:
        write(root / name, "x = 1\n")
    return root


def select(paths: list[Path | str], exclude: tuple[str, ...] = (), **kwargs: bool) -> Selection:
    return select_files(
        [str(path) for path in paths], ProjectConfigs(extra_exclude=exclude), **kwargs
    )


def names(root: Path, given: Path | str | None = None, **kwargs: object) -> list[str]:
    found = select([given or root], **kwargs)  # type: ignore[arg-type]
    return [Path(file.resolved).relative_to(root.resolve()).as_posix() for file in found.files]


WALKED = [
    ".git_like/ok.py",
    "pkg/a.py",
    "pkg/gen/api_pb2.py",
    "pkg/stub.pyi",
    "pkg/sub/b.py",
    "vendored/third.py",
]


def make(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        write(root / name, text)
    return root


def commit_all(repository: Path) -> None:
    git(repository, "add", "-A")
    git(repository, "commit", "-qm", "files")


# -- the skip rules, exclude, .gitignore (moved from tests/cli/test_discover.py) -------------


@pytest.mark.parametrize("in_git", [False, True], ids=["plain-walk", "git"])
def test_default_skips(tmp_path: Path, in_git: bool) -> None:
    make_tree(tmp_path)
    if in_git:
        git(tmp_path, "init", "-q")
    assert names(tmp_path) == WALKED


@pytest.mark.parametrize(
    ("exclude", "expected"),
    [
        pytest.param(
            ["vendored"], [w for w in WALKED if not w.startswith("vendored")], id="folder-name"
        ),
        pytest.param(
            ["vendored/*"], [w for w in WALKED if not w.startswith("vendored")], id="folder-glob"
        ),
        pytest.param(["*_pb2.py"], [w for w in WALKED if "pb2" not in w], id="file-name-glob"),
        pytest.param(["pkg/sub"], [w for w in WALKED if "sub" not in w], id="relative-folder"),
        pytest.param(["pkg"], [".git_like/ok.py", "vendored/third.py"], id="top-folder"),
        pytest.param(["*.pyi"], [w for w in WALKED if w != "pkg/stub.pyi"], id="stubs"),
        pytest.param(["nothing*"], WALKED, id="no-match"),
    ],
)
def test_exclude_globs(tmp_path: Path, exclude: list[str], expected: list[str]) -> None:
    make_tree(tmp_path)
    assert names(tmp_path, exclude=tuple(exclude)) == expected


def test_gitignore_is_asked_to_git(tmp_path: Path) -> None:
    make_tree(tmp_path)
    git(tmp_path, "init", "-q")
    write(tmp_path / ".gitignore", "vendored/\n/pkg/gen/\n!keep.py\n")
    write(tmp_path / "pkg/sub/.gitignore", "b.py\n")
    write(tmp_path / "generated/keep.py", "x = 1\n")
    assert names(tmp_path) == [".git_like/ok.py", "generated/keep.py", "pkg/a.py", "pkg/stub.pyi"]


def test_tracked_file_is_kept_even_if_ignored_later(tmp_path: Path) -> None:
    make_tree(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "vendored/third.py")
    write(tmp_path / ".gitignore", "vendored/\n")
    assert "vendored/third.py" in names(tmp_path)


def test_tracked_but_deleted_file_is_dropped(tmp_path: Path) -> None:
    make_tree(tmp_path)
    git(tmp_path, "init", "-q")
    commit_all(tmp_path)
    (tmp_path / "pkg/a.py").unlink()
    assert "pkg/a.py" not in names(tmp_path)
    assert "pkg/sub/b.py" in names(tmp_path)


def test_explicit_file_wins_over_exclude_unless_forced(tmp_path: Path) -> None:
    make_tree(tmp_path)
    explicit = tmp_path / "vendored/third.py"
    found = select([explicit], exclude=("vendored",))
    assert [file.path for file in found.files] == [str(explicit)]
    forced = select([explicit], exclude=("vendored",), force_exclude=True)
    assert forced.files == ()
    assert forced.ignored == ((str(explicit), "excluded"),)
    assert forced.empty == ()  # pre-commit names excluded files: not a mistake
    in_build = tmp_path / "build/lib/pkg/a.py"
    assert len(select([in_build]).files) == 1
    assert select([in_build], force_exclude=True).files == ()


def test_non_python_files_are_never_selected(tmp_path: Path) -> None:
    make_tree(tmp_path)
    notes = tmp_path / "pkg/notes.txt"
    found = select([notes, tmp_path / "pkg/a.py", tmp_path / "pkg"])
    assert [Path(file.resolved).name for file in found.files] == [
        "a.py",
        "api_pb2.py",
        "stub.pyi",
        "b.py",
    ]
    assert found.ignored == ((str(notes), "not a .py or .pyi file"),)
    # The guard checks what pre-commit names, extension-less scripts included.
    assert len(select([notes], any_named_file=True).files) == 1


def test_symlinks_are_not_followed(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside/target.py", "x = 1\n")
    tree = tmp_path / "tree"
    write(tree / "real.py", "x = 1\n")
    (tree / "link.py").symlink_to(outside)
    (tree / "linked_folder").symlink_to(outside.parent, target_is_directory=True)
    assert names(tree) == ["real.py"]


def test_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nope: no such file or folder"):
        select([tmp_path / "nope"])


def test_each_file_once_in_a_stable_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    found = select(["pkg/sub", ".", "pkg/a.py", str(tmp_path / "pkg")])
    resolved = [file.resolved for file in found.files]
    assert resolved == sorted(set(resolved)) and len(resolved) == len(WALKED)
    # The first spelling of a file is kept: `pkg/sub` came first.
    assert "pkg/sub/b.py" in [file.path for file in found.files]


# -- git per repository ---------------------------------------------------------------------


def outer_with_ignored_project(tmp_path: Path) -> Path:
    """`outer/.gitignore` holds `vendor/`; `outer/vendor/proj` is a project of its own with its
    own `.gitignore` (`gen/`)."""
    outer = make(tmp_path / "outer", {".gitignore": "vendor/\n", "main.py": "x = 1\n"})
    git(outer, "init", "-q")
    return make(
        outer / "vendor/proj",
        {
            "pyproject.toml": "[project]\nname = 'proj'\n",
            ".gitignore": "gen/\n",
            "src/pkg/a.py": "x = 1\n",
            "src/pkg/b.pyi": "x: int\n",
            "src/gen/c.py": "x = 1\n",
        },
    )


@pytest.mark.parametrize("given", ["vendor/proj", "vendor/proj/src", "vendor/proj/src/pkg"])
def test_project_inside_a_folder_the_outer_repository_ignores(tmp_path: Path, given: str) -> None:
    project = outer_with_ignored_project(tmp_path)
    found = names(project, tmp_path / "outer" / given)
    # Its own .gitignore still counts; the outer one does not reach into it.
    assert found == ["src/pkg/a.py", "src/pkg/b.pyi"]


def test_the_outer_project_still_skips_its_ignored_folder(tmp_path: Path) -> None:
    outer_with_ignored_project(tmp_path)
    assert names(tmp_path / "outer") == ["main.py"]


@pytest.mark.parametrize("outer_in_git", [True, False], ids=["in-outer-repo", "in-plain-tree"])
def test_nested_repository_is_listed_by_its_own_git(tmp_path: Path, outer_in_git: bool) -> None:
    outer = tmp_path / "outer"
    write(outer / "main.py", "x = 1\n")
    if outer_in_git:  # git lists the untracked nested repository as one folder entry
        git(outer, "init", "-q")
    write(outer / "nested/.gitignore", "skip/\n")
    write(outer / "nested/pkg/a.py", "x = 1\n")
    write(outer / "nested/skip/b.py", "x = 1\n")
    git(outer / "nested", "init", "-q")
    assert names(outer) == ["main.py", "nested/pkg/a.py"]


def submodule_layout(tmp_path: Path) -> Path:
    library = tmp_path / "library"
    write(library / "lib/a.py", "x = 1\n")
    write(library / "lib/b.pyi", "x: int\n")
    git(library, "init", "-q")
    commit_all(library)
    outer = tmp_path / "outer"
    write(outer / "main.py", "x = 1\n")
    git(outer, "init", "-q")
    git(outer, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(library), "sub")
    commit_all(outer)
    return outer


def test_submodule_is_walked_from_the_outer_repository(tmp_path: Path) -> None:
    outer = submodule_layout(tmp_path)
    assert names(outer) == ["main.py", "sub/lib/a.py", "sub/lib/b.pyi"]
    assert names(outer, outer / "sub") == ["sub/lib/a.py", "sub/lib/b.pyi"]


def test_git_hook_environment_does_not_leak_into_nested_repositories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "library"
    # Tracked although ignored: only the submodule's own index knows it.
    write(library / ".gitignore", "gen/\n")
    write(library / "lib/gen/c.py", "x = 1\n")
    git(library, "init", "-q")
    git(library, "add", "-f", "lib/gen/c.py")
    outer = submodule_layout(tmp_path)
    expected = ["main.py", "sub/lib/a.py", "sub/lib/b.pyi", "sub/lib/gen/c.py"]
    assert names(outer) == expected
    # As inside a git hook of the outer repository.
    monkeypatch.setenv("GIT_DIR", str(outer / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(outer / ".git/index"))
    assert names(outer) == expected


# -- exclude whatever the spelling ----------------------------------------------------------


@pytest.fixture
def excluding_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = tmp_path / "real/project"
    write(project / "pyproject.toml", '[tool.data-layer-migrate]\nexclude = ["src/gen"]\n')
    write(project / "src/pkg/a.py", "x = 1\n")
    write(project / "src/gen/b.py", "x = 1\n")
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    write(tmp_path / "elsewhere/.keep", "")
    monkeypatch.chdir(tmp_path / "elsewhere")
    return project


@pytest.mark.parametrize(
    "given",
    [
        pytest.param("../real/project/src", id="relative-dotdot"),
        pytest.param("../link/project/src", id="through-a-symlinked-folder"),
        pytest.param("../link/project/../project/src", id="symlink-and-dotdot"),
        pytest.param("{tmp}/link/project/src", id="absolute-through-symlink"),
        pytest.param("{tmp}/real/project/src/../src", id="absolute-dotdot"),
    ],
)
def test_exclude_matches_whatever_the_spelling(
    excluding_project: Path, tmp_path: Path, given: str
) -> None:
    spelled = given.format(tmp=tmp_path)
    found = select([spelled]).files
    assert [Path(file.resolved) for file in found] == [
        (excluding_project / "src/pkg/a.py").resolve()
    ]
    # The path shown is the one given, so the user recognises it.
    assert [file.path for file in found] == [os.path.join(spelled, "pkg/a.py")]
    named = select([os.path.join(spelled, "gen/b.py")], force_exclude=True)
    assert named.ignored == ((os.path.join(spelled, "gen/b.py"), "excluded"),)


# -- one configuration per project ----------------------------------------------------------


def test_each_file_gets_the_nearest_project_with_a_table(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            "pyproject.toml": '[tool.data-layer-migrate]\nexclude = ["skip"]\n',
            "src/pkg/a.py": "x = 1\n",
            "sub/pyproject.toml": '[tool.data-layer-migrate]\nsource-roots = ["lib"]\n',
            "sub/lib/acme/b.py": "x = 1\n",
            # A pyproject.toml without the table is not a project of the migration's own.
            "plain/pyproject.toml": "[project]\nname = 'plain'\n",
            "plain/c.py": "x = 1\n",
            "plain/skip/d.py": "x = 1\n",
        },
    )
    sub = tmp_path / "sub"
    found = {
        Path(file.resolved).relative_to(tmp_path.resolve()).as_posix(): file.config
        for file in select([tmp_path]).files
    }
    assert sorted(found) == ["plain/c.py", "src/pkg/a.py", "sub/lib/acme/b.py"]
    assert found["src/pkg/a.py"].project_root == tmp_path.resolve()
    assert found["plain/c.py"] is found["src/pkg/a.py"]
    assert found["sub/lib/acme/b.py"].project_root == sub.resolve()
    assert found["sub/lib/acme/b.py"].source_roots == ((sub / "lib").resolve(),)


def test_without_any_table_the_nearest_pyproject_is_the_project(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[project]\nname = 'outer'\n")
    write(tmp_path / "a.py", "x = 1\n")
    write(tmp_path / "inner/pyproject.toml", "[project]\nname = 'inner'\n")
    write(tmp_path / "inner/src/b.py", "x = 1\n")
    roots = {
        Path(file.resolved).name: file.config.project_root for file in select([tmp_path]).files
    }
    assert roots == {"a.py": tmp_path.resolve(), "b.py": (tmp_path / "inner").resolve()}


# -- a folder that yields nothing says why --------------------------------------------------


def test_empty_folder_because_git_ignores_it(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[project]\nname = 'demo'\n")
    write(tmp_path / ".gitignore", "data/\n")
    for index in range(3):
        write(tmp_path / f"data/m{index}.py", "x = 1\n")
    git(tmp_path, "init", "-q")
    found = select([tmp_path / "data"])
    assert found.files == ()
    gitignore = tmp_path.resolve() / ".gitignore"
    assert found.empty == (
        f"{tmp_path / 'data'}: no Python file found; 3 files are ignored by {gitignore}",
    )


def test_empty_folder_because_excluded(tmp_path: Path) -> None:
    pyproject = write(tmp_path / "pyproject.toml", '[tool.data-layer-migrate]\nexclude = ["gen"]\n')
    write(tmp_path / "gen/a.py", "x = 1\n")
    found = select([tmp_path / "gen"])
    assert found.empty == (
        f"{tmp_path / 'gen'}: no Python file found; 1 file is excluded by exclude = ['gen'] "
        f"in {pyproject.resolve()}",
    )


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        pytest.param(["notes.txt"], "no .py or .pyi file under it", id="no-python-file"),
        pytest.param([], "no .py or .pyi file under it", id="empty-folder"),
        pytest.param(
            [".venv/lib/a.py", "build/b.py", "build/c.py"],
            "3 files are in skipped folders (.venv, build)",
            id="skipped-folders",
        ),
    ],
)
def test_empty_folder_reasons(tmp_path: Path, files: list[str], reason: str) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    for name in files:
        write(folder / name, "x = 1\n")
    assert select([folder]).empty == (f"{folder}: no Python file found; {reason}",)


def test_a_folder_with_files_is_not_reported(tmp_path: Path) -> None:
    make_tree(tmp_path)
    assert select([tmp_path]).empty == ()


def test_empty_folder_names_the_gitignore_that_ignores_it(tmp_path: Path) -> None:
    # In a project an outer repository ignores, the project's own .gitignore is the one named.
    project = outer_with_ignored_project(tmp_path)
    assert select([project / "src/gen"]).empty == (
        f"{project / 'src/gen'}: no Python file found; 1 file is ignored by "
        f"{project.resolve() / '.gitignore'}",
    )
    # A .gitignore in a sub-folder is named by its own path.
    write(tmp_path / "repo/pkg/.gitignore", "gen/\n")
    write(tmp_path / "repo/pkg/gen/a.py", "x = 1\n")
    git(tmp_path / "repo", "init", "-q")
    assert select([tmp_path / "repo/pkg/gen"]).empty == (
        f"{tmp_path / 'repo/pkg/gen'}: no Python file found; 1 file is ignored by "
        f"{(tmp_path / 'repo/pkg/.gitignore').resolve()}",
    )


def test_dangling_symlink_is_a_missing_path(tmp_path: Path) -> None:
    (tmp_path / "gone.py").symlink_to(tmp_path / "nowhere.py")
    with pytest.raises(ConfigError, match=r"gone\.py: no such file or folder"):
        select([tmp_path / "gone.py"])
