"""Bytes → str for the text and HTML readers: byte-order marks, UTF-16 without a BOM,
UTF-8, GB18030, and the damaged or mixed files real inboxes hold; and the one test of
whether a decoding reads as Chinese, which both readers use to choose between readings."""

from __future__ import annotations

import codecs
import re

from checker.errors import InputError

# How many visible characters the "reads as Chinese" test looks at: enough for a verdict,
# few enough that a large file costs nothing.
_SAMPLE = 5000
# A tag is `<` … `>` with no `<` inside: a run of `<` without `>` is matched in one pass
# (with `[^>]*` every `<` would scan to the end of the text).
_TAG = re.compile(r"<[^<>]*>")
_CONTROL_CHARS = frozenset(chr(c) for c in range(32)) - {"\t", "\r", "\n"}


def looks_chinese(text: str, *, markup: bool = False) -> bool:
    """Whether `text` reads as Chinese: at least 5 % Han characters and under 1 % control
    characters among its first visible characters (whitespace, and tags when `markup`, are
    not visible). A wrong decoding of Chinese bytes fails it."""
    head = text[: 8 * _SAMPLE]
    if markup:
        head = _TAG.sub("", head)
    sample = "".join(head.split())[:_SAMPLE]
    if not sample:
        return False
    han = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    controls = sum(1 for ch in sample if ch in _CONTROL_CHARS)
    return han >= 0.05 * len(sample) and controls < 0.01 * len(sample)


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Detects BOMs, UTF-16 and GB18030; never assumes."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a BOM: ASCII and many CJK code units carry a zero byte.
        even_zeros = sample[0::2].count(0)
        odd_zeros = sample[1::2].count(0)
        enc = "utf-16-be" if even_zeros > odd_zeros else "utf-16-le"
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and looks_chinese(text):
        return text, "gb18030"
    # A UTF-8 file with a few damaged bytes is still the report: replace them (TXT-09 shows where).
    damaged = data.decode("utf-8", errors="replace")
    bad = damaged.count("\ufffd")
    if bad <= max(3, len(data) // 1000) and looks_chinese(damaged):
        return damaged, f"utf-8 ({bad} invalid bytes replaced)"
    # Lines pasted together from files in different encodings: decode line by line.
    lines = []
    for raw_line in data.split(b"\n"):
        for encoding in ("utf-8", "gb18030"):
            try:
                lines.append(raw_line.decode(encoding))
                break
            except UnicodeDecodeError:
                continue
        else:
            lines.append(raw_line.decode("utf-8", errors="replace"))
    mixed = "\n".join(lines)
    if looks_chinese(mixed) and mixed.count("\ufffd") <= max(3, len(data) // 1000):
        return mixed, "mixed utf-8/gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        guess = str(best)
        if looks_chinese(guess) or best.encoding.startswith(("gb", "big5", "utf")):
            return guess, best.encoding
    raise InputError("无法识别文件的文字编码，内容可能不是文本", "请另存为 UTF-8 编码的 .txt 后重试")
