"""Reading a push body within limits, refusing a compression bomb after at most the limit's worth of
work: the compressed body is read as a stream and inflated as it arrives, never whole."""

from __future__ import annotations

import zlib

from starlette.requests import Request

from sync.hq.errors import HQError, TooLarge

_READ_STEP = 64 * 1024


class BadBody(HQError):
    status_code = 400


class UnsupportedEncoding(HQError):
    status_code = 415


async def read_body(request: Request, *, max_body: int, max_decompressed: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > max_body:
                raise TooLarge(
                    f"The request body is larger than {max_body} bytes; send smaller batches.",
                    code="body_too_large",
                    limit=max_body,
                )
        except ValueError:
            raise BadBody("Content-Length is not a number.", code="body_length_invalid") from None
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "gzip", ""):
        raise UnsupportedEncoding(
            f"Content-Encoding '{encoding}' is not supported; use gzip.",
            code="encoding_unsupported",
            encoding=encoding,
        )
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS) if encoding == "gzip" else None
    received = 0
    out = bytearray()
    async for chunk in request.stream():
        received += len(chunk)
        if received > max_body:
            raise TooLarge(
                f"The request body is larger than {max_body} bytes; send smaller batches.",
                code="body_too_large",
                limit=max_body,
            )
        if inflater is None:
            out += chunk
            continue
        _inflate(inflater, chunk, out, max_decompressed)
    if inflater is not None:
        if not inflater.eof:
            raise BadBody("The gzip body is truncated.", code="gzip_truncated")
        if inflater.unused_data:
            raise BadBody("There are extra bytes after the gzip body.", code="gzip_trailing")
    if len(out) > max_decompressed:
        raise TooLarge(
            f"The request expands beyond {max_decompressed} bytes; send smaller batches.",
            code="body_too_large",
            limit=max_decompressed,
        )
    return bytes(out)


def _inflate(inflater: zlib._Decompress, chunk: bytes, out: bytearray, limit: int) -> None:
    data = chunk
    while data:
        if inflater.eof:
            raise BadBody("There are extra bytes after the gzip body.", code="gzip_trailing")
        room = (
            limit - len(out) + 1
        )  # one byte more than allowed tells "too large" from "exactly full"
        try:
            piece = inflater.decompress(data, min(room, _READ_STEP * 16))
        except zlib.error:
            raise BadBody("The body is not valid gzip.", code="gzip_invalid") from None
        out += piece
        if len(out) > limit:
            raise TooLarge(
                f"The request expands beyond {limit} bytes; send smaller batches.",
                code="body_too_large",
                limit=limit,
            )
        data = inflater.unconsumed_tail
