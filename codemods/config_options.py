"""Command-line options that override `[tool.data-layer-migrate]`, shared by `data-layer-migrate`
and the guard so both spell and apply them the same way. LibCST-free."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from codemods.config import ConfigError, MigrateConfig, ProjectConfigs

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


#: The distribution whose version `--version` prints.
DISTRIBUTION = "data-layer-migrate"


class _VersionAction(argparse.Action):
    """`--version`: the installed distribution's version, looked up only when asked for (the
    metadata lookup costs more than the guard's whole start-up)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"{parser.prog} {installed_version()}")
        parser.exit()


def installed_version() -> str:
    """The installed distribution's version ("unknown" when run from a bare checkout)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"


def add_version_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action=_VersionAction)


def add_stdin_argument(parser: argparse.ArgumentParser) -> None:
    """`--stdin-filename`: with `-` as the path, what the source read from stdin is named after
    (its module name for relative imports, its project's configuration), as ruff and black."""
    parser.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="with `-` as the path: the file the source read from stdin stands for",
    )


def stdin_config(args: argparse.Namespace) -> tuple[str, MigrateConfig]:
    """For a `-` run: the name findings are shown under, and the configuration of the project
    governing the source (the stdin filename's folder, else the current one). Raises
    ConfigError."""
    import os

    name = args.stdin_filename or "-"
    folder = os.path.dirname(os.path.abspath(name)) if args.stdin_filename else os.getcwd()
    return name, project_configs(args).for_folder(folder)
