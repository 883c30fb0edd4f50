"""An upload read as it streams in: the multipart body parsed part by part (python-multipart),
the field `file` written straight into the request's private temporary directory, every byte
of the body counted, so that a body above the limit is refused before it is read whole and
nothing of it is kept in memory or written anywhere else."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from checker.limits import LIMITS

# The suffix of the uploaded name is kept (a .doc needs LibreOffice; the readers look at the
# content otherwise); anything else of the client's name never reaches the file system.
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}$")


class TooLarge(Exception):
    """The body is above the upload limit."""


class BadUpload(Exception):
    """Not a multipart form, or a malformed one."""


@dataclass
class Upload:
    path: Path | None = None  # where the field `file` was written (None: no such field)
    name: str = ""  # the file's name as the client gave it (for the report's `path`)
    size: int = 0
    _headers: dict[bytes, bytes] = field(default_factory=dict)
    _field: bytearray = field(default_factory=bytearray)
    _value: bytearray = field(default_factory=bytearray)
    _out: IO[bytes] | None = None
    _parts: int = 0


def boundary_of(content_type: str) -> bytes:
    from python_multipart.multipart import parse_options_header

    kind, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise BadUpload
    return boundary


async def receive_file(content_type: str, body: AsyncIterator[bytes], directory: Path) -> Upload:
    """The field `file` of a multipart body, written into `directory`."""
    from python_multipart.exceptions import MultipartParseError
    from python_multipart.multipart import MultipartParser, parse_options_header

    upload = Upload()

    def on_part_begin() -> None:
        upload._parts += 1
        if upload._parts > LIMITS.serve_max_parts:
            raise BadUpload
        upload._headers = {}

    def on_header_field(data: bytes, start: int, end: int) -> None:
        upload._field += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        upload._value += data[start:end]
        if len(upload._field) + len(upload._value) > LIMITS.serve_max_header_bytes:
            raise BadUpload

    def on_header_end() -> None:
        upload._headers[bytes(upload._field).lower()] = bytes(upload._value)
        upload._field.clear()
        upload._value.clear()

    def on_headers_finished() -> None:
        _, params = parse_options_header(upload._headers.get(b"content-disposition", b""))
        if params.get(b"name") == b"file" and upload.path is None and b"filename" in params:
            upload.name = params[b"filename"].decode("utf-8", "replace").replace("\\", "/").rsplit("/", 1)[-1]
            suffix = _SUFFIX.search(upload.name)
            upload.path = directory / ("upload" + (suffix.group(0).lower() if suffix else ""))
            upload._out = upload.path.open("xb")

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if upload._out is not None:
            upload._out.write(data[start:end])

    def on_part_end() -> None:
        if upload._out is not None:
            upload._out.close()
            upload._out = None

    callbacks: Any = {
        "on_part_begin": on_part_begin,
        "on_header_field": on_header_field,
        "on_header_value": on_header_value,
        "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished,
        "on_part_data": on_part_data,
        "on_part_end": on_part_end,
    }
    parser = MultipartParser(boundary_of(content_type), callbacks)
    try:
        async for chunk in body:
            upload.size += len(chunk)
            if upload.size > LIMITS.serve_max_upload_bytes:
                raise TooLarge
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError as exc:
        raise BadUpload from exc
    finally:
        if upload._out is not None:
            upload._out.close()
    return upload
