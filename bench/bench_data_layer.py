"""Benchmark GensDataLayer against what pipelines do today with the legacy `Paths`.

    python bench/bench_data_layer.py            # full run (about a minute; 100,000 generations)
    python bench/bench_data_layer.py --quick    # short run, smaller listing
    python bench/bench_data_layer.py --backend s3   # S3 on a local moto server vs plain fsspec

Each case times a loop of calls with `time.perf_counter`, several repeats, candidates interleaved
so drift hits both sides; the figure is the median time per call, and the ratio is layer/baseline
(lower is better). On S3 the per-call cases alternate single calls instead (a call takes
milliseconds and the server's speed drifts), and the figure is the median call. Plain Python on
purpose: no pytest-benchmark, nothing runs in the test suite.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # so `python bench/...` works from a checkout too
    sys.path.insert(0, str(REPO_ROOT))

from data_layer import GensDataLayer  # noqa: E402

STAGE = "draft"
TEXT = ("The quick brown fox jumps over the lazy dog; ünïcödé too.\n" * 80)[:4096]
METADATA = {
    "stage": STAGE,
    "gen_id": "g-0001",
    "parent_gen_id": "p-0001",
    "template_id": "creative-synthesis-v7",
    "llm_model_id": "sonnet-4",
    "mode": "llm",
    "cohort_id": "cohort-2026-11",
    "replicate": 1,
    "usage": {"prompt_tokens": 812, "completion_tokens": 2048, "total_tokens": 2860},
    "finish_reason": "stop",
    "duration_s": 12.25,
    "tags": ["baseline", "ünïcödé"],
}


def _load_legacy() -> tuple[ModuleType, ModuleType]:
    # tests/legacy.py imports the bundled legacy package under a private name, by file path.
    spec = importlib.util.spec_from_file_location(
        "_bench_legacy_loader", REPO_ROOT / "tests/legacy.py"
    )
    assert spec is not None and spec.loader is not None
    loader = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loader)
    return loader.legacy_paths(), loader.legacy_generation()


@dataclass(frozen=True)
class Row:
    name: str
    layer_s: float
    baseline_s: float
    target: float | None

    @property
    def ratio(self) -> float:
        return self.layer_s / self.baseline_s


def _time_pair(
    layer: Callable[[], object],
    baseline: Callable[[], object],
    *,
    number: int,
    repeats: int,
) -> tuple[float, float]:
    """Median seconds per call of each callable, over `repeats` interleaved loops of `number`."""
    samples: tuple[list[float], list[float]] = ([], [])
    clock = time.perf_counter
    for round_ in range(repeats):
        # Alternate who goes first: caches and CPU frequency favour neither side.
        order = ((0, layer), (1, baseline)) if round_ % 2 == 0 else ((1, baseline), (0, layer))
        for slot, function in order:
            start = clock()
            for _ in range(number):
                function()
            samples[slot].append((clock() - start) / number)
    return statistics.median(samples[0]), statistics.median(samples[1])


def _time_interleaved(
    layer: Callable[[], object], baseline: Callable[[], object], *, calls: int
) -> tuple[float, float]:
    """Median seconds of single calls, the two sides alternating call by call: over a network
    a call takes milliseconds and its time drifts with the server, so loops would time drift."""
    samples: tuple[list[float], list[float]] = ([], [])
    clock = time.perf_counter
    for index in range(calls):
        order = ((0, layer), (1, baseline)) if index % 2 == 0 else ((1, baseline), (0, layer))
        for slot, function in order:
            start = clock()
            function()
            samples[slot].append(clock() - start)
    return statistics.median(samples[0]), statistics.median(samples[1])


def run(
    *, number: int, repeats: int, generations: int, out: Callable[[str], None] = print
) -> list[Row]:
    """Run every case with `number` calls per loop and `repeats` loops, listing `generations`
    generations; print the table and return the rows (the smoke test runs it tiny)."""
    legacy_paths, legacy_generation = _load_legacy()
    LegacyPaths = legacy_paths.Paths
    write_gen_raw = legacy_generation.write_gen_raw
    write_gen_metadata = legacy_generation.write_gen_metadata

    count = generations
    rows: list[Row] = []

    with tempfile.TemporaryDirectory(prefix="bench-data-layer-") as tmp:
        root = str(Path(tmp, "data"))
        layer = GensDataLayer.from_root(root)
        paths = LegacyPaths(root)

        # Reads of a 4 KiB text.
        layer.write_raw(STAGE, "read", TEXT)
        layer_s, base_s = _time_pair(
            lambda: layer.read_raw(STAGE, "read"),
            lambda: LegacyPaths(root).raw_path(STAGE, "read").read_text(encoding="utf-8"),
            number=number,
            repeats=repeats,
        )
        rows.append(Row("read 4 KiB vs Paths(root).raw_path().read_text()", layer_s, base_s, 1.0))
        layer_s, base_s = _time_pair(
            lambda: layer.read_raw(STAGE, "read"),
            lambda: paths.raw_path(STAGE, "read").read_text(encoding="utf-8"),
            number=number,
            repeats=repeats,
        )
        rows.append(Row("read 4 KiB vs a Paths built once", layer_s, base_s, None))

        # Writes of the same text: one generation per side so they never share a file.
        gens_root = paths.gens_root

        def plain_write() -> None:
            target = paths.raw_path(STAGE, "w-plain")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(TEXT, encoding="utf-8")

        layer_s, base_s = _time_pair(
            lambda: layer.write_raw(STAGE, "w-layer", TEXT),
            lambda: write_gen_raw(gens_root, STAGE, "w-legacy", TEXT),
            number=number,
            repeats=repeats,
        )
        rows.append(Row("write 4 KiB vs legacy write_gen_raw", layer_s, base_s, 1.0))
        layer_s, base_s = _time_pair(
            lambda: layer.write_raw(STAGE, "w-layer", TEXT),
            plain_write,
            number=number,
            repeats=repeats,
        )
        rows.append(Row("write 4 KiB vs mkdir + write_text (not atomic)", layer_s, base_s, 1.6))

        # What the atomicity costs at the OS level: a temp file and a rename vs writing in place.
        folder = str(Path(root, "gens", STAGE, "w-os"))
        os.makedirs(folder, exist_ok=True)
        data = TEXT.encode("utf-8")
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC

        def os_in_place() -> None:
            fd = os.open(folder + "/raw.txt", flags, 0o666)
            os.write(fd, data)
            os.close(fd)

        def os_with_rename() -> None:
            fd = os.open(folder + "/.raw.txt.tmp", flags | os.O_EXCL, 0o666)
            os.write(fd, data)
            os.close(fd)
            os.replace(folder + "/.raw.txt.tmp", folder + "/raw.txt")

        layer_s, base_s = _time_pair(os_with_rename, os_in_place, number=number, repeats=repeats)
        rows.append(Row("(syscalls only) temp + rename vs write in place", layer_s, base_s, None))

        # Metadata.
        def json_write_text() -> None:
            paths.metadata_path(STAGE, "m-plain").write_text(
                json.dumps(METADATA, ensure_ascii=False, indent=2), encoding="utf-8"
            )

        layer.reserve_generation(STAGE, "m-plain")
        layer_s, base_s = _time_pair(
            lambda: layer.write_main_metadata(STAGE, "m-layer", METADATA),
            json_write_text,
            number=number,
            repeats=repeats,
        )
        rows.append(Row("metadata write vs json.dumps + write_text", layer_s, base_s, 1.6))
        layer_s, base_s = _time_pair(
            lambda: layer.write_main_metadata(STAGE, "m-layer", METADATA),
            lambda: write_gen_metadata(gens_root, STAGE, "m-legacy", METADATA),
            number=number,
            repeats=repeats,
        )
        rows.append(Row("metadata write vs legacy write_gen_metadata", layer_s, base_s, 1.0))
        layer_s, base_s = _time_pair(
            lambda: layer.read_main_metadata(STAGE, "m-layer"),
            lambda: json.loads(paths.metadata_path(STAGE, "m-plain").read_text(encoding="utf-8")),
            number=number,
            repeats=repeats,
        )
        rows.append(Row("metadata read vs json.loads + read_text", layer_s, base_s, 1.0))

        # Listing a large stage.
        stage_dir = Path(root, "gens", "big")
        stage_dir.mkdir(parents=True)
        for index in range(count):
            os.mkdir(stage_dir / f"g{index:07d}")
        big = str(stage_dir)

        def scandir_loop() -> list[str]:
            with os.scandir(big) as entries:
                return [entry.name for entry in entries if entry.is_dir()]

        def scandir_sorted() -> list[str]:
            with os.scandir(big) as entries:
                return sorted(entry.name for entry in entries if entry.is_dir())

        list_number = max(1, min(30, 300_000 // max(count, 1)))
        assert layer.list_generations("big") == sorted(scandir_loop())
        layer_s, base_s = _time_pair(
            lambda: layer.list_generations("big"),
            scandir_loop,
            number=list_number,
            repeats=repeats,
        )
        rows.append(
            Row(f"list {count:,} generations vs bare os.scandir loop", layer_s, base_s, 1.3)
        )
        layer_s, base_s = _time_pair(
            lambda: layer.list_generations("big"),
            scandir_sorted,
            number=list_number,
            repeats=repeats,
        )
        rows.append(
            Row(f"list {count:,} generations vs sorted(os.scandir loop)", layer_s, base_s, None)
        )

    _print_table(rows, out, number=number, repeats=repeats)
    return rows


# The S3 API server: moto's ThreadedMotoServer on 127.0.0.1, in its own process so that it does
# not share this process's GIL with the client being timed. With --latency-ms, every request
# waits that long first (threads overlap the waits), standing for the network round trip a
# real store has and the loopback lacks.
_SERVER = """
    import logging, sys, time
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    from moto.server import DomainDispatcherApplication, ThreadedMotoServer, create_backend_app
    from werkzeug.serving import make_server
    latency = float(sys.argv[1]) / 1000

    class DelayedServer(ThreadedMotoServer):
        def _server_entry(self):
            app = DomainDispatcherApplication(create_backend_app)
            def delayed(environ, start_response):
                time.sleep(latency)
                return app(environ, start_response)
            self._server = make_server(self._ip_address, self._port, delayed, True)
            self._server_ready_event.set()
            self._server.serve_forever()

    kind = DelayedServer if latency else ThreadedMotoServer
    server = kind(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    print(server.get_host_and_port()[1], flush=True)
    sys.stdin.read()
    server.stop()
"""
S3_ENV = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",  # never ask the instance-metadata address
}


@contextmanager
def moto_server(latency_ms: float = 0) -> Iterator[str]:
    """A moto S3 server on 127.0.0.1 (a free port) for the duration; yields its endpoint."""
    env = {**os.environ, **S3_ENV}
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_SERVER), str(latency_ms)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=30)


def run_s3(
    *,
    number: int,
    repeats: int,
    generations: int,
    loads: int,
    latency_ms: float = 0,
    out: Callable[[str], None] = print,
) -> list[Row]:
    """The layer on S3 (moto on 127.0.0.1) against the fsspec calls a team would write by hand."""
    os.environ.update(S3_ENV)
    import s3fs
    from upath import UPath

    rows: list[Row] = []
    with moto_server(latency_ms) as endpoint:
        # botocore's default pool is 10 connections: a bulk reader sizes it (both sides share it).
        options = {
            "endpoint_url": endpoint,
            "key": "bench",
            "secret": "bench",
            "config_kwargs": {"max_pool_connections": 128},
        }
        bucket = f"bench-{uuid.uuid4().hex[:8]}"
        fs = s3fs.S3FileSystem(**options)
        fs.mkdir(bucket)
        layer = GensDataLayer.from_root(UPath(f"s3://{bucket}/data", **options))
        assert layer.data_root.fs is fs  # type: ignore[attr-defined]  # one client for both
        gens = f"{bucket}/data/gens"
        data = TEXT.encode("utf-8")

        layer_s, base_s = _time_interleaved(
            lambda: layer.write_raw(STAGE, "w-layer", TEXT),
            lambda: fs.pipe_file(f"{gens}/{STAGE}/w-plain/raw.txt", data),
            calls=number * repeats,
        )
        rows.append(Row("write 4 KiB vs fs.pipe_file", layer_s, base_s, 1.1))
        layer_s, base_s = _time_interleaved(
            lambda: layer.read_raw(STAGE, "w-layer"),
            lambda: fs.cat_file(f"{gens}/{STAGE}/w-plain/raw.txt").decode("utf-8"),
            calls=number * repeats,
        )
        rows.append(Row("read 4 KiB vs fs.cat_file", layer_s, base_s, 1.1))
        # The slow cases take seconds a sample: three samples give a median.
        slow_repeats = min(repeats, 3)

        # Listing: one object per generation, put concurrently.
        fs.pipe({f"{gens}/big/g{index:07d}/raw.txt": b"x" for index in range(generations)})
        assert len(layer.list_generations("big")) == generations
        layer_s, base_s = _time_pair(
            lambda: layer.list_generations("big"),
            lambda: fs.ls(f"{gens}/big", detail=False, refresh=True),
            number=1,
            repeats=slow_repeats,
        )
        rows.append(Row(f"list {generations:,} generations vs one fs.ls", layer_s, base_s, 1.2))

        # Bulk reads: four files per generation, three present.
        ids = [f"l{index:05d}" for index in range(loads)]
        files = {}
        for gen_id in ids:
            files[f"{gens}/{STAGE}/{gen_id}/raw.txt"] = data
            files[f"{gens}/{STAGE}/{gen_id}/parsed.txt"] = data
            files[f"{gens}/{STAGE}/{gen_id}/metadata.json"] = json.dumps(METADATA).encode()
        fs.pipe(files)
        assert layer.load_generations(STAGE, ids) == [layer.load_generation(STAGE, g) for g in ids]
        layer_s, base_s = _time_pair(
            lambda: layer.load_generations(STAGE, ids),
            lambda: [layer.load_generation(STAGE, gen_id) for gen_id in ids],
            number=1,
            repeats=slow_repeats,
        )
        rows.append(
            Row(f"load_generations of {loads:,} vs a load_generation loop", layer_s, base_s, 0.2)
        )
    out(
        f"S3 on moto at {endpoint}: write/read are medians of {number * repeats} alternated "
        f"calls a side; listing and bulk reads medians of {min(repeats, 3)} runs"
    )
    if latency_ms:
        out(f"(every request delayed {latency_ms:g} ms by the server: a network round trip)")
    _print_table(rows, out, number=number, repeats=repeats)
    return rows


def _print_table(
    rows: Sequence[Row], out: Callable[[str], None], *, number: int, repeats: int
) -> None:
    width = max(len(row.name) for row in rows)
    out(
        f"Python {sys.version.split()[0]} on {sys.platform}; {repeats} repeats of {number} calls, medians"
    )
    out(f"{'case':<{width}}  {'layer':>10}  {'baseline':>10}  {'ratio':>6}  target")
    for row in rows:
        target = (
            ""
            if row.target is None
            else f"<= {row.target:.1f}x " + ("ok" if row.ratio <= row.target else "MISSED")
        )
        out(
            f"{row.name:<{width}}  {_format(row.layer_s):>10}  {_format(row.baseline_s):>10}  "
            f"{row.ratio:>5.2f}x  {target}"
        )


def _format(seconds: float) -> str:
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.2f} us"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer calls and a 2,000-generation listing"
    )
    parser.add_argument(
        "--backend",
        choices=["local", "s3"],
        default="local",
        help="local: the legacy patterns on disk; s3: S3 on a moto server on 127.0.0.1 "
        "(needs the dev extra) against hand-written fsspec",
    )
    parser.add_argument(
        "--latency-ms",
        type=float,
        default=0,
        help="with --backend s3: delay every request this long in the server (a network round "
        "trip; the loopback has none)",
    )
    parser.add_argument(
        "--loads",
        type=int,
        default=None,
        help="with --backend s3: generations in the load_generations case",
    )
    parser.add_argument(
        "--generations",
        type=int,
        default=None,
        help="generations in the listing case (overrides the default)",
    )
    args = parser.parse_args(argv)
    if args.backend == "s3":
        count = args.generations or (1_000 if args.quick else 10_000)
        loads = args.loads or (200 if args.quick else 1_000)
        if args.quick:
            run_s3(number=20, repeats=3, generations=count, loads=loads, latency_ms=args.latency_ms)
        else:
            run_s3(number=50, repeats=9, generations=count, loads=loads, latency_ms=args.latency_ms)
        return 0
    generations = args.generations
    if generations is None:
        generations = 2_000 if args.quick else 100_000
    if args.quick:
        run(number=300, repeats=5, generations=generations)
    else:
        run(number=2000, repeats=9, generations=generations)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
