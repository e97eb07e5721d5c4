"""Certificate batches: one PDF for a whole event or a selection, fast and with flat memory.

The background and every element that is the same on each page (fixed texts, images) are drawn
once into a form XObject that each page invokes with ``/BG Do``. Per page remain the texts with
variables and the QR code, encoded once and drawn as one path (documents/qr.py). Text layouts are
cached per distinct string, so the event title is fitted once per batch, not once per page.

The batch is written page by page to ``<out>.partial`` and renamed into place only when complete:
a cancelled or failed batch leaves no half PDF behind for someone to print. ``progress`` and
``cancel`` let the window run a batch on a worker thread (this module never touches Qt).

A long batch is drawn by one worker process per core (issue 20; the processes: render_pool.py):
they draw chunks of pages into compressed content streams, this process writes everything else
once and their pages in order, byte for byte; the file is the one this process alone would write.
"""

from __future__ import annotations

import logging
import operator
import os
import pickle
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields
from io import BytesIO
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO
from uuid import uuid4

from reportlab.pdfbase.pdfdoc import PDFError

from sync.documents import qr, render_pool
from sync.documents.pdfwriter import (
    MM,
    EmbeddedFont,
    Name,
    PdfWriter,
    Ref,
    deflate,
    fmt,
    pdf_string,
)
from sync.documents.templates import (
    CertificateData,
    ImageElement,
    QrElement,
    Template,
    TemplateError,
    TextElement,
    evaluate_variables,
    load_template,
    load_ttfont,
)
from sync.documents.textfit import TextLayout, fit_lines

Progress = Callable[[int, int | None], None]
Cancel = threading.Event | Callable[[], bool] | None

PROGRESS_INTERVAL_SECONDS = 0.1
# Worker processes (issue 20): a batch from this many pages is drawn by one process per core when
# the processes are already running (two chunks a worker), from the second figure when they would
# have to start first (spawning two and importing takes more than a second on a loaded machine;
# they stay for the next batch). Measured: docs/PERFORMANCE.md, "Certificates on both cores".
PARALLEL_FROM_PAGES = 200
PARALLEL_COLD_FROM_PAGES = 1_500
CHUNK_PAGES = 50  # pages a worker draws per task: ~75 ms of work, ~210 KB back
CHUNKS_IN_FLIGHT_PER_WORKER = 2  # one drawing, one waiting: no worker idles, memory stays flat

log = logging.getLogger(__name__)
_LAYOUT_CACHE_LIMIT = 256  # distinct (element, text) layouts kept; cleared beyond (flat memory)


@dataclass(frozen=True, slots=True)
class RenderResult:
    pages: int
    seconds: float
    cancelled: bool
    path: Path | None
    size_bytes: int


def fit_text(font: EmbeddedFont, text: str, element: TextElement) -> TextLayout:
    """The largest size (up to the element's) at which ``text`` fits the element's box."""
    spacing = element.letter_spacing

    def measure(line: str, size: float) -> float:
        # Character spacing is added after every glyph; the last one's does not show.
        return font.width(line, size) + spacing * size * max(len(line) - 1, 0)

    return fit_lines(
        text,
        measure=measure,
        extent=font.ascent - font.descent,
        width=element.width * MM,
        height=element.height * MM,
        size=element.size,
        max_lines=element.max_lines,
        line_height=element.line_height,
    )


def _color_ops(color: tuple[float, float, float], operator: str) -> str:
    return (
        f"{fmt(round(color[0], 3))} {fmt(round(color[1], 3))} {fmt(round(color[2], 3))} {operator}"
    )


def text_ops(font: EmbeddedFont, element: TextElement, text: str) -> bytes:
    """PDF operators for ``text`` fitted into the element's box (also used by badges)."""
    return layout_ops(font, element, fit_text(font, text, element))


def layout_ops(font: EmbeddedFont, element: TextElement, layout: TextLayout) -> bytes:
    """PDF operators drawing an already fitted layout in the element's box."""
    size = layout.size
    leading = element.line_height * size
    block = (font.ascent - font.descent) * size + (len(layout.lines) - 1) * leading
    box_bottom, box_height = element.y * MM, element.height * MM
    if element.valign == "top":
        top = box_bottom + box_height
    elif element.valign == "bottom":
        top = box_bottom + block
    else:
        top = box_bottom + (box_height + block) / 2
    left, box_width = element.x * MM, element.width * MM
    out = [f"BT {_color_ops(element.color, 'rg')}".encode("ascii")]
    if element.letter_spacing:
        out.append(f" {element.letter_spacing * size:.3f} Tc".encode("ascii"))
    rules = []
    for index, (line, width) in enumerate(zip(layout.lines, layout.widths, strict=True)):
        baseline = top - font.ascent * size - index * leading
        if element.align == "left":
            x = left
        elif element.align == "right":
            x = left + box_width - width
        else:
            x = left + (box_width - width) / 2
        out.append(f" 1 0 0 1 {x:.2f} {baseline:.2f} Tm".encode("ascii"))
        for resource, data in font.encode(line):  # one run per font subset
            out.append(f" /{resource} {size:.2f} Tf ".encode("ascii") + pdf_string(data) + b" Tj")
        if element.underline and line:
            rules.append(
                f"{x:.2f} {baseline - 0.14 * size:.2f} m {x + width:.2f} "
                f"{baseline - 0.14 * size:.2f} l"
            )
    # Character spacing is text state, which outlives ET: put it back for the next element.
    out.append(b" 0 Tc ET\n" if element.letter_spacing else b" ET\n")
    if rules:
        out.append(
            # One literal, split for the line length: .encode() applies to all of it.
            f"{_color_ops(element.color, 'RG')} {0.055 * size:.2f} w {' '.join(rules)} S\n".encode(
                "ascii"
            )
        )
    return b"".join(out)


class _PageMaker:
    """What one template needs inside one document: its fonts, its background form, its page
    operators. A worker process (``document=False``) has only the fonts and the page operators:
    the parent writes everything shared by the pages."""

    def __init__(self, writer: PdfWriter, template: Template, *, document: bool = True) -> None:
        self.writer = writer
        self.template = template
        self.width, self.height = template.width * MM, template.height * MM
        self.fonts = {name: writer.font(load_ttfont(path)) for name, path in template.fonts.items()}
        self.dynamic: list[TextElement | QrElement] = [
            element
            for element in template.elements
            if isinstance(element, QrElement)
            or (isinstance(element, TextElement) and not element.is_static)
        ]
        self.needed = template.variables
        self._layouts: dict[tuple[int, str], bytes] = {}
        if not document:
            return
        background = self._background_form()
        self.resources: Ref = writer.add(
            {
                "Font": writer.fonts_ref,
                "XObject": {"BG": background},
                "ProcSet": [Name("PDF"), Name("Text")],
            }
        )

    # -- the part shared by every page
    def _background_form(self) -> Ref:
        writer, template = self.writer, self.template
        ops: list[bytes] = []
        xobjects: dict[str, Ref] = {}
        if template.background is not None:
            suffix = template.background.suffix.lower()
            if suffix == ".pdf":
                try:
                    ref, width, height = writer.import_pdf_page(
                        template.background, template.background_page
                    )
                except (IndexError, ValueError, OSError) as error:
                    raise TemplateError(
                        f"Template '{template.path.name}': background {template.background.name} "
                        f"cannot be read ({error})."
                    ) from None
                if abs(width / height - self.width / self.height) > 0.02:
                    raise TemplateError(
                        f"Template '{template.path.name}': background "
                        f"{template.background.name} is "
                        f"{width / MM:.0f} x {height / MM:.0f} mm, not the shape of the "
                        f"{template.width:g} x {template.height:g} mm page (portrait and "
                        "landscape mixed up?)."
                    )
                xobjects["Pg"] = ref
                ops.append(
                    # One literal, split for the line length: .encode() applies to all of it.
                    f"q {fmt(self.width / width)} 0 0 {fmt(self.height / height)} 0 0 cm "
                    "/Pg Do Q\n".encode()
                )
            else:
                ref, _pw, _ph = writer.add_image(template.background)
                xobjects["Bg"] = ref
                ops.append(f"q {fmt(self.width)} 0 0 {fmt(self.height)} 0 0 cm /Bg Do Q\n".encode())
        for element in template.elements:
            if isinstance(element, ImageElement):
                ref, pixel_width, pixel_height = writer.add_image(element.path)
                name = f"Im{len(xobjects)}"
                xobjects[name] = ref
                ops.append(self._image_ops(element, name, pixel_width, pixel_height))
            elif isinstance(element, TextElement) and element.is_static:
                ops.append(self._text_ops(element, element.text.format_map({})))
        return writer.add_stream(
            {
                "Type": Name("XObject"),
                "Subtype": Name("Form"),
                "BBox": [0, 0, round(self.width, 3), round(self.height, 3)],
                "Resources": {"Font": writer.fonts_ref, "XObject": xobjects},
            },
            b"".join(ops),
        )

    @staticmethod
    def _image_ops(element: ImageElement, name: str, pixel_width: int, pixel_height: int) -> bytes:
        # Fit inside the box keeping proportions, centred.
        box_width, box_height = element.width * MM, element.height * MM
        scale = min(box_width / pixel_width, box_height / pixel_height)
        width, height = pixel_width * scale, pixel_height * scale
        x = element.x * MM + (box_width - width) / 2
        y = element.y * MM + (box_height - height) / 2
        return f"q {fmt(width)} 0 0 {fmt(height)} {fmt(x)} {fmt(y)} cm /{name} Do Q\n".encode()

    # -- text
    def _text_ops(self, element: TextElement, text: str) -> bytes:
        return text_ops(self.fonts[element.font], element, text)

    def _cached_text_ops(self, element: TextElement, text: str) -> bytes:
        key = (id(element), text)
        found = self._layouts.get(key)
        if found is None:
            if len(self._layouts) >= _LAYOUT_CACHE_LIMIT:
                self._layouts.clear()
            found = self._layouts[key] = self._text_ops(element, text)
        return found

    # -- font subsets shared with worker processes
    def font_states(self) -> bytes:
        """Each font's subset state (which code stands for which character) as it is now, for a
        worker: pickled here, because the executor pickles a task later, on a thread of its own,
        while this one may be giving codes for the next chunk."""
        return pickle.dumps(
            {name: font.ttfont.state.get(font) for name, font in self.fonts.items()}
        )

    def adopt_font_states(self, pickled: bytes) -> None:
        """Draw with the parent's codes, frozen: a character the parent has not given a code
        raises reportlab's PDFError instead of taking one the parent may give to another."""
        states: dict[str, Any] = pickle.loads(pickled)
        for name, state in states.items():
            font = self.fonts[name]
            if state is None:
                font.ttfont.state.pop(font, None)
                # An empty state would take codes of its own: freeze a fresh one.
                font.encode("")
                state = font.ttfont.state[font]
            state.frozen = True
            font.ttfont.state[font] = state

    def assign_characters(self, pages: Sequence[CertificateData]) -> None:
        """Give codes to the characters beyond ASCII these pages print, in the order drawing
        them here would have, before a worker draws them (ASCII has the same codes in every
        subset state: reportlab's ``asciiReadable``). Pages whose own texts are all ASCII are
        skipped but for the first, which stands for what the template and the event add (the
        dash of a date range)."""
        for index, data in enumerate(pages):
            if index and _page_text(data).isascii():
                continue
            values = evaluate_variables(data, self.needed)
            for element in self.dynamic:
                if isinstance(element, TextElement) and (
                    element.when is None or values.get(element.when)
                ):
                    text = element.text.format_map(values)
                    if not text.isascii():
                        self.fonts[element.font].encode(text)

    # -- one page
    def page(self, data: CertificateData) -> bytes:
        values = evaluate_variables(data, self.needed)
        parts = [b"q /BG Do Q\n"]
        for element in self.dynamic:
            if isinstance(element, QrElement):
                matrix = qr.encode(data.verify_url)
                color = _color_ops(element.color, "").strip()
                parts.append(
                    qr.path_ops(
                        matrix,
                        x=element.x * MM,
                        y=element.y * MM,
                        size=element.size * MM,
                        color=color,
                    )
                )
            elif element.when is None or values.get(element.when):
                text = element.text.format_map(values)
                if text.strip():
                    parts.append(self._cached_text_ops(element, text))
        return b"".join(parts)


def new_batch_id() -> str:
    return uuid4().hex


def _cancelled(cancel: Cancel) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


def write_certificates(
    handle: BinaryIO,
    *,
    template: Template,
    certificates: Iterable[CertificateData],
    total: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel = None,
    title: str = "",
    workers: int | None = 1,
) -> tuple[int, bool]:
    """Write the PDF to an open binary file; returns (pages, cancelled).

    ``workers``: how many processes draw the pages (1: this one; None: one per core for a batch
    long enough to repay them, see ``workers_for``)."""
    writer = PdfWriter(handle)
    maker = _PageMaker(writer, template)
    count = workers_for(total) if workers is None else max(workers, 1)
    if count > 1:
        done, cancelled = _write_in_workers(
            writer,
            maker,
            certificates,
            workers=count,
            total=total,
            progress=progress,
            cancel=cancel,
        )
    else:
        done, cancelled = _write_here(
            writer, maker, certificates, total=total, progress=progress, cancel=cancel
        )
    if cancelled:
        return done, True
    if done == 0:
        raise ValueError("There are no certificates to render.")
    writer.close(title=title or "Sertifikat", author="Hadir")
    if progress is not None:
        progress(done, total)
    return done, False


def workers_for(total: int | None) -> int:
    """How many processes should draw a batch of ``total`` pages: one per core once the batch
    is long enough that the other cores save more than handing pages to them costs (measured in
    docs/PERFORMANCE.md, "Certificates on both cores"); this process alone otherwise."""
    cores = render_pool.usable_cores()
    if cores < 2 or total is None:
        return 1
    warm = render_pool.is_warm(workers=cores)
    return cores if total >= (PARALLEL_FROM_PAGES if warm else PARALLEL_COLD_FROM_PAGES) else 1


def _write_here(
    writer: PdfWriter,
    maker: _PageMaker,
    certificates: Iterable[CertificateData],
    *,
    total: int | None,
    progress: Progress | None,
    cancel: Cancel,
) -> tuple[int, bool]:
    last_report = time.perf_counter()
    done = 0
    for data in certificates:
        if _cancelled(cancel):
            return done, True
        writer.add_page(
            width=maker.width,
            height=maker.height,
            content=maker.page(data),
            resources=maker.resources,
        )
        done += 1
        if progress is not None and time.perf_counter() - last_report >= PROGRESS_INTERVAL_SECONDS:
            progress(done, total)
            last_report = time.perf_counter()
    return done, False


@dataclass(frozen=True, slots=True)
class _Chunk:
    """Pages for a worker process: the batch they belong to, its template (pickled once per
    batch), the fonts' codes so far, and the data of each page."""

    batch: str
    template: bytes
    font_states: bytes
    pages: list[CertificateData]


_worker: tuple[str, _PageMaker] | None = None  # in a worker process: the batch it is drawing


def prepare_worker() -> None:
    """In a worker process as it starts: parse the default template's fonts, which most batches
    use (load_ttfont keeps them for the process)."""
    try:
        template = load_template()
    except TemplateError:  # drawn without: the first batch parses its own fonts
        return
    for path in template.fonts.values():
        load_ttfont(path)


def _draw_chunk(chunk: _Chunk) -> list[bytes] | None:
    """In a worker process: each page's content stream, compressed as the parent would have;
    None when a page needs a character the parent has not given a code yet."""
    global _worker
    if _worker is None or _worker[0] != chunk.batch:
        _worker = None  # the last batch's fonts and layouts go before this batch's come
        template = pickle.loads(chunk.template)
        _worker = (chunk.batch, _PageMaker(PdfWriter(BytesIO()), template, document=False))
    maker = _worker[1]
    maker.adopt_font_states(chunk.font_states)
    try:
        return [deflate(maker.page(data)) for data in chunk.pages]
    except PDFError:
        return None


def _write_in_workers(
    writer: PdfWriter,
    maker: _PageMaker,
    certificates: Iterable[CertificateData],
    *,
    workers: int,
    total: int | None,
    progress: Progress | None,
    cancel: Cancel,
) -> tuple[int, bool]:
    """Worker processes draw chunks of pages; this process writes them in order as they come,
    content streams byte for byte under its own object numbers, so the document's shared parts
    (fonts, background, resources) are written once and memory holds only the chunks in flight.

    A chunk whose pages need a character without a code yet is drawn here instead (this process
    gives the codes; the workers only use them), as is every chunk once a worker has died."""
    batch = new_batch_id()
    template = pickle.dumps(maker.template)
    pages = iter(certificates)
    in_flight: deque[tuple[list[CertificateData], Future[list[bytes] | None] | None]] = deque()
    parallel = True

    def send() -> bool:
        chunk = list(islice(pages, CHUNK_PAGES))
        if not chunk:
            return False
        nonlocal parallel
        future = None
        if parallel:
            maker.assign_characters(chunk)
            try:
                future = render_pool.submit(
                    workers, _draw_chunk, _Chunk(batch, template, maker.font_states(), chunk)
                )
            except BrokenProcessPool:  # a worker died between two chunks
                _lost_worker()
                parallel = False
        in_flight.append((chunk, future))
        return True

    while len(in_flight) < workers * CHUNKS_IN_FLIGHT_PER_WORKER and send():
        pass
    last_report = time.perf_counter()
    done = 0
    try:
        while in_flight:
            if _cancelled(cancel):
                return done, True
            chunk, future = in_flight.popleft()
            streams: list[bytes] | None = None
            if future is not None:
                try:
                    streams = future.result()
                    if done == 0:
                        render_pool.mark_ready(workers=workers)
                except BrokenProcessPool:
                    _lost_worker()
                    parallel = False
            if streams is None:
                if parallel:
                    log.debug("%d pages drawn here: a character had no code yet", len(chunk))
                streams = [deflate(maker.page(data)) for data in chunk]
            for content in streams:
                writer.add_page(
                    width=maker.width,
                    height=maker.height,
                    content=content,
                    resources=maker.resources,
                    deflated=True,
                )
            done += len(streams)
            send()
            if progress is not None and time.perf_counter() - last_report >= (
                PROGRESS_INTERVAL_SECONDS
            ):
                progress(done, total)
                last_report = time.perf_counter()
    finally:
        for _chunk, future in in_flight:  # cancelled or failed: what was not started is dropped
            if future is not None:
                future.cancel()
    return done, False


def _lost_worker() -> None:
    # Killed from outside (out of memory, an antivirus, a user's task manager): the batch goes on
    # in this process, and the next batch starts new workers.
    log.warning("a certificate worker process died; this batch's remaining pages are drawn here")
    render_pool.discard()


def _page_text(data: CertificateData) -> str:
    """Every text a page's variables are made from (a superset of what it prints)."""
    return "".join(
        [getter(data) or "" for getter in _TEXT_FIELDS]
        + [part for block in data.signatories for part in (block.title, block.name, block.nip)]
    )


def render_certificates(
    *,
    template: Template,
    certificates: Iterable[CertificateData],
    out: Path,
    total: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel = None,
    title: str = "",
    workers: int | None = None,
) -> RenderResult:
    """Render a batch into ``out`` (replaced only when the whole batch is done); ``workers`` as
    for ``write_certificates`` (by default: one process per core for a long batch)."""
    started = time.perf_counter()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    try:
        with partial.open("wb") as handle:
            pages, cancelled = write_certificates(
                handle,
                template=template,
                certificates=certificates,
                total=total,
                progress=progress,
                cancel=cancel,
                title=title,
                workers=workers,
            )
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if cancelled:
        partial.unlink(missing_ok=True)
        return RenderResult(pages, time.perf_counter() - started, True, None, 0)
    os.replace(partial, out)
    return RenderResult(pages, time.perf_counter() - started, False, out, out.stat().st_size)


def render_to_bytes(*, template: Template, certificates: Iterable[CertificateData]) -> bytes:
    """A small batch in memory, e.g. one page for the window's preview."""
    buffer = BytesIO()
    write_certificates(buffer, template=template, certificates=certificates)
    return buffer.getvalue()


_TEXT_FIELDS = tuple(
    operator.attrgetter(field.name)
    for field in fields(CertificateData)
    if str(field.type).startswith("str")
)
