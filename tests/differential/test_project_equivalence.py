"""Legacy and migrated projects behave the same: returned values and stores compared.

Each project is the shape of a real breakage or of real code the codemods meet (several modules,
names at module and class level, names bound twice, dynamic uses, odd file contents).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from projects import Project, run_both

GEN = "gens/draft/g1/"

#: The metadata contents real stores hold: an object, other JSON values, broken and empty files.
METADATA_CONTENTS: dict[str, bytes | None] = {
    "object": json.dumps({"parent_gen_id": "p0", "title": "caf\u00e9"}).encode(),
    "list": b"[1]",
    "string": b'"x"',
    "number": b"5",
    "null": b"null",
    "invalid": b"{not json",
    "empty": b"",
    "missing": None,
}


def _job(id: str, source: str, **options: Any) -> Project:
    """A project of one module, `app/job.py`, whose `run()` is called."""
    return Project(id, {"app/__init__.py": "", "app/job.py": source}, "app.job", **options)


PROJECTS = [
    Project(
        id="module-level-paths-imported-by-another-module",
        modules={
            "app/__init__.py": "",
            "app/settings.py": """
                import os

                from daydreaming_dagster.config.paths import Paths

                paths = Paths(os.environ.get("DATA_ROOT", "data"))
                paths.generation_dir("draft", "seed").mkdir(parents=True, exist_ok=True)
            """,
            "app/user.py": """
                from app.settings import paths


                def run():
                    paths.raw_path("draft", "seed").write_text("x", encoding="utf-8")
                    return str(paths.raw_path("draft", "seed").relative_to(paths.data_root))
            """,
        },
        driver="app.user",
    ),
    Project(
        id="class-level-paths-used-from-another-module",
        modules={
            "app/__init__.py": "",
            "app/store.py": """
                import os

                from daydreaming_dagster.config.paths import Paths


                class Store:
                    paths = Paths(os.environ["DATA_ROOT"])
                    paths.generation_dir("draft", "seed").mkdir(parents=True, exist_ok=True)
            """,
            "app/user.py": """
                from app.store import Store


                def run():
                    return Store.paths.raw_path("draft", "seed").parent.is_dir()
            """,
        },
        driver="app.user",
    ),
    Project(
        id="module-level-paths-exported-through-all-and-star",
        modules={
            "app/__init__.py": "",
            "app/settings.py": """
                import os

                from daydreaming_dagster.config.paths import Paths

                __all__ = ["paths"]
                paths = Paths(os.environ["DATA_ROOT"])
                paths.generation_dir("draft", "g1").mkdir(parents=True, exist_ok=True)
            """,
            "app/user.py": """
                from app.settings import *


                def run():
                    return paths.generation_dir("draft", "g1").is_dir()
            """,
        },
        driver="app.user",
    ),
    Project(
        id="import-kept-for-a-use-through-the-package",
        modules={
            "app/__init__.py": "",
            "app/user.py": """
                from daydreaming_dagster import config as c
                import daydreaming_dagster.config.paths


                def run():
                    return [c.paths.RAW_FILENAME, c.paths.Paths.__name__]
            """,
        },
        driver="app.user",
    ),
    Project(
        id="import-kept-for-sys-modules",
        modules={
            "app/__init__.py": "",
            "app/user.py": """
                import sys

                import daydreaming_dagster.config.paths


                def run():
                    return sys.modules["daydreaming_dagster.config.paths"].RAW_FILENAME
            """,
        },
        driver="app.user",
    ),
    Project(
        id="paths-bound-twice-to-the-same-root",
        modules={
            "app/__init__.py": "",
            "app/job.py": """
                import os
                from types import SimpleNamespace

                from daydreaming_dagster.config.paths import Paths


                def run():
                    context = SimpleNamespace(resources=SimpleNamespace(data_root=os.environ["DATA_ROOT"]))
                    paths = Paths.from_context(context)
                    if context.resources.data_root:
                        paths = Paths.from_context(context)
                    paths.generation_dir("draft", "g1").mkdir(parents=True, exist_ok=True)
                    paths.raw_path("draft", "g1").write_text("r", encoding="utf-8")
                    return paths.raw_path("draft", "g1").read_text(encoding="utf-8")
            """,
        },
        driver="app.job",
        rewritten={"app/job.py": ("Paths.from_context(", "write_text(", "read_text(")},
    ),
    Project(
        id="paths-rebound-to-another-root",
        modules={
            "app/__init__.py": "",
            "app/job.py": """
                import os

                from daydreaming_dagster.config.paths import Paths


                def run():
                    paths = Paths(os.environ["DATA_ROOT"])
                    paths.generation_dir("draft", "g1").mkdir(parents=True, exist_ok=True)
                    paths = Paths(os.path.join(os.environ["DATA_ROOT"], "other"))
                    paths.generation_dir("draft", "g1").mkdir(parents=True, exist_ok=True)
                    paths.raw_path("draft", "g1").write_text("r", encoding="utf-8")
                    return sorted(p.name for p in paths.data_root.parent.iterdir())
            """,
        },
        driver="app.job",
    ),
    Project(
        id="import-kept-for-a-use-through-the-package-after-io-rewrites",
        modules={
            "app/__init__.py": "",
            "app/user.py": """
                import os

                from daydreaming_dagster import config as c
                from daydreaming_dagster.config.paths import Paths


                def run():
                    paths = Paths(os.environ["DATA_ROOT"])
                    paths.raw_path("draft", "g1").parent.mkdir(parents=True, exist_ok=True)
                    paths.raw_path("draft", "g1").write_text("x", encoding="utf-8")
                    return c.paths.RAW_FILENAME
            """,
        },
        driver="app.user",
    ),
    Project(
        # pytest imports a test module in a folder without `__init__.py` as a top-level module:
        # a relative import there fails, so an absolute import must stay absolute.
        id="absolute-import-kept-absolute-in-a-test-module-outside-any-package",
        modules={
            "daydreaming_dagster/data_layer/__init__.py": "from data_layer import GensDataLayer\n",
            "daydreaming_dagster/data_layer/paths.py": "from data_layer.paths import *\n",
            "daydreaming_dagster/checks/test_store.py": """
                from daydreaming_dagster.config.paths import RAW_FILENAME, Paths


                def check(root):
                    paths = Paths(root)
                    paths.generation_dir("draft", "g1").mkdir(parents=True, exist_ok=True)
                    paths.raw_path("draft", "g1").write_text("x", encoding="utf-8")
                    return [RAW_FILENAME, paths.raw_path("draft", "g1").read_text(encoding="utf-8")]
            """,
            "app/__init__.py": "",
            "app/pytest_like.py": """
                import importlib
                import os
                import pathlib
                import sys


                def run():
                    src = pathlib.Path(__file__).resolve().parents[1]
                    sys.path.insert(0, str(src / "daydreaming_dagster" / "checks"))
                    return importlib.import_module("test_store").check(os.environ["DATA_ROOT"])
            """,
        },
        driver="app.pytest_like",
        config="""
            paths-module = "daydreaming_dagster.data_layer.paths"
            layer-module = "daydreaming_dagster.data_layer"
        """,
    ),
    Project(
        # The layer import must go after `sys.path.insert(...)`, with the imports it enables.
        id="layer-import-after-sys-path-insert",
        modules={
            "app/__init__.py": "",
            "app/vendor/storelib/__init__.py": "from data_layer import GensDataLayer\n",
            "app/script.py": """
                import os
                import sys
                from pathlib import Path

                sys.path.insert(0, str(Path(__file__).resolve().parent / "vendor"))

                from daydreaming_dagster.config.paths import Paths  # noqa: E402


                def run():
                    paths = Paths(os.environ["DATA_ROOT"])
                    paths.generation_dir("draft", "g1").mkdir(parents=True, exist_ok=True)
                    paths.raw_path("draft", "g1").write_text("x", encoding="utf-8")
                    return paths.raw_path("draft", "g1").read_text(encoding="utf-8")
            """,
        },
        driver="app.script",
        config="""
            layer-module = "storelib"
        """,
    ),
    _job(
        "gens-root-spelled-data-root-slash-gens",
        """
                import os
                from pathlib import Path

                from daydreaming_dagster.config.paths import Paths
                from daydreaming_dagster.utils.generation import (
                    load_generation,
                    write_gen_metadata,
                    write_gen_raw,
                )


                def run():
                    paths = Paths(os.environ["DATA_ROOT"])
                    write_gen_raw(paths.data_root / "gens", "draft", "g1", "r")
                    root = Path(os.environ["DATA_ROOT"])
                    gens = root / "gens"
                    write_gen_metadata(gens, "draft", "g1", {"a": 1})
                    return load_generation(Path(os.environ["DATA_ROOT"]) / "gens", "draft", "g1")
            """,
        rewritten={"app/job.py": ("write_gen_raw(", "write_gen_metadata(", "load_generation(Path")},
    ),
    _job(
        "json-dump-of-a-literal-payload",
        """
                import json
                import os

                from daydreaming_dagster.config.paths import Paths


                def run():
                    paths = Paths(os.environ["DATA_ROOT"])
                    with open(paths.metadata_path("draft", "g1"), "w", encoding="utf-8") as f:
                        json.dump({"status": "done", "scores": [1, -2.5, None, True]}, f, indent=2)
                    with open(paths.metadata_path("draft", "g1"), encoding="utf-8") as f:
                        return json.load(f)
            """,
        seed={GEN + "metadata.json": b'{"status": "old"}'},
        rewritten={"app/job.py": ("json.dump(",)},
    ),
    Project(
        id="receivers-layer-paths-and-method-parameter",
        modules={
            "app/__init__.py": "",
            "app/store.py": """
                from daydreaming_dagster.config.paths import Paths


                class Store:
                    def write(self, paths: Paths, text):
                        paths.raw_path("draft", "g1").write_text(text, encoding="utf-8")
            """,
            "app/job.py": """
                import os

                from daydreaming_dagster.config.paths import Paths
                from daydreaming_dagster.utils.generation import load_generation
                from data_layer import GensDataLayer

                from app.store import Store


                def run():
                    Store().write(Paths(os.environ["DATA_ROOT"]), "r")
                    layer = GensDataLayer.from_root(os.environ["DATA_ROOT"])
                    layer.paths.parsed_path("draft", "g1").write_text("p", encoding="utf-8")
                    return load_generation(layer.paths.gens_root, "draft", "g1")
            """,
        },
        driver="app.job",
        seed={GEN + "metadata.json": b'{"k": 1}'},
        rewritten={
            "app/store.py": ("write_text(",),
            "app/job.py": ("write_text(", "load_generation(layer.paths"),
        },
    ),
    _job(
        "path-variable-gen-id-from-a-folder-entry",
        """
                import json
                import os

                from daydreaming_dagster.config.paths import Paths


                def run():
                    paths = Paths(os.environ["DATA_ROOT"])
                    found = {}
                    for doc_dir in sorted((paths.gens_root / "draft").iterdir()):
                        meta_path = paths.metadata_path("draft", doc_dir.name)
                        found[doc_dir.name] = json.loads(meta_path.read_text(encoding="utf-8"))
                    return found
            """,
        seed={GEN + "metadata.json": b'{"k": 1}', "gens/draft/g2/metadata.json": b'{"k": 2}'},
        rewritten={"app/job.py": ("meta_path",)},
    ),
    Project(
        # A module-level import binds a public name: once `helpers.py`'s own uses are rewritten,
        # its imports of `Paths` and `write_gen_raw` look unused, but other modules import those
        # names from it (by name, relatively through a package, and by `import` then attribute).
        id="imports-kept-for-names-other-modules-take",
        modules={
            "app/__init__.py": "from .helpers import write_gen_raw as save\n",
            "app/helpers.py": """
                import json
                import os

                from daydreaming_dagster.config.paths import Paths
                from daydreaming_dagster.utils.generation import write_gen_raw


                def store(text):
                    paths = Paths(os.environ["DATA_ROOT"])
                    write_gen_raw(paths.gens_root, "draft", "g1", text)
                    paths.metadata_path("draft", "g1").write_text(json.dumps({"n": 1}, indent=2), encoding="utf-8")
            """,
            "app/job.py": """
                import os

                import app.helpers
                from app import save
                from app.helpers import Paths


                def run():
                    app.helpers.store("first")
                    save(Paths(os.environ["DATA_ROOT"]).gens_root, "draft", "g2", "second")
                    return app.helpers.json.dumps([1])
            """,
        },
        driver="app.job",
        rewritten={"app/helpers.py": ("write_gen_raw(paths", "write_text(")},
    ),
    Project(
        # A gens folder known only as one, kept by a class and passed across modules: a folder
        # not named "gens" (module-level, from the environment), the store's own through a
        # parameter annotated `Path`, and the folder a write returns used by the caller.
        id="io-manager-keyed-on-a-gens-folder-across-modules",
        modules={
            "app/__init__.py": "",
            "app/settings.py": """
                import os
                from pathlib import Path

                OUT = os.path.join(os.environ["DATA_ROOT"], "out")
                GENS = Path(os.environ["DATA_ROOT"]) / "gens"
            """,
            "app/io_manager.py": """
                from pathlib import Path

                from daydreaming_dagster.utils.generation import (
                    load_generation,
                    write_gen_metadata,
                    write_gen_raw,
                )


                class GensIOManager:
                    def __init__(self, gens_root):
                        self.gens_root = Path(gens_root)

                    def handle_output(self, stage, gen_id, text):
                        folder = write_gen_raw(self.gens_root, stage, gen_id, text)
                        write_gen_metadata(self.gens_root, stage, gen_id, {"chars": len(text)})
                        return folder

                    def load_input(self, stage, gen_id):
                        return load_generation(self.gens_root, stage, gen_id)
            """,
            "app/job.py": """
                from pathlib import Path

                from daydreaming_dagster.utils.generation import write_gen_parsed

                from app import settings
                from app.io_manager import GensIOManager

                MANAGER = GensIOManager(settings.OUT)


                def publish(data_root: Path, text):
                    write_gen_parsed(data_root / "gens", "draft", "g1", text)


                def run():
                    folder = MANAGER.handle_output("draft", "g9", "caf\\u00e9\\n")
                    publish(settings.GENS.parent, "parsed")
                    return folder.name, MANAGER.load_input("draft", "g9"), GensIOManager(settings.GENS).load_input("draft", "g1")
            """,
        },
        driver="app.job",
        seed={GEN + "raw.txt": b"raw\r\n", GEN + "metadata.json": b'{"parent_gen_id": "p"}'},
        rewritten={
            "app/io_manager.py": (
                "write_gen_raw(",
                "write_gen_metadata(",
                "return load_generation(",
            ),
            "app/job.py": ("write_gen_parsed(",),
        },
    ),
]


#: Breakages of issue 11 not fixed yet: each must keep failing until its fix lands (strict).
KNOWN_BROKEN: frozenset[str] = frozenset()


@pytest.mark.slow
@pytest.mark.parametrize(
    "project",
    [
        pytest.param(
            project,
            id=project.id,
            marks=[pytest.mark.xfail(strict=True, reason="issue 11")]
            if project.id in KNOWN_BROKEN
            else [],
        )
        for project in PROJECTS
    ],
)
def test_migrated_project_behaves_the_same(project: Project, tmp_path: Path) -> None:
    outcome = run_both(project, tmp_path)
    assert outcome.status in (0, 1), outcome.report  # ran: done, or sites left for a human
    for module, snippets in project.rewritten.items():
        for snippet in snippets:
            assert snippet not in outcome.sources[module], outcome.report
    assert outcome.legacy == outcome.migrated, outcome.report
    assert outcome.legacy_store == outcome.migrated_store, outcome.report


@pytest.mark.slow
@pytest.mark.parametrize(
    ("project_id", "module", "expected"),
    [
        (
            "absolute-import-kept-absolute-in-a-test-module-outside-any-package",
            "daydreaming_dagster/checks/test_store.py",
            "from daydreaming_dagster.data_layer import GensDataLayer\n"
            "from daydreaming_dagster.data_layer.paths import RAW_FILENAME\n",
        ),
        (
            "layer-import-after-sys-path-insert",
            "app/script.py",
            'sys.path.insert(0, str(Path(__file__).resolve().parent / "vendor"))\n\n'
            "from storelib import GensDataLayer  # noqa: E402\n",
        ),
    ],
)
def test_imports_written_where_they_work(
    project_id: str, module: str, expected: str, tmp_path: Path
) -> None:
    """The two import projects rewrite their imports (the rewrite under test happened)."""
    project = next(p for p in PROJECTS if p.id == project_id)
    outcome = run_both(project, tmp_path)
    assert expected in outcome.sources[module], outcome.sources[module]


def _seeded_with_metadata(project: Project, content: str) -> Project:
    """`project` on a store whose generation holds a raw text and the metadata `content`."""
    data = METADATA_CONTENTS[content]
    seed = {GEN + "raw.txt": b"raw"}
    if data is not None:
        seed[GEN + "metadata.json"] = data
    return Project(project.id, project.modules, project.driver, seed)


def _loader_project(read: str) -> Project:
    return Project(
        id=read,
        modules={
            "app/__init__.py": "",
            "app/aggregate.py": f"""
                import os

                from daydreaming_dagster.config.paths import Paths
                from daydreaming_dagster.utils.generation import load_generation


                def run():
                    paths = Paths(os.environ["DATA_ROOT"])
                    try:
                        {read}
                    except AttributeError:
                        return "unreadable generation"
                    except ValueError as error:
                        return "ValueError"
                    return md
            """,
        },
        driver="app.aggregate",
    )


@pytest.mark.slow
@pytest.mark.parametrize("content", METADATA_CONTENTS, ids=list(METADATA_CONTENTS))
def test_load_generation_rewrite_keeps_every_metadata_outcome(content: str, tmp_path: Path) -> None:
    """The legacy loader raises AttributeError on non-object metadata (callers catch it); the
    rewritten call must end in the same branch for every content."""
    project = _loader_project('md = load_generation(paths.gens_root, "draft", "g1")')
    project = _seeded_with_metadata(project, content)
    outcome = run_both(project, tmp_path)
    assert "load_generation(paths.gens_root" not in outcome.sources["app/aggregate.py"]
    assert outcome.legacy == outcome.migrated, outcome.report


@pytest.mark.slow
@pytest.mark.parametrize("payload", ["None", "123", "'text'", "0", "''"])
def test_gens_helper_rewrite_keeps_payload_coercion(payload: str, tmp_path: Path) -> None:
    """The legacy `write_gen_raw` writes `text` through a text file: a `str` is written, anything
    else raises TypeError (after it made the generation folder). The rewritten call raises the
    same TypeError, before touching the disk: the one difference is that empty folder."""
    project = Project(
        id="payload",
        modules={
            "app/__init__.py": "",
            "app/write.py": f"""
                import os

                from daydreaming_dagster.config.paths import Paths
                from daydreaming_dagster.utils.generation import write_gen_raw


                def run():
                    paths = Paths(os.environ["DATA_ROOT"])
                    value = {payload}
                    write_gen_raw(paths.gens_root, "draft", "g1", value)
                    return paths.raw_path("draft", "g1").read_text(encoding="utf-8")
            """,
        },
        driver="app.write",
    )
    outcome = run_both(project, tmp_path)
    assert "write_raw(" in outcome.sources["app/write.py"]
    assert outcome.legacy == outcome.migrated, outcome.report
    if outcome.legacy == {"raised": "TypeError"}:
        assert outcome.legacy_store == {"gens/": None, "gens/draft/": None, "gens/draft/g1/": None}
        assert outcome.migrated_store == {}
    else:
        assert outcome.legacy_store == outcome.migrated_store


@pytest.mark.slow
@pytest.mark.parametrize("payload", ["None", "123", "'text'", "0", "''", "[]"])
def test_a_coercing_helper_keeps_its_coercion(payload: str, tmp_path: Path) -> None:
    """A project's own helper that writes `str(text or "")` (None: an empty file, 123: "123"):
    the rewrite writes the same text, for every payload, through a gens folder not named gens
    kept by a module-level name another module imports."""
    project = Project(
        id="coercing-helper",
        modules={
            "app/__init__.py": "",
            "app/gen.py": """
                import os
                import tempfile
                from pathlib import Path


                def write_gen_raw(gens_root, stage, gen_id, text):
                    text = str(text or "")
                    folder = Path(gens_root) / str(stage) / str(gen_id)
                    folder.mkdir(parents=True, exist_ok=True)
                    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False) as tmp:
                        tmp.write(text)
                    os.replace(tmp.name, folder / "raw.txt")
                    return folder
            """,
            "app/settings.py": """
                import os

                OUT = os.path.join(os.environ["DATA_ROOT"], "out")
            """,
            "app/write.py": f"""
                from pathlib import Path

                from app.gen import write_gen_raw
                from app.settings import OUT


                def run():
                    value = {payload}
                    folder = write_gen_raw(OUT, "draft", "g1", value)
                    return (Path(folder) / "raw.txt").read_text(encoding="utf-8")
            """,
        },
        driver="app.write",
        config='helpers-module = "app.gen"\n',
        rewritten={"app/write.py": ("write_gen_raw(",)},
    )
    outcome = run_both(project, tmp_path)
    assert 'str(value or "")' in outcome.sources["app/write.py"], outcome.report
    assert outcome.legacy == outcome.migrated, outcome.report
    assert outcome.legacy_store == outcome.migrated_store, outcome.report


@pytest.mark.slow
@pytest.mark.parametrize("content", METADATA_CONTENTS, ids=list(METADATA_CONTENTS))
def test_tolerant_metadata_read_keeps_every_outcome(content: str, tmp_path: Path) -> None:
    """A read whose value is type-tested stays a `json.loads` (read_main_metadata would raise on
    a list); only its path moves to the layer. Every content ends the same way."""
    project = _job(
        "tolerant-read",
        """
            import json
            import os

            from daydreaming_dagster.config.paths import Paths


            def run():
                paths = Paths(os.environ["DATA_ROOT"])
                try:
                    meta = json.loads(paths.metadata_path("draft", "g1").read_text(encoding="utf-8"))
                except (OSError, ValueError) as error:
                    return type(error).__name__
                if not isinstance(meta, dict):
                    return ["not an object", meta]
                return meta.get("title")
        """,
    )
    project = _seeded_with_metadata(project, content)
    outcome = run_both(project, tmp_path)
    source = outcome.sources["app/job.py"]
    assert "paths.metadata_path" not in source and "main_metadata_path(" in source, source
    assert outcome.legacy == outcome.migrated, outcome.report
