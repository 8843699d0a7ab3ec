"""The read_text rule (codemods/io/rules/read_text.py): `path.read_text(encoding="utf-8")` ->
`L.read_<kind>(s, g)`, `json.loads(path.read_text(...))` -> `L.read_<kind>_metadata(s, g)`."""

from __future__ import annotations

from io_cases import Case, Noop, table_tests

from codemods.io.rules.read_text import ReadText

REWRITES: tuple[Case, ...] = (
    Case(
        "reads",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                raw = paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
                parsed = paths.parsed_path(stage, gen_id).read_text("utf-8")
                meta = json.loads(paths.parsed_metadata_path(stage, gen_id).read_text(encoding="utf-8"))
                return raw, parsed, meta
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                raw = data_layer.read_raw(stage, gen_id)
                parsed = data_layer.read_parsed(stage, gen_id)
                meta = data_layer.read_parsed_metadata(stage, gen_id)
                return raw, parsed, meta
        """,
        ((7, "DLM207", True), (8, "DLM203", True), (9, "DLM203", True), (10, "DLM204", True)),
    ),
    Case(
        # Only a type test of the value read keeps the read: here another value is tested.
        "type-test-of-another-value",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, meta):
                paths = Paths.from_context(context)
                stored = json.loads(paths.metadata_path(stage, gen_id).read_text(encoding="utf-8"))
                return stored if isinstance(meta, dict) else None
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id, meta):
                data_layer = GensDataLayer.from_context(context)
                stored = data_layer.read_main_metadata(stage, gen_id)
                return stored if isinstance(meta, dict) else None
        """,
        ((7, "DLM207", True), (8, "DLM204", True)),
    ),
    Case(
        # `read_*_metadata` raises on a list, string, number or null where `json.loads` returns
        # it: the read stays, but its path moves to the layer (the same `Path`).
        "tolerant-metadata-read",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                meta = json.loads(paths.metadata_path(stage, gen_id).read_text(encoding="utf-8"))
                if not isinstance(meta, dict):
                    return None
                return meta.get("title"), is_listed(context, stage, gen_id)


            def is_listed(context, stage, gen_id):
                paths = Paths.from_context(context)
                return isinstance(json.loads(paths.raw_metadata_path(stage, gen_id).read_text(encoding="utf-8")), list)
        """,
        """\
            import json

            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                meta = json.loads(data_layer.main_metadata_path(stage, gen_id).read_text(encoding="utf-8"))
                if not isinstance(meta, dict):
                    return None
                return meta.get("title"), is_listed(context, stage, gen_id)


            def is_listed(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                return isinstance(json.loads(data_layer.raw_metadata_path(stage, gen_id).read_text(encoding="utf-8")), list)
        """,
        ((7, "DLM207", True), (8, "DLM207", True), (15, "DLM207", True), (16, "DLM207", True)),
    ),
    Case(
        # `type(meta) is dict` is a type test too.
        "tolerant-metadata-read-by-type",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                meta = json.loads(paths.parsed_metadata_path(stage, gen_id).read_text(encoding="utf-8"))
                return meta.get("ok") if type(meta) is dict else None
        """,
        """\
            import json

            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                meta = json.loads(data_layer.parsed_metadata_path(stage, gen_id).read_text(encoding="utf-8"))
                return meta.get("ok") if type(meta) is dict else None
        """,
        ((7, "DLM207", True), (8, "DLM207", True)),
    ),
)

NOOPS: tuple[Noop, ...] = (
    Noop(
        "metadata-as-text",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, blob):
                paths = Paths.from_context(context)
                paths.metadata_path(stage, gen_id).write_text(blob, encoding="utf-8")
                return paths.raw_metadata_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        ((8, "DLM232"), (9, "DLM232")),
    ),
    Noop(
        # The same read while `Paths` has another use: the path stays with it.
        "tolerant-metadata-read-beside-another-paths-use",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                meta = json.loads(paths.metadata_path(stage, gen_id).read_text(encoding="utf-8"))
                return meta if isinstance(meta, dict) else paths.tasks_dir
        """,
        ((8, "DLM232"),),
    ),
)


# Each rewrite (exact code, findings, idempotent, then run against both packages on a store),
# each no-op, and the codes this module owns exercised: tests/io/io_cases.py.
(
    test_rewrites,
    test_noops,
    test_same_store_and_results,
    test_codes_are_exercised,
) = table_tests(REWRITES, NOOPS, ReadText.CODES)
