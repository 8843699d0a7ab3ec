"""Stores the layer's behavioural tests run on: a local folder, `memory://`, and S3 served by moto's
`ThreadedMotoServer` on 127.0.0.1 (one server and one bucket per test session, dummy
credentials: no request leaves the loopback interface)."""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from data_layer import GensDataLayer

BACKENDS = ["local", "memory", "s3"]
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


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """moto's S3 API on 127.0.0.1 (a free port), with one bucket for the session."""
    pytest.importorskip("s3fs")
    pytest.importorskip("upath")
    server_module = pytest.importorskip("moto.server")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    with pytest.MonkeyPatch.context() as patch:
        for name, value in S3_ENV.items():
            patch.setenv(name, value)
        server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            s3 = S3Server(f"http://{host}:{port}", f"session-{uuid.uuid4().hex[:12]}")
            import s3fs

            s3fs.S3FileSystem(**s3.options).mkdir(s3.bucket)
            yield s3
        finally:
            server.stop()


@dataclass(frozen=True)
class Store:
    """One test's space on a backend: `base` holds the root `base/data` and whatever a test
    puts beside it (to prove it is never touched)."""

    backend: str
    base: Any  # Path for the local folder, UPath otherwise

    @property
    def layer(self) -> GensDataLayer:
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
    if backend == "local":
        return Store(backend, tmp_path)
    pytest.importorskip("upath")
    from upath import UPath

    if backend == "memory":
        return Store(backend, UPath(f"memory://tests-{uuid.uuid4().hex}"))
    s3: S3Server = request.getfixturevalue("s3_server")
    return Store(backend, s3.upath(f"tests-{uuid.uuid4().hex}"))


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    made = make_store(request.param, request, tmp_path)
    yield made
    if made.backend == "memory":  # the memory filesystem is global to the process
        fs = made.base.fs
        for key in fs.find(made.base.path):
            fs.rm_file(key)
