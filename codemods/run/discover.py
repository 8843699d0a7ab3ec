"""Find the `.py` files to migrate under the paths given on the command line.

Folders are walked for `*.py`, skipping version-control and tool folders, virtual environments,
`build/` and `dist/`, what `.gitignore` ignores (git itself is asked, inside a work tree, so the
semantics are exactly git's), and the configured `exclude` globs. Like black and ruff, a file
named explicitly is processed even when a rule would skip it, unless `force_exclude` is set.
Pure Python (no LibCST import).
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from codemods.run.walk_rules import SKIPPED_FOLDERS, VENV_MARKER


@dataclass(frozen=True)
class Discovered:
    """The files to process, and the explicitly named paths that were not (with the reason)."""

    files: tuple[Path, ...]
    ignored: tuple[tuple[Path, str], ...] = ()


def discover(
    paths: Sequence[Path | str],
    *,
    project_root: Path,
    exclude: Sequence[str] = (),
    force_exclude: bool = False,
    use_git: bool = True,
) -> Discovered:
    """The `.py` files under `paths`, sorted, each once, as absolute paths.

    `exclude` globs match a path relative to `project_root` (`src/pkg/vendored/*`), any of its
    parent folders (`src/pkg/vendored`) or the name of the file or of any folder on the way
    (`*_pb2.py`, `vendored`). Raises FileNotFoundError
    for a path that does not exist.
    """
    root = project_root.resolve()
    found: dict[Path, None] = {}
    ignored: list[tuple[Path, str]] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise FileNotFoundError(f"{given}: no such file or folder")
        path = path.resolve()
        if path.is_dir():
            for file in _walk(path, use_git=use_git):
                if not _excluded(file, root, exclude):
                    found.setdefault(file)
        elif path.suffix != ".py":
            ignored.append((path, "not a .py file"))
        elif force_exclude and (_skipped_by_name(path, root) or _excluded(path, root, exclude)):
            ignored.append((path, "excluded"))
        else:
            found.setdefault(path)
    return Discovered(tuple(sorted(found)), tuple(ignored))


def _walk(folder: Path, *, use_git: bool) -> Iterator[Path]:
    listed = _git_listed(folder) if use_git else None
    if listed is None:
        yield from _plain_walk(folder)
        return
    venv_cache: dict[Path, bool] = {}
    for relative in listed:
        if not relative.endswith(".py"):
            continue
        file = folder / relative
        parts = PurePosixPath(relative).parts[:-1]
        if any(part in SKIPPED_FOLDERS for part in parts):
            continue
        if _inside_venv(folder, parts, venv_cache):
            continue
        # Deleted-but-tracked files are listed by git; symlinks are not followed (see _plain_walk).
        if file.is_file() and not file.is_symlink():
            yield file


def _git_listed(folder: Path) -> list[str] | None:
    """Files git tracks or would track under `folder` (relative to it), or None outside git."""
    try:
        completed = subprocess.run(
            [
                "git",
                "-C",
                str(folder),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            capture_output=True,
            check=False,
        )
    except OSError:  # git not installed
        return None
    if completed.returncode != 0:
        return None
    return sorted({name for name in os.fsdecode(completed.stdout).split("\0") if name})


def _plain_walk(folder: Path) -> Iterator[Path]:
    for current, folders, files in os.walk(folder):
        # Symlinked folders are not followed: they can lead outside the given paths or loop.
        folders[:] = sorted(
            name
            for name in folders
            if name not in SKIPPED_FOLDERS
            and not os.path.islink(os.path.join(current, name))
            and not os.path.exists(os.path.join(current, name, VENV_MARKER))
        )
        for name in sorted(files):
            if name.endswith(".py"):
                file = Path(current, name)
                if not file.is_symlink():
                    yield file


def _inside_venv(folder: Path, parts: Sequence[str], cache: dict[Path, bool]) -> bool:
    current = folder
    for part in parts:
        current = current / part
        if current not in cache:
            cache[current] = (current / VENV_MARKER).exists()
        if cache[current]:
            return True
    return False


def _skipped_by_name(file: Path, root: Path) -> bool:
    return any(part in SKIPPED_FOLDERS for part in _relative_parts(file, root)[:-1])


def _excluded(file: Path, root: Path, patterns: Sequence[str]) -> bool:
    if not patterns:
        return False
    parts = _relative_parts(file, root)
    candidates = [*_prefixes(parts), *parts]
    return any(
        fnmatch.fnmatchcase(candidate, pattern.rstrip("/"))
        for pattern in patterns
        for candidate in candidates
    )


def _relative_parts(file: Path, root: Path) -> tuple[str, ...]:
    try:
        return file.relative_to(root).parts
    except ValueError:
        return file.parts


def _prefixes(parts: Iterable[str]) -> Iterator[str]:
    prefix: list[str] = []
    for part in parts:
        prefix.append(part)
        yield "/".join(prefix)
