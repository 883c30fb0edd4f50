"""A corpus of broken and hostile files, made by the tests themselves (nothing hostile is committed)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from .helpers import EXAMPLES, SEED

DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(document_xml: str, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", DOCX_TYPES)
        z.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def _pdf(encrypted: bool = False) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if encrypted:
        writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_hostile_folder(folder: Path) -> dict[str, Path]:
    """Every hostile file of issue 4, by short name."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        path = folder / name
        path.write_bytes(data)
        files[name] = path

    put("empty.txt", b"")
    put("noise.docx", os.urandom(64 * 1024))
    good_docx = _docx(
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p></w:body></w:document>'
    )
    put("truncated.docx", good_docx[: len(good_docx) // 2])
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", DOCX_TYPES)
        z.writestr("word/document.xml", b"\0" * (160 * 1024 * 1024))
    put("bomb.docx", bomb.getvalue())
    put(
        "xxe.docx",
        _docx(
            f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'
        ),
    )
    laughs = '<!ENTITY l0 "ha">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    put(
        "laughs.docx",
        _docx(
            f'<?xml version="1.0"?><!DOCTYPE w [{laughs}]><w:document xmlns:w="{W}"><w:body><w:p><w:r>'
            f"<w:t>&l9;</w:t></w:r></w:p></w:body></w:document>"
        ),
    )
    put(
        "deep.html",
        b"<html><body>"
        + b"<div>" * 200_000
        + "一、总体情况".encode()
        + b"</div>" * 200_000
        + b"</body></html>",
    )
    put(
        "huge-attribute.html",
        b'<html><body><div title="'
        + b"A" * (8 * 1024 * 1024)
        + '">一、总体情况</div></body></html>'.encode(),
    )
    seed = SEED.read_bytes() if SEED.exists() else (EXAMPLES / "qingshi-2023.txt").read_bytes()
    put("invalid-utf8.txt", seed[:3000] + b"\xff\xfe\xfa\x80\x81" + seed[3000:])
    put(
        "mixed-encodings.txt",
        seed[: len(seed) // 2] + seed[len(seed) // 2 :].decode("utf-8", "ignore").encode("gbk", "ignore"),
    )
    big = folder / "big.txt"
    with big.open("wb") as fh:  # 200 MB, sparse: refused by size before anything is read
        fh.truncate(200 * 1024 * 1024)
    files["big.txt"] = big
    put("encrypted.pdf", _pdf(encrypted=True))
    pdf = _pdf()
    put("broken-xref.pdf", pdf.replace(b"startxref", b"startxrex").replace(b"xref", b"xraf"))
    put("年报 2023 松峰山镇（副本）.txt", seed)
    loop = folder / "loop"
    if not loop.exists():
        os.symlink(".", loop)
    return files
