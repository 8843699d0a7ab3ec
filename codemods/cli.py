"""`data-layer-migrate`: run the migration over a repository, report what is left, manage the shim.

Exit status: 0 done and clean; 1 changes needed (`--check`) or sites left for a human; 2 usage or
configuration error, or a path given that yields no file (before any file is read); 3 files that
could not be processed (left untouched). Importing this module does not import LibCST: the
handlers import the runner and the codemods, so `check` (the guard) and configuration errors stay
fast.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from codemods.config import ConfigError, MigrateConfig
from codemods.config_options import (
    add_config_arguments,
    add_stdin_argument,
    add_version_argument,
    project_configs,
    stdin_config,
)
from codemods.run.formats import add_output_arguments
from codemods.run.summary import Summary

if TYPE_CHECKING:
    from codemods.findings import Finding
    from codemods.run.files import Selection
    from codemods.run.runner import FileResult

PROG = "data-layer-migrate"

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_FAILED = 3


def main(argv: Sequence[str] | None = None) -> int:
    """Run `data-layer-migrate` with `argv` (default: the command line); return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse: 2 on a usage error, 0 on --help
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    if args.command is None and not args.list_codes:
        parser.print_usage(sys.stderr)
        print(f"{PROG}: error: a subcommand is required", file=sys.stderr)
        return EXIT_USAGE
    handler: Callable[[argparse.Namespace], int] = (
        (lambda _: _list_codes()) if args.list_codes else args.handler
    )
    try:
        with _sigterm_as_interrupt():
            return handler(args)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as the standard tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except ConfigError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except EmptyPaths as empty:
        for message in empty.messages:
            print(f"{PROG}: warning: {message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt as interrupt:
        print(
            f"\n{PROG}: interrupted; files already written are complete, the rest untouched",
            file=sys.stderr,
        )
        # The shell's convention, 128 + the signal's number, as if the signal had killed us.
        return 128 + (signal.SIGTERM if isinstance(interrupt, Terminated) else signal.SIGINT)


class Terminated(KeyboardInterrupt):
    """SIGTERM (what CI time-outs and `kill` send), handled as Ctrl-C is: it stops the workers."""


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def terminated(number: int, frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# -- the parser ------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Migrate a code base off the legacy paths module onto the data layer.",
    )
    parser.add_argument(
        "--list-codes",
        action="store_true",
        help="list every finding code with its meaning, then exit",
    )
    add_version_argument(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    rewriters = {
        "imports": "rewrite every reference to the legacy module to the new module",
        "io": "rewrite file IO through Paths helpers into GensDataLayer calls",
        "all": "imports, then io, in one pass per file",
    }
    for name, text in rewriters.items():
        command = commands.add_parser(name, help=text, description=text)
        _add_run_arguments(command, writes=True)
        command.add_argument(
            "--diff",
            action="store_true",
            help="print a unified diff (git apply accepts it) instead of writing files",
        )
        command.add_argument(
            "--check",
            action="store_true",
            help="write nothing; exit 1 when any file would change",
        )
        command.add_argument(
            "-v",
            "--verbose",
            action="store_true",
            help="also list every site rewritten, not only those left for a human",
        )
        add_output_arguments(command)
        add_stdin_argument(command)
        command.set_defaults(handler=_run_rewrite)

    report = commands.add_parser(
        "report",
        help="list remaining legacy references and sites that need a human (no rewrite)",
        description="List every remaining legacy reference and every site that needs a human, "
        "grouped by file. Exit 1 when there is any.",
    )
    _add_run_arguments(report)
    add_output_arguments(report, alias="--format")
    report.set_defaults(handler=_run_report)

    shim = commands.add_parser("shim", help="write or remove the deprecated legacy module")
    actions = shim.add_subparsers(dest="shim_action", metavar="ACTION", required=True)
    write = actions.add_parser(
        "write",
        help="write the legacy module as a re-export of the new one that warns on import",
    )
    add_config_arguments(write)
    write.set_defaults(handler=_run_shim_write)
    remove = actions.add_parser(
        "remove",
        help="delete the legacy module, unless a legacy reference is left (then list them)",
    )
    remove.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to search for references (default: the project root)",
    )
    add_config_arguments(remove)
    remove.set_defaults(handler=_run_shim_remove)

    check = commands.add_parser(
        "check",
        help="the guard: report every reference to the legacy module (as data-layer-guard)",
    )
    from codemods.guard import add_check_arguments

    add_check_arguments(check)
    check.set_defaults(handler=_run_check)
    return parser


def _add_run_arguments(parser: argparse.ArgumentParser, *, writes: bool = False) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to process (default: the current folder); `-` reads one source "
        "from stdin and writes the result to stdout",
    )
    add_config_arguments(parser)
    parser.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply the exclusions to files named on the command line too",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        default=None,
        metavar="N",
        help="worker processes (default: the number of cores)",
    )
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (there is none anyway when stderr is not a terminal, with "
        "TERM=dumb, or with --diff when stdout is a terminal)",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no closing summary",
    )
    if writes:
        parser.add_argument(
            "--force",
            action="store_true",
            help="also rewrite read-only files (reported as DLM904 and left untouched otherwise)",
        )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


# -- configuration and files -----------------------------------------------------------------


def _load_config(args: argparse.Namespace) -> MigrateConfig:
    """The run's own configuration (the project of the first path, or of the current folder):
    the shim's, the diff base's. Each file is processed with its own (see `_discover`)."""
    start = Path((getattr(args, "paths", None) or ["."])[0])
    folder = (start if start.exists() else Path.cwd()).resolve()
    if not folder.is_dir():
        folder = folder.parent
    return project_configs(args).for_folder(str(folder))


class _Discovered(list[Path]):
    """The files to process (absolute, sorted), each with the configuration of its own project."""

    def __init__(self, selection: Selection) -> None:
        super().__init__(Path(file.resolved) for file in selection.files)
        self.selection = selection
        self.configs = {Path(file.resolved): file.config for file in selection.files}

    def config_of(self, path: Path) -> MigrateConfig:
        return self.configs[path]

    def by_config(self) -> dict[MigrateConfig, list[str]]:
        """The files (absolute) grouped by their project's configuration."""
        return {
            config: [file.resolved for file in files]
            for config, files in self.selection.by_config().items()
        }


def _discover(args: argparse.Namespace, config: MigrateConfig) -> _Discovered:
    """The one walker's files (`codemods.run.files`) for `args.paths`, each with its own project's
    configuration (`config`, the run's, is not needed for that). Raises EmptyPaths when a path
    given yields no file (warned, exit 2)."""
    from codemods.run.files import select_files
    from codemods.run.source import symlink_outside

    given: list[str] = []
    for path in args.paths or ["."]:
        # A link named here would have a file outside the project rewritten: report it instead.
        target = symlink_outside(Path(path))
        if target is None:
            given.append(path)
        else:
            print(
                f"{PROG}: {path}: ignored (a symbolic link to {target}, outside the project; "
                "not followed)",
                file=sys.stderr,
            )
    found = select_files(
        given,
        project_configs(args),
        force_exclude=getattr(args, "force_exclude", False),
    )
    if found.empty and args.paths:
        raise EmptyPaths(found.empty)
    for path, reason in found.ignored:
        print(f"{PROG}: {_display(path)}: ignored ({reason})", file=sys.stderr)
    return _Discovered(found)


class EmptyPaths(Exception):
    """Paths given on the command line that yield no file: one message (with why) each."""

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = tuple(messages)


def _display(path: Path | str) -> str:
    """`path` relative to the current folder when it is inside it, else absolute."""
    absolute = Path(path).absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(absolute)


def _all_codes(codemods: Sequence[Any]) -> dict[str, str]:
    """Code -> the line the summary shows: the registry's, or the codemod's own for a tool code
    it fixes."""
    from codemods.codes import descriptions, registry

    return descriptions(registry(codemods), by_codemod=True)


def _list_codes() -> int:
    from codemods.codes import descriptions, registry

    for code, text in descriptions(registry()).items():
        print(f"{code}  {text}")
    return EXIT_OK


# -- handlers ----------------------------------------------------------------------------------


def _run_rewrite(args: argparse.Namespace) -> int:
    if args.paths == ["-"]:
        return _rewrite_stdin(args)
    if "-" in args.paths:
        raise ConfigError("`-` (stdin) cannot be combined with other paths")
    config = _load_config(args)
    files = _discover(args, config)
    from codemods.registry import pipeline
    from codemods.run.diff import diff_base, unified_diff
    from codemods.run.progress import wants_progress
    from codemods.run.runner import process_files

    codemods = pipeline(args.command)
    dry_run = args.diff or args.check
    # With --diff, stdout is the patch: everything else goes to stderr.
    listing = sys.stderr if args.diff else sys.stdout
    base = diff_base(config.project_root) if args.diff else config.project_root
    progress = not args.no_progress and wants_progress(patch_on_stdout=args.diff)

    structured: list[Finding] = []

    def emit(result: FileResult) -> None:
        if args.output_format != "text":
            structured.extend(_displayed(result))
            return
        _print_findings(_displayed(result), listing, verbose=args.verbose)
        if args.check and not args.diff and result.status == "changed":
            print(f"would rewrite {_display(result.path)}", file=listing)

    summary = Summary()
    # Lines printed under a live progress bar would be torn by it: hold them until it is gone.
    held: list[FileResult] = []
    results = process_files(
        files,
        files.config_of,
        codemods,
        write=not dry_run,
        force=args.force,
        jobs=args.jobs,
        progress=progress,
    )
    # Closed at once on Ctrl-C in this loop: the runner then stops its workers.
    with contextlib.closing(results):
        for result in results:
            summary.add(result)
            if args.diff and result.before is not None and result.after is not None:
                patch = unified_diff(result.path, result.before, result.after, base=base)
                sys.stdout.flush()
                sys.stdout.buffer.write(patch)
                sys.stdout.buffer.flush()
            if progress:
                held.append(result)
            else:
                emit(result)
    for result in held:
        emit(result)
    if args.output_format != "text":
        print(_rendered(structured, args.output_format, config, codemods), file=listing)
    if not args.quiet:
        print(summary.format(_all_codes(codemods), dry_run=dry_run), file=sys.stderr)
    return _exit_status(summary, check=args.check)


def _displayed(result: FileResult) -> list[Finding]:
    """`result`'s findings with the path shown to the user."""
    shown = _display(result.path)
    return [replace(finding, path=shown) for finding in sorted(result.findings)]


def _rendered(
    findings: list[Finding],
    output_format: str,
    config: MigrateConfig,
    codemods: Sequence[Any],
    summary: dict[str, int] | None = None,
) -> str:
    """`findings` in a structured format (json, github, sarif); `summary` joins a json one."""
    from codemods.codes import registry
    from codemods.config_options import installed_version
    from codemods.run.formats import render

    return render(
        findings,
        output_format,
        root=config.project_root,
        codes=registry(codemods),
        tool=PROG,
        version=installed_version(),
        summary=summary,
    )


def _rewrite_stdin(args: argparse.Namespace) -> int:
    """`-`: rewrite the source read from stdin; the result (or the diff) on stdout, findings on
    stderr, as for a file named `--stdin-filename`. Nothing is written to disk."""
    name, config = stdin_config(args)
    from codemods.registry import pipeline
    from codemods.run.diff import unified_diff
    from codemods.run.runner import process_source

    codemods = pipeline(args.command)
    source = sys.stdin.buffer.read()
    path = Path(os.path.abspath(name))
    result = process_source(path, source, config, codemods, write=False)
    findings = [replace(finding, path=name) for finding in sorted(result.findings)]
    if args.output_format == "text":
        _print_findings(findings, sys.stderr, verbose=args.verbose)
    else:
        print(_rendered(findings, args.output_format, config, codemods), file=sys.stderr)
    if args.diff:
        if result.before is not None and result.after is not None:
            sys.stdout.buffer.write(
                unified_diff(path, result.before, result.after, base=path.parent)
            )
    elif not args.check:
        sys.stdout.buffer.write(result.after if result.after is not None else source)
    sys.stdout.flush()
    summary = Summary()
    summary.add(result)
    return _exit_status(summary, check=args.check)


def _exit_status(summary: Summary, *, check: bool) -> int:
    """3 when a file failed; with `check`, 1 when one would change; else 1 when sites are left."""
    if summary.failed:
        return EXIT_FAILED
    if check:
        return EXIT_FINDINGS if summary.changed else EXIT_OK
    return EXIT_FINDINGS if summary.sites_left else EXIT_OK


def _print_findings(findings: Sequence[Finding], stream: Any, *, verbose: bool) -> None:
    """The text listing: sites left for a human, and with `verbose` the rewritten ones too."""
    for finding in findings:
        if finding.fixed and not verbose:
            continue
        print(f"{finding.format()} (fixed)" if finding.fixed else finding.format(), file=stream)


def _run_report(args: argparse.Namespace) -> int:
    """List every site the codemods would rewrite or leave, writing nothing.

    Its legacy references are the import codemod's DLM001 (fixable), DLM101, DLM102 and DLM104
    (left for a human) findings; DLM103 is prose. They come from the one detection
    (`codemods.legacy.references`), so the guard's flags are among them, and once `all` has run
    the remaining ones are exactly the guard's (`tests/guard/test_agreement.py`). A reference
    under `# noqa: DLM001` is not listed (`codemods.legacy.noqa`).
    """
    config = _load_config(args)
    files = _discover(args, config)
    from codemods.registry import pipeline
    from codemods.run.runner import process_files
    from codemods.run.summary import format_report_text, report_entries

    codemods = pipeline("report")
    codes = _all_codes(codemods)
    summary = Summary()
    results: list[FileResult] = []
    found = process_files(
        files, files.config_of, codemods, write=False, jobs=args.jobs, progress=not args.no_progress
    )
    with contextlib.closing(found):  # closed at once on Ctrl-C: the runner stops its workers
        for result in found:
            summary.add(result)
            results.append(result)
    grouped = report_entries(results, _display)
    if args.output_format != "text":
        listed = [finding for findings in grouped.values() for finding in findings]
        print(_rendered(listed, args.output_format, config, codemods, summary.as_dict()))
    else:
        if grouped:
            print(format_report_text(grouped, codes))
        if not args.quiet:
            print(summary.format(codes, dry_run=True), file=sys.stderr)
    if summary.failed:
        return EXIT_FAILED
    return EXIT_FINDINGS if any(grouped.values()) else EXIT_OK


def _run_shim_write(args: argparse.Namespace) -> int:
    config = _load_config(args)
    from codemods.shim import ShimError, write_shim

    try:
        path, changed = write_shim(config)
    except ShimError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    state = "wrote" if changed else "already up to date:"
    print(f"{state} {_display(path)} (re-exports {config.paths_module}, warns on import)")
    return EXIT_OK


def _run_shim_remove(args: argparse.Namespace) -> int:
    """Delete the legacy module unless the guard would flag a file (the same detection)."""
    config = _load_config(args)
    if not args.paths:
        args.paths = [str(config.project_root)]
    files = _discover(args, config)
    from codemods.shim import ShimError, remove_shim

    try:
        outcome = remove_shim(config, files.by_config())
    except ShimError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if outcome.references:
        for finding in outcome.references:
            print(
                f"{_display(finding.path)}:{finding.line}:{finding.column}: "
                f"{finding.code} {finding.one_line_message}"
            )
        count = len(outcome.references)
        print(
            f"{PROG}: refusing to remove {config.legacy_module}: "
            f"{count} legacy reference{'s' * (count != 1)} left "
            f"(`{PROG} all` rewrites what it can; `{PROG} report` lists the rest)",
            file=sys.stderr,
        )
        return EXIT_FINDINGS
    if outcome.path is None:
        print(f"{config.legacy_module}: no file to remove")
    else:
        print(f"removed {_display(outcome.path)}")
    return EXIT_OK


def _run_check(args: argparse.Namespace) -> int:
    from codemods.guard import run_check

    return run_check(args)
