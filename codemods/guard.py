"""The guard: report every reference to the legacy module, for pre-commit and CI (`DLM001`).

Runs on every commit, so it never imports LibCST unless `--fix` has work: files are read as bytes,
skipped unparsed when they cannot mention the legacy module, and parsed with the stdlib `ast`.
Exit status: 0 clean, 1 references (or unreadable files) found, 2 usage or configuration error, or
a folder given that holds no file to check (a warning says why).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from codemods.config import ConfigError, MigrateConfig
from codemods.config_options import (
    add_config_arguments,
    add_stdin_argument,
    add_version_argument,
    project_configs,
    stdin_config,
)
from codemods.findings import LEGACY_REFERENCE, UNDECODABLE, Finding
from codemods.legacy.prefilter import prefilter_for
from codemods.legacy.references import check_source, is_legacy_module_file
from codemods.module_names import module_for_file
from codemods.run.files import Selection, select_files
from codemods.run.formats import add_output_arguments

PROG = "data-layer-guard"


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    """The guard's options, shared with `data-layer-migrate check`."""
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to check (default: the whole project around the current folder); "
        "`-` reads the source from stdin",
    )
    add_config_arguments(parser)
    parser.add_argument(
        "--fix",
        action="store_true",
        help="rewrite the offending files with the import codemod, then report what remains",
    )
    add_output_arguments(parser)
    add_stdin_argument(parser)
    parser.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when references are found (configuration errors still exit 2)",
    )
    parser.add_argument(
        "--statistics",
        action="store_true",
        help="print the number of findings per code instead of the findings",
    )
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-q", "--quiet", action="store_true", help="no closing line on stderr")
    verbosity.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also say on stderr how many files were checked, and under which projects",
    )


def run_check(args: argparse.Namespace) -> int:
    """Check the files named by `args` (from `add_check_arguments`); print one line per finding.

    Files are chosen by the one walker (`codemods.run.files`, as `data-layer-migrate` does), each
    checked with its own project's configuration, so a repository holding several projects is
    checked as each would be alone. A given folder that yields no file is a warning and exit 2.
    """
    if args.paths == ["-"]:
        return _check_stdin(args)
    if "-" in args.paths:
        print(f"{PROG}: error: `-` (stdin) cannot be combined with other paths", file=sys.stderr)
        return 2
    try:
        selection = _select(args)
    except ConfigError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    if selection.empty and args.paths:  # the default path may well hold nothing
        for message in selection.empty:
            print(f"{PROG}: warning: {message}", file=sys.stderr)
        return 2
    findings: list[Finding] = []
    checked = 0
    by_config = selection.by_config()
    for config, files in by_config.items():
        checked += len(files)
        found = check_files([file.path for file in files], config)
        findings.extend(_fix(found, config) if args.fix else found)
    if args.verbose:
        roots = ", ".join(sorted(_display(str(config.project_root)) for config in by_config))
        print(f"{PROG}: checked {checked} file{'s' * (checked != 1)} ({roots})", file=sys.stderr)
    root = next(iter(by_config)).project_root if by_config else Path.cwd()
    return _report(findings, args, root)


def _report(findings: list[Finding], args: argparse.Namespace, root: Path) -> int:
    """Print `findings` as asked (format, statistics, quiet); the exit status."""
    findings.sort()
    output = _render(findings, args, root)
    if output:
        print(output)
    if findings and not args.quiet and args.output_format == "text":
        count = len(findings)
        where = len({finding.path for finding in findings})
        print(
            f"Found {count} problem{'s' * (count != 1)} in {where} file{'s' * (where != 1)}.",
            file=sys.stderr,
        )
    return 1 if findings and not args.exit_zero else 0


def _render(findings: list[Finding], args: argparse.Namespace, root: Path) -> str:
    if args.output_format == "text" and not args.statistics:
        # Text needs neither the codes registry nor the installed version's metadata lookup.
        return "\n".join(finding.format() for finding in findings)
    from codemods.codes import tool_codes
    from codemods.config_options import installed_version
    from codemods.run.formats import render, statistics

    if args.statistics:
        return statistics(findings, tool_codes())
    return render(
        findings,
        args.output_format,
        root=root,
        codes=tool_codes(),
        tool=PROG,
        version=installed_version(),
    )


def _check_stdin(args: argparse.Namespace) -> int:
    """`-`: check the source read from stdin, named after `--stdin-filename`."""
    try:
        name, config = stdin_config(args)
    except ConfigError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    source = sys.stdin.buffer.read()
    location = module_for_file(name, config.source_roots) if args.stdin_filename else None
    findings = (
        []
        if is_legacy_module_file(location, config)
        else check_source(source, name, location, config)
    )
    return _report(findings, args, config.project_root)


def main(argv: Sequence[str] | None = None) -> int:
    """`data-layer-guard [PATH...]`: the pre-commit hook and CI check."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Report every reference to the legacy paths module (DLM001).",
    )
    add_version_argument(parser)
    add_check_arguments(parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors, 0 on --help
        return exit_.code if isinstance(exit_.code, int) else 2
    return run_check(args)


def check_files(files: Iterable[str], config: MigrateConfig) -> list[Finding]:
    """Findings for `files` (display paths), sorted by path and position."""
    prefilter = prefilter_for(config)
    roots = config.source_roots
    findings: list[Finding] = []
    for name in files:
        try:
            source = _read(name)
        except OSError as error:
            findings.append(Finding(name, 1, 1, UNDECODABLE, f"cannot read: {error.strerror}"))
            continue
        starts = prefilter.word_starts(source)
        if not prefilter.may_mention(source, starts):
            continue
        location = module_for_file(name, roots)
        if is_legacy_module_file(location, config):
            continue
        findings.extend(check_source(source, name, location, config, word_starts=starts))
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


def _select(args: argparse.Namespace) -> Selection:
    """The files to check (display paths: as given, or relative to the current folder), each
    with its project's configuration. Raises ConfigError."""
    configs = project_configs(args)
    paths: Sequence[str] = args.paths or [_display(configs.root_for(os.getcwd()))]
    # pre-commit names every staged file, extension-less scripts included: check what it names,
    # but never what `exclude` leaves out.
    return select_files(paths, configs, force_exclude=True, any_named_file=True)


def _display(path: str) -> str:
    cwd = os.getcwd()
    if path == cwd:
        return "."
    prefix = cwd.rstrip(os.sep) + os.sep
    return path[len(prefix) :] if path.startswith(prefix) else path


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
