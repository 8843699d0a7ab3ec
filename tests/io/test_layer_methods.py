"""A team's own layer (`layer-module` inside the source roots): a rewrite only calls a method its
`GensDataLayer` defines, read from the source (codemods/io/layer_methods.py); else DLM237."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from codemods.io.layer_methods import layer_methods
from codemods.io.paths_io import PathsIOCodemod

from codemod_testing import CONFIG, check_noop, check_transformed

#: A layer that can read raw text and build paths, and nothing else; re-exported by its package.
OWN_LAYER = {
    "myproj/__init__.py": "",
    "myproj/layer/__init__.py": "from .core import GensDataLayer\n",
    "myproj/layer/core.py": """\
        class GensDataLayer:
            @classmethod
            def from_root(cls, root): ...

            @classmethod
            def from_context(cls, context): ...

            def read_raw(self, stage, gen_id): ...

            def raw_path(self, stage, gen_id): ...
        """,
}


@pytest.fixture
def own_layer(tmp_path: Path) -> Path:
    for name, source in OWN_LAYER.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    return tmp_path


def test_methods_are_read_through_the_reexport(own_layer: Path) -> None:
    config = replace(CONFIG, layer_module="myproj.layer", source_roots=(own_layer,))
    assert layer_methods(config) == {"from_root", "from_context", "read_raw", "raw_path"}


def test_a_layer_outside_the_source_roots_is_not_checked() -> None:
    assert layer_methods(CONFIG) is None


@pytest.mark.parametrize(
    ("reexport", "expected"),
    [
        ("from data_layer import GensDataLayer\n", None),
        ("from data_layer.gens_data_layer import GensDataLayer\n", None),
        ("from vendored_layer import GensDataLayer\n", frozenset()),
    ],
    ids=["bundled-layer", "bundled-layer-module", "unreadable-layer"],
)
def test_a_reexport_of_the_bundled_layer_is_not_checked(
    tmp_path: Path, reexport: str, expected: frozenset[str] | None
) -> None:
    # The bundled layer defines every method the rewrites call; another one out of reach
    # proves nothing.
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "layer.py").write_text(reexport, encoding="utf-8")
    config = replace(CONFIG, layer_module="proj.layer", source_roots=(tmp_path,))
    assert layer_methods(config) == expected


def test_a_module_without_the_class_has_no_method(own_layer: Path) -> None:
    config = replace(CONFIG, layer_module="myproj", source_roots=(own_layer,))
    assert layer_methods(config) == frozenset()


def test_only_the_methods_the_layer_has_are_called(own_layer: Path) -> None:
    config = replace(
        CONFIG, layer_module="myproj.layer", source_roots=(own_layer, *CONFIG.source_roots)
    )
    findings = check_transformed(
        PathsIOCodemod,
        """\
            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                paths.parsed_path(stage, gen_id).write_text(text, encoding="utf-8")
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        """\
            from daydreaming_dagster.config.paths import Paths
            from myproj.layer import GensDataLayer


            def run(context, stage, gen_id, text):
                paths = Paths.from_context(context)
                data_layer = GensDataLayer.from_context(context)
                paths.parsed_path(stage, gen_id).write_text(text, encoding="utf-8")
                return data_layer.read_raw(stage, gen_id)
        """,
        config=config,
    )
    assert sorted((f.line, f.code, f.fixed) for f in findings) == [
        (6, "DLM237", False),
        (7, "DLM203", True),
    ]


def test_no_site_without_the_constructor(own_layer: Path) -> None:
    core = own_layer / "myproj/layer/core.py"
    core.write_text(core.read_text(encoding="utf-8").replace("from_context", "make"), "utf-8")
    config = replace(
        CONFIG, layer_module="myproj.layer", source_roots=(own_layer, *CONFIG.source_roots)
    )
    findings = check_noop(
        PathsIOCodemod,
        """\
            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        config=config,
    )
    assert [(f.line, f.code) for f in findings] == [(6, "DLM237")]


def test_a_gens_folder_needs_from_gens_root(own_layer: Path) -> None:
    # A helper call on a gens folder that is not provably a data root's is rewritten with
    # `GensDataLayer.from_gens_root(...)`; a layer without it leaves the call (DLM227), and a
    # helper call on `<Paths>.gens_root` is not affected.
    core = own_layer / "myproj/layer/core.py"
    core.write_text(
        core.read_text(encoding="utf-8") + "\n    def write_raw(self, stage, gen_id, text): ...\n",
        "utf-8",
    )
    config = replace(
        CONFIG, layer_module="myproj.layer", source_roots=(own_layer, *CONFIG.source_roots)
    )
    findings = check_transformed(
        PathsIOCodemod,
        """\
            from daydreaming_dagster.config.paths import Paths
            from daydreaming_dagster.utils.generation import write_gen_raw


            def run(context, out_dir, stage, gen_id, text):
                write_gen_raw(out_dir, stage, gen_id, text)
                paths = Paths.from_context(context)
                write_gen_raw(paths.gens_root, stage, gen_id, text)
        """,
        """\
            from daydreaming_dagster.utils.generation import write_gen_raw
            from myproj.layer import GensDataLayer


            def run(context, out_dir, stage, gen_id, text):
                write_gen_raw(out_dir, stage, gen_id, text)
                data_layer = GensDataLayer.from_context(context)
                data_layer.write_raw(stage, gen_id, text)
        """,
        config=config,
    )
    assert sorted((f.line, f.code, f.fixed) for f in findings) == [
        (6, "DLM227", False),
        (7, "DLM207", True),
        (8, "DLM206", True),
    ]
