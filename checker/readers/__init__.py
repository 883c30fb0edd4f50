"""Readers turn a file into a Document. The format is sniffed from the bytes."""

from __future__ import annotations

from pathlib import Path

from checker.document import Document
from checker.errors import InputError
from checker.limits import LIMITS


def sniff(data: bytes) -> str:
    """Name the format from the first bytes; the file name is not trusted."""
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    probe = data[:2048]
    if probe.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            probe = probe.decode("utf-16").encode("utf-8", "replace")
        except UnicodeDecodeError:
            return "text"
    probe = probe.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    # Pages saved from a browser start with a comment; CMS fragments with a block element.
    if probe.startswith(
        (
            b"<!doctype html",
            b"<html",
            b"<?xml",
            b"<head",
            b"<body",
            b"<meta",
            b"<!--",
            b"<title",
            b"<div",
            b"<table",
            b"<p>",
            b"<p ",
        )
    ):
        return "html"
    return "text"


def read_document(path: str | Path) -> Document:
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise InputError(f"无法打开文件：{exc.strerror or exc}", "请确认路径存在且有读取权限") from exc
    if size == 0:
        raise InputError("文件为空（0 字节）", "请提供年度报告的全文")
    if size > LIMITS.max_input_bytes:
        raise InputError(
            f"文件过大（{size // (1024 * 1024)} MB，上限 {LIMITS.max_input_bytes // (1024 * 1024)} MB）",
            "年度报告通常不超过几 MB，请确认文件是否正确（上限可用 --max-size 调整）",
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror or exc}", "请确认文件有读取权限") from exc
    kind = sniff(data)
    name = str(path)
    if kind == "text":
        from checker.readers.text import read_text

        return read_text(data, name)
    if kind == "html":
        from checker.readers.html import read_html

        return read_html(data, name)
    if kind == "zip":
        from checker.readers.docx import read_docx

        return read_docx(data, name)
    if kind == "pdf":
        from checker.readers.pdf import read_pdf

        return read_pdf(data, name)
    from checker.readers.legacy import read_legacy

    return read_legacy(p, name)
