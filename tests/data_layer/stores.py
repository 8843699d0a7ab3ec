"""The stores the layer's tests run on, and the tables of inputs their behavioural tests share
(used by conftest.py and the test modules; a module of its own name, since `conftest` is also the
name of tests/cli/conftest.py). One table per behaviour: a case added here runs on every store."""

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
LOCAL_BACKENDS = ["local", "gens-folder"]
BACKENDS = [*LOCAL_BACKENDS, "memory", "s3"]
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


# Behaviour tables (test_layer_backends.py runs each on every backend).

# (name, file): the six files of a generation, read by `read_<name>`, found by `<name>_path`.
GENERATION_FILES = [
    pytest.param("prompt", "prompt.txt", id="prompt"),
    pytest.param("raw", "raw.txt", id="raw"),
    pytest.param("parsed", "parsed.txt", id="parsed"),
    pytest.param("main_metadata", "metadata.json", id="main-metadata"),
    pytest.param("raw_metadata", "raw_metadata.json", id="raw-metadata"),
    pytest.param("parsed_metadata", "parsed_metadata.json", id="parsed-metadata"),
]
TEXT_KINDS = ["prompt", "raw", "parsed"]
# (kind, file): written by `write_<kind>_metadata`, read by `read_<kind>_metadata`.
METADATA_KINDS = [
    pytest.param("main", "metadata.json", id="main"),
    pytest.param("raw", "raw_metadata.json", id="raw"),
    pytest.param("parsed", "parsed_metadata.json", id="parsed"),
]

# Text written by write_prompt / write_raw / write_parsed.
TEXTS = [
    pytest.param("", id="empty"),
    pytest.param("hello\n", id="line"),
    pytest.param("ünïcödé ✓ 日本 \U0001f600", id="unicode"),
    pytest.param("a\r\nb\rc\nd", id="mixed-newlines"),
    pytest.param("\ufeffwith bom", id="bom-char"),
    pytest.param("x" * 300_000, id="large"),
]

# Bytes stored as raw.txt by someone else: read_raw gives what Path.read_text gives.
RAW_BYTES = [
    pytest.param(b"", id="empty"),
    pytest.param(b"a\r\nb", id="crlf"),
    pytest.param(b"a\rb\r", id="lone-cr"),
    pytest.param(b"a\r\r\nb", id="cr-crlf"),
    pytest.param(b"\xef\xbb\xbfbom", id="utf8-bom-kept"),
    pytest.param("ü\u2028x".encode(), id="line-separator-not-a-newline"),
    pytest.param(b"\xff\xfe", id="invalid-utf8"),
    pytest.param(b"ok\xc3", id="truncated-utf8"),
]

# Each metadata file's contents that are not JSON: json.JSONDecodeError.
MALFORMED = [
    pytest.param(b"", id="empty"),
    pytest.param(b"{", id="truncated"),
    pytest.param(b"{'a': 1}", id="single-quotes"),
    pytest.param(b'{"a": 1} x', id="trailing-data"),
    pytest.param(b"\xef\xbb\xbf{}", id="utf8-bom"),
    pytest.param(b'{"a": NaN', id="nan-truncated"),
]
# JSON that is not an object: a ValueError naming the type found.
NOT_OBJECTS = [
    pytest.param(b"[]", "list", id="empty-list"),
    pytest.param(b"[1]", "list", id="list"),
    pytest.param(b"1", "int", id="int-1"),
    pytest.param(b"5", "int", id="int-5"),
    pytest.param(b"null", "NoneType", id="null"),
    pytest.param(b'"text"', "str", id="string"),
    pytest.param(b'"x"', "str", id="one-char-string"),
]

# (writer, value, error): writes that fail before the store is touched.
FAILED_WRITES = [
    pytest.param("write_raw", 12, TypeError, id="text-not-str"),
    pytest.param("write_raw", b"bytes", TypeError, id="text-bytes"),
    pytest.param("write_prompt", "lone \ud800 surrogate", UnicodeEncodeError, id="surrogate"),
    pytest.param("write_main_metadata", {"x": object()}, TypeError, id="unserialisable"),
    pytest.param("write_raw_metadata", {"x": {1, 2}}, TypeError, id="set-value"),
    pytest.param("write_parsed_metadata", {"\ud800": 1}, UnicodeEncodeError, id="surrogate-key"),
]

# (component, what the refusal says): never one plain path component.
HOSTILE: list[tuple[Any, str]] = [
    ("", "empty"),
    (".", "enclosing or the parent"),
    ("..", "enclosing or the parent"),
    ("/", "absolute"),
    ("/etc", "absolute"),
    ("a/b", "separator"),
    ("../escape", "separator"),
    ("a/", "separator"),
    ("\\", "absolute"),
    ("a\\b", "separator"),
    ("..\\x", "separator"),
    ("\x00", "NUL"),
    ("a\x00b", "NUL"),
    (Path("a/b"), "separator"),
]

# (method, its arguments after stage and gen_id): every public method taking a stage.
METHODS: list[tuple[str, dict[str, Any]]] = [
    ("generation_dir", {}),
    ("prompt_path", {}),
    ("raw_path", {}),
    ("parsed_path", {}),
    ("main_metadata_path", {}),
    ("raw_metadata_path", {}),
    ("parsed_metadata_path", {}),
    ("reserve_generation", {}),
    ("reserve_generation", {"create": False}),
    ("exists", {}),
    ("write_prompt", {"text": "x"}),
    ("write_raw", {"text": "x"}),
    ("write_parsed", {"text": "x"}),
    ("write_main_metadata", {"metadata": {}}),
    ("write_raw_metadata", {"metadata": {}}),
    ("write_parsed_metadata", {"metadata": {}}),
    ("read_prompt", {}),
    ("read_raw", {}),
    ("read_parsed", {}),
    ("read_main_metadata", {}),
    ("read_raw_metadata", {}),
    ("read_parsed_metadata", {}),
    ("load_generation", {}),
    ("load_generations", {}),
    ("delete_generation", {}),
    ("list_generations", {}),
]


def call_method(
    layer: GensDataLayer, method: str, stage: Any, gen_id: Any, arguments: dict[str, Any]
) -> object:
    """`layer.<method>(stage, gen_id, **arguments)`, for a row of METHODS (the batch loader takes
    a list of gen ids, the listing none)."""
    if method == "load_generations":
        return layer.load_generations(stage, [gen_id])
    if method == "list_generations":
        return layer.list_generations(stage)
    return getattr(layer, method)(stage, gen_id, **arguments)
