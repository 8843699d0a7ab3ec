"""Benchmark `data-layer-migrate all` against LibCST's own rename codemod and against the floor.

Generates a synthetic src-layout repository (N files, 5% with legacy references in every import
form, plus 2% that only use the word `paths`), then times, each over a fresh copy of the same
tree and with the same `-j`:

- ours:   `python -m codemods all -j J --no-progress -q src`
- libcst: `python -m libcst.tool codemod rename.RenameCommand --no-format -j J
           --old_name daydreaming_dagster.config.paths --new_name data_layer.paths src`
- floor:  a subprocess that reads every file's bytes and parses with LibCST only the files that
          mention the legacy module (interpreter start-up and imports count on both sides).

Each figure is wall time and CPU time (user + system of the command and the workers it waited
for); on a machine busy with other work, compare the CPU figures.

Run: `python bench/bench_migrate.py` (about 3 minutes on 2 cores: LibCST's run dominates);
`--quick` for smaller trees; `--pad 8` makes each legacy module about 270 lines long. Targets: ours <= 0.1x LibCST's time, ours <= 2x the floor.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

LEGACY = "daydreaming_dagster.config.paths"  # noqa: DLM001

FLOOR = r"""
import os, sys
import libcst
count = parsed = 0
for folder, _, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith(".py"):
            with open(os.path.join(folder, name), "rb") as handle:
                source = handle.read()
            count += 1
            if b"config.paths" in source or b"import paths" in source:
                libcst.parse_module(source)
                parsed += 1
print(count, parsed)
"""

PLAIN = '''\
"""Module {index}: helpers with no legacy reference."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

LOG = logging.getLogger(__name__)


@dataclass
class Record{index}:
    name: str
    values: list[int] = field(default_factory=list)

    def total(self) -> int:
        return sum(self.values)

    def to_json(self) -> str:
        return json.dumps({{"name": self.name, "values": self.values}}, indent=2)


def build_{index}(rows: list[dict[str, Any]]) -> list[Record{index}]:
    records = []
    for row in rows:
        record = Record{index}(row["name"], [int(v) for v in row.get("values", [])])
        if record.total() > {index}:
            LOG.info("large record %s", record.name)
        records.append(record)
    return records


def summarise_{index}(records: list[Record{index}]) -> dict[str, int]:
    summary: dict[str, int] = {{}}
    for record in records:
        summary[record.name] = summary.get(record.name, 0) + record.total()
    return dict(sorted(summary.items()))
'''

DECOY = (
    PLAIN
    + """

def search_paths_{index}(roots: list[str]) -> list[str]:
    paths = [root.rstrip("/") for root in roots]
    return sorted(set(paths))
"""
)

LEGACY_FORMS = [
    "from daydreaming_dagster.config.paths import Paths, RAW_FILENAME",
    "from ...config.paths import Paths, RAW_FILENAME",
    "from ...config.paths import (\n    RAW_FILENAME,  # kept comment\n    Paths,\n)",
    "from daydreaming_dagster.config.paths import Paths\nfrom daydreaming_dagster.config.paths "
    "import RAW_FILENAME",
]

LEGACY_FILE = '''\
"""Module {index}: an asset that stores generations through Paths."""

from __future__ import annotations

import json
from typing import Any

{imports}


def asset_{index}(context: Any, stage: str, gen_id: str, text: str) -> str:
    paths = Paths.from_context(context)
    raw = paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
    out = paths.parsed_path(stage, gen_id)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(raw + text, encoding="utf-8")
    meta = json.loads(paths.metadata_path(stage, gen_id).read_text(encoding="utf-8"))
    return RAW_FILENAME + str(meta)
'''


def padding(index: int, blocks: int) -> str:
    """`blocks` more helper functions (about 30 lines each) for a legacy module: real modules are
    longer than the few lines of a site, and LibCST's costs grow with the whole file."""
    body = PLAIN.split("from typing import Any\n", 1)[1]
    return "".join(body.format(index=index * 1000 + block) for block in range(blocks))


def generate(root: Path, files: int, *, seed: int = 5, pad: int = 0) -> tuple[int, int]:
    """A src-layout tree of `files` modules; returns (legacy files, decoy files)."""
    rng = random.Random(seed)
    package = root / "src/daydreaming_dagster"
    (package / "config").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "config/__init__.py").write_text("")
    (package / "config/paths.py").write_text(
        "from pathlib import Path\n\nRAW_FILENAME = 'raw.txt'\n\n\nclass Paths:\n    pass\n"
    )
    (root / "pyproject.toml").write_text("[tool.data-layer-migrate]\n")
    legacy = decoy = 0
    for index in range(files):
        folder = package / f"area_{index // 100:03}" / f"sub_{index // 20 % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        roll = rng.random()
        if roll < 0.05:
            text = LEGACY_FILE.format(index=index, imports=rng.choice(LEGACY_FORMS))
            text += padding(index, pad)
            legacy += 1
        elif roll < 0.07:
            text = DECOY.format(index=index)
            decoy += 1
        else:
            text = PLAIN.format(index=index)
        (folder / f"module_{index:05}.py").write_text(text)
    return legacy, decoy


@dataclass(frozen=True)
class Timing:
    """Wall time, and CPU time (user + system) of the command and every process it waited for:
    the CPU figure stays meaningful on a machine busy with other work."""

    wall: float
    cpu: float

    def __lt__(self, other: Timing) -> bool:
        return self.wall < other.wall

    def __str__(self) -> str:
        return f"{self.wall:8.2f} s wall {self.cpu:8.2f} s CPU"


def timed(command: list[str], cwd: Path) -> tuple[Timing, subprocess.CompletedProcess[str]]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu), completed


def fresh_copy(tree: Path, work: Path, name: str) -> Path:
    target = work / name
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(tree, target)
    return target


def ours(tree: Path, work: Path, jobs: int) -> tuple[Timing, int]:
    copy = fresh_copy(tree, work, "ours")
    seconds, completed = timed(
        [sys.executable, "-m", "codemods", "all", "-j", str(jobs), "--no-progress", "-q", "src"],
        copy,
    )
    if completed.returncode not in (0, 1):
        raise SystemExit(f"data-layer-migrate failed ({completed.returncode}):\n{completed.stderr}")
    left = sum(
        1
        for path in (copy / "src").rglob("*.py")
        if LEGACY.encode() in path.read_bytes() or b".config.paths import" in path.read_bytes()
    )
    return seconds, left


def libcst_rename(tree: Path, work: Path, jobs: int) -> tuple[Timing, int]:
    copy = fresh_copy(tree, work, "libcst")
    seconds, completed = timed(
        [
            sys.executable,
            "-m",
            "libcst.tool",
            "codemod",
            "rename.RenameCommand",
            "--no-format",
            "-j",
            str(jobs),
            "--old_name",
            LEGACY,
            "--new_name",
            "data_layer.paths",
            "src",
        ],
        copy,
    )
    if completed.returncode != 0:
        raise SystemExit(
            f"libcst.tool failed ({completed.returncode}):\n{completed.stderr[-2000:]}"
        )
    left = sum(
        1 for path in (copy / "src").rglob("*.py") if b".config.paths import" in path.read_bytes()
    )
    return seconds, left


def floor(tree: Path) -> Timing:
    seconds, completed = timed([sys.executable, "-c", FLOOR, "src"], tree)
    if completed.returncode != 0:
        raise SystemExit(f"floor failed:\n{completed.stderr}")
    return seconds


def median(timings: list[Timing]) -> Timing:
    """The median wall time and the median CPU time (each on its own) of `timings`."""
    return Timing(
        statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-j", "--jobs", type=int, default=2, help="workers for both tools")
    parser.add_argument("--files", type=int, default=1000, help="files for the LibCST comparison")
    parser.add_argument("--big", type=int, default=10000, help="files for ours against the floor")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of ours and the floor (median of)"
    )
    parser.add_argument("--quick", action="store_true", help="200 and 2,000 files, one run each")
    parser.add_argument("--skip-libcst", action="store_true", help="do not run LibCST's codemod")
    parser.add_argument(
        "--pad",
        type=int,
        default=0,
        help="helper functions appended to each legacy module (~30 lines each; 8 gives ~270)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.files, args.big, args.repeat = 200, 2000, 1

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, -j {args.jobs}")
    with tempfile.TemporaryDirectory(prefix="bench_migrate_") as scratch:
        work = Path(scratch)
        for run, (size, compare) in enumerate(
            ((args.files, not args.skip_libcst), (args.big, False))
        ):
            tree = work / f"tree_{run}_{size}"
            legacy, decoy = generate(tree, size, pad=args.pad)
            print(f"\n{size} files: {legacy} with legacy references, {decoy} that only say 'paths'")
            # Alternate the two, so a burst of load elsewhere on the machine hits both alike.
            floors: list[Timing] = []
            runs: list[tuple[Timing, int]] = []
            for _ in range(args.repeat):
                floors.append(floor(tree))
                runs.append(ours(tree, work, args.jobs))
            floor_t = median(floors)
            ours_t = median([timing for timing, _ in runs])
            ours_left = max(left for _, left in runs)
            print(f"  floor (read all, parse mentions): {floor_t}")
            print(
                f"  data-layer-migrate all:           {ours_t}   "
                f"{ours_t.wall / floor_t.wall:.2f}x the floor's wall time, "
                f"{ours_t.cpu / floor_t.cpu:.2f}x its CPU (target <= 2x); "
                f"{ours_left} files still name the legacy module"
            )
            if compare:
                libcst_t, libcst_left = libcst_rename(tree, work, args.jobs)
                print(
                    f"  libcst.tool rename.RenameCommand: {libcst_t}   "
                    f"ours = {ours_t.wall / libcst_t.wall:.3f}x its wall time, "
                    f"{ours_t.cpu / libcst_t.cpu:.3f}x its CPU (target <= 0.1x); "
                    f"it left {libcst_left} files with relative legacy imports"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
