"""A project's own gens helpers, read with `ast` (codemods/io/helper_payloads.py): a write helper
that hands its payload on unchanged is rewritten as is, one that writes `str(text or "")` gets
the same coercion in the rewrite, anything else is left (DLM238)."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import given
from hypothesis import strategies as st

from codemods.config import MigrateConfig
from codemods.io.helper_payloads import Payload, _handling, payload_handling
from codemods.io.paths_io import PathsIOCodemod

from codemod_testing import CONFIG, check_noop, check_transformed, fuzz_settings

HEADER = """\
import json
import os
import tempfile
from pathlib import Path


def _write(target, text):
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(text)


"""

#: Helper bodies (`write_gen_raw(gens_root, stage, gen_id, text)`) and how each treats `text`.
HELPERS: dict[str, tuple[str, Payload]] = {
    "written-as-given": (
        "    (Path(gens_root) / stage / gen_id / 'raw.txt').write_text(text, encoding='utf-8')\n",
        Payload.PASSED,
    ),
    "through-a-module-function": (
        "    _write(Path(gens_root) / stage / gen_id / 'raw.txt', text)\n",
        Payload.PASSED,
    ),
    "coerced-at-the-write": (
        "    _write(Path(gens_root) / stage / gen_id / 'raw.txt', str(text or ''))\n",
        Payload.STR_OR_EMPTY,
    ),
    "coerced-first": (
        '    """Write raw.txt."""\n'
        "    text = str(text or '')\n"
        "    _write(Path(gens_root) / stage / gen_id / 'raw.txt', text)\n",
        Payload.STR_OR_EMPTY,
    ),
    "rebound-later": (
        "    folder = Path(gens_root) / stage / gen_id\n"
        "    text = str(text or '')\n"
        "    _write(folder / 'raw.txt', text)\n",
        Payload.UNKNOWN,
    ),
    "stripped": (
        "    _write(Path(gens_root) / stage / gen_id / 'raw.txt', text.strip())\n",
        Payload.UNKNOWN,
    ),
    "str-without-or": (
        "    _write(Path(gens_root) / stage / gen_id / 'raw.txt', str(text))\n",
        Payload.UNKNOWN,
    ),
    "coerced-in-one-branch-only": (
        "    if stage == 'x':\n"
        "        _write(Path(gens_root) / 'raw.txt', str(text or ''))\n"
        "    else:\n"
        "        _write(Path(gens_root) / 'raw.txt', text)\n",
        Payload.UNKNOWN,
    ),
    "tested": (
        "    if text is None:\n"
        "        return\n"
        "    _write(Path(gens_root) / stage / gen_id / 'raw.txt', text)\n",
        Payload.UNKNOWN,
    ),
    "unused": ("    _write(Path(gens_root) / 'raw.txt', 'x')\n", Payload.UNKNOWN),
    "json-as-the-layer-writes-it": (
        "    _write(Path(gens_root) / 'metadata.json', "
        "json.dumps(text, ensure_ascii=False, indent=2))\n",
        Payload.PASSED,
    ),
    "json-indented-otherwise": (
        "    _write(Path(gens_root) / 'metadata.json', json.dumps(text, indent=4))\n",
        Payload.UNKNOWN,
    ),
}


def _project(root: Path, body: str) -> Path:
    package = root / "proj"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    source = HEADER + "def write_gen_raw(gens_root, stage, gen_id, text):\n" + body
    (package / "gen.py").write_text(source, encoding="utf-8")
    return root


@pytest.mark.parametrize(("body", "expected"), HELPERS.values(), ids=list(HELPERS))
def test_how_a_helper_treats_its_payload(tmp_path: Path, body: str, expected: Payload) -> None:
    config = replace(CONFIG, helpers_module="proj.gen", source_roots=(_project(tmp_path, body),))
    assert payload_handling(config, "write_gen_raw") is expected


def test_the_bundled_example_helpers_write_their_payload_as_given() -> None:
    example = Path(__file__).resolve().parents[2] / "examples/legacy_project/src"
    config = replace(CONFIG, source_roots=(example,))
    for helper in ("write_gen_raw", "write_gen_parsed", "write_gen_prompt", "write_gen_metadata"):
        assert payload_handling(config, helper) is Payload.PASSED, helper


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from .core import write_gen_raw\n", Payload.UNKNOWN),  # a re-export is not followed
        ("def write_gen_raw(:\n", Payload.UNKNOWN),  # unreadable
        ("def write_gen_raw(gens_root, stage, gen_id):\n    pass\n", Payload.UNKNOWN),
    ],
    ids=["reexport", "syntax-error", "three-parameters"],
)
def test_what_cannot_be_read_is_unknown(tmp_path: Path, source: str, expected: Payload) -> None:
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "gen.py").write_text(source, encoding="utf-8")
    config = replace(CONFIG, helpers_module="proj.gen", source_roots=(tmp_path,))
    assert payload_handling(config, "write_gen_raw") is expected


def test_a_helpers_module_outside_the_source_roots_is_the_documented_one() -> None:
    config = replace(CONFIG, helpers_module="elsewhere.gen")
    assert payload_handling(config, "write_gen_raw") is Payload.PASSED


def _config(tmp_path: Path, case: str) -> MigrateConfig:
    root = _project(tmp_path, HELPERS[case][0])
    return replace(CONFIG, helpers_module="proj.gen", source_roots=(root, *CONFIG.source_roots))


def test_a_coercing_helper_is_rewritten_with_the_same_coercion(tmp_path: Path) -> None:
    findings = check_transformed(
        PathsIOCodemod,
        """\
            from proj.gen import write_gen_raw


            def run(out_dir, stage, gen_id, text, flag):
                write_gen_raw(out_dir, stage, gen_id, text)
                write_gen_raw(out_dir, stage, gen_id, "literal")
                write_gen_raw(out_dir, stage, gen_id, f"{text}!")
                write_gen_raw(out_dir, stage, gen_id, text if flag else None)
                write_gen_raw(out_dir, stage, gen_id, flag or text)
        """,
        """\
            from data_layer import GensDataLayer


            def run(out_dir, stage, gen_id, text, flag):
                GensDataLayer.from_gens_root(out_dir).write_raw(stage, gen_id, str(text or ""))
                GensDataLayer.from_gens_root(out_dir).write_raw(stage, gen_id, "literal")
                GensDataLayer.from_gens_root(out_dir).write_raw(stage, gen_id, f"{text}!")
                GensDataLayer.from_gens_root(out_dir).write_raw(stage, gen_id, str((text if flag else None) or ""))
                GensDataLayer.from_gens_root(out_dir).write_raw(stage, gen_id, str(flag or text or ""))
        """,
        config=_config(tmp_path, "coerced-first"),
    )
    assert [(f.line, f.code, f.fixed) for f in findings] == [
        (line, "DLM206", True) for line in range(5, 10)
    ]


def test_a_shadowed_str_leaves_a_coercing_helper(tmp_path: Path) -> None:
    findings = check_noop(
        PathsIOCodemod,
        """\
            from proj.gen import write_gen_raw

            str = bytes


            def run(out_dir, stage, gen_id, text):
                write_gen_raw(out_dir, stage, gen_id, text)
        """,
        config=_config(tmp_path, "coerced-at-the-write"),
    )
    assert [(f.line, f.code) for f in findings] == [(7, "DLM238")]


def test_a_helper_that_changes_its_payload_is_left(tmp_path: Path) -> None:
    findings = check_noop(
        PathsIOCodemod,
        """\
            from proj.gen import write_gen_raw


            def run(out_dir, stage, gen_id, text):
                write_gen_raw(out_dir, stage, gen_id, text)
        """,
        config=_config(tmp_path, "stripped"),
    )
    assert [(f.line, f.code, f.message) for f in findings] == [
        (
            5,
            "DLM238",
            "write_gen_raw of proj.gen does more to its payload than write it (or this reading "
            "cannot follow it): the layer's write is not provably the same",
        )
    ]


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@fuzz_settings(30)
@given(
    source=hypothesmith.from_grammar(),
    body=st.sampled_from([body for body, _ in HELPERS.values()]),
)
def test_any_helpers_module_is_read_without_error(source: str, body: str) -> None:
    # Generated code beside (and rebinding names of) a helper: the reading never fails, and it
    # only says PASSED or STR_OR_EMPTY for a payload it followed to a write.
    with tempfile.TemporaryDirectory() as folder:
        module = f"{source}\n\ndef write_gen_raw(gens_root, stage, gen_id, text):\n{body}"
        (Path(folder) / "gen.py").write_text(module, encoding="utf-8")
        found = _handling.__wrapped__("gen", (Path(folder),), "write_gen_raw")
    assert isinstance(found, Payload)
    if found is not Payload.UNKNOWN:
        assert "text" in body
