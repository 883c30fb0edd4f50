"""Running the command at a real terminal (a pty of a given width), for the layout tests."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import termios

from tests.helpers import ROOT, nianbao_command

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def at_terminal(columns: int, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """(exit code, what the terminal showed, without colour codes) for `nianbao ARGS` with
    stdout on a pty `columns` wide."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    seen = b""
    try:
        proc = subprocess.Popen(
            nianbao_command(*args),
            stdout=slave,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env={**os.environ, "COLUMNS": str(columns), "TERM": "xterm-256color", **(env or {})},
        )
        os.close(slave)
        slave = -1
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other end is closed: all was read
                break
            if not chunk:
                break
            seen += chunk
        proc.wait(timeout=120)
    finally:
        if slave != -1:
            os.close(slave)
        os.close(master)
    text = ANSI.sub("", seen.decode("utf-8", "replace")).replace("\r\n", "\n")
    return proc.returncode, text
