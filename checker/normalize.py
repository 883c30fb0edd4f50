"""Character normalisation done once, in the readers.

`fold` maps characters one-to-one (the output has exactly the input's length) so
that offsets in the folded text are offsets in the raw text: rules that look at
raw punctuation (mixed widths, bracket styles) and rules that look at folded text
share locations.
"""

from __future__ import annotations

import re
import unicodedata

_FULLWIDTH_DIGITS = {chr(0xFF10 + i): str(i) for i in range(10)}
_ONE_TO_ONE = {
    **_FULLWIDTH_DIGITS,
    "(": "（",
    ")": "）",
    "．": ".",
    "\u3000": " ",
    "\u00a0": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\ufeff": " ",
    "﹝": "〔",
    "﹞": "〕",
    "＜": "〈",
    "＞": "〉",
    "\u201c": "“",
}
_TABLE = str.maketrans(_ONE_TO_ONE)  # the reference mapping (tests compare fold with it)
# One str.replace per mapped character: each is a scan in C, while str.translate with a dict
# looks up every character in Python (60x slower on Chinese text: 76 ms for 380,000 characters).
# Replacing one after another equals the simultaneous mapping, since no replacement is itself
# a character that is replaced.
_REPLACEMENTS = tuple((old, new) for old, new in _ONE_TO_ONE.items() if old != new)
assert not {new for _, new in _REPLACEMENTS} & {old for old, _ in _REPLACEMENTS}


def fold(text: str) -> str:
    """Full-width digits to ASCII, half-width brackets to full-width; length-preserving."""
    for old, new in _REPLACEMENTS:
        text = text.replace(old, new)
    return text


_LABEL_DROP = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]")
_ORDINAL = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）][、.．]?|"
    r"\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）])\s*"
)


def strip_ordinal(label: str) -> str:
    return _ORDINAL.sub("", label, count=1)


def label_key(label: str, keep_ordinal: bool = False) -> str:
    """Comparison key for a table label: no ordinal, no punctuation, no whitespace."""
    text = unicodedata.normalize("NFKC", label)
    if not keep_ordinal:
        text = strip_ordinal(text)
    return _LABEL_DROP.sub("", text)


def squeeze(text: str) -> str:
    """Remove all whitespace (line breaks inside labels, Tika's one-char-per-line headers)."""
    return re.sub(r"\s+", "", text)
