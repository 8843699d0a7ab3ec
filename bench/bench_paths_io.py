"""Time PathsIOCodemod on a synthetic module: N functions, each with the field shapes of
legacy_api.md (read, json read via variable, collapsing write, metadata write, gens helper).

Run: python bench/bench_paths_io.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodContext

from codemods.io.paths_io import PathsIOCodemod

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from codemod_testing import CONFIG, FILENAME

FUNCTION = """

def asset_{i}(context, stage, gen_id, text, meta):
    paths = Paths.from_context(context)
    raw = paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
    meta_path = paths.metadata_path(stage, gen_id)
    if meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    out = paths.parsed_path(stage, gen_id)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    paths.raw_metadata_path(stage, gen_id).write_text(json.dumps(meta, indent=2), encoding="utf-8")
    write_gen_metadata(paths.gens_root, "draft", gen_id, meta)
    return raw
"""
HEAD = (
    "import json\n\nfrom daydreaming_dagster.config.paths import Paths\n"
    "from daydreaming_dagster.utils.generation import write_gen_metadata\n"
)


def main() -> None:
    for count in (1, 10, 50):
        source = HEAD + "".join(FUNCTION.format(i=i) for i in range(count))
        module = cst.parse_module(source)
        runs = []
        reused_runs = []
        reused = PathsIOCodemod(CodemodContext(filename=FILENAME), CONFIG)
        for _ in range(5):
            start = time.process_time()
            codemod = PathsIOCodemod(CodemodContext(filename=FILENAME), CONFIG)
            codemod.transform_module(module)
            runs.append(time.process_time() - start)
            # The runner keeps one instance per process (building one scans its class).
            start = time.process_time()
            reused.context = CodemodContext(filename=FILENAME)
            reused.transform_module(module)
            reused_runs.append(time.process_time() - start)
        lines = source.count("\n")
        sites = sum(1 for f in codemod.findings if f.fixed)
        print(
            f"{count:3d} functions, {lines:4d} lines, {sites:4d} rewrites: "
            f"median CPU {statistics.median(runs) * 1000:7.1f} ms "
            f"(instance reused: {statistics.median(reused_runs) * 1000:7.1f} ms)"
        )


if __name__ == "__main__":
    main()
