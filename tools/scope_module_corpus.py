"""Check on real code that the IO codemod's reduced scope module changes nothing.

For each Python file of a corpus (the standard library, a site-packages folder...), splices the
IO tests' field-shaped site functions (tests/io/io_cases.py) in (after the file, and before it,
below the legacy imports), runs the IO codemod with scope analysis on the reduced module
(codemods/speedups/scope_module.py) and on the whole module, and reports every file where the
code or the findings differ. Too slow for the test suite (LibCST's scope analysis on whole real
modules); run it after touching `scope_module.py` or the IO codemod's scope questions.

Run: `python tools/scope_module_corpus.py "$(python -c 'import sysconfig;
print(sysconfig.get_paths()["stdlib"])')" --files 400`
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import warnings
from pathlib import Path

import libcst as cst

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path[:0] = [str(TESTS), str(TESTS / "io")]

from io_cases import IMPORTS, SITES, whole_scope_module  # noqa: E402

from codemods.io.paths_io import PathsIOCodemod  # noqa: E402
from codemods.io.shapes import GENS_LOAD_HELPER, GENS_WRITE_HELPERS, PATH_HELPERS  # noqa: E402
from codemods.speedups.scope_module import scope_module  # noqa: E402
from codemods.speedups.statement_index import ModuleStatements  # noqa: E402

from codemod_testing import run_tree  # noqa: E402

HELPERS = (*GENS_WRITE_HELPERS, GENS_LOAD_HELPER)


def _usable(text: str, path: Path) -> bool:
    """Compiles, round-trips through LibCST, and takes imports in front of it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, str(path), "exec", dont_inherit=True)
        return cst.parse_module(text).code == text and "from __future__" not in text
    except Exception:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a folder of Python files")
    parser.add_argument("--files", type=int, default=400, help="files sampled from it")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    files = sorted(args.corpus.rglob("*.py"))
    random.Random(args.seed).shuffle(files)
    checked = reduced = 0
    differ: list[Path] = []
    start = time.monotonic()
    for number, path in enumerate(files[: args.files]):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if not _usable(text, path):
            continue
        site = SITES[number % len(SITES)]
        for spliced in (f"{IMPORTS}{text}\n\n{site}", f"{IMPORTS}{site}\n\n{text}"):
            tree = cst.parse_module(spliced)
            if scope_module(ModuleStatements(tree, spliced), PATH_HELPERS, HELPERS) is not tree:
                reduced += 1
            ours = run_tree(PathsIOCodemod, spliced)
            with whole_scope_module():
                whole = run_tree(PathsIOCodemod, spliced)
            checked += 1
            if ours[0] != whole[0] or sorted(ours[1]) != sorted(whole[1]):
                differ.append(path)
                print(f"DIFFER {path}")
    print(
        f"{checked} spliced modules, {reduced} with bodies left out, {len(differ)} differ "
        f"({time.monotonic() - start:.0f} s)"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
