"""The IO codemod: before/after tables (shared with the differential test), no-op tables with
the exact findings of each reported site, import handling, idempotency and the pre-filter."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from codemods.io import paths_io
from codemods.io.paths_io import PathsIOCodemod

from codemod_testing import CONFIG, FILENAME, check_noop, check_transformed, run_codemod


@pytest.fixture(params=["reduced", "whole"], autouse=True)
def scope(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs twice, and both runs must give the same code and findings: scope analysis
    on the module without the top-level bodies that cannot matter (codemods/speedups/scope_module.py),
    and on the whole module."""
    if request.param == "whole":
        monkeypatch.setattr(paths_io, "scope_module", lambda statements, *args: statements.module)
    return str(request.param)


#: (line, code, fixed) of a finding.
Expected = tuple[tuple[int, str, bool], ...]


@dataclass(frozen=True)
class Case:
    """One rewrite: `before` becomes `after` with exactly `findings`. Every case defines
    `run(...)` taking some of context, paths, stage, gen_id, new_id, text, meta; the differential
    test executes both sides on a temporary store (`runnable=False`: relative imports)."""

    id: str
    before: str
    after: str
    findings: Expected
    runnable: bool = True


#: The rewrite table, shared with test_paths_io_differential.py so behaviour and text cannot drift.
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

            from daydreaming_dagster.config.paths import Paths
            from data_layer import GensDataLayer


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
        "gens-helpers",
        """\
            from daydreaming_dagster.config.paths import Paths

            from daydreaming_dagster.utils.generation import (
                load_generation,
                write_gen_metadata,
                write_gen_parsed,
                write_gen_prompt,
                write_gen_raw,
            )


            def run(context, stage, new_id, text, meta):
                paths = Paths.from_context(context)
                write_gen_prompt(paths.gens_root, stage, new_id, text)
                write_gen_raw(paths.gens_root, stage, new_id, text)
                write_gen_parsed(paths.gens_root, stage, new_id, text.upper())
                write_gen_metadata(paths.gens_root, stage, new_id, meta)
                return load_generation(paths.gens_root, stage, new_id)
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, new_id, text, meta):
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_prompt(stage, new_id, text)
                data_layer.write_raw(stage, new_id, text)
                data_layer.write_parsed(stage, new_id, text.upper())
                data_layer.write_main_metadata(stage, new_id, meta)
                return data_layer.load_generation(stage, new_id)
        """,
        (
            (13, "DLM207", True),
            (14, "DLM206", True),
            (15, "DLM206", True),
            (16, "DLM206", True),
            (17, "DLM206", True),
            (18, "DLM206", True),
        ),
    ),
    Case(
        "gens-root-variable",
        """\
            from daydreaming_dagster.config.paths import Paths

            from daydreaming_dagster.utils.generation import write_gen_raw, write_gen_metadata


            def run(context, stage, new_id, text, meta):
                paths = Paths.from_context(context)
                gens_root = paths.gens_root
                write_gen_raw(gens_root, stage, new_id, text)
                write_gen_metadata(gens_root, stage, new_id, meta)
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, new_id, text, meta):
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_raw(stage, new_id, text)
                data_layer.write_main_metadata(stage, new_id, meta)
        """,
        ((7, "DLM207", True), (8, "DLM208", True), (9, "DLM206", True), (10, "DLM206", True)),
    ),
    Case(
        "helper-module-import",
        """\
            from daydreaming_dagster.config.paths import Paths

            from daydreaming_dagster.utils import generation


            def run(context, stage, new_id, text):
                paths = Paths.from_context(context)
                generation.write_gen_raw(paths.gens_root, stage, new_id, text)
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, new_id, text):
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_raw(stage, new_id, text)
        """,
        ((7, "DLM207", True), (8, "DLM206", True)),
    ),
    Case(
        "param-annotated",
        """\
            from daydreaming_dagster.config.paths import Paths


            def run(paths: Paths, stage, gen_id):
                "Read the raw text."
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        """\
            from daydreaming_dagster.config.paths import Paths
            from data_layer import GensDataLayer


            def run(paths: Paths, stage, gen_id):
                "Read the raw text."
                data_layer = GensDataLayer.from_root(paths.data_root)
                return data_layer.read_raw(stage, gen_id)
        """,
        ((6, "DLM203", True),),
    ),
    Case(
        "constructor-call",
        """\
            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths(context.resources.data_root)
                return paths.prompt_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_root(context.resources.data_root)
                return data_layer.read_prompt(stage, gen_id)
        """,
        ((5, "DLM207", True), (6, "DLM203", True)),
    ),
    Case(
        "from-str-keeps-paths",
        """\
            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_str(context.resources.data_root)
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        """\
            from daydreaming_dagster.config.paths import Paths
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                paths = Paths.from_str(context.resources.data_root)
                data_layer = GensDataLayer.from_root(paths.data_root)
                return data_layer.read_raw(stage, gen_id)
        """,
        ((6, "DLM203", True),),
    ),
    Case(
        "inline-constructor",
        """\
            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                return Paths.from_context(context).raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                return GensDataLayer.from_context(context).read_raw(stage, gen_id)
        """,
        ((5, "DLM203", True),),
    ),
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
        "new-module-alias",
        """\
            from data_layer.paths import Paths as P


            def run(context, stage, gen_id):
                p = P.from_context(context)
                return p.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                return data_layer.read_raw(stage, gen_id)
        """,
        ((5, "DLM207", True), (6, "DLM203", True)),
    ),
    Case(
        "legacy-module-import",
        """\
            import daydreaming_dagster.config.paths as legacy


            def run(context, stage, gen_id):
                paths = legacy.Paths.from_context(context)
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                return data_layer.read_raw(stage, gen_id)
        """,
        ((5, "DLM207", True), (6, "DLM203", True)),
    ),
    Case(
        "comprehension",
        """\
            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                return [paths.raw_path(stage, g).read_text(encoding="utf-8") for g in (gen_id, gen_id)]
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                return [data_layer.read_raw(stage, g) for g in (gen_id, gen_id)]
        """,
        ((5, "DLM207", True), (6, "DLM203", True)),
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
            from daydreaming_dagster.config.paths import Paths
            from data_layer import GensDataLayer


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
        "module-level",
        """\
            from daydreaming_dagster.config.paths import Paths


            import os

            paths = Paths(os.environ["CASE_DATA_ROOT"])
            RAW = paths.raw_path("draft", "g1").read_text(encoding="utf-8")


            def run():
                return RAW
        """,
        """\
            import os

            from data_layer import GensDataLayer

            data_layer = GensDataLayer.from_root(os.environ["CASE_DATA_ROOT"])
            RAW = data_layer.read_raw("draft", "g1")


            def run():
                return RAW
        """,
        ((6, "DLM207", True), (7, "DLM203", True)),
    ),
    Case(
        "relative-imports",
        """\
            from ..config.paths import Paths
            from ..utils.generation import write_gen_raw


            def run(context, stage, new_id, text):
                paths = Paths.from_context(context)
                write_gen_raw(paths.gens_root, stage, new_id, text)
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, new_id, text):
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_raw(stage, new_id, text)
        """,
        ((6, "DLM207", True), (7, "DLM206", True)),
        runnable=False,
    ),
    Case(
        "import-kept-while-used",
        """\
            from daydreaming_dagster.config.paths import Paths
            from daydreaming_dagster.utils.generation import write_gen_raw


            def run(context, stage, new_id, text):
                paths = Paths.from_context(context)
                write_gen_raw(paths.gens_root, stage, new_id, text)
                return Paths, write_gen_raw.__name__
        """,
        """\
            from daydreaming_dagster.config.paths import Paths
            from daydreaming_dagster.utils.generation import write_gen_raw
            from data_layer import GensDataLayer


            def run(context, stage, new_id, text):
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_raw(stage, new_id, text)
                return Paths, write_gen_raw.__name__
        """,
        ((6, "DLM207", True), (7, "DLM206", True)),
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
            from daydreaming_dagster.config.paths import Paths
            from data_layer import GensDataLayer


            def default_paths() -> "Paths":
                raise NotImplementedError


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                return data_layer.read_raw(stage, gen_id)
        """,
        ((9, "DLM207", True), (10, "DLM203", True)),
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
            from daydreaming_dagster.config.paths import (
                PARSED_FILENAME,
                RAW_FILENAME,  # the parse reads this file
            )
            from data_layer import GensDataLayer


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
        "helper-called-through-an-alias-in-another-function",
        """\
            from daydreaming_dagster.config.paths import Paths
            from daydreaming_dagster.utils.generation import write_gen_raw as save


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")


            def store(root, stage, gen_id, text):
                save(root, stage, gen_id, text)
        """,
        """\
            from daydreaming_dagster.utils.generation import write_gen_raw as save
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                return data_layer.read_raw(stage, gen_id)


            def store(root, stage, gen_id, text):
                save(root, stage, gen_id, text)
        """,
        ((6, "DLM207", True), (7, "DLM203", True), (11, "DLM227", False)),
    ),
    Case(
        "module-level-site-keeps-a-binding-another-function-uses",
        """\
            import os

            from daydreaming_dagster.config.paths import Paths

            paths = Paths(os.environ["CASE_DATA_ROOT"])
            RAW = paths.raw_path("draft", "g1").read_text(encoding="utf-8")


            def data_root():
                return paths.data_root


            def run():
                return RAW + str(data_root())
        """,
        """\
            import os

            from daydreaming_dagster.config.paths import Paths
            from data_layer import GensDataLayer

            paths = Paths(os.environ["CASE_DATA_ROOT"])
            data_layer = GensDataLayer.from_root(paths.data_root)
            RAW = data_layer.read_raw("draft", "g1")


            def data_root():
                return paths.data_root


            def run():
                return RAW + str(data_root())
        """,
        ((6, "DLM203", True),),
    ),
)


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in REWRITES])
def test_rewrites(case: Case) -> None:
    findings = check_transformed(PathsIOCodemod, case.before, case.after)
    assert sorted((f.line, f.code, f.fixed) for f in findings) == sorted(case.findings)


@dataclass(frozen=True)
class Noop:
    """A file the codemod must leave byte-for-byte unchanged, with exactly `findings`
    ((line, code) of each site left for a human, none of them fixed)."""

    id: str
    source: str
    findings: tuple[tuple[int, str], ...]


#: Aliases, shadowed names, migrated code, unknown receivers, and one case per report reason.
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
        "unknown-receiver-parameter",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(paths, stage, gen_id, text):
                paths.raw_path(stage, gen_id).write_text(text, encoding="utf-8")
        """,
        ((7, "DLM220"),),
    ),
    Noop(
        "unknown-receiver-attribute",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            class Asset:
                def run(self, stage, gen_id):
                    return self.paths.parsed_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        ((8, "DLM220"),),
    ),
    Noop(
        "paths-shadowed-locally",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                Paths = make_paths_like()
                paths = Paths.from_context(context)
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        ((9, "DLM220"),),
    ),
    Noop(
        "paths-from-another-module",
        """\
            from other.library import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        ((6, "DLM220"),),
    ),
    Noop(
        "paths-rebound",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, root):
                paths = Paths.from_context(context)
                if root:
                    paths = Paths(root)
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        ((10, "DLM220"),),
    ),
    Noop(
        "parameter-with-default",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(stage, gen_id, paths: Paths = None):
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        ((7, "DLM220"),),
    ),
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


            from daydreaming_dagster.utils.generation import write_gen_raw


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                count = paths.raw_path(stage, gen_id).write_text(text, encoding="utf-8")
                folder = write_gen_raw(paths.gens_root, stage, gen_id, text)
                return count, folder
        """,
        ((11, "DLM226"), (12, "DLM226")),
    ),
    Noop(
        "gens-root-not-provable",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            from daydreaming_dagster.utils.generation import load_generation, write_gen_raw


            def run(context, gens_root, stage, gen_id, text):
                paths = Paths.from_context(context)
                write_gen_raw(paths.data_root / "gens", stage, gen_id, text)
                return load_generation(gens_root, stage, gen_id)
        """,
        ((11, "DLM227"), (12, "DLM227")),
    ),
    Noop(
        "other-function-scope",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)

                def read():
                    return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")

                return read()
        """,
        ((10, "DLM228"),),
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
        "helper-keyword-arguments",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            from daydreaming_dagster.utils.generation import write_gen_raw


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                write_gen_raw(paths.gens_root, stage, gen_id, text=text)
        """,
        ((11, "DLM230"),),
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
        "helper-from-another-module",
        """\
            from mylib import write_gen_raw


            def run(gens_root, stage, gen_id, text):
                write_gen_raw(gens_root, stage, gen_id, text)
        """,
        (),
    ),
    Noop(
        "module-level-paths-in-function",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            paths = Paths("data")


            def run(stage, gen_id):
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        ((10, "DLM228"),),
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
        "own-gens-data-layer-class",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            class GensDataLayer:
                pass


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        ((12, "DLM235"),),
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
    Noop(
        "inline-from-str",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(root, stage, gen_id):
                return Paths.from_str(root).raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        ((7, "DLM220"),),
    ),
    Noop(
        "global-path-variable-read-in-another-function",
        """\
            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                global out
                paths = Paths.from_context(context)
                out = paths.raw_path(stage, gen_id)
                return out.read_text(encoding="utf-8")


            def elsewhere():
                return out.name
        """,
        ((8, "DLM228"),),
    ),
    Noop(
        "module-level-paths-used-in-two-functions",
        """\
            from daydreaming_dagster.config.paths import Paths

            paths = Paths("/data")


            def run(stage, gen_id):
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")


            def root():
                return paths.data_root
        """,
        ((7, "DLM228"),),
    ),
    Noop(
        "paths-bound-through-global-in-another-function",
        """\
            from daydreaming_dagster.config.paths import Paths


            def setup(root):
                global paths
                paths = Paths(root)


            def run(stage, gen_id):
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        ((10, "DLM228"),),
    ),
)


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in NOOPS])
def test_noops(case: Noop) -> None:
    findings = check_noop(PathsIOCodemod, case.source)
    assert sorted((f.line, f.code) for f in findings) == sorted(case.findings)
    assert not any(f.fixed for f in findings)


def test_every_code_is_exercised() -> None:
    seen = {code for case in REWRITES for _, code, _ in case.findings}
    seen |= {code for case in NOOPS for _, code in case.findings}
    assert seen == set(PathsIOCodemod.CODES)


def test_codes_are_io_codes_and_fixed_ones_are_rewrites() -> None:
    assert all(code.startswith("DLM2") for code in PathsIOCodemod.CODES)
    fixed = {code for case in REWRITES for _, code, was_fixed in case.findings if was_fixed}
    assert all(PathsIOCodemod.CODES[code].startswith("rewritten") for code in fixed)


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


def test_configured_helpers_module() -> None:
    config = replace(CONFIG, helpers_module="pipeline.store")
    source = """\
        from daydreaming_dagster.config.paths import Paths
        from pipeline.store import write_gen_raw


        def run(context, stage, gen_id, text):
            paths = Paths.from_context(context)
            write_gen_raw(paths.gens_root, stage, gen_id, text)
        """
    code, findings = run_codemod(PathsIOCodemod, source, config=config)
    assert "data_layer.write_raw(stage, gen_id, text)" in code
    assert "pipeline.store" not in code
    assert [(f.line, f.code) for f in findings if f.code == "DLM206"] == [(7, "DLM206")]
    # With the default helpers module, the same call is somebody else's function.
    check_noop(PathsIOCodemod, source)


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


def test_may_apply_never_skips_a_table_case() -> None:
    for case in (*REWRITES, *NOOPS):
        source = case.before if isinstance(case, Case) else case.source
        if case.findings:
            assert PathsIOCodemod.may_apply(source.encode(), CONFIG)
