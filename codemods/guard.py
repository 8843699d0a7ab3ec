"""The guard: report every reference to the legacy module, for pre-commit and CI (`DLM001`).

Runs on every commit, so it never imports LibCST unless `--fix` has work: files are read as bytes,
skipped unparsed when they cannot mention the legacy module, and parsed with the stdlib `ast`.
Exit status: 0 clean, 1 references (or unreadable files) found, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from codemods.config import ConfigError, MigrateConfig, find_project_root, load_config
from codemods.config_options import (
    add_config_arguments,
    config_file,
    config_overrides,
    with_extra_excludes,
)
from codemods.findings import LEGACY_REFERENCE, UNDECODABLE, Finding
from codemods.legacy.prefilter import prefilter_for
from codemods.legacy.references import check_source, is_legacy_module_file
from codemods.module_names import module_for_file
from codemods.run.walk_rules import SKIPPED_FOLDERS, VENV_MARKER

PROG = "data-layer-guard"
#: A folder holding this file starts a project of its own (its [tool.data-layer-migrate]).
PROJECT_MARKER = "pyproject.toml"
SOURCE_SUFFIXES = (".py", ".pyi")


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    """The guard's options, shared with `data-layer-migrate check`."""
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to check (default: the whole project around the current folder)",
    )
    add_config_arguments(parser)
    parser.add_argument(
        "--fix",
        action="store_true",
        help="rewrite the offending files with the import codemod, then report what remains",
    )


def run_check(args: argparse.Namespace) -> int:
    """Check the files named by `args` (from `add_check_arguments`); print one line per finding.

    Each file is checked with the configuration of its own project (the nearest pyproject.toml
    above it), so a repository holding several projects is checked as each would be alone.
    """
    try:
        projects = _projects(args)
    except ConfigError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    findings: list[Finding] = []
    for config, files in projects:
        found = check_files(files, config)
        findings.extend(_fix(found, config) if args.fix else found)
    findings.sort()
    for finding in findings:
        print(finding.format())
    if findings:
        count = len(findings)
        where = len({finding.path for finding in findings})
        print(
            f"Found {count} problem{'s' * (count != 1)} in {where} file{'s' * (where != 1)}.",
            file=sys.stderr,
        )
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`data-layer-guard [PATH...]`: the pre-commit hook and CI check."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Report every reference to the legacy paths module (DLM001).",
    )
    add_check_arguments(parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors, 0 on --help
        return exit_.code if isinstance(exit_.code, int) else 2
    return run_check(args)


def check_files(files: Iterable[str], config: MigrateConfig) -> list[Finding]:
    """Findings for `files` (display paths), sorted by path and position."""
    may_mention = prefilter_for(config).may_mention
    # `in` on bytes is a memchr-speed scan: most files fail it and never reach the regex.
    needle = config.legacy_basename.encode()
    roots = config.source_roots
    findings: list[Finding] = []
    for name in files:
        try:
            source = _read(name)
        except OSError as error:
            findings.append(Finding(name, 1, 1, UNDECODABLE, f"cannot read: {error.strerror}"))
            continue
        if needle not in source or not may_mention(source):
            continue
        location = module_for_file(name, roots)
        if is_legacy_module_file(location, config):
            continue
        findings.extend(check_source(source, name, location, config))
    findings.sort()
    return findings


def _read(name: str) -> bytes:
    # os-level reads skip building a buffered file object per file (measurable on 10,000 files).
    descriptor = os.open(name, os.O_RDONLY)
    try:
        chunks = [os.read(descriptor, _CHUNK)]
        while len(chunks[-1]) == _CHUNK:
            chunks.append(os.read(descriptor, _CHUNK))
        return b"".join(chunks) if len(chunks) > 1 else chunks[0]
    finally:
        os.close(descriptor)


_CHUNK = 1 << 16


# -- configuration and files ----------------------------------------------------------------


def _projects(args: argparse.Namespace) -> list[tuple[MigrateConfig, list[str]]]:
    """The files to check (display paths: as given, or relative to the current folder), grouped
    by the configuration that applies to them. Raises ConfigError."""
    overrides = config_overrides(args)
    config_path = config_file(args)
    fixed_root = str(config_path.resolve().parent) if config_path is not None else None
    roots: dict[str, str] = {}  # folder -> its project root, for files named one by one

    def root_of(folder: str) -> str:
        if fixed_root is not None:
            return fixed_root
        if folder not in roots:
            roots[folder] = str(find_project_root(Path(folder or ".")))
        return roots[folder]

    grouped: dict[str, list[str]] = {}
    paths: Sequence[str] = args.paths or [_display(root_of(os.getcwd()))]
    for path in paths:
        if os.path.isdir(path):
            for name, root in _walk(path, root_of(path), nested=fixed_root is None):
                grouped.setdefault(root, []).append(name)
        elif os.path.exists(path):
            grouped.setdefault(root_of(os.path.dirname(path)), []).append(path)
        else:
            raise ConfigError(f"{path}: no such file or folder")
    projects: list[tuple[MigrateConfig, list[str]]] = []
    for root, files in grouped.items():
        config = with_extra_excludes(
            load_config(root, config_file=config_path, overrides=overrides), args
        )
        excluded = _exclusion(config)
        projects.append((config, [name for name in files if not excluded(name)]))
    return projects


def _walk(folder: str, root: str, *, nested: bool) -> Iterator[tuple[str, str]]:
    """`(file, project root)` for the source files under `folder`; a folder with its own
    pyproject.toml starts a nested project when `nested`."""
    stack = [(folder, root)]
    while stack:
        current, current_root = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        names = {entry.name for entry in entries}
        if VENV_MARKER in names:
            continue
        if nested and PROJECT_MARKER in names and current != folder:
            current_root = os.path.abspath(current)
        for entry in entries:
            name = entry.name
            if entry.is_dir(follow_symlinks=False):
                if name not in SKIPPED_FOLDERS and not name.endswith(".egg-info"):
                    stack.append((entry.path, current_root))
            elif name.endswith(SOURCE_SUFFIXES) and not entry.is_symlink():
                yield _tidy(entry.path), current_root


def _tidy(path: str) -> str:
    return path[2:] if path.startswith("./") else path


def _display(path: str) -> str:
    cwd = os.getcwd()
    if path == cwd:
        return "."
    prefix = cwd.rstrip(os.sep) + os.sep
    return path[len(prefix) :] if path.startswith(prefix) else path


def _exclusion(config: MigrateConfig) -> Callable[[str], bool]:
    """`exclude` globs match a path relative to the project root, any of its parent folders, or
    the name of the file or of a folder on the way (as `data-layer-migrate` applies them)."""
    patterns = [pattern.rstrip("/") for pattern in config.exclude]
    if not patterns:
        return lambda path: False
    prefix = str(config.project_root).rstrip(os.sep) + os.sep

    def excluded(path: str) -> bool:
        absolute = os.path.abspath(path)
        if not absolute.startswith(prefix):
            return False
        parts = absolute[len(prefix) :].split(os.sep)
        candidates = ["/".join(parts[: index + 1]) for index in range(len(parts))] + parts
        return any(
            fnmatch.fnmatchcase(candidate, pattern)
            for pattern in patterns
            for candidate in candidates
        )

    return excluded


# -- --fix ----------------------------------------------------------------------------------


def _fix(findings: list[Finding], config: MigrateConfig) -> list[Finding]:
    """Run the import codemod on files with legacy references; return what is left after it:
    the guard's findings on the rewritten files, with the codemod's reason beside each site it
    left alone (prose mentions in comments and docstrings are not listed: they block nothing)."""
    targets = sorted({f.path for f in findings if f.code == LEGACY_REFERENCE})
    if not targets:
        return findings
    # The only path that imports LibCST: everything above stays on the stdlib.
    from codemods.imports.legacy_imports import PROSE, LegacyImportsCodemod
    from codemods.run.runner import process_file

    left: list[Finding] = [f for f in findings if f.path not in targets]
    fixed = 0
    for target in targets:
        result = process_file(Path(target), config, [LegacyImportsCodemod], write=True)
        for finding in result.findings:
            if finding.fixed:
                fixed += 1
            elif finding.code not in (LEGACY_REFERENCE, PROSE):
                left.append(_renamed(finding, target))
        left.extend(check_files([target], config))
    if fixed:
        print(f"{PROG}: rewrote {fixed} site{'s' * (fixed != 1)}", file=sys.stderr)
    return sorted(set(left))


def _renamed(finding: Finding, path: str) -> Finding:
    return Finding(path, finding.line, finding.column, finding.code, finding.message)


if __name__ == "__main__":
    raise SystemExit(main())
