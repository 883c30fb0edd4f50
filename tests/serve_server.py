"""A real `nianbao serve` in a subprocess on a free port, for the end-to-end tests."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

from .helpers import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def running_server(*args: str) -> Iterator[str]:
    """The base URL of a server started as the README says (`nianbao serve`), stopped after."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from checker.cli import main; main()", "serve", "--port", str(port), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NIANBAO_NO_CACHE": "1"},
        start_new_session=True,
    )
    assert proc.stdout is not None
    try:
        deadline = time.monotonic() + 120
        seen = b""
        while b"\n" not in seen:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise AssertionError(f"nianbao serve did not start: {seen!r}")
            ready, _, _ = select.select([proc.stdout], [], [], 0.5)
            if ready:
                seen += os.read(proc.stdout.fileno(), 4096)
        assert "网页已启动".encode() in seen, seen
        url = f"http://127.0.0.1:{port}"
        assert url.encode() in seen
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stdout.close()
