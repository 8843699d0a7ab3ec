"""The gens_helpers rule (codemods/io/rules/gens_helpers.py): `write_gen_*(R, ...)` and
`load_generation(R, ...)` -> layer methods, on `P.gens_root`'s layer or on
`GensDataLayer.from_gens_root(R)`."""

from __future__ import annotations

from dataclasses import replace

from io_cases import Case, Noop, table_tests

from codemods.io.paths_io import PathsIOCodemod
from codemods.io.rules.gens_helpers import CODE_GENS_ROOT, CODE_HELPER_PAYLOAD, GensHelpers

from codemod_testing import CONFIG, check_noop, run_codemod

REWRITES: tuple[Case, ...] = (
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
            from data_layer import GensDataLayer

            from daydreaming_dagster.config.paths import Paths
            from daydreaming_dagster.utils.generation import write_gen_raw


            def run(context, stage, new_id, text):
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_raw(stage, new_id, text)
                return Paths, write_gen_raw.__name__
        """,
        ((6, "DLM207", True), (7, "DLM206", True)),
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
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                return data_layer.read_raw(stage, gen_id)


            def store(root, stage, gen_id, text):
                GensDataLayer.from_gens_root(root).write_raw(stage, gen_id, text)
        """,
        ((6, "DLM207", True), (7, "DLM203", True), (11, "DLM206", True)),
    ),
    Case(
        # `X / "gens"` is the layer's gens folder when `X` is provably a `pathlib.Path`.
        "data-root-slash-gens",
        """\
            from pathlib import Path

            from daydreaming_dagster.config.paths import Paths
            from daydreaming_dagster.utils.generation import load_generation, write_gen_parsed, write_gen_raw


            def run(context, stage, new_id, text):
                paths = Paths.from_context(context)
                write_gen_raw(paths.data_root / "gens", stage, new_id, text)
                base = Path(context.resources.data_root)
                gens = base / "gens"
                write_gen_parsed(gens, stage, new_id, text)
                return load_generation(Path(context.resources.data_root) / "gens", stage, new_id)
        """,
        """\
            from pathlib import Path

            from data_layer import GensDataLayer


            def run(context, stage, new_id, text):
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_raw(stage, new_id, text)
                base = Path(context.resources.data_root)
                GensDataLayer.from_root(base).write_parsed(stage, new_id, text)
                return GensDataLayer.from_root(Path(context.resources.data_root)).load_generation(stage, new_id)
        """,
        (
            (8, "DLM207", True),
            (9, "DLM206", True),
            (11, "DLM208", True),
            (12, "DLM206", True),
            (13, "DLM206", True),
        ),
    ),
    Case(
        # A gens folder only known as one: `from_gens_root` builds `Path(R) / stage / gen_id`
        # as the helpers do, whatever `R` is (an annotation proves nothing, and need not).
        "gens-folder-not-provably-a-data-roots",
        """\
            from pathlib import Path

            from daydreaming_dagster.config.paths import Paths
            from daydreaming_dagster.utils.generation import load_generation, write_gen_raw


            def run(context, root: Path, gens_root, out_dir, stage, gen_id, text):
                paths = Paths.from_context(context)
                write_gen_raw(paths.raw_dir / "gens", stage, gen_id, text)
                gens = Path(root) / "gens"
                write_gen_raw(gens, stage, "g3", text)
                write_gen_raw(root / "gens", stage, "g4", text)
                write_gen_raw(Path(root) / "gens" / "x", stage, gen_id, text)
                write_gen_raw(out_dir, stage, gen_id, text)
                return load_generation(gens_root, stage, gen_id), load_generation(out_dir, stage, gen_id)
        """,
        """\
            from pathlib import Path

            from data_layer import GensDataLayer

            from daydreaming_dagster.config.paths import Paths


            def run(context, root: Path, gens_root, out_dir, stage, gen_id, text):
                paths = Paths.from_context(context)
                GensDataLayer.from_gens_root(paths.raw_dir / "gens").write_raw(stage, gen_id, text)
                gens = Path(root) / "gens"
                GensDataLayer.from_gens_root(gens).write_raw(stage, "g3", text)
                GensDataLayer.from_gens_root(root / "gens").write_raw(stage, "g4", text)
                GensDataLayer.from_gens_root(Path(root) / "gens" / "x").write_raw(stage, gen_id, text)
                GensDataLayer.from_gens_root(out_dir).write_raw(stage, gen_id, text)
                return GensDataLayer.from_gens_root(gens_root).load_generation(stage, gen_id), GensDataLayer.from_gens_root(out_dir).load_generation(stage, gen_id)
        """,
        (
            (9, "DLM206", True),
            (11, "DLM206", True),
            (12, "DLM206", True),
            (13, "DLM206", True),
            (14, "DLM206", True),
            (15, "DLM206", True),
            (15, "DLM206", True),
        ),
    ),
    Case(
        # The helpers return the generation folder, the layer's writes the file written in it.
        "used-result-is-the-generation-folder",
        """\
            from daydreaming_dagster.config.paths import Paths
            from daydreaming_dagster.utils.generation import write_gen_metadata, write_gen_raw


            def run(context, out_dir, stage, gen_id, text, meta):
                paths = Paths.from_context(context)
                folder = write_gen_raw(paths.gens_root, stage, gen_id, text)
                elsewhere = write_gen_metadata(out_dir, stage, gen_id, meta)
                return folder, elsewhere.name, sorted(p.name for p in elsewhere.iterdir())
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, out_dir, stage, gen_id, text, meta):
                data_layer = GensDataLayer.from_context(context)
                folder = data_layer.write_raw(stage, gen_id, text).parent
                elsewhere = GensDataLayer.from_gens_root(out_dir).write_main_metadata(stage, gen_id, meta).parent
                return folder, elsewhere.name, sorted(p.name for p in elsewhere.iterdir())
        """,
        ((6, "DLM207", True), (7, "DLM206", True), (8, "DLM206", True)),
    ),
    Case(
        # The real shape: an IO manager keeps the gens folder it is given, in an attribute.
        "io-manager-keyed-on-a-gens-folder",
        """\
            from pathlib import Path

            from daydreaming_dagster.utils.generation import load_generation, write_gen_raw


            class GensIOManager:
                def __init__(self, gens_root):
                    self.gens_root = Path(gens_root)

                def handle_output(self, stage, gen_id, text):
                    return write_gen_raw(self.gens_root, stage, gen_id, text)

                def load_input(self, stage, gen_id):
                    return load_generation(self.gens_root, stage, gen_id)


            def run(out_dir, stage, gen_id, text):
                manager = GensIOManager(out_dir)
                return manager.handle_output(stage, gen_id, text), manager.load_input(stage, gen_id)
        """,
        """\
            from pathlib import Path

            from data_layer import GensDataLayer


            class GensIOManager:
                def __init__(self, gens_root):
                    self.gens_root = Path(gens_root)

                def handle_output(self, stage, gen_id, text):
                    return GensDataLayer.from_gens_root(self.gens_root).write_raw(stage, gen_id, text).parent

                def load_input(self, stage, gen_id):
                    return GensDataLayer.from_gens_root(self.gens_root).load_generation(stage, gen_id)


            def run(out_dir, stage, gen_id, text):
                manager = GensIOManager(out_dir)
                return manager.handle_output(stage, gen_id, text), manager.load_input(stage, gen_id)
        """,
        ((11, "DLM206", True), (14, "DLM206", True)),
    ),
)

NOOPS: tuple[Noop, ...] = (
    Noop(
        # The module's own `GensDataLayer` would be called instead of the layer's.
        "module-defines-its-own-layer-class",
        """\
            from daydreaming_dagster.utils.generation import write_gen_raw


            class GensDataLayer:
                pass


            def run(out_dir, stage, gen_id, text):
                write_gen_raw(out_dir, stage, gen_id, text)
        """,
        ((9, "DLM235"),),
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
        "helper-from-another-module",
        """\
            from mylib import write_gen_raw


            def run(gens_root, stage, gen_id, text):
                write_gen_raw(gens_root, stage, gen_id, text)
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
) = table_tests(
    REWRITES,
    NOOPS,
    # DLM227 needs a team's layer without `from_gens_root` (tests/io/test_layer_methods.py),
    # DLM238 a project's own helpers module (tests/io/test_helper_payloads.py).
    {
        code: text
        for code, text in GensHelpers.CODES.items()
        if code not in (CODE_GENS_ROOT, CODE_HELPER_PAYLOAD)
    },
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
