"""Which receivers the IO codemod takes for a `Paths` (codemods/io/receivers.py): bindings,
parameters, inline constructors, aliases and relative imports; and the receivers it leaves
(unknown, shadowed, rebound, used across a function boundary, a clashing layer class)."""

from __future__ import annotations

import pytest
from io_cases import Case, Noop, table_tests

from codemods.io import receivers

# Every case runs with the reduced scope module and the whole one (tests/io/conftest.py).
pytestmark = pytest.mark.usefixtures("scope")

REWRITES: tuple[Case, ...] = (
    Case(
        "param-annotated",
        """\
            from daydreaming_dagster.config.paths import Paths


            def run(paths: Paths, stage, gen_id):
                "Read the raw text."
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        """\
            from data_layer import GensDataLayer

            from daydreaming_dagster.config.paths import Paths


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
            from data_layer import GensDataLayer

            from daydreaming_dagster.config.paths import Paths


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
        # Every binding is the same constructor call: each becomes the layer's, so the layer
        # holds what `paths` held at every use.
        "paths-bound-twice-to-equal-constructors",
        """\
            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                if context.resources.data_root:
                    paths = Paths.from_context(context)
                paths.generation_dir(stage, gen_id).mkdir(parents=True, exist_ok=True)
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                if context.resources.data_root:
                    data_layer = GensDataLayer.from_context(context)
                data_layer.reserve_generation(stage, gen_id)
                return data_layer.read_raw(stage, gen_id)
        """,
        ((5, "DLM207", True), (7, "DLM207", True), (8, "DLM205", True), (9, "DLM203", True)),
    ),
    Case(
        # `paths` still used: a layer right after each binding.
        "paths-bound-twice-kept-beside-each",
        """\
            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths(context.resources.data_root)
                for _ in range(2):
                    paths = Paths(context.resources.data_root)
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8"), paths.raw_dir
        """,
        """\
            from data_layer import GensDataLayer

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths(context.resources.data_root)
                data_layer = GensDataLayer.from_root(context.resources.data_root)
                for _ in range(2):
                    paths = Paths(context.resources.data_root)
                    data_layer = GensDataLayer.from_root(context.resources.data_root)
                return data_layer.read_raw(stage, gen_id), paths.raw_dir
        """,
        ((8, "DLM203", True),),
    ),
    Case(
        # `L.paths` of a layer is a `Paths` for the layer's own root: its IO is `L`'s.
        "layer-paths",
        """\
            from daydreaming_dagster.utils.generation import load_generation
            from data_layer import GensDataLayer


            def run(context, stage, gen_id, text):
                layer = GensDataLayer.from_context(context)
                layer.paths.raw_path(stage, gen_id).write_text(text, encoding="utf-8")
                out = layer.paths.parsed_path(stage, gen_id)
                out.write_text(text, encoding="utf-8")
                record = load_generation(layer.paths.gens_root, stage, gen_id)
                return record, str(layer.paths.raw_dir)
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id, text):
                layer = GensDataLayer.from_context(context)
                layer.write_raw(stage, gen_id, text)
                layer.write_parsed(stage, gen_id, text)
                record = layer.load_generation(stage, gen_id)
                return record, str(layer.paths.raw_dir)
        """,
        ((7, "DLM201", True), (8, "DLM208", True), (9, "DLM201", True), (10, "DLM206", True)),
    ),
    Case(
        "param-annotated-in-a-method",
        """\
            from daydreaming_dagster.config.paths import Paths


            class Store:
                def read(self, paths: Paths, stage, gen_id):
                    return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")


            def run(paths, stage, gen_id):
                return Store().read(paths, stage, gen_id)
        """,
        """\
            from data_layer import GensDataLayer

            from daydreaming_dagster.config.paths import Paths


            class Store:
                def read(self, paths: Paths, stage, gen_id):
                    data_layer = GensDataLayer.from_root(paths.data_root)
                    return data_layer.read_raw(stage, gen_id)


            def run(paths, stage, gen_id):
                return Store().read(paths, stage, gen_id)
        """,
        ((6, "DLM203", True),),
    ),
)

NOOPS: tuple[Noop, ...] = (
    Noop(
        # Was a rewrite adding `data_layer` beside `paths` (issue 11): a new module attribute is
        # not invisible either (`from settings import *` without `__all__` would bind it in the
        # importer), so a module-level binding's IO is left whole (DLM236).
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
        ((6, "DLM236"),),
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
        # Equal calls, but one binding is a `with` target, or one line holds two statements.
        "paths-bound-twice-not-both-plain-assignments",
        """\
            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                with Paths.from_context(context) as paths:
                    pass
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")


            def semicolon(context, stage, gen_id):
                paths = Paths.from_context(context); other = 1
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        ((8, "DLM220"), (13, "DLM220")),
    ),
    Noop(
        # The module attribute may be reassigned before the use; `self.paths` may be set
        # anywhere (a subclass, another module).
        "layer-paths-of-a-module-layer-or-self-paths",
        """\
            from data_layer import GensDataLayer

            data_layer = GensDataLayer.from_root("data")


            def run(stage, gen_id):
                return data_layer.paths.raw_path(stage, gen_id).read_text(encoding="utf-8")


            class Store:
                def __init__(self, paths):
                    self.paths = paths

                def read(self, stage, gen_id):
                    return self.paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        ((7, "DLM228"), (15, "DLM220")),
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
        "module-level-paths-in-function",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            paths = Paths("data")


            def run(stage, gen_id):
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        ((10, "DLM236"),),
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
        ((7, "DLM236"),),
    ),
    Noop(
        # Another module may `from settings import paths`: the name stays, and its IO too.
        "module-level-paths-kept-with-its-io",
        """\
            import os

            from daydreaming_dagster.config.paths import Paths

            paths = Paths(os.environ.get("DATA_ROOT", "data"))
            paths.generation_dir("draft", "seed").mkdir(parents=True, exist_ok=True)
            paths.raw_path("draft", "seed").write_text("x", encoding="utf-8")
            SEED = paths.raw_path("draft", "seed")
        """,
        ((6, "DLM236"), (7, "DLM236")),
    ),
    Noop(
        "module-level-paths-simple-root-in-all",
        """\
            from daydreaming_dagster.config.paths import Paths

            __all__ = ["paths"]
            paths = Paths("data")
            paths.generation_dir("draft", "g1").mkdir(parents=True, exist_ok=True)
        """,
        ((5, "DLM236"),),
    ),
    Noop(
        # `Store.paths` is read from other modules.
        "class-level-paths-kept-with-its-io",
        """\
            import os

            from daydreaming_dagster.config.paths import Paths


            class Store:
                paths = Paths(os.environ["DATA_ROOT"])
                paths.generation_dir("draft", "seed").mkdir(parents=True, exist_ok=True)
                text = paths.raw_path("draft", "seed").read_text(encoding="utf-8")
        """,
        ((8, "DLM236"), (9, "DLM236")),
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
        ((10, "DLM236"),),
    ),
)


# Each rewrite (exact code, findings, idempotent, then run against both packages on a store),
# each no-op, and the codes this module owns exercised: tests/io/io_cases.py.
(
    test_rewrites,
    test_noops,
    test_same_store_and_results,
    test_codes_are_exercised,
) = table_tests(REWRITES, NOOPS, receivers.CODES)
