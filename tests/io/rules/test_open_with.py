"""The open_with rule (codemods/io/rules/open_with.py): `with open(path, mode, encoding="utf-8")
as f:` around one read or write -> one layer call."""

from __future__ import annotations

from io_cases import Case, Noop, table_tests

from codemods.io.rules.open_with import OpenWith

REWRITES: tuple[Case, ...] = (
    Case(
        "with-open-write",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text, meta):
                paths = Paths.from_context(context)
                with open(paths.raw_path(stage, gen_id), "w", encoding="utf-8") as f:
                    f.write(text)
                with open(paths.metadata_path(stage, gen_id), mode="w", encoding="utf-8") as handle:
                    json.dump(meta, handle, ensure_ascii=False, indent=2)
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id, text, meta):
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_raw(stage, gen_id, text)
                data_layer.write_main_metadata(stage, gen_id, meta)
        """,
        ((7, "DLM207", True), (8, "DLM201", True), (10, "DLM202", True)),
    ),
    Case(
        "with-open-read",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                with open(paths.metadata_path(stage, gen_id), encoding="utf-8") as f:
                    meta = json.load(f)
                with open(paths.parsed_path(stage, gen_id), "r", encoding="utf-8") as f2:
                    text = f2.read()
                return meta, text
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                meta = data_layer.read_main_metadata(stage, gen_id)
                text = data_layer.read_parsed(stage, gen_id)
                return meta, text
        """,
        ((7, "DLM207", True), (8, "DLM204", True), (10, "DLM203", True)),
    ),
    Case(
        "with-open-on-path-variable",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, meta):
                paths = Paths.from_context(context)
                target = paths.parsed_metadata_path(stage, gen_id)
                with open(target, "w", encoding="utf-8") as f:
                    json.dump(meta, f, indent=2)
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id, meta):
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_parsed_metadata(stage, gen_id, meta)
        """,
        ((7, "DLM207", True), (8, "DLM208", True), (9, "DLM202", True)),
    ),
    Case(
        "with-open-same-handle-name",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                with open(paths.raw_path(stage, gen_id), "w", encoding="utf-8") as f:
                    f.write(text)
                with open(paths.metadata_path(stage, gen_id), encoding="utf-8") as f:
                    meta = json.load(f)
                with open(paths.parsed_path(stage, gen_id), encoding="utf-8") as f:
                    parsed = f.read()
                return meta, parsed
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id, text):
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_raw(stage, gen_id, text)
                meta = data_layer.read_main_metadata(stage, gen_id)
                parsed = data_layer.read_parsed(stage, gen_id)
                return meta, parsed
        """,
        ((7, "DLM207", True), (8, "DLM201", True), (10, "DLM204", True), (12, "DLM203", True)),
    ),
    Case(
        # A literal payload cannot fail once open() has truncated the file.
        "json-dump-literal-payload",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                with open(paths.metadata_path(stage, gen_id), "w", encoding="utf-8") as f:
                    json.dump({"status": "done", "n": [1, -2.5, None, True], "k": {"a": "b" "c"}}, f, indent=2)
                with open(paths.raw_metadata_path(stage, gen_id), "w", encoding="utf-8") as f:
                    json.dump([], f, indent=2)
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_main_metadata(stage, gen_id, {"status": "done", "n": [1, -2.5, None, True], "k": {"a": "b" "c"}})
                data_layer.write_raw_metadata(stage, gen_id, [])
        """,
        ((7, "DLM207", True), (8, "DLM202", True), (10, "DLM202", True)),
    ),
    Case(
        # The caller tolerates any JSON (`isinstance` test): read_main_metadata would raise on a
        # list where json.load returned it. The read stays, its path moves to the layer (through
        # a path variable here).
        "tolerant-metadata-read-through-open",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                path = paths.metadata_path(stage, gen_id)
                with open(path, encoding="utf-8") as handle:
                    meta = json.load(handle)
                if not isinstance(meta, dict):
                    return None
                return meta.get("title")
        """,
        """\
            import json

            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                path = data_layer.main_metadata_path(stage, gen_id)
                with open(path, encoding="utf-8") as handle:
                    meta = json.load(handle)
                if not isinstance(meta, dict):
                    return None
                return meta.get("title")
        """,
        ((7, "DLM207", True), (8, "DLM207", True)),
    ),
)

NOOPS: tuple[Noop, ...] = (
    Noop(
        # The same read while `Paths` has another use: the path stays with it.
        "tolerant-metadata-read-through-open-beside-another-paths-use",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                with open(paths.metadata_path(stage, gen_id), encoding="utf-8") as handle:
                    meta = json.load(handle)
                return meta if isinstance(meta, dict) else paths.tasks_dir
        """,
        ((9, "DLM232"),),
    ),
    Noop(
        "open-modes",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                with open(paths.raw_path(stage, gen_id), "a", encoding="utf-8") as f:
                    f.write(text)
                with open(paths.parsed_path(stage, gen_id), "wb") as f:
                    f.write(text.encode())
        """,
        ((8, "DLM224"), (10, "DLM224")),
    ),
    Noop(
        "open-newline",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                with open(paths.raw_path(stage, gen_id), "w", encoding="utf-8", newline="") as f:
                    f.write(text)
        """,
        ((8, "DLM223"),),
    ),
    Noop(
        "with-body-too-long",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                with open(paths.raw_path(stage, gen_id), "w", encoding="utf-8") as f:
                    f.write(text)
                    f.write("\\n")
        """,
        ((8, "DLM231"),),
    ),
    Noop(
        "with-handle-used-after",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                with open(paths.raw_path(stage, gen_id), "w", encoding="utf-8") as f:
                    f.write(text)
                return f.closed
        """,
        ((8, "DLM231"),),
    ),
    Noop(
        "payload-computed-after-open",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, parts):
                paths = Paths.from_context(context)
                with open(paths.raw_path(stage, gen_id), "w", encoding="utf-8") as f:
                    f.write("".join(parts))
        """,
        ((8, "DLM234"),),
    ),
    Noop(
        # Each payload can raise, or json.dump fail, after open() truncated the file.
        "json-dump-payload-not-a-literal",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, meta):
                paths = Paths.from_context(context)
                with open(paths.metadata_path(stage, gen_id), "w", encoding="utf-8") as f:
                    json.dump({"n": len(meta)}, f, indent=2)
                with open(paths.metadata_path(stage, gen_id), "w", encoding="utf-8") as f:
                    json.dump({"n": f"{gen_id}"}, f, indent=2)
                with open(paths.metadata_path(stage, gen_id), "w", encoding="utf-8") as f:
                    json.dump({"n": b"x"}, f, indent=2)
                with open(paths.metadata_path(stage, gen_id), "w", encoding="utf-8") as f:
                    json.dump({(1, 2): 1}, f, indent=2)
                with open(paths.metadata_path(stage, gen_id), "w", encoding="utf-8") as f:
                    json.dump({"n": {1, 2}}, f, indent=2)
        """,
        ((8, "DLM234"), (10, "DLM234"), (12, "DLM234"), (14, "DLM234"), (16, "DLM234")),
    ),
    Noop(
        "with-handle-rebound-by-a-loop",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                with open(paths.raw_path(stage, gen_id), "w", encoding="utf-8") as f:
                    f.write(text)
                for f in []:
                    pass
        """,
        ((8, "DLM231"),),
    ),
)


# Each rewrite (exact code, findings, idempotent, then run against both packages on a store),
# each no-op, and the codes this module owns exercised: tests/io/io_cases.py.
(
    test_rewrites,
    test_noops,
    test_same_store_and_results,
    test_codes_are_exercised,
) = table_tests(REWRITES, NOOPS, OpenWith.CODES)
