"""Where the time of `data-layer-migrate all` goes on a legacy module, as multiples of its parse.

Generates the legacy modules of `bench_migrate.py` (optionally padded to a realistic length),
then runs, in this process and on each module, the steps the runner runs: LibCST's parse, the
import codemod, the IO codemod, printing each rewritten tree and compiling the last one. LibCST's scope analysis (the IO codemod's
proof that a receiver is a `Paths`) is also timed on its own, as the IO codemod runs it (on the
module without the top-level bodies that cannot matter) and on the whole module, for reference.
Figures are CPU time summed over the modules; ratios are against the parse, measured alongside.

Run: `python bench/bench_phases.py` (`--pad 8` for modules of about 270 lines).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.metadata import MetadataWrapper, ScopeProvider

from codemods.base import MigrationCodemod
from codemods.config import load_config
from codemods.imports.legacy_imports import LegacyImportsCodemod
from codemods.io.paths_io import PathsIOCodemod
from codemods.io.shapes import GENS_LOAD_HELPER, GENS_WRITE_HELPERS, PATH_HELPERS
from codemods.speedups.scope_module import scope_module
from codemods.speedups.statement_index import ModuleStatements

HERE = Path(__file__).resolve().parent
HELPERS = (*GENS_WRITE_HELPERS, GENS_LOAD_HELPER)
SCOPE = "  of which scope analysis"
WHOLE = "  (scope analysis, whole module)"
PRINT = "print and compile"


def _bench_migrate() -> ModuleType:
    """bench_migrate.py, for its synthetic tree."""
    spec = importlib.util.spec_from_file_location("bench_migrate", HERE / "bench_migrate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses looks it up while the class body runs
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000, help="files generated (5%% legacy)")
    parser.add_argument("--pad", type=int, default=0, help="helper functions per legacy module")
    parser.add_argument("--repeat", type=int, default=3, help="passes (the fastest is kept)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench_phases_") as scratch:
        root = Path(scratch)
        _bench_migrate().generate(root, args.files, pad=args.pad)
        config = load_config(root)
        files = [
            path
            for path in sorted((root / "src").rglob("module_*.py"))
            if b"config.paths" in path.read_bytes()
        ]
        sources = [(path, path.read_bytes()) for path in files]
        lines = sum(source.count(b"\n") for _, source in sources) / len(sources)
        imports = LegacyImportsCodemod(CodemodContext(), config)
        io = PathsIOCodemod(CodemodContext(), config)
        best: dict[str, float] = {}
        for _ in range(args.repeat):
            spent: dict[str, float] = defaultdict(float)
            for path, source in sources:
                start = time.process_time()
                tree = cst.parse_module(source)
                spent["parse"] += time.process_time() - start
                seen = source.decode()
                for name, codemod in (("import codemod", imports), ("IO codemod", io)):
                    # As the runner does: each codemod gets the code of its tree.
                    codemod.context = CodemodContext(filename=str(path))
                    codemod.context.scratch[MigrationCodemod.SOURCE_SCRATCH_KEY] = seen
                    if name == "IO codemod":
                        # The IO codemod's scope analysis, alone, as it runs it (on the module
                        # without the bodies that cannot matter), and on the whole module.
                        start = time.process_time()
                        scoped = scope_module(ModuleStatements(tree, seen), PATH_HELPERS, HELPERS)
                        MetadataWrapper(scoped, unsafe_skip_copy=True).resolve(ScopeProvider)
                        spent[SCOPE] += time.process_time() - start
                        start = time.process_time()
                        MetadataWrapper(tree, unsafe_skip_copy=True).resolve(ScopeProvider)
                        spent[WHOLE] += time.process_time() - start
                    start = time.process_time()
                    transformed = codemod.transform_module(tree)
                    spent[name] += time.process_time() - start
                    start = time.process_time()
                    if transformed is not tree:
                        seen = transformed.code
                    tree = transformed
                    spent[PRINT] += time.process_time() - start
                start = time.process_time()
                compile(seen, str(path), "exec", dont_inherit=True)
                spent[PRINT] += time.process_time() - start
            for phase, seconds in spent.items():
                best[phase] = min(best.get(phase, seconds), seconds)

    parse = best["parse"]
    total = sum(seconds for phase, seconds in best.items() if not phase.startswith(" "))
    print(f"{len(sources)} legacy modules, {lines:.0f} lines each on average")
    order = ["parse", "import codemod", "IO codemod", SCOPE, WHOLE, PRINT]
    for phase in order:
        seconds = best[phase]
        per_file = seconds / len(sources) * 1000
        print(f"  {phase:28s} {per_file:7.2f} ms/file  {seconds / parse:5.2f}x the parse")
    print(f"  {'all steps':28s} {total / len(sources) * 1000:7.2f} ms/file  {total / parse:5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
