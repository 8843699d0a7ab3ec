"""The one file walker: which source files `all`/`imports`/`io`, `report`, `shim` and the guard see.

Rules, in order:

1. A path that does not exist is a usage error.
2. A file named explicitly is taken as it is (the guard takes any suffix, as pre-commit passes
   extension-less Python scripts; the rewriters only `.py`/`.pyi`), unless `force_exclude` and
   an `exclude` glob or a skipped folder name matches it.
3. A folder is walked for `.py` and `.pyi` files (a stub is a reference too), never entering
   version-control and tool folders, virtual environments (by name or by their `pyvenv.cfg`),
   `build/`, `dist/`, `*.egg-info`, nor following symbolic links.
4. Inside a git work tree, git itself lists the files (`ls-files --cached --others
   --exclude-standard`), so `.gitignore` means exactly what git says; tracked files that were
   deleted are dropped. Git is asked per repository: a nested repository or a submodule is
   listed by its own git, a tree outside git is walked plainly (its nested repositories listed
   by their git). `.gitignore` counts relative to the project: a project whose root an
   enclosing repository ignores (`outer/.gitignore` holds `vendor/`, the project is
   `outer/vendor/proj`) keeps only its own `.gitignore` rules.
5. Each file is governed by its project's configuration (`ProjectConfigs`: the nearest
   pyproject.toml with a `[tool.data-layer-migrate]` table), and that project's `exclude` globs
   match the file's path relative to that project's root once symbolic links and `..` are
   resolved, whatever the spelling given on the command line.
6. A folder given on the command line that yields no file is reported with the reason (what
   ignored or excluded its files, or that it holds none); the callers warn and exit 2.

Files come back sorted by resolved path, each once. LibCST-free, and cheap: the guard runs it on
every commit.
"""

from __future__ import annotations

import fnmatch
import functools
import operator
import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from codemods.config import ConfigError, MigrateConfig, ProjectConfigs

if TYPE_CHECKING:
    from tempfile import TemporaryDirectory

SOURCE_SUFFIXES = (".py", ".pyi")

#: Folder names never walked into: version control, caches, virtual environments, build output.
SKIPPED_FOLDERS = frozenset(
    {
        ".bzr",
        ".direnv",
        ".eggs",
        ".git",
        ".hg",
        ".hypothesis",
        ".mypy_cache",
        ".nox",
        ".pytest_cache",
        ".ruff_cache",
        ".svn",
        ".tox",
        ".venv",
        "__pycache__",
        "__pypackages__",
        "build",
        "dist",
        "node_modules",
        "site-packages",
        "venv",
    }
)
#: A folder holding this file is a virtual environment, whatever its name.
VENV_MARKER = "pyvenv.cfg"


class SourceFile(NamedTuple):
    """One file to process. A tuple, not a dataclass: the guard builds 10,000 of them."""

    #: As spelled from the path given on the command line (`src/a.py`, `../p/a.py`, absolute).
    path: str
    #: Absolute, with the symbolic links and `..` of the given path resolved.
    resolved: str
    config: MigrateConfig


@dataclass(frozen=True)
class Selection:
    """The files to process; named files left out (path as given, reason); and one message per
    given folder that yields no file at all (`src: no Python file found; ...`)."""

    files: tuple[SourceFile, ...]
    ignored: tuple[tuple[str, str], ...] = ()
    empty: tuple[str, ...] = ()

    def by_config(self) -> dict[MigrateConfig, list[SourceFile]]:
        """The files grouped by the configuration governing them, each group in order."""
        groups: dict[MigrateConfig, list[SourceFile]] = {}
        for file in self.files:
            groups.setdefault(file.config, []).append(file)
        return groups


def select_files(
    paths: Sequence[str],
    configs: ProjectConfigs,
    *,
    force_exclude: bool = False,
    any_named_file: bool = False,
) -> Selection:
    """The source files under `paths` (see the module's rules). Raises ConfigError for a path
    that does not exist or a project whose configuration cannot be used."""
    found: list[SourceFile] = []
    ignored: list[tuple[str, str]] = []
    empty: list[str] = []
    real_folders: dict[str, str] = {}
    skipped_folder = functools.lru_cache(maxsize=None)(_in_skipped_folder)
    for given in paths:
        try:
            mode = os.lstat(given).st_mode
        except OSError:
            raise ConfigError(f"{given}: no such file or folder") from None
        is_folder = stat.S_ISDIR(mode)
        if stat.S_ISLNK(mode) or is_folder:
            real = os.path.realpath(given)
            if not os.path.exists(real):  # a dangling symbolic link
                raise ConfigError(f"{given}: no such file or folder")
            is_folder = os.path.isdir(real)
        else:
            # pre-commit names thousands of files: resolve each folder once, not each file.
            folder, name = os.path.split(given)
            if folder not in real_folders:
                real_folders[folder] = os.path.realpath(folder or ".")
            real = os.path.join(real_folders[folder], name)
        if is_folder:
            walked = _select_folder(given, real, configs)
            if not walked:
                empty.append(f"{given}: no Python file found; {_why_empty(real, configs)}")
            found.extend(walked)
            continue
        folder = os.path.dirname(real)
        config = configs.for_folder(folder, folder)
        if not any_named_file and not real.endswith(SOURCE_SUFFIXES):
            ignored.append((given, "not a .py or .pyi file"))
        elif force_exclude and (skipped_folder(folder, config) or _excluded(real, config)):
            ignored.append((given, "excluded"))
        else:
            found.append(SourceFile(given, real, config))
    if len(paths) > 1:  # the same file reached twice: keep its first spelling
        found = list({file.resolved: file for file in reversed(found)}.values())
    found.sort(key=_RESOLVED)
    return Selection(tuple(found), tuple(ignored), tuple(empty))


_RESOLVED = operator.itemgetter(1)


def _select_folder(given: str, real: str, configs: ProjectConfigs) -> list[SourceFile]:
    selected: list[SourceFile] = []
    spelled_top = "" if given in (".", "./") else given.rstrip(os.sep) + os.sep
    # Plain string concatenation, one configuration lookup per folder: this loop runs for every
    # file of the tree on every commit, where os.path.join costs more than the walk.
    for relative, names in walk(real, configs.root_for(real, real)):
        resolved = real + os.sep + relative if relative else real
        config = configs.for_folder(resolved, real)
        resolved_prefix = resolved.rstrip(os.sep) + os.sep
        spelled_prefix = _tidy(spelled_top + relative + os.sep if relative else spelled_top)
        for name in names:
            path = resolved_prefix + name
            if config.exclude and _excluded(path, config):
                continue
            selected.append(SourceFile(spelled_prefix + name, path, config))
    return selected


def _tidy(path: str) -> str:
    return path[2:] if path.startswith("./") else path


# -- the walk ---------------------------------------------------------------------------------

#: The source files of one folder: (its path relative to the walk's top, "" for the top; names).
Folder = tuple[str, list[str]]


def walk(folder: str, project_root: str | None = None) -> Iterator[Folder]:
    """The source files under `folder` (absolute, resolved), folder by folder, by rules 3 and 4;
    `project_root` is the root of the project `folder` belongs to (for rule 4's last point)."""
    listed = _git_listing(folder, project_root or folder)
    if listed is None:
        yield from _plain_walk(folder)
    else:
        yield from _listed_files(folder, listed)


def _git_listing(folder: str, project_root: str) -> list[str] | None:
    """What git lists under `folder` (relative to it), or None outside git (or without git)."""
    top = git_top(folder)
    if top is None:
        return None
    if project_root != top and _is_inside(project_root, top) and _ignored_by(top, project_root):
        # The project is not part of the enclosing repository: only its own rules count.
        return _ls_files(_alone(project_root), folder)
    return _ls_files((), folder)


def _listed_files(folder: str, listed: Iterable[str]) -> Iterator[Folder]:
    venvs: dict[str, bool] = {}
    top = git_top(folder)
    submodules = top is not None and os.path.exists(os.path.join(top, ".gitmodules"))
    groups: dict[str, list[str]] = {}
    for entry in listed:
        nested = entry.endswith("/")  # an untracked nested repository: its own git lists it
        source = entry.endswith(SOURCE_SUFFIXES)
        if not (source or nested or submodules):
            continue
        parts = entry.rstrip("/").split("/")
        relative = os.sep.join(parts)
        path = folder + os.sep + relative
        if nested:
            if not _skipped(parts, folder, venvs):
                yield from _nested(path, relative)
            continue
        try:
            mode = os.lstat(path).st_mode
        except OSError:  # tracked but deleted
            continue
        if source and stat.S_ISREG(mode):  # symbolic links are not followed (see _plain_walk)
            if not _skipped(parts[:-1], folder, venvs):
                groups.setdefault(os.path.dirname(relative), []).append(parts[-1])
        elif stat.S_ISDIR(mode) and not _skipped(parts, folder, venvs):
            yield from _nested(path, relative)  # a submodule: git lists it as one entry
    yield from groups.items()


def _nested(repository: str, relative: str) -> Iterator[Folder]:
    if not os.path.lexists(os.path.join(repository, ".git")):
        return  # a submodule not checked out
    for inner, names in walk(repository):
        yield os.path.join(relative, inner) if inner else relative, names


def _skipped(folders: Sequence[str], top: str, venvs: dict[str, bool]) -> bool:
    current = top
    for name in folders:
        if name in SKIPPED_FOLDERS or name.endswith(".egg-info"):
            return True
        current = os.path.join(current, name)
        venv = venvs.get(current)
        if venv is None:
            venv = venvs[current] = os.path.exists(os.path.join(current, VENV_MARKER))
        if venv:
            return True
    return False


def _plain_walk(folder: str) -> Iterator[Folder]:
    stack = [""]
    while stack:
        relative = stack.pop()
        current = folder + os.sep + relative if relative else folder
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        if relative:
            names = {entry.name for entry in entries}
            if VENV_MARKER in names:
                continue
            if ".git" in names:
                yield from _nested(current, relative)
                continue
        files: list[str] = []
        for entry in entries:
            name = entry.name
            # Symbolic links are not followed: they can lead outside the given paths, or loop.
            if entry.is_dir(follow_symlinks=False):
                if name not in SKIPPED_FOLDERS and not name.endswith(".egg-info"):
                    stack.append(relative + os.sep + name if relative else name)
            elif name.endswith(SOURCE_SUFFIXES) and entry.is_file(follow_symlinks=False):
                files.append(name)
        if files:
            yield relative, files


# -- git --------------------------------------------------------------------------------------


def git_top(folder: str) -> str | None:
    """The top of the git work tree holding `folder` (its nearest folder with a `.git`)."""
    current = folder
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _is_inside(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)


def _git(arguments: Sequence[str], cwd: str, stdin: bytes | None = None) -> tuple[int, bytes]:
    """git's exit status and output; status -1 when git cannot be run at all."""
    import subprocess  # not on the guard's path when it is given files (pre-commit)

    # Inside a git hook these name the hook's repository: git must find each folder's own.
    hook = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX")
    environment = {key: value for key, value in os.environ.items() if key not in hook}
    try:
        completed = subprocess.run(
            ["git", *arguments],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=False,
            env=environment,
        )
    except OSError:  # git is not installed
        return -1, b""
    return completed.returncode, completed.stdout


def _ls_files(repository: Sequence[str], folder: str) -> list[str] | None:
    arguments = [*repository, "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    status, output = _git(arguments, folder)
    if status != 0:
        return None
    return sorted({name for name in os.fsdecode(output).split("\0") if name})


def _ignored_by(top: str, path: str) -> bool:
    status, _ = _git(["check-ignore", "-q", "--", os.path.relpath(path, top)], top)
    return status == 0


def _alone(project_root: str) -> tuple[str, ...]:
    """git options that see `project_root` as a work tree of its own: an empty repository, so
    only the project's own `.gitignore` files (and the user's global excludes) apply."""
    return ("--git-dir", _empty_repository(), "--work-tree", project_root)


@functools.lru_cache(maxsize=1)
def _empty_repository() -> str:
    import tempfile

    holder = tempfile.TemporaryDirectory(prefix="data-layer-migrate-")
    _KEEP.append(holder)  # removed when the process exits
    _git(["init", "-q", "--bare", holder.name], holder.name)
    return holder.name


_KEEP: list[TemporaryDirectory[str]] = []


# -- exclusion --------------------------------------------------------------------------------


def _excluded(path: str, config: MigrateConfig) -> bool:
    """`exclude` globs match the resolved path relative to the project root (`src/pkg/vendored/*`),
    any of its parent folders (`src/pkg/vendored`), or the name of the file or of a folder on
    the way (`*_pb2.py`, `vendored`)."""
    if not config.exclude:
        return False
    parts = _relative_parts(path, config)
    candidates = [*("/".join(parts[: index + 1]) for index in range(len(parts))), *parts]
    return any(
        fnmatch.fnmatchcase(candidate, pattern.rstrip("/"))
        for pattern in config.exclude
        for candidate in candidates
    )


def _in_skipped_folder(folder: str, config: MigrateConfig) -> bool:
    return any(
        part in SKIPPED_FOLDERS or part.endswith(".egg-info")
        for part in _relative_parts(folder + os.sep, config)
    )


def _relative_parts(path: str, config: MigrateConfig) -> list[str]:
    root = str(config.project_root)
    if _is_inside(path, root):
        return path[len(root.rstrip(os.sep)) + 1 :].split(os.sep)
    return [part for part in path.split(os.sep) if part]


# -- why a folder yields nothing ----------------------------------------------------------------


def _why_empty(folder: str, configs: ProjectConfigs) -> str:
    """Why the walk of `folder` found no file: every source file on disk under it, counted by
    the rule that left it out. Only run when nothing was found, so it may be slow."""
    on_disk: list[str] = []
    links = 0
    for current, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if name != ".git")
        for name in names:
            if name.endswith(SOURCE_SUFFIXES):
                path = os.path.join(current, name)
                if os.path.islink(path):
                    links += 1
                else:
                    on_disk.append(os.path.relpath(path, folder))
    if not on_disk and not links:
        return "no .py or .pyi file under it"
    reasons: list[str] = []
    venvs: dict[str, bool] = {}
    skipped = [name for name in on_disk if _skipped(name.split(os.sep)[:-1], folder, venvs)]
    if skipped:
        kinds = sorted({_skipping_folder(name, folder, venvs) for name in skipped})
        reasons.append(f"{_count(len(skipped))} in skipped folders ({', '.join(kinds)})")
    left = [name for name in on_disk if name not in set(skipped)]
    excluded: Counter[str] = Counter()
    kept: list[str] = []
    for name in left:
        path = os.path.join(folder, name)
        config = configs.for_folder(os.path.dirname(path), folder)
        if _excluded(path, config):
            patterns = ", ".join(repr(pattern) for pattern in config.exclude)
            excluded[f"exclude = [{patterns}] in {configs.source(config)}"] += 1
        else:
            kept.append(name)
    for source, count in sorted(excluded.items()):
        reasons.append(f"{_count(count)} excluded by {source}")
    if kept:
        reasons.extend(_ignored_reasons(folder, configs, kept))
    if links:
        reasons.append(f"{_count(links)} symbolic links (not followed)")
    return "; ".join(reasons)


def _skipping_folder(name: str, folder: str, venvs: dict[str, bool]) -> str:
    current = folder
    for part in name.split(os.sep)[:-1]:
        current = os.path.join(current, part)
        if part in SKIPPED_FOLDERS or part.endswith(".egg-info") or venvs.get(current):
            return part
    return name


def _ignored_reasons(folder: str, configs: ProjectConfigs, names: list[str]) -> list[str]:
    top = git_top(folder)
    if top is None:
        return [f"{_count(len(names))} not walked"]
    project_root = configs.root_for(folder, folder)
    repository: Sequence[str] = ()
    base = top
    if project_root != top and _is_inside(project_root, top) and _ignored_by(top, project_root):
        repository, base = _alone(project_root), project_root
    stdin = b"".join(os.fsencode(name) + b"\0" for name in names)
    # check-ignore exits 1 when nothing is ignored: an answer, not a failure.
    _, output = _git([*repository, "check-ignore", "-v", "-z", "--stdin"], folder, stdin)
    fields = os.fsdecode(output).split("\0")
    sources: Counter[str] = Counter()
    # -z -v: source, line number, pattern, path; an empty source means "not ignored".
    for index in range(0, len(fields) - 3, 4):
        source = fields[index]
        if source:
            sources[source if os.path.isabs(source) else os.path.join(base, source)] += 1
    reasons = [f"{_count(count)} ignored by {source}" for source, count in sorted(sources.items())]
    rest = len(names) - sum(sources.values())
    if rest:
        reasons.append(f"{_count(rest)} not listed by git")
    return reasons


def _count(files: int) -> str:
    return f"{files} file is" if files == 1 else f"{files} files are"
