"""A streaming ``multipart/form-data`` parser: file parts go straight into `BlobWriter` s.

The buffer never holds more than one read chunk plus a boundary, and data is only
ever appended to or trimmed from the front of a ``bytearray`` (amortised O(1) in
CPython), so a 1 GiB part costs linear time and bounded memory.
"""

from __future__ import annotations

import email.message
import email.parser
import email.policy

import attrs

from ._blob import DEFAULT_SPOOL_BYTES, BlobWriter
from ._errors import ApiError
from ._streams import BodyReader, drain

__all__ = ["FilePart", "Form", "parse_form"]

_READ_BYTES = 256 * 1024
_MAX_HEADER_BYTES = 16 * 1024
_MAX_FIELD_BYTES = 1024 * 1024


@attrs.define
class FilePart:
    """An uploaded file field; ``writer.exceeded`` is true when it passed its limit."""

    name: str
    filename: str
    content_type: str | None
    writer: BlobWriter


@attrs.define
class Form:
    fields: dict[str, str] = attrs.field(factory=dict)
    files: dict[str, FilePart] = attrs.field(factory=dict)

    def discard(self) -> None:
        for part in self.files.values():
            part.writer.discard()


def boundary_of(content_type: str) -> bytes:
    message = email.message.EmailMessage()
    message["content-type"] = content_type
    if message.get_content_type() != "multipart/form-data":
        raise ApiError(
            400, "The request must be multipart/form-data.", param=None, code="invalid_content_type"
        )
    boundary = message.get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        raise ApiError(400, "The multipart request has no boundary.")
    return boundary.encode("latin-1")


def _disposition(header_block: bytes) -> tuple[str, str | None, str | None]:
    headers = email.parser.BytesHeaderParser(policy=email.policy.HTTP).parsebytes(header_block)
    disposition = headers.get("content-disposition")
    if disposition is None:
        raise ApiError(400, "A multipart part has no Content-Disposition header.")
    name = disposition.params.get("name")
    if not name:
        raise ApiError(400, "A multipart part has no field name.")
    filename = disposition.params.get("filename")
    content_type = headers.get("content-type")
    return str(name), None if filename is None else str(filename), content_type


class _Buffer:
    def __init__(self, reader: BodyReader) -> None:
        self.reader = reader
        self.data = bytearray()
        self.eof = False

    def fill(self) -> None:
        if self.eof:
            raise ApiError(400, "The multipart body ended early.")
        chunk = self.reader.read(_READ_BYTES)
        if chunk:
            self.data += chunk
        else:
            self.eof = True


def parse_form(
    reader: BodyReader,
    content_type: str,
    *,
    file_limits: dict[str, int] | None = None,
    spool_bytes: int = DEFAULT_SPOOL_BYTES,
) -> Form:
    """Parse a form body. Parts with a filename become `FilePart` s; others text fields.

    ``file_limits`` caps the size of named file fields (see `BlobWriter`).
    """
    boundary = boundary_of(content_type)
    dash = b"--" + boundary
    separator = b"\r\n" + dash
    buf = _Buffer(reader)
    form = Form()
    try:
        # The preamble, up to the first boundary.
        while (index := buf.data.find(dash)) < 0:
            del buf.data[: max(0, len(buf.data) - len(dash))]
            buf.fill()
        del buf.data[: index + len(dash)]
        while True:
            while len(buf.data) < 2:
                buf.fill()
            if buf.data[:2] == b"--":  # the closing boundary
                break
            while (end := buf.data.find(b"\r\n\r\n")) < 0:
                if len(buf.data) > _MAX_HEADER_BYTES:
                    raise ApiError(400, "A multipart part's headers are too large.")
                buf.fill()
            name, filename, part_type = _disposition(bytes(buf.data[2:end]).lstrip(b"\r\n"))
            del buf.data[: end + 4]
            limit = (file_limits or {}).get(name) if filename is not None else _MAX_FIELD_BYTES
            writer = BlobWriter(spool_bytes if filename is not None else _MAX_FIELD_BYTES, limit)
            if filename is not None:
                form.files[name] = FilePart(name, filename, part_type, writer)
            _copy_until(buf, separator, writer)
            if filename is None:
                if writer.exceeded:
                    raise ApiError(400, f"The form field {name!r} is too large.", param=name)
                form.fields[name] = writer.finish().read_all().decode("utf-8", "replace")
        drain(reader)  # the epilogue
    except BaseException:
        form.discard()
        raise
    return form


def _copy_until(buf: _Buffer, separator: bytes, writer: BlobWriter) -> None:
    keep = len(separator) - 1
    while True:
        index = buf.data.find(separator)
        if index >= 0:
            writer.write(buf.data[:index])
            del buf.data[: index + len(separator)]
            return
        # Everything but a possible partial separator at the end is part data.
        safe = len(buf.data) - keep
        if safe > 0:
            writer.write(buf.data[:safe])
            del buf.data[:safe]
        buf.fill()
