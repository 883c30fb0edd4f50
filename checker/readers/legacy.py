"""Legacy binary Word/WPS files (.doc/.wps, OLE containers): converted by LibreOffice.

No Python library reads .doc reliably; LibreOffice does. It runs headless, with a
private profile in a temporary folder (so parallel conversions do not collide)
and a time limit. Without LibreOffice the user gets the one-line fix.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from checker.document import Document
from checker.errors import InputError

CONVERT_TIMEOUT_S = 90
INSTALL_HINT = (
    "请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer；Windows/macOS：libreoffice.org），"
    "或在 Word/WPS 中另存为 .docx 后再检查"
)


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy(path: Path, name: str) -> Document:
    head = path.read_bytes()[: 1 << 16]
    if "EncryptedPackage".encode("utf-16-le") in head:
        raise InputError("文件已加密（设置了打开密码）", "请取消密码保护后另存为 .docx 再检查")
    exe = soffice_path()
    if exe is None:
        raise InputError("这是旧版 Word/WPS 文件（.doc/.wps），需要 LibreOffice 转换后才能检查", INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="nianbao-") as tmp:
        suffix = path.suffix.lower() if path.suffix.lower() in (".doc", ".wps", ".dot") else ".doc"
        source = Path(tmp) / f"input{suffix}"
        shutil.copyfile(path, source)
        cmd = [
            exe,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation=file://{tmp}/profile",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            tmp,
            str(source),
        ]
        try:
            subprocess.run(
                cmd,
                capture_output=True,
                timeout=CONVERT_TIMEOUT_S,
                check=False,
                env={**os.environ, "HOME": tmp},
            )
        except subprocess.TimeoutExpired as exc:
            raise InputError(
                f"LibreOffice 转换超时（超过 {CONVERT_TIMEOUT_S} 秒）",
                "请在 Word/WPS 中另存为 .docx 后再检查",
            ) from exc
        except OSError as exc:
            raise InputError(f"无法运行 LibreOffice（{exc.strerror or exc}）", INSTALL_HINT) from exc
        out = Path(tmp) / "input.docx"
        if not out.exists():
            raise InputError(
                "LibreOffice 无法转换这个文件（可能已损坏或不是 Word/WPS 文档）",
                "请在 Word/WPS 中另存为 .docx 后再检查",
            )
        from checker.readers.docx import read_docx

        doc = read_docx(out.read_bytes(), name)
    doc.format = "doc"
    doc.notes.append("converted=libreoffice")
    return doc
