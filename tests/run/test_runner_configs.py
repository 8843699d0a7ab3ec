"""`process_files` with one configuration per file: each file is rewritten by its own project's
rules, in the calling process and in the worker pool alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from codemods.config import MigrateConfig
from codemods.registry import pipeline
from codemods.run.runner import POOL_THRESHOLD, process_files

ACME = "import acme.settings.paths\n"
DEFAULT = "import daydreaming_dagster.config.paths\n"
MIGRATED = "import data_layer.paths\n"


@pytest.mark.parametrize("jobs", [1, 2], ids=["in-process", "pool"])
def test_each_file_is_rewritten_with_its_own_configuration(tmp_path: Path, jobs: int) -> None:
    acme = MigrateConfig.for_root(tmp_path, legacy_module="acme.settings.paths")
    default = MigrateConfig.for_root(tmp_path)
    files: dict[Path, MigrateConfig] = {}
    # Enough files to start the pool; both sources in both projects.
    for index in range(POOL_THRESHOLD + 4):
        path = tmp_path / f"m{index:02}.py"
        path.write_text(ACME + DEFAULT)
        files[path] = acme if index % 2 else default
    results = list(
        process_files(sorted(files), files.__getitem__, pipeline("imports"), write=True, jobs=jobs)
    )
    assert [result.path for result in results] == sorted(files)
    for path, config in files.items():
        # Only the module its own project names as legacy is rewritten.
        expected = MIGRATED + DEFAULT if config is acme else ACME + MIGRATED
        assert path.read_text() == expected, path.name
