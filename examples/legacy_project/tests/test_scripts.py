from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from daydreaming_dagster.utils.generation import write_gen_raw

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_rebuild_parsed(data_root: Path, capsys) -> None:
    write_gen_raw(data_root / "gens", "essay", "e1", "  text  ")
    write_gen_raw(data_root / "gens", "essay", "e2", "more\n")
    assert load_script("rebuild_parsed").main([str(data_root), "essay"]) == 0
    assert capsys.readouterr().out == "essay/e1\nessay/e2\n"
    assert (data_root / "gens/essay/e1/parsed.txt").read_text(encoding="utf-8") == "text"


def test_check_layout(data_root: Path) -> None:
    layout = load_script("check_layout").layout(str(data_root))
    assert layout == {
        "gens": str(data_root / "gens"),
        "raw": str(data_root / "1_raw"),
        "tasks": str(data_root / "2_tasks"),
    }
