"""The stores the layer's tests run on (shared by conftest.py and the test modules; a module of
its own name, since `conftest` is also the name of tests/cli/conftest.py)."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from data_layer import GensDataLayer

# "gens-folder": the local folder again, through `GensDataLayer.from_gens_root(base/data/gens)`,
# so every behavioural test also runs on the layer keyed on the gens folder.
BACKENDS = ["local", "gens-folder", "memory", "s3"]
# Dummy credentials, and no instance-metadata lookup (it would leave the machine).
S3_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    bucket: str

    @property
    def options(self) -> dict[str, Any]:
        """Storage options for a UPath or s3fs on this server."""
        return {"endpoint_url": self.endpoint, "key": "testing", "secret": "testing"}

    def upath(self, key: str) -> Any:
        from upath import UPath

        return UPath(f"s3://{self.bucket}/{key}", **self.options)


@dataclass(frozen=True)
class Store:
    """One test's space on a backend: `base` holds the root `base/data` and whatever a test
    puts beside it (to prove it is never touched)."""

    backend: str
    base: Any  # Path for the local folder, UPath otherwise

    @property
    def layer(self) -> GensDataLayer:
        if self.backend == "gens-folder":
            return GensDataLayer.from_gens_root(self.base / "data" / "gens")
        return GensDataLayer.from_root(self.base / "data")

    def put(self, path: Any, data: bytes) -> None:
        """Store `data` at `path` (a Path or a UPath) as a plain file or object."""
        if isinstance(path, Path):
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def snapshot(self) -> dict[str, bytes | None]:
        """Every file (bytes) and, locally, folder (None) under `base`."""
        if isinstance(self.base, Path):
            found: dict[str, bytes | None] = {}
            for folder, dirs, files in os.walk(self.base):
                for name in dirs:
                    found[os.path.join(folder, name)] = None
                for name in files:
                    found[os.path.join(folder, name)] = Path(folder, name).read_bytes()
            return found
        fs = self.base.fs
        keys = sorted(fs.find(self.base.path))
        data = fs.cat_ranges(keys, None, None) if keys else []
        return dict(zip(keys, data, strict=True))


def make_store(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if backend in ("local", "gens-folder"):
        return Store(backend, tmp_path)
    pytest.importorskip("upath")
    from upath import UPath

    if backend == "memory":
        return Store(backend, UPath(f"memory://tests-{uuid.uuid4().hex}"))
    s3: S3Server = request.getfixturevalue("s3_server")
    return Store(backend, s3.upath(f"tests-{uuid.uuid4().hex}"))
