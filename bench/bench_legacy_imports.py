"""Time the import codemod per file against the bare LibCST parse of the same file.

Files that mention the legacy module, in three shapes: `from <legacy> import ...` only (the
common case, handled through the `ast` index), a module binding (`import <legacy>`: needs
LibCST's scope analysis), and the bundled example project's files. For each: the best of N runs
of parse alone, of parse + transform, and of parse + transform + printing the result.

Run: `python bench/bench_legacy_imports.py [--repeat N] [--functions F]`.
Target: parse + transform <= 2x parse on the `from` shape.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodContext

from codemods.config import MigrateConfig, load_config
from codemods.imports.legacy_imports import LegacyImportsCodemod

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "legacy_project"
FILENAME = "/project/src/daydreaming_dagster/assets/generated.py"
CONFIG = MigrateConfig(project_root=Path("/project"), source_roots=(Path("/project/src"),))

HEADER_FROM = '''\
"""Assets that read and write generations."""

from __future__ import annotations

import json
from pathlib import Path

from dagster import asset

from ..config.paths import PARSED_FILENAME, RAW_FILENAME, Paths  # noqa: F401
'''

HEADER_MODULE = '''\
"""Assets that read and write generations."""

from __future__ import annotations

import json
from pathlib import Path

import daydreaming_dagster.config.paths
from dagster import asset
'''

FUNCTION = '''

@asset(group_name="generation")
def stage_{index}(context, draft_ids: list[str]) -> dict[str, str]:
    """Parse the raw output of every draft of stage {index}."""
    paths = {paths_expr}.from_context(context)
    results: dict[str, str] = {{}}
    for gen_id in draft_ids:
        raw = paths.raw_path("draft", gen_id).read_text(encoding="utf-8")
        meta_path = paths.metadata_path("draft", gen_id)
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {{}}
        text = raw.strip().replace("\\r\\n", "\\n")
        if meta.get("mode") == "copy":
            text = raw
        out = paths.parsed_path("draft", gen_id)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        results[gen_id] = str(out.resolve())
        context.log.info("parsed %s (%d chars)", gen_id, len(text))
    return results
'''


def synthetic(header: str, paths_expr: str, functions: int) -> str:
    body = "".join(FUNCTION.format(index=i, paths_expr=paths_expr) for i in range(functions))
    return header + body


def best(repeat: int, run: Callable[[], object]) -> float:
    """The best CPU time of `repeat` runs (CPU time: other processes' load blurs wall time)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


TOTALS = {"parse": 0.0, "transform": 0.0, "print": 0.0, "given": 0.0}


def measure(name: str, source: str, filename: str, config: MigrateConfig, repeat: int) -> None:
    # One instance per process, as libcst.tool runs it: constructing a LibCST transformer
    # introspects its few hundred visit_/leave_ methods (~20-40 ms), once, not per file.
    codemod = LegacyImportsCodemod(CodemodContext(filename=filename), config)

    def transform() -> cst.Module:
        codemod.context = CodemodContext(filename=filename)
        return codemod.transform_module(cst.parse_module(source))

    def transform_given_source() -> cst.Module:
        # A runner that still holds the text saves the codemod printing the tree to index it.
        codemod.context = CodemodContext(filename=filename)
        codemod.context.scratch[LegacyImportsCodemod.SOURCE_SCRATCH_KEY] = source
        return codemod.transform_module(cst.parse_module(source))

    parse = best(repeat, lambda: cst.parse_module(source))
    ours = best(repeat, transform)
    printed = best(repeat, lambda: transform().code)
    given = best(repeat, transform_given_source)
    lines = source.count("\n")
    if not name.startswith(("from-import", "module binding")):
        TOTALS["parse"] += parse
        TOTALS["transform"] += ours
        TOTALS["print"] += printed
        TOTALS["given"] += given
    print(
        f"{name:38} {lines:5d} lines  parse {parse * 1e3:7.2f} ms  "
        f"+transform {ours * 1e3:7.2f} ms ({ours / parse:4.2f}x)  "
        f"+print {printed * 1e3:7.2f} ms ({printed / parse:4.2f}x)  "
        f"+transform, source given {given / parse:4.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15, help="runs per measurement (best kept)")
    parser.add_argument("--functions", type=int, default=20, help="functions per synthetic file")
    args = parser.parse_args()
    construct = best(args.repeat, lambda: LegacyImportsCodemod(CodemodContext(), CONFIG))
    print(f"constructing the codemod (once per process): {construct * 1e3:.1f} ms")
    for functions in (5, args.functions):
        measure(
            f"from-import, {functions} functions",
            synthetic(HEADER_FROM, "Paths", functions),
            FILENAME,
            CONFIG,
            args.repeat,
        )
        measure(
            f"module binding, {functions} functions",
            synthetic(HEADER_MODULE, "daydreaming_dagster.config.paths.Paths", functions),  # noqa: DLM001
            FILENAME,
            CONFIG,
            args.repeat,
        )
    config = load_config(EXAMPLE)
    for path in sorted(EXAMPLE.rglob("*.py")):
        source = path.read_text()
        if LegacyImportsCodemod.may_apply(source.encode(), config):
            measure(str(path.relative_to(EXAMPLE)), source, str(path), config, args.repeat)
    parse = TOTALS["parse"]
    print(
        f"example project total: parse {parse * 1e3:.2f} ms, +transform "
        f"{TOTALS['transform'] / parse:.2f}x, +print {TOTALS['print'] / parse:.2f}x, "
        f"+transform with the source given {TOTALS['given'] / parse:.2f}x"
    )


if __name__ == "__main__":
    main()
