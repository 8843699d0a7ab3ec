"""Where the layer comes from (codemods/io/layer.py): a new layer variable after the `Paths`
binding or first in the function, one reused from a previous run or from hand-written code, and
the pure path uses moved onto the layer once `Paths` has no other use."""

from __future__ import annotations

import pytest
from io_cases import Case, Noop, table_tests

# Every case runs with the reduced scope module and the whole one (tests/io/conftest.py).
pytestmark = pytest.mark.usefixtures("scope")

REWRITES: tuple[Case, ...] = (
    Case(
        "paths-still-used",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                out = paths.parsed_path(stage, gen_id)
                out.write_text(text, encoding="utf-8")
                return str(paths.raw_dir), out.name
        """,
        """\
            import json

            from data_layer import GensDataLayer

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                data_layer = GensDataLayer.from_context(context)
                out = paths.parsed_path(stage, gen_id)
                data_layer.write_parsed(stage, gen_id, text)
                return str(paths.raw_dir), out.name
        """,
        ((9, "DLM201", True),),
    ),
    Case(
        "existing-layer-reused",
        """\
            from daydreaming_dagster.config.paths import Paths

            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                data_layer = GensDataLayer.from_context(context)
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8"), data_layer.data_root.name
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                return data_layer.read_raw(stage, gen_id), data_layer.data_root.name
        """,
        ((7, "DLM207", True), (9, "DLM203", True)),
    ),
    Case(
        "layer-name-taken",
        """\
            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                data_layer = "busy"
                paths = Paths.from_context(context)
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8"), data_layer
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = "busy"
                gens_layer = GensDataLayer.from_context(context)
                return gens_layer.read_raw(stage, gen_id), data_layer
        """,
        ((6, "DLM207", True), (7, "DLM203", True)),
    ),
    Case(
        "reported-site-keeps-paths",
        """\
            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                paths.raw_path(stage, gen_id).write_text(text)
                return paths.parsed_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        """\
            from data_layer import GensDataLayer

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                data_layer = GensDataLayer.from_context(context)
                paths.raw_path(stage, gen_id).write_text(text)
                return data_layer.read_parsed(stage, gen_id)
        """,
        ((6, "DLM221", False), (7, "DLM203", True)),
    ),
    Case(
        "two-functions",
        """\
            from daydreaming_dagster.config.paths import Paths


            def first(context, stage, gen_id):
                paths = Paths.from_context(context)
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                return first(context, stage, gen_id) + paths.parsed_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        """\
            from data_layer import GensDataLayer


            def first(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                return data_layer.read_raw(stage, gen_id)


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                return first(context, stage, gen_id) + data_layer.read_parsed(stage, gen_id)
        """,
        ((5, "DLM207", True), (6, "DLM203", True), (10, "DLM207", True), (11, "DLM203", True)),
    ),
    Case(
        "pure-path-uses-move",
        """\
            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                return str(paths.parsed_path(stage, gen_id).resolve()), paths.metadata_path(stage, gen_id).name
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                return str(data_layer.parsed_path(stage, gen_id).resolve()), data_layer.main_metadata_path(stage, gen_id).name
        """,
        ((5, "DLM207", True), (6, "DLM207", True), (6, "DLM207", True)),
    ),
    Case(
        "hand-written-layer-reused",
        """\
            from daydreaming_dagster.config.paths import Paths

            from data_layer import GensDataLayer


            def run(context, stage, gen_id, new_id):
                layer = GensDataLayer.from_context(context)
                paths = Paths.from_context(context)
                layer.reserve_generation(stage, new_id)
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id, new_id):
                layer = GensDataLayer.from_context(context)
                layer.reserve_generation(stage, new_id)
                return layer.read_raw(stage, gen_id)
        """,
        ((8, "DLM207", True), (10, "DLM203", True)),
    ),
    Case(
        "layer-from-a-rebound-root-not-reused",
        """\
            from daydreaming_dagster.config.paths import Paths

            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                layer = GensDataLayer.from_context(context)
                context = context
                paths = Paths.from_context(context)
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8"), layer.data_root.name
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                layer = GensDataLayer.from_context(context)
                context = context
                data_layer = GensDataLayer.from_context(context)
                return data_layer.read_raw(stage, gen_id), layer.data_root.name
        """,
        ((9, "DLM207", True), (10, "DLM203", True)),
    ),
)

NOOPS: tuple[Noop, ...] = (
    Noop(
        "pure-path-uses-while-paths-used",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                return str(paths.parsed_path(stage, gen_id).resolve()), paths.raw_dir
        """,
        (),
    ),
    Noop(
        "one-line-def",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(paths: Paths, stage, gen_id): return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        ((6, "DLM235"),),
    ),
    Noop(
        # Was a rewrite replacing `paths` by `data_layer` (issue 11): a module-level name is
        # public, so it stays and so does its IO (DLM236).
        "module-level",
        """\
            from daydreaming_dagster.config.paths import Paths


            import os

            paths = Paths(os.environ["CASE_DATA_ROOT"])
            RAW = paths.raw_path("draft", "g1").read_text(encoding="utf-8")


            def run():
                return RAW
        """,
        ((7, "DLM236"),),
    ),
)


# Each rewrite (exact code, findings, idempotent, then run against both packages on a store),
# each no-op, and the codes this module owns exercised: tests/io/io_cases.py.
(
    test_rewrites,
    test_noops,
    test_same_store_and_results,
    test_codes_are_exercised,
) = table_tests(REWRITES, NOOPS, {})
