"""Printing certificate PDFs through Qt: the page set from the PDF, each page rasterised and painted
onto the whole sheet (no margins, no scaling but the exact fit), so paper matches the preview.

``print_pdf`` runs on a worker thread. Qt allows painting on a QPrinter outside the GUI thread
(QPainter's thread notes name QPrinter, QImage and QPicture); it touches no widget, and the main
thread leaves the printer alone until the task has delivered.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from desktop.services import certificates as service
from desktop.ui.worker import Cancelled

# A4 at 600 dpi is 140 MB of pixels; at 300 dpi 35 MB, and certificates (text, a QR of 25 mm,
# a border) print crisply at 300. A printer that reports more still gets the page at 300 dpi,
# drawn onto its full page rect.
MAX_DPI = 300


class PrintFailed(Exception):
    """The printer could not be opened (no printer, a file that cannot be written)."""


def page_layout(width_mm: float, height_mm: float) -> QPageLayout:
    """The sheet for a PDF page: its size (a standard one when it is within a millimetre, so the
    driver picks the right paper tray), its orientation, and no margins."""
    portrait = QSizeF(min(width_mm, height_mm), max(width_mm, height_mm))
    size = QPageSize(portrait, QPageSize.Unit.Millimeter, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = (
        QPageLayout.Orientation.Landscape
        if width_mm > height_mm
        else QPageLayout.Orientation.Portrait
    )
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def prepare(printer: QPrinter, width_mm: float, height_mm: float) -> None:
    """Before the print dialog and before painting: full page, the PDF's paper and orientation."""
    printer.setFullPage(True)
    printer.setPageLayout(page_layout(width_mm, height_mm))


def print_pdf(
    printer: QPrinter,
    pdf: bytes,
    *,
    check: Callable[[], None],
    progress: Callable[[int, int], None],
) -> int:
    """Paint every page of ``pdf`` onto ``printer``; returns the pages printed."""
    sizes = service.pdf_page_sizes_mm(pdf)
    prepare(printer, *sizes[0])
    if printer.resolution() > MAX_DPI:
        printer.setResolution(MAX_DPI)
    dpi = printer.resolution()
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(printer.printerName() or printer.outputFileName())
    printed = 0
    try:
        for index, page in enumerate(service.rasterise(pdf, dpi=dpi, check=check)):
            if index:
                if sizes[index] != sizes[index - 1]:
                    printer.setPageLayout(page_layout(*sizes[index]))
                printer.newPage()
            image = QImage(
                page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGBX8888
            )
            target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            painter.drawImage(target, image)
            printed += 1
            progress(printed, len(sizes))
    except Cancelled:
        printer.abort()  # nothing half-printed goes to the spooler
        raise
    finally:
        painter.end()
    return printed
