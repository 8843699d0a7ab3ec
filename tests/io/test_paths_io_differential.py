"""Differential tests: every rewrite case of test_paths_io.py is executed twice, the original
against the legacy package and the rewritten code against `data_layer`, each on its own temporary
store seeded with the same files; the two stores and the returned values must agree.

Stores are compared as sets of paths (folders included), text files by exact text, metadata as
parsed JSON (the one documented byte difference: `json.dumps(d, indent=2)` escaped non-ASCII, the
layer writes it as UTF-8).
"""

from __future__ import annotations

import inspect
import json
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from legacy import LEGACY_SRC
from test_paths_io import REWRITES, Case

from codemods.io.paths_io import PathsIOCodemod

from codemod_testing import run_codemod

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


@pytest.fixture
def legacy_on_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`daydreaming_dagster` importable from the bundled legacy project, forgotten afterwards."""
    monkeypatch.syspath_prepend(str(LEGACY_SRC))
    yield
    for name in [name for name in sys.modules if name.split(".")[0] == "daydreaming_dagster"]:
        del sys.modules[name]


def _seed(root: Path) -> None:
    folder = root / "gens" / STAGE / GEN_ID
    folder.mkdir(parents=True)
    for name, text in SEED.items():
        (folder / name).write_bytes(text.encode("utf-8"))


def _execute(
    source: str, root: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, Any]:
    """Run `source`'s `run(...)` against the store at `root`: ("ok", value) or ("raised", type)."""
    monkeypatch.setenv("CASE_DATA_ROOT", str(root))
    namespace: dict[str, Any] = {"__name__": f"differential_{name}"}
    exec(compile(source, f"<{name}>", "exec"), namespace)
    run = namespace["run"]
    available = {
        **INPUTS,
        "context": SimpleNamespace(resources=SimpleNamespace(data_root=str(root))),
        "paths": namespace["Paths"](root) if "Paths" in namespace else None,
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


def _snapshot(root: Path) -> dict[str, Any]:
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


RUNNABLE = [pytest.param(case, id=case.id) for case in REWRITES if case.runnable]


@pytest.mark.usefixtures("legacy_on_path")
@pytest.mark.parametrize("case", RUNNABLE)
def test_same_store_and_results(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = textwrap.dedent(case.before)
    after, _ = run_codemod(PathsIOCodemod, case.before)
    assert after == textwrap.dedent(case.after), "the table and the codemod disagree"
    legacy_root, layer_root = tmp_path / "legacy" / "data", tmp_path / "layer" / "data"
    for root in (legacy_root, layer_root):
        _seed(root)
    legacy_result = _execute(before, legacy_root, case.id, monkeypatch)
    layer_result = _execute(after, layer_root, case.id, monkeypatch)
    assert legacy_result[0] == "ok", f"the original snippet fails: {legacy_result}"
    assert layer_result == legacy_result
    assert _snapshot(layer_root) == _snapshot(legacy_root)


def test_every_rewrite_case_runs_unless_marked() -> None:
    # Only cases that cannot be imported as a script (relative imports) skip execution.
    skipped = [case.id for case in REWRITES if not case.runnable]
    assert all("from ." in case.before for case in REWRITES if not case.runnable), skipped
