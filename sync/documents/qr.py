"""QR codes for the verification seal: encoded once per certificate, drawn as one PDF path.

reportlab's ``QrCodeWidget`` encodes the data twice and draws every dark module as its own shape,
which is why a page with one takes ~40 ms (../shared/design/certificates.md). Here the symbol is
encoded by zxing-cpp's compiled encoder (~0.8 ms, where pure-Python segno takes ~10 ms on the same
machine) and drawn as a single filled path: dark modules merged into horizontal runs, one short
``re`` operator each, in module units under one transformation matrix. (Merging runs vertically too
would save ~40 % of the operators but costs more time than compressing them does.) One path also
means no hairline seams between modules when a viewer anti-aliases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

import zxingcpp

# Medium error correction (15 %): survives a smudge or a crease, keeps the symbol small enough to
# print at ~28 mm with modules a phone camera resolves.
EC_LEVEL = "M"
QUIET_ZONE = 4  # modules of white around the symbol, as the QR standard asks

_DARK_RUN = re.compile(rb"\x00+")


@dataclass(frozen=True, slots=True)
class QrMatrix:
    size: int  # modules per side
    modules: bytes  # row-major, one byte per module: 0 is dark, 255 light


def encode(text: str) -> QrMatrix:
    symbol = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=EC_LEVEL)
    # zxing-cpp's Image exposes the buffer protocol (one byte per module) without saying so in
    # its type stubs.
    image = memoryview(cast(Any, symbol.to_image(scale=1, add_quiet_zones=False)))
    size = len(image)  # rows; the symbol is square
    return QrMatrix(size=size, modules=image.tobytes())


@cache
def _numbers(size: int) -> tuple[list[str], list[str], list[str]]:
    """Pre-formatted column, row and width strings for one symbol size: formatting numbers is
    most of the cost of writing ~1,500 rectangles per symbol."""
    stride = size + 1
    return (
        [f"{c} " for c in range(stride)],
        [f"{r} " for r in range(stride)],
        [f"{w} 1 re" for w in range(stride + 1)],
    )


def path_ops(matrix: QrMatrix, *, x: float, y: float, size: float, color: str = "0 0 0") -> bytes:
    """PDF operators drawing the symbol with its bottom-left corner at (x, y), ``size`` points
    wide (quiet zone not included; a white square is painted under it so a patterned background
    cannot eat into the quiet zone)."""
    n = matrix.size
    module = size / n
    top = y + size
    columns, rows, widths = _numbers(n)
    stride = n + 1
    # Rows joined with a light separator, so one regex pass finds every run and none spans rows.
    data = b"\xff".join(matrix.modules[r * n : (r + 1) * n] for r in range(n))
    parts = []
    for match in _DARK_RUN.finditer(data):
        start, end = match.span()
        row, column = divmod(start, stride)
        parts.append(columns[column] + rows[row] + widths[end - start])
    return (
        f"q {module:.5f} 0 0 {-module:.5f} {x:.3f} {top:.3f} cm "
        f"1 g {-QUIET_ZONE} {-QUIET_ZONE} {n + 2 * QUIET_ZONE} {n + 2 * QUIET_ZONE} re f "
        f"{color} rg {' '.join(parts)} f Q\n"
    ).encode("ascii")
