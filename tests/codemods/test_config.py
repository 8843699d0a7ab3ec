from __future__ import annotations

from pathlib import Path

import pytest

from codemods.config import ConfigError, MigrateConfig, find_project_root, load_config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_pyproject(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.legacy_module == "daydreaming_dagster.config.paths"
    assert config.paths_module == "data_layer.paths"
    assert config.layer_module == "data_layer"
    assert config.helpers_module == "daydreaming_dagster.utils.generation"
    assert config.source_roots == (tmp_path.resolve(),)
    assert config.legacy_package == "daydreaming_dagster.config"
    assert config.legacy_basename == "paths"


def test_src_layout_is_the_default_root(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    assert load_config(tmp_path).source_roots == ((tmp_path / "src").resolve(),)


def test_reads_table_and_overrides_win(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    write(
        tmp_path / "pyproject.toml",
        '[tool.data-layer-migrate]\nlegacy-module = "acme.config.paths"\n'
        'source-roots = ["lib"]\nexclude = ["legacy/*"]\n',
    )
    config = load_config(
        tmp_path, overrides={"paths-module": "acme.store.paths", "layer-module": None}
    )
    assert config.legacy_module == "acme.config.paths"
    assert config.paths_module == "acme.store.paths"
    assert config.layer_module == "data_layer"
    assert config.source_roots == ((tmp_path / "lib").resolve(),)
    assert config.exclude == ("legacy/*",)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        pytest.param('legacy_module = "a.b"', "unknown key", id="unknown-key"),
        pytest.param('legacy-module = "a..b"', "not a dotted module name", id="malformed-module"),
        pytest.param('paths-module = "data-layer.paths"', "not a dotted module name", id="dash"),
        pytest.param("legacy-module = 3", "must be a string", id="not-a-string"),
        pytest.param('legacy-module = "paths"', "inside a package", id="top-level-legacy"),
        pytest.param('source-roots = ["missing"]', "is not a folder", id="missing-root"),
        pytest.param("exclude = [1]", "list of strings", id="bad-list"),
        pytest.param('paths-module = "daydreaming_dagster.config.paths"', "must differ", id="same"),
    ],
)
def test_bad_configuration_is_a_clear_error(tmp_path: Path, table: str, message: str) -> None:
    write(tmp_path / "pyproject.toml", f"[tool.data-layer-migrate]\n{table}\n")
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    pyproject = write(tmp_path / "pyproject.toml", "[tool.data-layer-migrate\n")
    with pytest.raises(ConfigError, match="not valid TOML") as raised:
        load_config(tmp_path)
    assert str(pyproject.resolve()) in str(raised.value) or str(pyproject) in str(raised.value)


def test_for_root_validates_overrides(tmp_path: Path) -> None:
    assert MigrateConfig.for_root(tmp_path, legacy_module="x.y").legacy_module == "x.y"
    with pytest.raises(ConfigError):
        MigrateConfig.for_root(tmp_path, layer_module="not valid")


def test_find_project_root(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "")
    deep = tmp_path / "src/pkg/sub"
    deep.mkdir(parents=True)
    assert find_project_root(deep) == tmp_path.resolve()
    assert find_project_root(write(deep / "m.py", "")) == tmp_path.resolve()
