"""PDF pages as pixels, through PDFium (pypdfium2): the window's certificate and badge previews,
its print jobs, and the invitation PNGs (desktop/core/documents/invitations.py), so what is
previewed, printed and sent as a picture is the very PDF page, drawn once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

MM_PER_POINT = 25.4 / 72


@dataclass(frozen=True, slots=True)
class RasterPage:
    """One rendered page: RGBX pixels, 4 bytes each, ``stride`` bytes a line."""

    width: int
    height: int
    stride: int
    pixels: bytes
    width_mm: float
    height_mm: float


# PDFium is not thread-safe: the preview (background queue) and a print job (long queue) may
# rasterise at the same time, so every use goes through this lock.
_PDFIUM = threading.Lock()


def pdf_page_sizes_mm(pdf: bytes) -> list[tuple[float, float]]:
    import pypdfium2

    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            return [
                (w * MM_PER_POINT, h * MM_PER_POINT)
                for w, h in (document.get_page_size(i) for i in range(len(document)))
            ]
        finally:
            document.close()


def rasterise(
    pdf: bytes,
    *,
    dpi: float,
    pages: Sequence[int] | None = None,
    check: Callable[[], None] = lambda: None,
) -> Iterator[RasterPage]:
    """Pages of ``pdf`` at ``dpi``, one at a time (a print job never holds every page at 600 dpi
    in memory). ``check`` runs before each page so a cancelled job stops promptly."""
    import pypdfium2

    scale = dpi / 72
    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        count = len(document)
        document.close()
    for index in pages if pages is not None else range(count):
        check()
        with _PDFIUM:
            document = pypdfium2.PdfDocument(pdf)
            try:
                page = document[index]
                width_pt, height_pt = page.get_size()
                bitmap = page.render(
                    scale=scale,
                    rev_byteorder=True,
                    prefer_bgrx=True,
                    fill_color=(255, 255, 255, 255),
                )
                raster = RasterPage(
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    bytes(bitmap.buffer),
                    width_pt * MM_PER_POINT,
                    height_pt * MM_PER_POINT,
                )
                page.close()
            finally:
                document.close()
        yield raster


def png(pdf: bytes, *, width_px: int, page: int = 0) -> bytes:
    """One page of ``pdf`` as a PNG ``width_px`` wide (white behind it)."""
    from io import BytesIO

    from PIL import Image

    width_mm, _height = pdf_page_sizes_mm(pdf)[page]
    raster = next(rasterise(pdf, dpi=width_px / (width_mm / 25.4), pages=[page]))
    image = Image.frombytes(
        "RGB", (raster.width, raster.height), raster.pixels, "raw", "RGBX", raster.stride, 1
    )
    out = BytesIO()
    # Level 3: encoding is most of the cost; level 6 makes the file 15 % smaller in 40 % more time.
    image.save(out, "PNG", compress_level=3)
    return out.getvalue()
