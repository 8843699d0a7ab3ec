from __future__ import annotations

import pytest

from codemods.config import MigrateConfig
from codemods.legacy.prefilter import prefilter_for

from codemod_testing import CONFIG


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(b"from daydreaming_dagster.config.paths import Paths\n", id="absolute"),
        pytest.param(b"from ..config.paths import Paths\n", id="relative"),
        pytest.param(b"from . import paths\n", id="from-dot"),
        pytest.param(b"from ..config import (\n    paths,\n)\n", id="parenthesised"),
        pytest.param(b'patch("daydreaming_dagster.config.paths.Paths")\n', id="string"),
        pytest.param(
            b"from data_layer.paths import Paths\nfrom .config import paths\n", id="new-and-legacy"
        ),
        pytest.param(b"from ..data_layer.paths import Paths\n", id="relative-new-module-is-parsed"),
        pytest.param(b"import x.data_layer.paths\n", id="dotted-prefix-is-parsed"),
    ],
)
def test_may_mention(source: bytes) -> None:
    assert prefilter_for(CONFIG).may_mention(source)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(b"import os\nprint('hello')\n", id="unrelated"),
        pytest.param(b"from data_layer.paths import Paths, RAW_FILENAME\n", id="already-migrated"),
        pytest.param(b"Paths = 1\nall_paths = my_paths + paths_extra\n", id="look-alike-words"),
    ],
)
def test_cannot_mention(source: bytes) -> None:
    assert not prefilter_for(CONFIG).may_mention(source)


def test_new_module_not_discounted_when_it_could_spell_the_legacy_one() -> None:
    config = MigrateConfig(
        project_root=CONFIG.project_root,
        legacy_module="acme.data_layer.paths",
        paths_module="data_layer.paths",
        source_roots=CONFIG.source_roots,
    )
    assert prefilter_for(config).may_mention(b"from .data_layer.paths import Paths\n")
    assert prefilter_for(config).may_mention(b"import acme.data_layer.paths\n")
