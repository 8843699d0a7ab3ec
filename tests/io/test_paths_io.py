"""The IO codemod's driver (codemods/io/paths_io.py, codemods/io/planner.py): path variables,
redundant mkdirs, import clean-up and layout, the layer import, finding positions, the
pre-filter, and the codes of every rule gathered in one registry."""

from __future__ import annotations

from dataclasses import replace

import pytest
from io_cases import Case, Noop, table_tests

from codemods.io import layer_methods, receivers, shapes, sites
from codemods.io.paths_io import PathsIOCodemod
from codemods.io.rules import CALL_RULES, PATH_RULES

from codemod_testing import CONFIG, FILENAME, check_noop, check_transformed

# Every case runs with the reduced scope module and the whole one (tests/io/conftest.py).
pytestmark = pytest.mark.usefixtures("scope")

REWRITES: tuple[Case, ...] = (
    Case(
        "path-variable-collapses",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, new_id, text):
                paths = Paths.from_context(context)
                out = paths.parsed_path(stage, new_id)
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(text, encoding="utf-8")
        """,
        """\
            import json

            from data_layer import GensDataLayer


            def run(context, stage, new_id, text):
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_parsed(stage, new_id, text)
        """,
        ((7, "DLM207", True), (8, "DLM208", True), (9, "DLM208", True), (10, "DLM201", True)),
    ),
    Case(
        "path-variable-kept-for-path-use",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                meta_path = paths.metadata_path(stage, gen_id)
                meta = {}
                if meta_path.exists():
                    meta = json.loads(meta_path.read_text(encoding="utf-8"))
                return meta, str(meta_path)
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                meta_path = data_layer.main_metadata_path(stage, gen_id)
                meta = {}
                if meta_path.exists():
                    meta = data_layer.read_main_metadata(stage, gen_id)
                return meta, str(meta_path)
        """,
        ((7, "DLM207", True), (8, "DLM207", True), (11, "DLM204", True)),
    ),
    Case(
        "string-annotation-keeps-import",
        """\
            from daydreaming_dagster.config.paths import Paths


            def default_paths() -> "Paths":
                raise NotImplementedError


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        """\
            from data_layer import GensDataLayer

            from daydreaming_dagster.config.paths import Paths


            def default_paths() -> "Paths":
                raise NotImplementedError


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                return data_layer.read_raw(stage, gen_id)
        """,
        ((9, "DLM207", True), (10, "DLM203", True)),
    ),
    Case(
        "import-groups-kept-apart",
        """\
            "Module docstring."

            from __future__ import annotations

            import json
            from typing import TYPE_CHECKING

            from daydreaming_dagster.config.paths import Paths

            if TYPE_CHECKING:
                from pathlib import Path


            def run(context, stage, gen_id) -> Path:
                paths = Paths.from_context(context)  # the store
                return json.loads(paths.metadata_path(stage, gen_id).read_text(encoding="utf-8"))
        """,
        """\
            "Module docstring."

            from __future__ import annotations

            from typing import TYPE_CHECKING

            from data_layer import GensDataLayer

            if TYPE_CHECKING:
                from pathlib import Path


            def run(context, stage, gen_id) -> Path:
                data_layer = GensDataLayer.from_context(context)  # the store
                return data_layer.read_main_metadata(stage, gen_id)
        """,
        ((15, "DLM207", True), (16, "DLM204", True)),
    ),
    Case(
        "comment-in-import-survives",
        """\
            from daydreaming_dagster.config.paths import (
                PARSED_FILENAME,
                RAW_FILENAME,  # the parse reads this file
                Paths,
            )


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8"), RAW_FILENAME, PARSED_FILENAME
        """,
        """\
            from data_layer import GensDataLayer

            from daydreaming_dagster.config.paths import (
                PARSED_FILENAME,
                RAW_FILENAME,  # the parse reads this file
            )


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                return data_layer.read_raw(stage, gen_id), RAW_FILENAME, PARSED_FILENAME
        """,
        ((9, "DLM207", True), (10, "DLM203", True)),
    ),
    Case(
        "blank-lines-kept",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, new_id, text, meta):
                paths = Paths.from_context(context)
                parsed = text.strip()

                # the parsed text, then its metadata
                target = paths.parsed_path(stage, new_id)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(parsed, encoding="utf-8")

                paths.parsed_metadata_path(stage, new_id).write_text(
                    json.dumps(meta, ensure_ascii=False, indent=2),
                    encoding="utf-8",
                )
                return parsed
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, new_id, text, meta):
                data_layer = GensDataLayer.from_context(context)
                parsed = text.strip()

                # the parsed text, then its metadata
                data_layer.write_parsed(stage, new_id, parsed)

                data_layer.write_parsed_metadata(stage, new_id, meta)
                return parsed
        """,
        (
            (7, "DLM207", True),
            (11, "DLM208", True),
            (12, "DLM208", True),
            (13, "DLM201", True),
            (15, "DLM202", True),
        ),
    ),
    # Other top-level bodies are left out of the scope analysis (codemods/speedups/scope_module.py);
    # every case runs with and without that (the `scope` fixture) and must come out the same.
    Case(
        "other-functions-and-classes-beside-the-site",
        """\
            import json
            import logging

            from daydreaming_dagster.config.paths import Paths

            LOG = logging.getLogger(__name__)


            class Report:
                def __init__(self, rows):
                    self.rows = rows

                def total(self):
                    return sum(len(row) for row in self.rows)


            def summarise(rows):
                LOG.info("rows: %s", len(rows))
                return json.dumps(rows)


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                paths.raw_path(stage, gen_id).write_text(summarise([text]), encoding="utf-8")


            def later(values):
                data_layer = [value for value in values]
                return data_layer
        """,
        """\
            import json
            import logging

            from data_layer import GensDataLayer

            LOG = logging.getLogger(__name__)


            class Report:
                def __init__(self, rows):
                    self.rows = rows

                def total(self):
                    return sum(len(row) for row in self.rows)


            def summarise(rows):
                LOG.info("rows: %s", len(rows))
                return json.dumps(rows)


            def run(context, stage, gen_id, text):
                gens_layer = GensDataLayer.from_context(context)
                gens_layer.write_raw(stage, gen_id, summarise([text]))


            def later(values):
                data_layer = [value for value in values]
                return data_layer
        """,
        ((23, "DLM207", True), (24, "DLM201", True)),
    ),
    Case(
        # `doc_dir` is a `pathlib.Path` (iterdir of a Paths folder): `doc_dir.name` is fixed
        # while `doc_dir` is not rebound.
        "path-variable-gen-id-from-a-folder-entry",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage):
                paths = Paths.from_context(context)
                found = {}
                for doc_dir in sorted((paths.gens_root / stage).iterdir()):
                    raw_path = paths.raw_path(stage, doc_dir.name)
                    found[doc_dir.name] = raw_path.read_text(encoding="utf-8")
                return found
        """,
        """\
            import json

            from data_layer import GensDataLayer

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage):
                paths = Paths.from_context(context)
                data_layer = GensDataLayer.from_context(context)
                found = {}
                for doc_dir in sorted((paths.gens_root / stage).iterdir()):
                    found[doc_dir.name] = data_layer.read_raw(stage, doc_dir.name)
                return found
        """,
        ((10, "DLM208", True), (11, "DLM203", True)),
    ),
)

NOOPS: tuple[Noop, ...] = (
    Noop(
        "unrelated-file",
        """\
            import os

            print(os.getcwd())
        """,
        (),
    ),
    Noop(
        "already-migrated",
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id, text):
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_raw(stage, gen_id, text)
                return data_layer.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        (),
    ),
    Noop(
        "path-variable-stage-rebound",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                out = paths.parsed_path(stage, gen_id)
                gen_id = gen_id + "-copy"
                out.write_text(text, encoding="utf-8")
        """,
        ((10, "DLM229"),),
    ),
    Noop(
        # `doc_dir` from an unknown iterable (its `.name` may be anything), or rebound between
        # the path variable and its use.
        "path-variable-gen-id-attribute-not-provable",
        """\
            from pathlib import Path

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, things):
                paths = Paths.from_context(context)
                for doc_dir in things:
                    out = paths.raw_path(stage, doc_dir.name)
                    print(out.read_text(encoding="utf-8"))
                for entry in Path(stage).iterdir():
                    out2 = paths.raw_path(stage, entry.stem)
                    for entry in Path(stage).iterdir():
                        pass
                    print(out2.read_text(encoding="utf-8"))
        """,
        ((10, "DLM229"), (15, "DLM229")),
    ),
    Noop(
        "path-variable-subscript-argument",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_ids, text):
                paths = Paths.from_context(context)
                out = paths.parsed_path(stage, gen_ids[0])
                for gen_id in gen_ids:
                    out.write_text(text, encoding="utf-8")
        """,
        ((10, "DLM229"),),
    ),
    Noop(
        "path-helper-keywords",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                return paths.raw_path(stage=stage, gen_id=gen_id).read_text(encoding="utf-8")
        """,
        ((8, "DLM233"),),
    ),
    Noop(
        "path-variable-rebound-in-loop",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                out = paths.parsed_path(stage, gen_id)
                while gen_id:
                    out.write_text(text, encoding="utf-8")
                    gen_id = next_id(gen_id)
        """,
        ((10, "DLM229"),),
    ),
)


# Each rewrite (exact code, findings, idempotent, then run against both packages on a store),
# each no-op, and the codes this module owns exercised: tests/io/io_cases.py.
(
    test_rewrites,
    test_noops,
    test_same_store_and_results,
    test_codes_are_exercised,
) = table_tests(REWRITES, NOOPS, sites.CODES)


#: Who declares each code; each one's tables exercise its codes (tests/io/rules/test_<rule>.py,
#: tests/io/test_receivers.py, this module; tests/io/test_shapes.py for the argument checks).
OWNERS = (
    *(rule.CODES for rule in PATH_RULES),
    *(rule.CODES for rule in CALL_RULES),
    shapes.CODES,
    receivers.CODES,
    sites.CODES,
    layer_methods.CODES,
)


def test_codes_are_the_owners_codes_in_code_order() -> None:
    declared = [code for owner in OWNERS for code in owner]
    assert len(declared) == len(set(declared)), "a code declared twice"
    assert list(PathsIOCodemod.CODES) == sorted(declared)
    assert all(PathsIOCodemod.CODES[code] == owner[code] for owner in OWNERS for code in owner)
    assert all(code.startswith("DLM2") for code in PathsIOCodemod.CODES)


def test_rewrite_codes_say_rewritten() -> None:
    # DLM201-DLM208 are rewrites, DLM220 and up sites left for a human.
    rewritten = {
        code for code, meaning in PathsIOCodemod.CODES.items() if meaning.startswith("rewritten")
    }
    assert rewritten == {code for code in PathsIOCodemod.CODES if code < "DLM220"}


RELATIVE_LAYER = replace(CONFIG, layer_module="daydreaming_dagster.data_layer")


def test_layer_import_is_relative_inside_the_package() -> None:
    check_transformed(
        PathsIOCodemod,
        """\
        from ..config.paths import Paths


        def run(context, stage, gen_id):
            paths = Paths.from_context(context)
            return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        """\
        from ..data_layer import GensDataLayer


        def run(context, stage, gen_id):
            data_layer = GensDataLayer.from_context(context)
            return data_layer.read_raw(stage, gen_id)
        """,
        config=RELATIVE_LAYER,
    )


def test_existing_relative_layer_import_is_not_added_twice() -> None:
    check_transformed(
        PathsIOCodemod,
        """\
        from ..config.paths import Paths
        from ..data_layer import GensDataLayer


        def run(context, stage, gen_id):
            paths = Paths.from_context(context)
            print(paths)
            return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        """\
        from ..config.paths import Paths
        from ..data_layer import GensDataLayer


        def run(context, stage, gen_id):
            paths = Paths.from_context(context)
            data_layer = GensDataLayer.from_context(context)
            print(paths)
            return data_layer.read_raw(stage, gen_id)
        """,
        config=RELATIVE_LAYER,
    )


def test_finding_positions_and_messages() -> None:
    findings = check_noop(
        PathsIOCodemod,
        """\
        from daydreaming_dagster.config.paths import Paths


        def run(context, stage, gen_id, text):
            paths = Paths.from_context(context)
            paths.raw_path(stage, gen_id).write_text(text)
        """,
    )
    assert [f.format() for f in findings] == [
        f"{FILENAME}:6:5: DLM221 no encoding= (the platform default is not provably UTF-8)"
    ]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(b"from x import Paths\n", id="paths-word"),
        pytest.param(b"write_gen_raw(root, s, g, t)\n", id="gens-helper"),
        pytest.param(b"load_generation(root, s, g)\n", id="loader"),
        pytest.param(b"obj.parsed_path(s, g).read_text()\n", id="look-alike"),
        pytest.param(b"obj.raw_metadata_path(s, g)\n", id="metadata-helper"),
        pytest.param(b"obj.generation_dir(s, g).mkdir()\n", id="generation-dir"),
    ],
)
def test_may_apply(source: bytes) -> None:
    assert PathsIOCodemod.may_apply(source, CONFIG)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(b"import os\nprint(os.getcwd())\n", id="unrelated"),
        pytest.param(
            b"from data_layer import GensDataLayer\nlayer.read_raw(s, g)\n", id="migrated"
        ),
        pytest.param(b"paths = 1\n", id="lowercase-paths"),
    ],
)
def test_may_not_apply(source: bytes) -> None:
    assert not PathsIOCodemod.may_apply(source, CONFIG)
