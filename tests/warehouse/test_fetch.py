"""Real downloads against a local HTTP server: resume, restarts, empty bodies, checksums, offline, 404."""

from __future__ import annotations

import hashlib
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tindus.warehouse.fetch import FetchError, Source, download, fetch_dataset, urssaf_sources

PAYLOAD = bytes(range(256)) * 400  # 102 400 bytes, several reads but well under a second
CUT = 40_000


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    cut_after: int | None = None  # on the first request only: announce everything, send this many bytes, hang up
    honour_range: bool = True


@dataclass
class Seen:
    path: str
    query: str
    range: str | None


class FakeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        self.cut_done: set[str] = set()
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def ranges(self, path: str) -> list[str | None]:
        with self.lock:
            return [seen.range for seen in self.seen if seen.path == path]


class Handler(BaseHTTPRequestHandler):
    server: FakeServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep the tests quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        parts = urllib.parse.urlsplit(self.path)
        range_header = self.headers.get("Range")
        with self.server.lock:
            self.server.seen.append(Seen(parts.path, parts.query, range_header))
            route = self.server.routes.get(parts.path)
            cut = None
            if route is not None and route.cut_after is not None and parts.path not in self.server.cut_done:
                self.server.cut_done.add(parts.path)
                cut = route.cut_after
        if route is None or route.status == 404:
            self.send_error(404)
            return
        body = route.body
        start = 0
        if range_header and route.honour_range:
            assert range_header.startswith("bytes=") and range_header.endswith("-"), range_header
            start = int(range_header[len("bytes=") : -1])
            if start >= len(body):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(body)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(route.status)
        chunk = body[start:]
        self.send_header("Content-Length", str(len(chunk)))
        self.send_header("Content-Type", "application/octet-stream")
        self.end_headers()
        if cut is not None:
            self.wfile.write(chunk[:cut])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(chunk)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    httpd = FakeServer()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@dataclass
class Folder:
    path: Path
    name: str = "data.bin"

    @property
    def target(self) -> Path:
        return self.path / self.name

    @property
    def partial(self) -> Path:
        return self.path / (self.name + ".part")


@pytest.fixture
def folder(tmp_path: Path) -> Folder:
    return Folder(tmp_path / "downloads")


def test_plain_download_writes_the_payload_and_leaves_no_part(server: FakeServer, folder: Folder) -> None:
    server.routes["/data.bin"] = Route(PAYLOAD)

    result = download(Source(folder.name, server.url("/data.bin")), folder.path, timeout=5, progress=False)

    assert result == folder.target
    assert folder.target.read_bytes() == PAYLOAD
    assert not folder.partial.exists()
    assert server.ranges("/data.bin") == [None]


def test_interrupted_download_resumes_with_a_range_request(server: FakeServer, folder: Folder) -> None:
    server.routes["/data.bin"] = Route(PAYLOAD, cut_after=CUT)
    source = Source(folder.name, server.url("/data.bin"))

    with pytest.raises(FetchError) as failure:
        download(source, folder.path, timeout=5, progress=False)
    message = str(failure.value)
    assert folder.name in message
    assert str(CUT) in message
    assert folder.partial.stat().st_size == CUT
    assert not folder.target.exists()

    result = download(source, folder.path, timeout=5, progress=False)

    assert server.ranges("/data.bin") == [None, f"bytes={CUT}-"]
    assert result.read_bytes() == PAYLOAD
    assert not folder.partial.exists()


def test_partial_file_is_restarted_when_the_server_ignores_range(server: FakeServer, folder: Folder) -> None:
    server.routes["/data.bin"] = Route(PAYLOAD, honour_range=False)
    folder.path.mkdir(parents=True)
    folder.partial.write_bytes(PAYLOAD[:1000])

    result = download(Source(folder.name, server.url("/data.bin")), folder.path, timeout=5, progress=False)

    assert server.ranges("/data.bin") == ["bytes=1000-"]  # asked to resume, got the whole body with a 200
    assert result.read_bytes() == PAYLOAD
    assert not folder.partial.exists()


def test_empty_body_is_refused_and_nothing_is_kept(server: FakeServer, folder: Folder) -> None:
    server.routes["/data.bin"] = Route(b"")

    with pytest.raises(FetchError) as failure:
        download(Source(folder.name, server.url("/data.bin")), folder.path, timeout=5, progress=False)

    assert folder.name in str(failure.value)
    assert "0" in str(failure.value)
    assert not folder.target.exists()
    assert not folder.partial.exists()


def test_checksum_mismatch_deletes_the_file_and_names_both_digests(server: FakeServer, folder: Folder) -> None:
    server.routes["/data.bin"] = Route(PAYLOAD)
    wrong = "0" * 64
    actual = hashlib.sha256(PAYLOAD).hexdigest()

    with pytest.raises(FetchError) as failure:
        download(Source(folder.name, server.url("/data.bin"), sha256=wrong), folder.path, timeout=5, progress=False)

    assert wrong in str(failure.value)
    assert actual in str(failure.value)
    assert not folder.target.exists()
    assert not folder.partial.exists()


def test_matching_checksum_passes(server: FakeServer, folder: Folder) -> None:
    server.routes["/data.bin"] = Route(PAYLOAD)
    source = Source(folder.name, server.url("/data.bin"), sha256=hashlib.sha256(PAYLOAD).hexdigest())

    result = download(source, folder.path, timeout=5, progress=False)

    assert result.read_bytes() == PAYLOAD
    assert not folder.partial.exists()


def test_unreachable_host_names_host_and_port_and_creates_nothing(folder: Folder) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # the socket is closed: nothing listens on that port any more

    with pytest.raises(FetchError) as failure:
        download(Source(folder.name, f"http://127.0.0.1:{port}/data.bin"), folder.path, timeout=2, progress=False)

    assert f"127.0.0.1:{port}" in str(failure.value)
    assert folder.name in str(failure.value)
    assert not folder.path.exists() or list(folder.path.iterdir()) == []


def test_http_404_is_reported(server: FakeServer, folder: Folder) -> None:
    with pytest.raises(FetchError) as failure:
        download(Source(folder.name, server.url("/missing.bin")), folder.path, timeout=5, progress=False)

    assert "404" in str(failure.value)
    assert folder.name in str(failure.value)
    assert not folder.target.exists()
    assert not folder.partial.exists()


def test_fetch_dataset_sirene_uses_the_overridden_url(
    server: FakeServer, folder: Folder, monkeypatch: pytest.MonkeyPatch
) -> None:
    payloads = {"21": b"cote-d-or " * 500, "25": b"doubs " * 700}
    for dep, body in payloads.items():
        server.routes[f"/geo/geo_siret_{dep}.csv.gz"] = Route(body)
    monkeypatch.setenv("TINDUS_URL_SIRENE_GEO", server.base + "/geo/geo_siret_{dep}.csv.gz")

    paths = fetch_dataset("sirene", folder.path, ["21", "25"], progress=False)

    assert [path.name for path in paths] == ["geo_siret_21.csv.gz", "geo_siret_25.csv.gz"]
    for dep, path in zip(["21", "25"], paths, strict=True):
        assert path.parent == folder.path
        assert path.read_bytes() == payloads[dep]
    assert sorted(path.name for path in folder.path.iterdir()) == ["geo_siret_21.csv.gz", "geo_siret_25.csv.gz"]


def test_urssaf_sources_filters_departements_in_the_query() -> None:
    (source,) = urssaf_sources(["21", "25"])

    query = urllib.parse.parse_qs(urllib.parse.urlsplit(source.url).query)
    assert query["where"] == ['code_departement in ("21", "25")']
    assert query["delimiter"] == [";"]
    assert source.name.endswith(".csv")


def test_fetch_dataset_urssaf_sends_the_query_to_the_server(
    server: FakeServer, folder: Folder, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/exports/csv"] = Route(b"code_departement;effectif\n21;3\n")
    monkeypatch.setenv("TINDUS_URL_URSSAF", server.url("/exports/csv"))

    (path,) = fetch_dataset("urssaf", folder.path, ["21", "25"], progress=False)

    assert path.read_bytes() == b"code_departement;effectif\n21;3\n"
    (seen,) = server.seen
    query = urllib.parse.parse_qs(seen.query)
    assert query["where"] == ['code_departement in ("21", "25")']
    assert query["delimiter"] == [";"]
