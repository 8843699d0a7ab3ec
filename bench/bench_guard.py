"""Benchmark: `data-layer-guard` against `ruff check --select TID251` (banned-api) on the same tree.

Builds synthetic src-layout trees (default ~120 and 10,000 files; a few % with legacy references
in the forms a real tree has, some importing the new module, the rest plain code; folders without
`__init__.py` included), runs both tools several times interleaved, and prints median wall times,
the ratio guard/ruff, and how many references each tool reported against how many were planted.

    python bench/bench_guard.py [--sizes 120 10000] [--repeats 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

LEGACY = "daydreaming_dagster.config.paths"  # noqa: DLM001
PACKAGE = "daydreaming_dagster"

RUFF_CONFIG = f"""\
[lint.flake8-tidy-imports.banned-api]
"{LEGACY}".msg = "use data_layer.paths"
"""
GUARD_CONFIG = """\
[project]
name = "synthetic"
"""

#: Legacy references in the forms met in the field; each plants exactly one reference.
#: (text, in a folder with __init__.py?) -- `{rel}` is `..` (module two levels down).
LEGACY_FORMS = [
    "from daydreaming_dagster.config.paths import Paths, RAW_FILENAME\n",
    "from {rel}config.paths import Paths\n",
    "from {rel}config.paths import (\n    PROMPT_FILENAME,\n    RAW_FILENAME,  # kept\n)\n",
    "from daydreaming_dagster.config import paths\n",
    "from {rel}config import paths as legacy_paths\n",
    "import daydreaming_dagster.config.paths as p\n",
    "def load(context):\n    from {rel}config.paths import Paths\n\n    return Paths.from_context(context)\n",
    "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from daydreaming_dagster.config.paths import Paths\n",
    "import importlib\n\nmodule = importlib.import_module('daydreaming_dagster.config.paths')\n",
    "from unittest import mock\n\n\n@mock.patch('daydreaming_dagster.config.paths.Paths.from_context')\ndef test_x(m):\n    pass\n",
    "def test_root(monkeypatch):\n    monkeypatch.setattr('daydreaming_dagster.config.paths.RAW_FILENAME', 'x.txt')\n",
]

NEW_MODULE = "from data_layer.paths import Paths, RAW_FILENAME\n\nROOT = Paths.from_str('data')\n"
LOOK_ALIKE = "paths = [p for p in all_paths if p.suffix == '.txt']\nmy_paths = sorted(paths)\n"

PLAIN = '''\
"""Module {index}: helpers for stage {stage}."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Record{index}:
    stage: str
    gen_id: str
    score: float = 0.0

    def key(self) -> str:
        return f"{{self.stage}}/{{self.gen_id}}"


def load_{index}(root: Path, stage: str) -> list[Record{index}]:
    records = []
    for line in (root / stage / "records.jsonl").read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        if not data.get("gen_id"):
            LOG.warning("skipping %r", data)
            continue
        records.append(Record{index}(stage, data["gen_id"], float(data.get("score", 0))))
    return records


def summarise_{index}(records: list[Record{index}]) -> dict[str, float]:
    totals: dict[str, float] = {{}}
    for record in records:
        totals[record.stage] = totals.get(record.stage, 0.0) + record.score
    return {{stage: round(total, 3) for stage, total in sorted(totals.items())}}
'''


@dataclass(frozen=True)
class Tree:
    root: Path
    files: int
    planted: int
    planted_relative_in_namespace: int
    planted_strings: int


def build_tree(root: Path, files: int, seed: int = 7) -> Tree:
    """A src-layout tree of `files` modules; ~3% legacy references, ~5% new-module imports."""
    rng = random.Random(seed)
    src = root / "src" / PACKAGE
    (root / "pyproject.toml").write_text(GUARD_CONFIG, encoding="utf-8")
    (root / "ruff.toml").write_text(RUFF_CONFIG, encoding="utf-8")
    for folder in (src, src / "config"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "__init__.py").write_text("", encoding="utf-8")
    per_folder = 25
    folders = max(1, files // per_folder)
    planted = namespace_relative = strings = 0
    written = 0
    for folder_index in range(folders):
        group = src / f"group{folder_index // 20}" / f"mod{folder_index}"
        group.mkdir(parents=True, exist_ok=True)
        # One folder in three is a namespace folder (no __init__.py), as in real trees.
        namespace = folder_index % 3 == 0
        if not namespace:
            (group / "__init__.py").write_text("", encoding="utf-8")
            (group.parent / "__init__.py").write_text("", encoding="utf-8")
        count = per_folder if folder_index < folders - 1 else files - written
        for index in range(count):
            number = written + index
            text = PLAIN.format(index=number, stage=rng.choice(["draft", "essay", "eval"]))
            roll = rng.random()
            if roll < 0.03:
                form = LEGACY_FORMS[planted % len(LEGACY_FORMS)]
                text = form.format(rel="...") + "\n" + text
                planted += 1
                if namespace and "{rel}" in form:
                    namespace_relative += 1
                if "'daydreaming_dagster" in form:
                    strings += 1
            elif roll < 0.08:
                text = NEW_MODULE + "\n" + text
            elif roll < 0.10:
                text = text + "\n" + LOOK_ALIKE
            (group / f"m{index}.py").write_text(text, encoding="utf-8")
        written += count
    return Tree(root, written, planted, namespace_relative, strings)


#: The interpreter's own folder: its console scripts, not a version manager's shims (a pyenv
#: shim adds ~80 ms of bash to every run).
BIN = Path(sys.executable).parent
#: Byte-compiled modules as in a normal install (some sandboxes set PYTHONDONTWRITEBYTECODE,
#: which makes every run recompile our modules).
ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def tool(name: str) -> str:
    candidate = BIN / name
    return str(candidate) if candidate.exists() else shutil.which(name) or name


def timed(command: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    completed = subprocess.run(
        command, cwd=cwd, env=ENVIRONMENT, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        raise SystemExit(f"{command} failed ({completed.returncode}):\n{completed.stderr}")
    return elapsed, completed.stdout


def bench(tree: Tree, repeats: int) -> dict[str, object]:
    guard = [tool("data-layer-guard"), "src"]
    floor = [sys.executable, "-c", "pass"]
    ruff = [
        tool("ruff"),
        "check",
        "--no-cache",
        "--select",
        "TID251",
        "--output-format",
        "concise",
        "src",
    ]
    commands = (("guard", guard), ("ruff", ruff), ("python", floor))
    times: dict[str, list[float]] = {name: [] for name, _ in commands}
    outputs: dict[str, str] = {}
    # One warm-up each (page cache, byte-code), then interleaved runs so drift hits all alike.
    for _, command in commands:
        timed(command, tree.root)
    for _ in range(repeats):
        for name, command in commands:
            elapsed, outputs[name] = timed(command, tree.root)
            times[name].append(elapsed)
    guard_median = statistics.median(times["guard"])
    ruff_median = statistics.median(times["ruff"])
    return {
        "files": tree.files,
        "planted": tree.planted,
        "guard_s": guard_median,
        "ruff_s": ruff_median,
        "ratio": guard_median / ruff_median,
        "python_s": statistics.median(times["python"]),
        "guard_found": sum(" DLM001 " in line for line in outputs["guard"].splitlines()),
        "ruff_found": sum(" TID251 " in line for line in outputs["ruff"].splitlines()),
        "namespace_relative": tree.planted_relative_in_namespace,
        "strings": tree.planted_strings,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[120, 10_000], help="tree sizes")
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per tool and size")
    parser.add_argument("--keep", type=Path, help="build the trees here and keep them")
    args = parser.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-guard-"))
    ruff_version = subprocess.run(["ruff", "--version"], capture_output=True, text=True).stdout
    print(f"python {sys.version.split()[0]}, {ruff_version.strip()}, {args.repeats} repeats")
    print("python s: `python -c pass`, the interpreter start-up floor of any Python tool")
    print(
        f"{'files':>6} {'guard s':>8} {'ruff s':>8} {'ratio':>6} {'python s':>8}  "
        f"{'planted':>7} {'guard':>5} {'ruff':>5}"
    )
    try:
        for size in args.sizes:
            root = base / f"tree-{size}"
            if root.exists():
                shutil.rmtree(root)
            root.mkdir(parents=True)
            result = bench(build_tree(root, size), args.repeats)
            print(
                f"{result['files']:>6} {result['guard_s']:>8.3f} {result['ruff_s']:>8.3f} "
                f"{result['ratio']:>5.2f}x {result['python_s']:>8.3f}  {result['planted']:>7} "
                f"{result['guard_found']:>5} {result['ruff_found']:>5}  (planted: "
                f"{result['namespace_relative']} relative in namespace folders, "
                f"{result['strings']} run-time strings)"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
