"""Command-line options that override `[tool.data-layer-migrate]`, shared by `data-layer-migrate`
and the guard so both spell and apply them the same way. LibCST-free."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from codemods.config import ConfigError, ProjectConfigs

MODULE_OPTIONS = (
    ("--legacy-module", "legacy-module", "the legacy module to migrate off"),
    ("--paths-module", "paths-module", "where `Paths` and the filename constants now live"),
    ("--layer-module", "layer-module", "where `GensDataLayer` is imported from"),
    ("--helpers-module", "helpers-module", "the legacy generation helpers' module"),
)


def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    """`--config`, the module overrides, `--source-root` and `--exclude`."""
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="read [tool.data-layer-migrate] from FILE (default: the project's pyproject.toml)",
    )
    for flag, key, text in MODULE_OPTIONS:
        parser.add_argument(flag, dest=key.replace("-", "_"), metavar="MODULE", help=text)
    parser.add_argument(
        "--source-root",
        dest="source_roots",
        action="append",
        metavar="DIR",
        help="a folder holding top-level packages, relative to the project root (repeatable; "
        "replaces the configured ones)",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="also skip files matching GLOB, relative to the project root (repeatable; adds to "
        "the configured globs)",
    )


def config_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The overrides `load_config` takes, from the parsed options (None: not given)."""
    overrides: dict[str, Any] = {
        key: getattr(args, key.replace("-", "_"), None) for _, key, _ in MODULE_OPTIONS
    }
    overrides["source-roots"] = getattr(args, "source_roots", None)
    return overrides


def config_file(args: argparse.Namespace) -> Path | None:
    """The file named by `--config`, checked to exist. Raises ConfigError."""
    if not getattr(args, "config", None):
        return None
    path = Path(args.config)
    if not path.is_file():
        raise ConfigError(f"{args.config}: no such configuration file")
    return path


def project_configs(args: argparse.Namespace) -> ProjectConfigs:
    """Every project's configuration for this run: `--config`, the overrides and `--exclude`
    applied to each. Raises ConfigError (a missing `--config` file)."""
    return ProjectConfigs(
        config_file=config_file(args),
        overrides=config_overrides(args),
        extra_exclude=tuple(getattr(args, "exclude", None) or ()),
    )
