"""The mkdir rule (codemods/io/rules/mkdir.py): the generation folder's
`mkdir(parents=True, exist_ok=True)` -> `L.reserve_generation(s, g)`, or dropped before a write."""

from __future__ import annotations

from io_cases import Case, Noop, table_tests

from codemods.io.rules.mkdir import Mkdir

REWRITES: tuple[Case, ...] = (
    Case(
        "reserve-generation",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, new_id):
                paths = Paths.from_context(context)
                paths.generation_dir(stage, new_id).mkdir(parents=True, exist_ok=True)
        """,
        """\
            import json

            from data_layer import GensDataLayer


            def run(context, stage, new_id):
                data_layer = GensDataLayer.from_context(context)
                data_layer.reserve_generation(stage, new_id)
        """,
        ((7, "DLM207", True), (8, "DLM205", True)),
    ),
    Case(
        "mkdir-kept-as-reserve",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, new_id, text):
                paths = Paths.from_context(context)
                out = paths.raw_path(stage, new_id)
                out.parent.mkdir(parents=True, exist_ok=True)
                if text == "never":
                    out.write_text(text, encoding="utf-8")
        """,
        """\
            import json

            from data_layer import GensDataLayer


            def run(context, stage, new_id, text):
                data_layer = GensDataLayer.from_context(context)
                data_layer.reserve_generation(stage, new_id)
                if text == "never":
                    data_layer.write_raw(stage, new_id, text)
        """,
        ((7, "DLM207", True), (8, "DLM208", True), (9, "DLM205", True), (11, "DLM201", True)),
    ),
    Case(
        "generation-dir-variable",
        """\
            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, new_id):
                paths = Paths.from_context(context)
                folder = paths.generation_dir(stage, new_id)
                folder.mkdir(parents=True, exist_ok=True)
                return folder.name
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, new_id):
                data_layer = GensDataLayer.from_context(context)
                folder = data_layer.generation_dir(stage, new_id)
                data_layer.reserve_generation(stage, new_id)
                return folder.name
        """,
        ((5, "DLM207", True), (6, "DLM207", True), (7, "DLM205", True)),
    ),
)

NOOPS: tuple[Noop, ...] = (
    Noop(
        "mkdir-variants",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                paths.generation_dir(stage, gen_id).mkdir(exist_ok=True)
                paths.generation_dir(stage, gen_id).parent.mkdir(parents=True, exist_ok=True)
        """,
        ((8, "DLM223"), (9, "DLM223")),
    ),
    Noop(
        # Without exist_ok the legacy mkdir raises FileExistsError on a second run:
        # reserve_generation would not.
        "mkdir-without-exist-ok",
        """\
            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                paths.generation_dir(stage, gen_id).mkdir(parents=True)
        """,
        ((6, "DLM223"),),
    ),
    Noop(
        "mkdir-on-a-path-not-from-paths",
        """\
            from pathlib import Path


            def run(context, stage, gen_id):
                Path(context.resources.data_root, "gens", stage, gen_id).mkdir(
                    parents=True, exist_ok=True
                )
        """,
        (),
    ),
)


# Each rewrite (exact code, findings, idempotent, then run against both packages on a store),
# each no-op, and the codes this module owns exercised: tests/io/io_cases.py.
(
    test_rewrites,
    test_noops,
    test_same_store_and_results,
    test_codes_are_exercised,
) = table_tests(REWRITES, NOOPS, Mkdir.CODES)
