"""Bytes of a web page → str: BOM, then ``<meta charset>``, then the shared detection."""

from __future__ import annotations

import codecs
import re

from checker.errors import InputError
from checker.readers.decoding import decode, looks_chinese

_HEAD_BYTES = 4096


_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)
_META_CHARSET = re.compile(rb"<meta\b[^<>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.\-]+)", re.I)
_GB_ALIASES = {
    "gb2312",
    "gbk",
    "x-gbk",
    "gb_2312",
    "gb_2312-80",
    "gb-2312",
    "cp936",
    "ms936",
    "windows-936",
    "euc-cn",
    "csgb2312",
    "gb18030",
}
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _declared_charset(head: bytes) -> str | None:
    m = _META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", errors="ignore").strip().lower()
    if name in _GB_ALIASES:
        return "gb18030"
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    # A declaration readable as ASCII cannot be UTF-16/32 (the HTML standard says: UTF-8).
    if canonical.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return "utf-8" if canonical == "utf-8" else canonical


def decode_page(data: bytes) -> tuple[str, str]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace"), name
    declared = _declared_charset(data[:_HEAD_BYTES])
    if declared and declared != "utf-8" and not data.isascii():
        # Legacy (GBK) Chinese text is practically never valid UTF-8, while UTF-8 pages are often
        # still labelled gb2312 by old templates: valid UTF-8 wins over a legacy declaration.
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # mislabelled page: detect instead
    if declared != "utf-8":
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if declared != "gb18030":
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = ""
        if text and looks_chinese(text, markup=True):
            return text, "gb18030"
    try:
        return decode(data)
    except InputError:
        pass
    # A few stray bytes in an otherwise readable page: the least damaged reading wins.
    readings = []
    for name in dict.fromkeys([declared or "utf-8", "utf-8", "gb18030"]):
        text = data.decode(name, errors="replace")
        readings.append((text.count("\ufffd"), name, text))
    damage, name, text = min(readings, key=lambda r: r[0])
    if damage <= 0.01 * max(1, len(text)) and (name == declared or looks_chinese(text, markup=True)):
        return text, name
    raise InputError(
        "无法识别网页的文字编码，内容可能已损坏", "请用浏览器打开网页后另存为 UTF-8 编码的网页或文本"
    )


def check_is_text(text: str) -> str:
    sample = text[:20000]
    controls = len(_CONTROLS.findall(sample))
    replaced = sample.count("\ufffd")
    if controls > 0.01 * max(1, len(sample)) or replaced > 0.05 * max(1, len(sample)):
        raise InputError(
            "网页内容不是文本（含大量控制字符或乱码）", "请确认文件是完整的网页，或另存为文本后重试"
        )
    return _CONTROLS.sub("", text)
