from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import git, write

from codemods.run.discover import discover

TREE = [
    "pkg/a.py",
    "pkg/sub/b.py",
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
    "vendored/third.py",
    "pkg/gen/api_pb2.py",
]


def make_tree(root: Path) -> Path:
    for name in TREE:
        write(root / name, "x = 1\n")
    return root


def names(root: Path, **kwargs: object) -> list[str]:
    found = discover([root], project_root=root, **kwargs)  # type: ignore[arg-type]
    return [path.relative_to(root).as_posix() for path in found.files]


WALKED = [".git_like/ok.py", "pkg/a.py", "pkg/gen/api_pb2.py", "pkg/sub/b.py", "vendored/third.py"]


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
        pytest.param(["nothing*"], WALKED, id="no-match"),
    ],
)
def test_exclude_globs(tmp_path: Path, exclude: list[str], expected: list[str]) -> None:
    make_tree(tmp_path)
    assert names(tmp_path, exclude=exclude) == expected


def test_gitignore_is_asked_to_git(tmp_path: Path) -> None:
    make_tree(tmp_path)
    git(tmp_path, "init", "-q")
    write(tmp_path / ".gitignore", "vendored/\n/pkg/gen/\n!keep.py\n")
    write(tmp_path / "pkg/sub/.gitignore", "b.py\n")
    write(tmp_path / "generated/keep.py", "x = 1\n")
    assert names(tmp_path) == [".git_like/ok.py", "generated/keep.py", "pkg/a.py"]


def test_tracked_file_is_kept_even_if_ignored_later(tmp_path: Path) -> None:
    make_tree(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "vendored/third.py")
    write(tmp_path / ".gitignore", "vendored/\n")
    assert "vendored/third.py" in names(tmp_path)


def test_explicit_file_wins_over_exclude_unless_forced(tmp_path: Path) -> None:
    make_tree(tmp_path)
    explicit = tmp_path / "vendored/third.py"
    found = discover([explicit], project_root=tmp_path, exclude=["vendored"])
    assert found.files == (explicit,)
    forced = discover([explicit], project_root=tmp_path, exclude=["vendored"], force_exclude=True)
    assert forced.files == ()
    assert forced.ignored == ((explicit, "excluded"),)
    in_build = tmp_path / "build/lib/pkg/a.py"
    assert discover([in_build], project_root=tmp_path).files == (in_build,)
    assert discover([in_build], project_root=tmp_path, force_exclude=True).files == ()


def test_non_python_files_are_never_selected(tmp_path: Path) -> None:
    make_tree(tmp_path)
    notes = tmp_path / "pkg/notes.txt"
    found = discover([notes, tmp_path / "pkg/a.py", tmp_path / "pkg"], project_root=tmp_path)
    assert [p.name for p in found.files] == ["a.py", "api_pb2.py", "b.py"]
    assert found.ignored == ((notes, "not a .py file"),)


def test_symlinks_are_not_followed(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside/target.py", "x = 1\n")
    tree = tmp_path / "tree"
    write(tree / "real.py", "x = 1\n")
    (tree / "link.py").symlink_to(outside)
    (tree / "linked_folder").symlink_to(outside.parent, target_is_directory=True)
    assert names(tree) == ["real.py"]


def test_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nope"):
        discover([tmp_path / "nope"], project_root=tmp_path)
