"""Stores the layer's behavioural tests run on: a local folder, `memory://`, and S3 served by moto's
`ThreadedMotoServer` on 127.0.0.1 (one server and one bucket per test session, dummy
credentials: no request leaves the loopback interface). Helpers live in stores.py."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from stores import BACKENDS, S3_ENV, S3Server, Store, make_store


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


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    made = make_store(request.param, request, tmp_path)
    yield made
    if made.backend == "memory":  # the memory filesystem is global to the process
        fs = made.base.fs
        for key in fs.find(made.base.path):
            fs.rm_file(key)
