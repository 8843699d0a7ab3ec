"""Benchmark GensDataLayer against what pipelines do today with the legacy `Paths`.

    python bench/bench_data_layer.py            # full run (about a minute; 100,000 generations)
    python bench/bench_data_layer.py --quick    # short run, smaller listing

Each case times a loop of calls with `time.perf_counter`, several repeats, candidates interleaved
so drift hits both sides; the figure is the median time per call, and the ratio is layer/baseline
(lower is better). Plain Python on purpose: no pytest-benchmark, nothing runs in the test suite.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
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
        "--generations",
        type=int,
        default=None,
        help="generations in the listing case (overrides the default)",
    )
    args = parser.parse_args(argv)
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
