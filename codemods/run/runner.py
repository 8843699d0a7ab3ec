"""Run an ordered pipeline of codemods over files: one parse per file, never a damaged file.

`process_file` handles one file and never raises: it returns a `FileResult` (changed, unchanged,
skipped by the pre-filter, or failed with a DLM9xx finding). A failed file is never written; a
changed file is written atomically with its encoding, BOM and line endings kept. `process_files`
runs the pre-filter in the calling process on raw bytes and parses the rest in a process pool
(once there are enough of them to pay for the workers) while it reads on.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.connection import wait as wait_for
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Event as EventType
from pathlib import Path
from typing import Literal

import libcst as cst
from libcst.codemod import CodemodContext

from codemods.base import MigrationCodemod
from codemods.config import MigrateConfig
from codemods.findings import INTERNAL_ERROR, READ_ONLY, UNDECODABLE, UNPARSABLE, Finding
from codemods.io.importers import forget as forget_importers
from codemods.module_names import module_for_file
from codemods.run.positions import relocate_findings
from codemods.run.progress import ProgressBar
from codemods.run.source import (
    SourceDecodeError,
    atomic_write,
    decode_source,
    is_read_only,
    remove_partial_writes,
)

Status = Literal["changed", "unchanged", "skipped", "failed"]

#: Below this many files to parse, a process pool costs more (worker start-up) than it saves.
POOL_THRESHOLD = 16


@dataclass(frozen=True)
class FileResult:
    """What happened to one file.

    `skipped`: the pre-filter proved no codemod has work in it (not parsed). `failed`: it could
    not be read, decoded, parsed or rewritten; `findings` holds the DLM901/902/903 finding,
    `error` the detail, and the file is untouched. `before`/`after` are the file's bytes, set
    only when it changed (or would change, when not writing).
    """

    path: Path
    status: Status
    findings: tuple[Finding, ...] = ()
    before: bytes | None = field(default=None, repr=False)
    after: bytes | None = field(default=None, repr=False)
    error: str | None = None


def process_file(
    path: Path,
    config: MigrateConfig,
    codemods: Sequence[type[MigrationCodemod]],
    *,
    write: bool,
    force: bool = False,
) -> FileResult:
    """Run `codemods` in order on `path`'s one parsed tree; write the result when `write`
    (a read-only file only with `force`).

    Never raises (except KeyboardInterrupt/SystemExit, which leave the file as it was).
    """
    try:
        source = path.read_bytes()
    except OSError as error:
        return _failed(path, UNDECODABLE, f"cannot be read: {error.strerror or error}")
    return process_source(path, source, config, codemods, write=write, force=force)


def process_source(
    path: Path,
    source: bytes,
    config: MigrateConfig,
    codemods: Sequence[type[MigrationCodemod]],
    *,
    write: bool,
    force: bool = False,
) -> FileResult:
    """`process_file` for bytes already read from `path`."""
    applicable = [codemod for codemod in codemods if codemod.may_apply(source, config)]
    if not applicable:
        return FileResult(path, "skipped")
    try:
        return _rewrite(path, source, config, applicable, write=write, force=force)
    except Exception as error:  # a bug in a codemod must not stop the run or touch the file
        detail = "".join(traceback.format_exception(error))
        return _failed(path, INTERNAL_ERROR, f"internal error: {error!r}", detail=detail)


def _rewrite(
    path: Path,
    source: bytes,
    config: MigrateConfig,
    codemods: Sequence[type[MigrationCodemod]],
    *,
    write: bool,
    force: bool,
) -> FileResult:
    try:
        text, _ = decode_source(source)
    except SourceDecodeError as error:
        return _failed(path, UNDECODABLE, f"cannot be decoded: {error}; left untouched")
    try:
        # LibCST parses bytes with the same encoding rules and keeps encoding, BOM and the
        # newline style, so `tree.bytes` round-trips an untouched file exactly.
        parsed = cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        return _failed(
            path,
            UNPARSABLE,
            f"cannot be parsed: {error.message}; left untouched",
            line=error.editor_line,
            column=error.editor_column,
        )
    except (SyntaxError, ValueError, RecursionError) as error:
        return _failed(path, UNPARSABLE, f"cannot be parsed: {error}; left untouched")

    location = module_for_file(path, config.source_roots)
    tree = parsed
    # Each codemod reports positions in the tree it was given: keep that tree's code beside them.
    # Every codemod reads the code of the tree it gets (`SOURCE_SCRATCH_KEY`): the parsed tree's
    # is `text`, a rewritten tree is printed once for the next codemod and for its findings.
    stages: list[tuple[str, list[Finding]]] = []
    seen = text
    for codemod in codemods:
        context = CodemodContext(
            filename=str(path),
            full_module_name=location.name if location is not None else None,
        )
        context.scratch[MigrationCodemod.SOURCE_SCRATCH_KEY] = seen
        instance = _instance(codemod, context, config)
        transformed = instance.transform_module(tree)
        if instance.findings:
            stages.append((seen, instance.findings))
        if transformed is not tree:
            seen = transformed.code
        tree = transformed

    if tree is parsed:
        # No codemod changed anything. Never reprint: LibCST does not round-trip every layout.
        return FileResult(path, "unchanged", tuple(f for _, found in stages for f in found))
    printed = parsed.code
    if printed != text:
        # LibCST's parser lost part of the file (seen: a comment before a last line of blanks
        # without a newline): a rewrite printed from this tree would drop it too.
        return _failed(
            path,
            UNPARSABLE,
            "LibCST does not print this file back as it was; left untouched",
            line=_first_difference(printed, text),
        )
    code = seen  # the last tree's code, printed when it came out of its codemod
    try:
        after = code.encode(tree.encoding)  # what `tree.bytes` does, without printing again
    except UnicodeEncodeError as error:
        return _failed(
            path,
            INTERNAL_ERROR,
            f"the rewrite cannot be encoded in {tree.encoding}: {error.reason}; left untouched",
        )
    # Positions refer to the file as it stands when the command ends: rewritten when written.
    findings = relocate_findings(stages, code if write else text)
    if after == source:
        return FileResult(path, "unchanged", tuple(findings))
    if not _compiles(after, path) and _compiles(source, path):
        return _failed(
            path,
            INTERNAL_ERROR,
            "the rewrite does not compile; left untouched",
        )
    if write:
        if _stopping():  # interrupted while this file was rewritten: the parent wants no writes
            return _failed(
                path, INTERNAL_ERROR, "interrupted before it was written; left untouched"
            )
        if path.suffix not in (".py", ".pyi"):  # defensive: discovery yields no other files
            return _failed(path, INTERNAL_ERROR, "not a .py or .pyi file; left untouched")
        if not force and is_read_only(path):
            # The rename of a rewrite would go through its permissions: someone made it so.
            return _failed(path, READ_ONLY, "read-only; not rewritten (--force rewrites it)")
        try:
            atomic_write(path, after)
        except OSError as error:
            return _failed(
                path,
                INTERNAL_ERROR,
                f"cannot be written: {error.strerror or error}; left untouched",
            )
    return FileResult(path, "changed", tuple(findings), before=source, after=after)


#: One instance per codemod class and configuration per process, as `libcst.tool` does: building
#: a visitor scans its class for decorated methods, which costs more than a small file's rewrite.
#: Every file gets its own context; `transform_module` resets the per-file state.
_INSTANCES: dict[tuple[type[MigrationCodemod], MigrateConfig], MigrationCodemod] = {}


def _instance(
    codemod: type[MigrationCodemod], context: CodemodContext, config: MigrateConfig
) -> MigrationCodemod:
    instance = _INSTANCES.get((codemod, config))
    if instance is None:
        instance = _INSTANCES[(codemod, config)] = codemod(context, config)
    else:
        instance.context = context
    return instance


def _first_difference(printed: str, text: str) -> int:
    """The 1-based line of `text` where `printed` first differs from it."""
    # Not strict: the shorter of the two ends where the other goes on.
    pairs = zip(printed.splitlines(keepends=True), text.splitlines(keepends=True), strict=False)
    for line, (ours, theirs) in enumerate(pairs, start=1):
        if ours != theirs:
            return line
    return min(printed.count("\n"), text.count("\n")) + 1


def _compiles(source: bytes, path: Path) -> bool:
    import ast

    try:
        compile(source, str(path), "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def _failed(
    path: Path,
    code: str,
    message: str,
    *,
    line: int = 1,
    column: int = 1,
    detail: str | None = None,
) -> FileResult:
    # A failed file carries only this finding: none of its sites was rewritten.
    finding = Finding(str(path), line, column, code, message)
    return FileResult(path, "failed", (finding,), error=detail or message)


def process_files(
    paths: Iterable[Path],
    config: MigrateConfig | Callable[[Path], MigrateConfig],
    codemods: Sequence[type[MigrationCodemod]],
    *,
    write: bool,
    force: bool = False,
    jobs: int | None = None,
    progress: bool = False,
) -> Generator[FileResult, None, None]:
    """`process_file` over `paths`, results streamed back as they are ready.

    Files are read and pre-filtered here (the ones it rules out are never sent to a worker) while
    the workers already parse the others, whose results come back in the order given. `jobs`
    (default: the machine's cores) caps the worker processes; a pool is started only once
    `POOL_THRESHOLD` files need parsing. `progress` draws a bar on stderr. `config` is one for
    every file, or the function giving each file its own project's.

    Interrupted (Ctrl-C, SIGTERM turned into an exception, or the generator closed early), no
    file is written any more and every worker has ended when the exception leaves. When a worker
    dies (killed, out of memory), the files it and the others had not finished are failed
    results (DLM903), and no other file is sent to the broken pool.
    """
    paths = list(paths)
    forget_importers()  # read the project's imports afresh: files may have changed since
    config_of = (lambda _: config) if isinstance(config, MigrateConfig) else config
    bar = ProgressBar(len(paths), enabled=progress)
    work = _Work(tuple(codemods), write, force)
    workers = jobs or os.cpu_count() or 1
    todo: _Batch = []  # read, not yet handed to the pool
    pending: deque[tuple[Future[list[FileResult]], _Batch]] = deque()
    pool: _Pool | None = None
    try:
        for path in paths:
            try:
                source = path.read_bytes()
            except OSError as error:
                result = _failed(path, UNDECODABLE, f"cannot be read: {error.strerror or error}")
            else:
                own = config_of(path)
                if any(codemod.may_apply(source, own) for codemod in codemods):
                    todo.append((path, source, own))
                    if pool is None and workers > 1 and len(todo) >= POOL_THRESHOLD:
                        pool = _Pool(workers)
                    if pool is not None and len(todo) >= _BATCH:
                        # Several batches when the pool has just started: spread them out.
                        for start in range(0, len(todo), _BATCH):
                            batch = todo[start : start + _BATCH]
                            pending.append((pool.submit(work, batch), batch))
                        todo = []
                    # Hand back what the workers finished meanwhile, keeping their order.
                    while pool is not None and pending and pending[0][0].done():
                        yield from _advance(bar, pool.collect(*pending.popleft()))
                    continue
                result = FileResult(path, "skipped")
            bar.advance()
            yield result

        if pool is None:
            for item in todo:
                result = work(item)
                bar.advance()
                yield result
            return
        if todo:
            pending.append((pool.submit(work, todo), todo))
        while pending:
            yield from _advance(bar, pool.collect(*pending.popleft()))
    except BaseException:
        # Ctrl-C, SIGTERM or a closed generator: no worker writes again, none is left behind.
        if pool is not None:
            pool.stop()
            pool = None
        raise
    finally:
        if pool is not None:
            pool.close()
        bar.close()


#: Files per task sent to a worker: few enough to keep both workers busy on small runs, enough
#: to make the cost of a task (pickling, a pipe round trip) small against parsing them.
_BATCH = 4


def _advance(bar: ProgressBar, results: list[FileResult]) -> Iterator[FileResult]:
    for result in results:
        bar.advance()
        yield result


_Batch = list[tuple[Path, bytes, MigrateConfig]]


@dataclass(frozen=True)
class _Work:
    """The per-file job sent to workers (a picklable callable). Each item carries its file's
    configuration (pickled once per batch when the batch shares it)."""

    codemods: tuple[type[MigrationCodemod], ...]
    write: bool
    force: bool = False

    def __call__(self, item: tuple[Path, bytes, MigrateConfig]) -> FileResult:
        path, source, config = item
        return process_source(
            path, source, config, self.codemods, write=self.write, force=self.force
        )

    def many(self, items: _Batch) -> list[FileResult]:
        results: list[FileResult] = []
        for item in items:
            if _stopping():
                break  # the parent stopped reading results: skip the rest of the batch quickly
            results.append(self(item))
        return results


#: How long workers get to end by themselves when the run is interrupted (they write nothing
#: more, so there is nothing to wait for but their exit), and then after SIGTERM, before SIGKILL:
#: the command must return within two seconds even when a worker is deep in a huge file.
_STOP_GRACE = 0.5


class _Pool:
    """A process pool that can be stopped at once and that reports the files a dead worker lost."""

    def __init__(self, workers: int) -> None:
        # fork (where it is safe) starts workers that already have LibCST and the codemods.
        method = "fork" if "fork" in get_all_start_methods() and sys.platform != "darwin" else None
        context = get_context(method)
        self._stop = context.Event()
        self._executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(self._stop,),
        )
        # Every worker ever started: the executor forgets them once it is shut down or broken.
        self._workers: dict[int, BaseProcess] = {}
        self._folders: set[Path] = set()  # of the files sent to the workers
        self._broken: str | None = None

    def submit(self, work: _Work, batch: _Batch) -> Future[list[FileResult]]:
        if self._broken is None:
            try:
                future = self._executor.submit(work.many, batch)
            except BrokenProcessPool:
                self._break()
            else:
                self._workers.update(self._executor._processes or {})
                self._folders.update(path.parent for path, _, _ in batch)
                return future
        done: Future[list[FileResult]] = Future()
        done.set_result(self._lost(batch, sent=False))
        return done

    def collect(self, future: Future[list[FileResult]], batch: _Batch) -> list[FileResult]:
        try:
            return future.result()
        except BrokenProcessPool:
            self._break()
            return self._lost(batch, sent=True)

    def close(self) -> None:
        self._executor.shutdown()

    def stop(self) -> None:
        """Tell the workers to write nothing more, drop the queued files, end every worker.

        The executor is kept until its manager thread has ended: dropped earlier, the thread
        never reads the cancel request and the queued files are all rewritten.
        """
        with _signals_held():
            # Workers started by a submit that the interrupt cut short are in none of our lists.
            self._workers.update(self._executor._processes or {})
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._halt()
            self._executor.shutdown(wait=True)

    def _halt(self) -> None:
        # Workers see the flag before their next file and before any write, and end once the
        # queue is drained; one stuck in a long file is terminated after a grace period.
        self._stop.set()
        workers = list(self._workers.values())
        for process in _alive_after(workers, _STOP_GRACE):
            process.terminate()  # its handler removes a half-written temporary file
        for process in _alive_after(workers, _STOP_GRACE):
            process.kill()
        for process in workers:
            # Its end was seen (its pipe closed); wait until the kernel has finished it too.
            process.join()

    def _break(self) -> None:
        """A worker died: the executor fails every pending file. Once the other workers have
        ended (none writes after that), what is on disk tells which files they had written."""
        if self._broken is not None:
            return
        self._halt()
        # Every worker has ended: a temporary file left is a write the dead one began.
        for folder in self._folders:
            remove_partial_writes(folder)
        self._broken = "a worker process ended abruptly"
        for process in self._workers.values():
            code = process.exitcode
            if code is not None and code < 0 and code != -signal.SIGTERM:
                self._broken = f"a worker process was killed by {signal.Signals(-code).name}"
                break

    def _lost(self, batch: _Batch, *, sent: bool) -> list[FileResult]:
        reason = self._broken or ""
        return [_not_processed(path, source, reason, sent=sent) for path, source, _ in batch]


def _not_processed(path: Path, source: bytes, reason: str, *, sent: bool) -> FileResult:
    # Writes are atomic: a file sent to the pool is either as it was read or fully rewritten.
    try:
        untouched = not sent or path.read_bytes() == source
    except OSError:
        untouched = True
    if untouched:
        return _failed(path, INTERNAL_ERROR, f"not processed: {reason}; left untouched")
    return _failed(
        path,
        INTERNAL_ERROR,
        f"rewritten, then {reason} before its findings came back; run again to list them",
    )


def _alive_after(processes: Sequence[BaseProcess], timeout: float) -> list[BaseProcess]:
    """The processes still running once they have all ended or `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    alive = [process for process in processes if process.exitcode is None]
    while alive:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ended = wait_for([process.sentinel for process in alive], left)
        alive = [process for process in alive if process.sentinel not in ended]
    return alive


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Another Ctrl-C or SIGTERM while the pool stops must not abandon its workers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, signal.SIG_IGN) for number in held}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


#: In a worker: set by the parent when the run is interrupted (None in the parent).
_STOP: EventType | None = None


def _stopping() -> bool:
    return _STOP is not None and _STOP.is_set()


def _init_worker(stop: EventType) -> None:
    global _STOP
    _STOP = stop
    # Ctrl-C reaches the whole process group: let the parent decide, so a worker never dies
    # between two files with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Terminated by the parent (or by anyone): unwind, so a half-written temporary file is
    # removed, instead of the handler a forked worker inherits from the parent.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)


def _exit_on_sigterm(number: int, frame: object) -> None:
    raise SystemExit(128 + number)
