"""The write_text rule (codemods/io/rules/write_text.py): `path.write_text(text, ...)` ->
`L.write_<kind>(s, g, text)`, `path.write_text(json.dumps(d, indent=2), ...)` ->
`L.write_<kind>_metadata(s, g, d)`; the text IO whose arguments or use keep it."""

from __future__ import annotations

from io_cases import Case, Noop, table_tests

from codemods.io.rules.write_text import WriteText

REWRITES: tuple[Case, ...] = (
    Case(
        "text-write",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                paths.raw_path(stage, gen_id).write_text(text, encoding="utf-8")
        """,
        """\
            import json

            from data_layer import GensDataLayer


            def run(context, stage, gen_id, text):
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_raw(stage, gen_id, text)
        """,
        ((7, "DLM207", True), (8, "DLM201", True)),
    ),
    Case(
        "text-write-positional-encoding",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                paths.prompt_path(stage, gen_id).write_text(text, "UTF8")
        """,
        """\
            import json

            from data_layer import GensDataLayer


            def run(context, stage, gen_id, text):
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_prompt(stage, gen_id, text)
        """,
        ((7, "DLM207", True), (8, "DLM201", True)),
    ),
    Case(
        "metadata-write-byte-identical",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, meta):
                paths = Paths.from_context(context)
                paths.metadata_path(stage, gen_id).write_text(
                    json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8"
                )
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id, meta):
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_main_metadata(stage, gen_id, meta)
        """,
        ((7, "DLM207", True), (8, "DLM202", True)),
    ),
    Case(
        "metadata-write-indent-only",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, meta):
                paths = Paths.from_context(context)
                paths.raw_metadata_path(stage, gen_id).write_text(json.dumps(meta, indent=2), encoding="utf-8")
                return json.dumps(meta)
        """,
        """\
            import json

            from data_layer import GensDataLayer


            def run(context, stage, gen_id, meta):
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_raw_metadata(stage, gen_id, meta)
                return json.dumps(meta)
        """,
        ((7, "DLM207", True), (8, "DLM202", True)),
    ),
)

NOOPS: tuple[Noop, ...] = (
    Noop(
        "missing-encoding",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                paths.raw_path(stage, gen_id).write_text(text)
                return paths.parsed_path(stage, gen_id).read_text()
        """,
        ((8, "DLM221"), (9, "DLM221")),
    ),
    Noop(
        "other-encodings",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text, encoding):
                paths = Paths.from_context(context)
                paths.raw_path(stage, gen_id).write_text(text, encoding="latin-1")
                paths.parsed_path(stage, gen_id).write_text(text, encoding=encoding)
                return paths.prompt_path(stage, gen_id).read_text(encoding="utf-8-sig")
        """,
        ((8, "DLM222"), (9, "DLM222"), (10, "DLM222")),
    ),
    Noop(
        "newline-and-errors",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                paths.raw_path(stage, gen_id).write_text(text, encoding="utf-8", newline="")
                return paths.parsed_path(stage, gen_id).read_text(encoding="utf-8", errors="replace")
        """,
        ((8, "DLM223"), (9, "DLM223")),
    ),
    Noop(
        "json-options",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, meta, options):
                paths = Paths.from_context(context)
                paths.metadata_path(stage, gen_id).write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")
                paths.raw_metadata_path(stage, gen_id).write_text(json.dumps(meta, indent=4), encoding="utf-8")
                paths.parsed_metadata_path(stage, gen_id).write_text(json.dumps(meta), encoding="utf-8")
                paths.metadata_path(stage, gen_id).write_text(json.dumps(meta, indent=2, default=str), encoding="utf-8")
                paths.metadata_path(stage, gen_id).write_text(json.dumps(meta, **options), encoding="utf-8")
                paths.metadata_path(stage, gen_id).write_text(json.dumps(meta, ensure_ascii=options.pop(), indent=2), encoding="utf-8")
                return json.loads(paths.metadata_path(stage, gen_id).read_text(encoding="utf-8"), parse_float=str)
        """,
        (
            (8, "DLM225"),
            (9, "DLM225"),
            (10, "DLM225"),
            (11, "DLM225"),
            (12, "DLM225"),
            (13, "DLM225"),
            (14, "DLM225"),
        ),
    ),
    Noop(
        "result-used",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                count = paths.raw_path(stage, gen_id).write_text(text, encoding="utf-8")
                return count
        """,
        # (A used gens helper's folder is `.parent` of the layer's: test_gens_helpers.py.)
        ((8, "DLM226"),),
    ),
)


# Each rewrite (exact code, findings, idempotent, then run against both packages on a store),
# each no-op, and the codes this module owns exercised: tests/io/io_cases.py.
(
    test_rewrites,
    test_noops,
    test_same_store_and_results,
    test_codes_are_exercised,
) = table_tests(REWRITES, NOOPS, WriteText.CODES)
