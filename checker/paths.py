"""File names as users see them. A name from a Windows ZIP may be GBK bytes that are not
UTF-8; Python keeps such bytes as lone surrogates, which no UTF-8 output can carry. They are
shown escaped (\\xb1) and, in JSON, also given raw (base64) so that nothing is lost."""

from __future__ import annotations

import base64


def shown(path: str) -> str:
    """The name, printable in UTF-8: bytes that are not UTF-8 as \\xNN."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def raw_name(path: str) -> str | None:
    """The name's bytes in base64 when they are not UTF-8 (else None: `shown` is the name)."""
    try:
        path.encode("utf-8")
        return None
    except UnicodeEncodeError:
        pass
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "surrogatepass")
    return base64.b64encode(raw).decode("ascii")
