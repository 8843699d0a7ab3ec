"""What only URL roots have: how they are recognised, the `remote` extra, the local path that
never imports fsspec, store errors, S3 requests counted, and concurrent writers on S3."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from stores import S3_ENV, S3Server

from data_layer import GensDataLayer, Paths

upath = pytest.importorskip("upath")
UPath = upath.UPath
REPO_ROOT = Path(__file__).resolve().parents[2]
STAGE = "draft"


def run_python(script: str, *args: str, env: dict[str, str] | None = None) -> str:
    """Run `script` in a fresh interpreter on this checkout; return its stdout."""
    full_env = {
        **os.environ,
        **(env or {}),
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


# Roots.


@pytest.mark.parametrize(
    "root",
    [
        pytest.param("memory://bucket/prefix", id="memory-url"),
        pytest.param("s3://bucket/prefix", id="s3-url"),
        pytest.param("simplecache::memory://bucket/prefix", id="chained-url"),
    ],
)
def test_a_url_root_is_a_upath(root: str) -> None:
    layer = GensDataLayer.from_root(root)
    assert isinstance(layer, GensDataLayer) and type(layer) is not GensDataLayer
    assert isinstance(layer.data_root, UPath)
    assert not hasattr(layer, "__dict__")
    assert GensDataLayer(root) == layer  # the constructor picks the same implementation
    context = SimpleNamespace(resources=SimpleNamespace(data_root=root))
    assert GensDataLayer.from_context(context) == layer


def test_a_upath_keeps_its_storage_options(s3_server: S3Server) -> None:
    root = s3_server.upath("options/data")
    layer = GensDataLayer.from_root(root)
    assert layer.data_root == root and layer.data_root.storage_options == root.storage_options
    assert layer.raw_path(STAGE, "g").storage_options == root.storage_options
    layer.write_raw(STAGE, "g", "x")
    assert layer.raw_path(STAGE, "g").read_text() == "x"


def test_a_remote_layer_pickles_with_its_options(s3_server: S3Server) -> None:
    import pickle

    layer = GensDataLayer.from_root(s3_server.upath("pickled/data"))
    layer.write_raw(STAGE, "g", "x")
    copy = pickle.loads(pickle.dumps(layer))
    assert copy == layer and type(copy) is type(layer)
    assert copy.data_root.storage_options == layer.data_root.storage_options
    assert copy.read_raw(STAGE, "g") == "x"


@pytest.mark.parametrize(
    ("root", "expected"),
    [
        pytest.param("file:///srv/data", Path("/srv/data"), id="file-url"),
        pytest.param("local:///srv/data", Path("/srv/data"), id="local-url"),
        pytest.param("data", Path("data"), id="relative"),
        pytest.param("C:/data", Path("C:/data"), id="drive-like"),
        pytest.param(UPath("/srv/data"), Path("/srv/data"), id="local-upath"),
        pytest.param(UPath("file:///srv/data"), Path("/srv/data"), id="file-upath"),
    ],
)
def test_local_roots_stay_local(root: Any, expected: Path) -> None:
    layer = GensDataLayer.from_root(root)
    assert type(layer) is GensDataLayer and type(layer.data_root) is type(Path())
    assert layer.data_root == expected


def test_empty_file_url_is_refused() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        GensDataLayer.from_root("file://")


def test_local_use_never_imports_fsspec(tmp_path: Path) -> None:
    out = run_python(
        """
        import sys
        from types import SimpleNamespace
        import data_layer
        from data_layer import GensDataLayer, Paths
        layer = GensDataLayer.from_root(sys.argv[1])
        layer = GensDataLayer.from_root("file://" + sys.argv[1])
        GensDataLayer.from_context(SimpleNamespace(resources=SimpleNamespace(data_root=sys.argv[1])))
        layer.reserve_generation("s", "r")
        layer.write_raw("s", "g", "x"); layer.write_main_metadata("s", "g", {})
        layer.read_raw("s", "g"); layer.read_main_metadata("s", "g")
        layer.exists("s", "g"); layer.list_generations("s")
        layer.load_generation("s", "g"); layer.load_generations("s", ["g", "r"])
        layer.delete_generation("s", "g")
        Paths(sys.argv[1]).raw_path("s", "g"); Paths.from_str(sys.argv[1]); layer.paths
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("fsspec", "upath", "s3fs")))
        """,
        str(tmp_path),
    )
    assert out.strip() == "[]"


def test_a_url_root_without_the_extra_names_it() -> None:
    out = run_python(
        """
        import sys
        sys.modules["fsspec"] = sys.modules["upath"] = None  # as if not installed
        from data_layer import GensDataLayer, Paths
        for make in (GensDataLayer.from_root, GensDataLayer, Paths, Paths.from_str):
            try:
                make("s3://bucket/prefix")
            except ImportError as error:
                print(type(error).__name__, error)
            else:
                print("no error")
        GensDataLayer.from_root("local/folder").write_raw("s", "g", "local still works")
        """
    )
    lines = out.splitlines()
    assert len(lines) == 4
    for line in lines:
        assert line.startswith("ImportError ")
        assert "'s3://bucket/prefix'" in line
        assert "pip install 'data-layer-migrate[remote]'" in line


def test_a_missing_store_package_names_the_extra() -> None:
    # gcsfs is not a dependency: fsspec knows gs:// but cannot open it here.
    if __import__("importlib").util.find_spec("gcsfs") is not None:
        pytest.skip("gcsfs is installed")
    with pytest.raises(ImportError, match=r"gs://bucket/x.*data-layer-migrate\[remote\]"):
        GensDataLayer.from_root("gs://bucket/x")


# The legacy-style Paths on an object-store root, for code not migrated yet.


def test_paths_on_a_upath_root_reads_and_writes_s3(s3_server: S3Server) -> None:
    root = s3_server.upath("paths/data")
    layer = GensDataLayer.from_root(root)
    layer.write_raw(STAGE, "g", "written by the layer")
    paths = layer.paths
    assert paths == Paths(root) == Paths.from_str(root)
    assert paths.raw_path(STAGE, "g").read_text() == "written by the layer"
    paths.parsed_path(STAGE, "g").write_text("written through Paths")
    assert layer.read_parsed(STAGE, "g") == "written through Paths"
    assert str(paths.metadata_path(STAGE, "g")) == str(layer.main_metadata_path(STAGE, "g"))
    assert paths.generation_dir(STAGE, "g").is_dir()
    assert str(Paths("s3://bucket/data").cohorts_dir) == "s3://bucket/data/cohorts"


# Store errors: each names the root.


def test_a_bucket_that_does_not_exist(s3_server: S3Server) -> None:
    root = UPath("s3://no-such-bucket-here/data", **s3_server.options)
    layer = GensDataLayer.from_root(root)
    calls = [
        lambda: layer.write_raw(STAGE, "g", "x"),
        lambda: layer.read_raw(STAGE, "g"),
        lambda: layer.list_generations(STAGE),
        lambda: layer.exists(STAGE, "g"),
        lambda: layer.load_generation(STAGE, "g"),
        lambda: layer.delete_generation(STAGE, "g"),
        lambda: layer.reserve_generation(STAGE, "g"),
    ]
    for call in calls:
        with pytest.raises(FileNotFoundError) as caught:
            call()
        assert "s3://no-such-bucket-here/data" in str(caught.value)
        assert "bucket" in str(caught.value)


REFUSING_SERVER = """
    import logging, os, sys
    os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = "0"  # moto then checks every request's keys
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    from moto.server import ThreadedMotoServer
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    print(server.get_host_and_port()[1], flush=True)
    sys.stdin.read()
    server.stop()
"""


def test_credentials_refused() -> None:
    # moto accepts any keys unless told to authenticate; this server, in its own process,
    # knows no keys at all, so it refuses ours the way S3 refuses unknown keys (403).
    pytest.importorskip("moto.server")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    server = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(REFUSING_SERVER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        root = UPath(
            "s3://any-bucket/data",
            endpoint_url=f"http://127.0.0.1:{port}",
            key="unknown",
            secret="unknown",
            skip_instance_cache=True,
        )
        layer = GensDataLayer.from_root(root)
        for call in (
            lambda: layer.write_raw(STAGE, "g", "x"),
            lambda: layer.read_raw(STAGE, "g"),
            lambda: layer.list_generations(STAGE),
        ):
            with pytest.raises(PermissionError) as caught:
                call()
            assert "s3://any-bucket/data" in str(caught.value)
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=30)


# Requests: delimiter listing, bulk delete, batched reads.


@pytest.fixture
def s3_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The S3 operations s3fs sends, in order."""
    import s3fs

    calls: list[str] = []
    real = s3fs.S3FileSystem._call_s3

    async def counting(self: Any, method: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(method)
        return await real(self, method, *args, **kwargs)

    monkeypatch.setattr(s3fs.S3FileSystem, "_call_s3", counting)
    return calls


def test_s3_requests(s3_server: S3Server, s3_calls: list[str]) -> None:
    layer = GensDataLayer.from_root(s3_server.upath("requests/data"))
    ids = [f"g{index:02d}" for index in range(25)]
    for gen_id in ids:
        layer.write_raw(STAGE, gen_id, "x")
    layer.write_main_metadata(STAGE, "g00", {})
    layer.write_prompt(STAGE, "g00", "q")
    assert set(s3_calls) == {"put_object"} and len(s3_calls) == len(ids) + 2

    s3_calls.clear()
    assert layer.list_generations(STAGE) == ids
    assert s3_calls == ["list_objects_v2"]  # one delimiter listing, nothing per generation

    s3_calls.clear()
    loaded = layer.load_generations(STAGE, ids)
    assert [entry["raw_text"] for entry in loaded] == ["x"] * len(ids)
    assert set(s3_calls) <= {"get_object", "head_object"}
    assert s3_calls.count("get_object") <= 4 * len(ids)

    s3_calls.clear()
    assert not layer.exists(STAGE, "absent")
    s3_calls.clear()
    assert not layer.exists(STAGE, "absent-too")
    assert s3_calls == ["list_objects_v2"]  # the bucket is known to exist by now

    s3_calls.clear()
    layer.delete_generation(STAGE, "g00")
    assert s3_calls == ["list_objects_v2", "delete_objects"]  # three objects, one bulk delete
    assert layer.list_generations(STAGE) == ids[1:]


def test_listing_sees_other_writers(s3_server: S3Server) -> None:
    """No listings cache: a generation another client wrote is listed at once."""
    import s3fs

    root = s3_server.upath("fresh/data")
    layer = GensDataLayer.from_root(root)
    layer.write_raw(STAGE, "a", "x")
    assert layer.list_generations(STAGE) == ["a"]
    other = s3fs.S3FileSystem(**s3_server.options, skip_instance_cache=True)
    other.pipe_file(f"{root.path}/gens/{STAGE}/b/raw.txt", b"y")
    assert layer.list_generations(STAGE) == ["a", "b"]
    assert layer.exists(STAGE, "b")
    other.rm_file(f"{root.path}/gens/{STAGE}/b/raw.txt")
    assert layer.list_generations(STAGE) == ["a"]


# Several processes writing the same generation at once.

CONCURRENT_WRITER = """
    import os, sys, time
    from upath import UPath
    from data_layer import GensDataLayer
    endpoint, url, mark, rounds, go = sys.argv[1:6]
    layer = GensDataLayer.from_root(
        UPath(url, endpoint_url=endpoint, key="testing", secret="testing")
    )
    text = mark * (256 * 1024)
    metadata = {"writer": mark, "payload": mark * 20000}
    while not os.path.exists(go):
        time.sleep(0.001)
    for _ in range(int(rounds)):
        layer.write_raw("draft", "g", text)
        layer.write_main_metadata("draft", "g", metadata)
"""


def test_concurrent_writers_on_s3(s3_server: S3Server, tmp_path: Path) -> None:
    root = s3_server.upath("concurrent/data")
    layer = GensDataLayer.from_root(root)
    old = "old complete version\n" * 50
    layer.write_raw(STAGE, "g", old)
    layer.write_main_metadata(STAGE, "g", {"writer": "old", "payload": ""})
    marks = "abc"
    versions = {old, *(mark * (256 * 1024) for mark in marks)}
    go = tmp_path / "go"
    env = {
        **os.environ,
        **S3_ENV,
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                textwrap.dedent(CONCURRENT_WRITER),
                s3_server.endpoint,
                str(root),
                mark,
                "4",
                str(go),
            ],
            env=env,
        )
        for mark in marks
    ]
    go.touch()
    reads = 0
    deadline = time.monotonic() + 90
    while any(writer.poll() is None for writer in writers) or reads == 0:
        assert time.monotonic() < deadline
        assert layer.read_raw(STAGE, "g") in versions  # one whole version, never a mix
        metadata = layer.read_main_metadata(STAGE, "g")
        assert metadata["payload"] == (
            "" if metadata["writer"] == "old" else metadata["writer"] * 20000
        )
        reads += 1
    assert [writer.wait(timeout=60) for writer in writers] == [0] * len(marks)
    assert layer.read_raw(STAGE, "g") in versions - {old}
    assert layer.read_main_metadata(STAGE, "g")["writer"] in marks
    # One PUT per write: no temporary object is left beside the files.
    names = sorted(path.name for path in layer.generation_dir(STAGE, "g").iterdir())
    assert names == ["metadata.json", "raw.txt"]
