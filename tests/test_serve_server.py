"""The real server (`nianbao serve` in a subprocess, Uvicorn): a 60 MB upload is refused with
413 and the server stays up; ten concurrent uploads all get their answers."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from .helpers import EXAMPLES
from .serve_server import running_server

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn")

DEFECTS = EXAMPLES / "qingshi-2023-defects.txt"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server() as url:
        yield url


def check(url: str) -> dict[str, object]:
    response = httpx.post(
        url + "/api/check", files={"file": (DEFECTS.name, DEFECTS.read_bytes())}, timeout=120
    )
    assert response.status_code == 200
    report: dict[str, object] = response.json()["reports"][0]
    return report


def test_a_60_mb_upload_is_refused_and_the_server_stays_up(server: str) -> None:
    response = httpx.post(
        server + "/api/check", files={"file": ("big.txt", b"x" * (60 * 1024 * 1024))}, timeout=120
    )
    assert response.status_code == 413
    assert "20 MB" in response.json()["error"]
    assert check(server)["grade"] == "合格"


def test_a_body_without_length_is_cut_off_while_streaming(server: str) -> None:
    """Chunked, no Content-Length: the server answers 413 once it has counted past the limit,
    long before the client would have finished sending 60 MB."""
    parts = urlsplit(server)
    with socket.create_connection((parts.hostname, parts.port), timeout=60) as conn:
        conn.sendall(
            b"POST /api/check HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\n\r\n"
        )
        head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
        conn.sendall(b"%x\r\n%s\r\n" % (len(head), head))
        chunk = b"x" * 65536
        answer = b""
        conn.settimeout(0.05)
        for _ in range(60 * 16):  # up to 60 MB
            try:
                conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:
                break
            try:
                answer += conn.recv(4096)
            except TimeoutError:
                continue
            if answer:
                break
        conn.settimeout(30)
        while b"\r\n\r\n" not in answer:
            more = conn.recv(4096)
            if not more:
                break
            answer += more
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert check(server)["grade"] == "合格"


def test_ten_concurrent_uploads_all_get_answers(server: str) -> None:
    with ThreadPoolExecutor(10) as pool:
        reports = list(pool.map(lambda _: check(server), range(10)))
    assert [r["grade"] for r in reports] == ["合格"] * 10
    assert len({len(r["findings"]) for r in reports}) == 1  # type: ignore[arg-type]
