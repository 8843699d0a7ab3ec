"""What the IO codemod's test tables are made of, and the checks every table runs: a rewrite
(`Case`: exact before/after and findings, then executed against both packages on seeded stores),
a no-op (`Noop`: unchanged, exact findings), and the field-shaped sites the fuzz tests and
`tools/scope_module_corpus.py` splice into other code.

A helper module, not a test module: the per-rule test files (`tests/io/rules/test_<rule>.py`)
and the driver's (`tests/io/test_*.py`) import it; its fixtures are in `tests/io/conftest.py`.
"""

from __future__ import annotations

import inspect
import json
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NamedTuple
from unittest import mock

import pytest

from codemods.io import paths_io
from codemods.io.paths_io import PathsIOCodemod

from codemod_testing import CONFIG, check_noop, check_transformed, run_codemod

#: (line, code, fixed) of a finding.
Expected = tuple[tuple[int, str, bool], ...]


@dataclass(frozen=True)
class Case:
    """One rewrite: `before` becomes `after` with exactly `findings`. Every case defines
    `run(...)` taking some of context, paths, stage, gen_id, new_id, text, meta; the differential
    check executes both sides on a temporary store (`runnable=False`: relative imports)."""

    id: str
    before: str
    after: str
    findings: Expected
    runnable: bool = True


@dataclass(frozen=True)
class Noop:
    """A file the codemod must leave byte-for-byte unchanged, with exactly `findings`
    ((line, code) of each site left for a human, none of them fixed)."""

    id: str
    source: str
    findings: tuple[tuple[int, str], ...]


def params(cases: Sequence[Case] | Sequence[Noop]) -> list[Any]:
    """`cases` as pytest parameters, one id per case."""
    return [pytest.param(case, id=case.id) for case in cases]


def runnable(cases: Sequence[Case]) -> list[Any]:
    """The rewrite cases the differential check executes. Only cases that cannot be imported as
    a script (relative imports) are not executed."""
    skipped = [case.id for case in cases if not case.runnable]
    assert all("from ." in case.before for case in cases if not case.runnable), skipped
    return params([case for case in cases if case.runnable])


def check_rewrite(case: Case) -> None:
    """`case.before` becomes exactly `case.after` (idempotently) with exactly its findings."""
    findings = check_transformed(PathsIOCodemod, case.before, case.after)
    assert sorted((f.line, f.code, f.fixed) for f in findings) == sorted(case.findings)
    # The pre-filter never skips a file with a site.
    assert PathsIOCodemod.may_apply(case.before.encode(), CONFIG)


def check_unchanged(case: Noop) -> None:
    """`case.source` is left byte for byte, with exactly its findings, none fixed."""
    findings = check_noop(PathsIOCodemod, case.source)
    assert sorted((f.line, f.code) for f in findings) == sorted(case.findings)
    assert not any(f.fixed for f in findings)
    if case.findings:
        assert PathsIOCodemod.may_apply(case.source.encode(), CONFIG)


def codes_of(rewrites: Sequence[Case], noops: Sequence[Noop]) -> set[str]:
    """Every code the tables expect."""
    seen = {code for case in rewrites for _, code, _ in case.findings}
    return seen | {code for case in noops for _, code in case.findings}


def check_codes(owned: Mapping[str, str], rewrites: Sequence[Case], noops: Sequence[Noop]) -> None:
    """The tables exercise every code in `owned` (the codes the module under test declares),
    expect only IO codes, and a fixed finding only with a "rewritten" code."""
    seen = codes_of(rewrites, noops)
    assert set(owned) <= seen, sorted(set(owned) - seen)
    assert seen <= set(PathsIOCodemod.CODES), sorted(seen - set(PathsIOCodemod.CODES))
    fixed = {code for case in rewrites for _, code, was_fixed in case.findings if was_fixed}
    assert all(PathsIOCodemod.CODES[code].startswith("rewritten") for code in fixed)


class TableTests(NamedTuple):
    """The tests of a table module: bind them to test_* names in it."""

    rewrites: Callable[[Case], None]
    noops: Callable[[Noop], None]
    same_store: Callable[[Case, Path, pytest.MonkeyPatch], None]
    codes: Callable[[], None]


def table_tests(
    rewrites: Sequence[Case], noops: Sequence[Noop], owned: Mapping[str, str]
) -> TableTests:
    """The tests every table module runs on its tables: each rewrite (exact after, findings,
    idempotent), each no-op, each runnable rewrite executed against both packages, and the
    codes `owned` (those the module under test declares) all exercised."""

    @pytest.mark.parametrize("case", params(rewrites))
    def test_rewrites(case: Case) -> None:
        check_rewrite(case)

    @pytest.mark.parametrize("case", params(noops))
    def test_noops(case: Noop) -> None:
        check_unchanged(case)

    @pytest.mark.usefixtures("legacy_on_path")
    @pytest.mark.parametrize("case", runnable(rewrites))
    def test_same_store_and_results(
        case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        check_same_store(case, tmp_path, monkeypatch)

    def test_codes_are_exercised() -> None:
        check_codes(owned, rewrites, noops)

    return TableTests(
        test_rewrites, test_noops, test_same_store_and_results, test_codes_are_exercised
    )


@contextmanager
def whole_scope_module() -> Iterator[None]:
    """Scope analysis on the whole module instead of the reduced one
    (codemods/speedups/scope_module.py): both must give the same code and findings."""
    with mock.patch.object(paths_io, "scope_module", lambda statements, *args: statements.module):
        yield


# ---- differential: the original against the legacy package, the rewrite against the layer --
# Stores are compared as sets of paths (folders included), text files by exact text, metadata as
# parsed JSON (the one documented byte difference: `json.dumps(d, indent=2)` escaped non-ASCII,
# the layer writes it as UTF-8).

STAGE = "draft"
GEN_ID = "g1"
#: Seeded before each run: non-ASCII text, CRLF line ends (read back as "\n"), JSON objects.
SEED: dict[str, str] = {
    "prompt.txt": "Write about caf\u00e9s \u2713\n",
    "raw.txt": "raw line one\r\nraw line two \u00e9\n",
    "parsed.txt": "parsed \u00e9t\u00e9\n",
    "metadata.json": json.dumps({"stage": STAGE, "title": "caf\u00e9", "n": 1}, ensure_ascii=False),
    "raw_metadata.json": json.dumps({"model": "m\u00fc", "tokens": [1, 2]}),
    "parsed_metadata.json": json.dumps({"ok": True, "nested": {"a": None}}, indent=2),
}
INPUTS: dict[str, Any] = {
    "stage": STAGE,
    "gen_id": GEN_ID,
    "new_id": "g2",
    "text": "fresh \u00e9\u00e8 \u2713\r\nsecond line\n",
    "meta": {"title": "na\u00efve \u2713", "count": 3, "items": ["\u00e9", 2, None]},
}


def seed(root: Path) -> None:
    folder = root / "gens" / STAGE / GEN_ID
    folder.mkdir(parents=True)
    for name, text in SEED.items():
        (folder / name).write_bytes(text.encode("utf-8"))


def execute(source: str, root: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Any]:
    """Run `source`'s `run(...)` against the store at `root`: ("ok", value) or ("raised", type)."""
    monkeypatch.setenv("CASE_DATA_ROOT", str(root))
    namespace: dict[str, Any] = {"__name__": f"differential_{name}"}
    exec(compile(source, f"<{name}>", "exec"), namespace)
    run = namespace["run"]
    available = {
        **INPUTS,
        "context": SimpleNamespace(resources=SimpleNamespace(data_root=str(root))),
        "paths": namespace["Paths"](root) if "Paths" in namespace else None,
        "root": root,
        # Gens folders the helpers take: the store's own, and one not named "gens" (a str).
        "gens_root": root / "gens",
        "out_dir": str(root / "out"),
    }
    arguments = {key: available[key] for key in inspect.signature(run).parameters}
    try:
        return "ok", _normalised(run(**arguments), root)
    except Exception as error:  # the comparison is the assertion
        return "raised", type(error).__name__


def _normalised(value: Any, root: Path) -> Any:
    if isinstance(value, Path | str):
        return str(value).replace(str(root), "<root>")
    if isinstance(value, dict):
        return {key: _normalised(item, root) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_normalised(item, root) for item in value)
    return value


def snapshot(root: Path) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_dir():
            found[key] = "<folder>"
        elif path.suffix == ".json":
            found[key] = json.loads(path.read_bytes().decode("utf-8"))
        else:
            found[key] = path.read_bytes().decode("utf-8")
    return found


def check_same_store(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The original and the rewrite, each on a store seeded alike, return the same value and
    leave the same store (needs the `legacy_on_path` fixture)."""
    before = textwrap.dedent(case.before)
    after, _ = run_codemod(PathsIOCodemod, case.before)
    assert after == textwrap.dedent(case.after), "the table and the codemod disagree"
    legacy_root, layer_root = tmp_path / "legacy" / "data", tmp_path / "layer" / "data"
    for root in (legacy_root, layer_root):
        seed(root)
    legacy_result = execute(before, legacy_root, case.id, monkeypatch)
    layer_result = execute(after, layer_root, case.id, monkeypatch)
    assert legacy_result[0] == "ok", f"the original snippet fails: {legacy_result}"
    assert layer_result == legacy_result
    assert snapshot(layer_root) == snapshot(legacy_root)


# ---- field-shaped sites, spliced into generated or real code ------------------------------

IMPORTS = (
    "import json\n"
    "from daydreaming_dagster.config.paths import Paths\n"
    "from daydreaming_dagster.utils.generation import write_gen_raw\n"
)

#: Field shapes, each a whole function (a splice must not land inside a generated block).
SITES = [
    "def asset(context, stage, gen_id, text):\n"
    "    paths = Paths.from_context(context)\n"
    '    raw = paths.raw_path(stage, gen_id).read_text(encoding="utf-8")\n'
    '    paths.parsed_path(stage, gen_id).write_text(raw + text, encoding="utf-8")\n'
    '    return json.loads(paths.metadata_path(stage, gen_id).read_text(encoding="utf-8"))\n',
    "def save(root, stage, gen_id, text):\n"
    "    paths = Paths(root)\n"
    "    out = paths.prompt_path(stage, gen_id)\n"
    "    out.parent.mkdir(parents=True, exist_ok=True)\n"
    '    out.write_text(text, encoding="utf-8")\n'
    "    write_gen_raw(paths.gens_root, stage, gen_id, text)\n",
    "def load(paths: Paths, stage, gen_id):\n"
    '    with open(paths.metadata_path(stage, gen_id), encoding="utf-8") as handle:\n'
    "        return json.load(handle)\n",
    "def reserve(context, stage, gen_id):\n"
    "    Paths.from_context(context).generation_dir(stage, gen_id).mkdir("
    "parents=True, exist_ok=True)\n",
    "class GensIOManager:\n"
    "    def __init__(self, out_dir):\n"
    "        self.out_dir = out_dir\n"
    "\n"
    "    def handle_output(self, stage, gen_id, text):\n"
    "        return write_gen_raw(self.out_dir, stage, gen_id, text)\n",
]
