"""Legacy binary Word/WPS files (.doc/.wps, OLE containers): converted by LibreOffice.

No Python library reads .doc reliably; LibreOffice does. It runs headless, with a
private profile in a temporary folder (so parallel conversions do not collide)
and a time limit below the file's own (so the converter's limit, not the worker's,
says what happened). Without LibreOffice the user gets the one-line fix.

LibreOffice must never outlive the check. `soffice` is a launcher that starts other
processes, so it runs in a session and process group of its own, which is killed as a
whole when the conversion ends, times out or is interrupted, and the temporary folder
(with the copy of the report) is removed. If the worker itself is killed (SIGKILL by
the batch parent), the launcher dies with it (PR_SET_PDEATHSIG on Linux), and the
parent calls `clean_up_after(worker_pid)`, which finds that worker's folder by name
(``nianbao-w<pid>-*``), kills the process group recorded in it and removes it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from checker.document import Document
from checker.errors import InputError
from checker.limits import LIMITS

INSTALL_HINT = (
    "请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer；Windows/macOS：libreoffice.org），"
    "或在 Word/WPS 中另存为 .docx 后再检查"
)
_GROUP_FILE = "soffice.pgid"  # "<pgid> <start time>" of the converter's process group


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_timeout() -> float:
    """LibreOffice's own limit: a share of the file's limit (so it fires first), capped."""
    if LIMITS.timeout_s <= 0:
        return LIMITS.legacy_convert_max_s
    return min(LIMITS.legacy_convert_max_s, LIMITS.timeout_s * LIMITS.legacy_convert_share)


def _temp_prefix(pid: int) -> str:
    return f"nianbao-w{pid}-"


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask Linux to SIGKILL the converter when the worker that started it dies."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _start_time(pid: int) -> str:
    """The process's start time from /proc (clock ticks since boot), "" where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else ""


def _kill_group(pgid: int, started: str = "") -> None:
    """SIGKILL a process group, unless its number now belongs to someone else: while any
    member lives the number cannot be reused, so only a leader with another start time
    than the one recorded means the group is gone and its number recycled."""
    if pgid <= 1:
        return
    current = _start_time(pgid)
    if started and current and current != started:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def clean_up_after(pid: int) -> None:
    """After worker `pid` was killed or reaped: kill any LibreOffice process group it
    started and remove its temporary folders (the copy of the report, the profile)."""
    root = Path(tempfile.gettempdir())
    for folder in root.glob(_temp_prefix(pid) + "*"):
        if folder.is_symlink() or not folder.is_dir():
            continue
        try:
            pgid_text, _, started = (folder / _GROUP_FILE).read_text(encoding="ascii").partition(" ")
            _kill_group(int(pgid_text), started.strip())
        except (OSError, ValueError):
            pass
        shutil.rmtree(folder, ignore_errors=True)


def _convert(exe: str, source: Path, tmp: Path) -> None:
    limit = convert_timeout()
    cmd = [
        exe,
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"-env:UserInstallation=file://{tmp}/profile",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(tmp),
        str(source),
    ]
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "HOME": str(tmp)},
            start_new_session=True,  # its own session and process group, killed as one
            preexec_fn=_die_with_parent,  # noqa: PLW1509 - the worker is single-threaded
        )
    except OSError as exc:
        raise InputError(f"无法运行 LibreOffice（{exc.strerror or exc}）", INSTALL_HINT) from exc
    started = _start_time(proc.pid)
    try:
        (tmp / _GROUP_FILE).write_text(f"{proc.pid} {started}", encoding="ascii")
        proc.wait(timeout=limit)
    except subprocess.TimeoutExpired as exc:
        raise InputError(
            f"LibreOffice 转换超时（超过 {limit:g} 秒）", "请在 Word/WPS 中另存为 .docx 后再检查"
        ) from exc
    finally:
        # whatever happened (done, timed out, interrupted by the worker's own limit),
        # nothing LibreOffice started may go on running
        _kill_group(proc.pid, started)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)


def read_legacy(path: Path, name: str) -> Document:
    try:
        with path.open("rb") as fh:
            head = fh.read(1 << 16)
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror or exc}", "请确认文件有读取权限") from exc
    if "EncryptedPackage".encode("utf-16-le") in head:
        raise InputError("文件已加密（设置了打开密码）", "请取消密码保护后另存为 .docx 再检查")
    exe = soffice_path()
    if exe is None:
        raise InputError("这是旧版 Word/WPS 文件（.doc/.wps），需要 LibreOffice 转换后才能检查", INSTALL_HINT)
    tmp = Path(tempfile.mkdtemp(prefix=_temp_prefix(os.getpid())))
    try:
        suffix = path.suffix.lower() if path.suffix.lower() in (".doc", ".wps", ".dot") else ".doc"
        source = tmp / f"input{suffix}"
        shutil.copyfile(path, source)
        _convert(exe, source, tmp)
        out = tmp / "input.docx"
        if not out.exists():
            raise InputError(
                "LibreOffice 无法转换这个文件（可能已损坏或不是 Word/WPS 文档）",
                "请在 Word/WPS 中另存为 .docx 后再检查",
            )
        if out.stat().st_size > LIMITS.max_input_bytes:
            raise InputError("LibreOffice 转换后的文件过大", "请在 Word/WPS 中另存为 .docx 后再检查")
        data = out.read_bytes()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    from checker.readers.docx import read_docx

    doc = read_docx(data, name)
    doc.format = "doc"
    doc.notes.append("converted=libreoffice")
    return doc
