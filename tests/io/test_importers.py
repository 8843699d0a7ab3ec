"""The names other files import from a module (codemods/io/importers.py): the IO codemod keeps a
module-level import another file takes a name of."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from codemods.io.importers import EVERY_NAME, forget, imported_names
from codemods.io.paths_io import PathsIOCodemod

from codemod_testing import CONFIG, check_transformed


@pytest.fixture(autouse=True)
def _fresh() -> None:
    forget()


def _project(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_every_import_form_is_read(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        {
            "src/app/__init__.py": "from .helpers import write_gen_raw as save\n",
            "src/app/sub/user.py": (
                "from ..helpers import (\n    Paths,  # the class\n    json as j,\n)\n"
                "from app.store import *\n"
                "import app.other as other, app.more\n"
                "x = 1; from app.late import late\n"
            ),
            "scripts/tool.py": "    from app.helpers import load_generation\n",
        },
    )
    config = replace(CONFIG, project_root=root, source_roots=(root / "src",))
    assert imported_names(config, "app.helpers") == {
        "write_gen_raw",
        "Paths",
        "json",
        "load_generation",
    }
    assert imported_names(config, "app.store") == {EVERY_NAME}
    assert imported_names(config, "app.other") == imported_names(config, "app.more") == {EVERY_NAME}
    # A statement after `;` on a line is read too.
    assert imported_names(config, "app.late") == {"late"}
    assert imported_names(config, "app.nobody") == frozenset()


#: `json` is imported but unused from the start: only an import a rewrite leaves unused goes.
SOURCE = """\
    import json

    from daydreaming_dagster.config.paths import Paths
    from daydreaming_dagster.utils.generation import write_gen_raw


    def store(context, stage, gen_id, text):
        paths = Paths.from_context(context)
        write_gen_raw(paths.gens_root, stage, gen_id, text)
    """


LAYER = "from data_layer import GensDataLayer\n"
PATHS = "from daydreaming_dagster.config.paths import Paths\n"
HELPER = "from daydreaming_dagster.utils.generation import write_gen_raw\n"
BODY = """

def store(context, stage, gen_id, text):
    data_layer = GensDataLayer.from_context(context)
    data_layer.write_raw(stage, gen_id, text)
"""


@pytest.mark.parametrize(
    ("importer", "header"),
    [
        (
            "from daydreaming_dagster.assets.example import write_gen_raw\n",
            "import json\n\n" + LAYER + "\n" + HELPER,
        ),
        ("from .example import Paths, json\n", "import json\n\n" + LAYER + "\n" + PATHS),
        (
            "from daydreaming_dagster.assets.example import *\n",
            "import json\n\n" + LAYER + "\n" + PATHS + HELPER,
        ),
        (
            "import daydreaming_dagster.assets.example as ex\n",
            "import json\n\n" + LAYER + "\n" + PATHS + HELPER,
        ),
        ("from daydreaming_dagster.assets.other import write_gen_raw\n", "import json\n\n" + LAYER),
    ],
    ids=["by-name", "relative", "star", "module-import", "another-module"],
)
def test_an_import_another_file_takes_a_name_of_is_kept(
    tmp_path: Path, importer: str, header: str
) -> None:
    root = _project(tmp_path, {"src/daydreaming_dagster/assets/user.py": importer})
    config = replace(CONFIG, project_root=root, source_roots=(root / "src",))
    filename = str(root / "src/daydreaming_dagster/assets/example.py")
    findings = check_transformed(
        PathsIOCodemod, SOURCE, header + BODY, config=config, filename=filename
    )
    assert {f.code for f in findings} == {"DLM206", "DLM207"}


def test_another_project_of_the_repository_counts(tmp_path: Path) -> None:
    # A monorepo: `web/` imports a name from `core/`'s module; `core` is the project migrated.
    root = _project(
        tmp_path,
        {
            "core/src/core/helpers.py": "",
            "web/src/web/views.py": "from core.helpers import write_gen_raw\n",
        },
    )
    (root / ".git").mkdir()
    config = replace(CONFIG, project_root=root / "core", source_roots=(root / "core/src",))
    assert imported_names(config, "core.helpers") == {"write_gen_raw"}


def test_a_project_in_a_folder_its_repository_ignores_is_read(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        {
            ".gitignore": "vendor/\n",
            "vendor/proj/src/app/helpers.py": "",
            "vendor/proj/src/app/user.py": "from app.helpers import Paths\n",
        },
    )
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    project = root / "vendor/proj"
    config = replace(CONFIG, project_root=project, source_roots=(project / "src",))
    assert imported_names(config, "app.helpers") == {"Paths"}
