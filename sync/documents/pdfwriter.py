"""A small PDF writer that streams each page to the file as soon as it is made.

Why not reportlab's canvas for certificate batches: it keeps every page of a document in memory
until ``save()``, so a 10,000-certificate batch grows by the size of every page, and each drawing
call pays for generality we do not need. Certificates are the same page thousands of times with a
few strings and one QR code changed, so this writer:

- writes a page's content stream and page object the moment the page is finished (memory stays
  flat however long the batch is); only the xref offsets (one int per object) are kept;
- shares one resources dictionary, one background form XObject and one set of fonts by every page;
- embeds TrueType fonts as subsets using reportlab's own TTF machinery (the same subsetting and
  ToUnicode maps reportlab writes, so text can still be searched and extracted);
- imports a background page from an existing PDF as a form XObject (through pypdf).

Objects that must know the whole document (the page tree, the fonts, the shared resources) are
reserved up front and written at ``close()``; PDF allows forward references.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.pdfbase.ttfonts import SUBSETN, TTFont, makeToUnicodeCMap

PDF_HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
MM = 72.0 / 25.4  # points per millimetre


class Name(str):
    """A PDF name (written ``/Name``)."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Ref:
    """An indirect reference (``n 0 R``)."""

    number: int


_NAME_SAFE = frozenset(range(0x21, 0x7F)) - frozenset(b"#()<>[]{}/%")


def _name_bytes(name: str) -> bytes:
    out = bytearray(b"/")
    for byte in name.encode("utf-8"):
        out += bytes([byte]) if byte in _NAME_SAFE else b"#%02X" % byte
    return bytes(out)


_STRING_ESCAPES = {
    ord("\\"): b"\\\\",
    ord("("): b"\\(",
    ord(")"): b"\\)",
    ord("\r"): b"\\r",  # a bare CR or LF inside a literal string would be read as an end of line
    ord("\n"): b"\\n",
}


def pdf_string(data: bytes) -> bytes:
    """A literal string ``(...)`` with the few bytes that need it escaped."""
    if not any(byte in _STRING_ESCAPES for byte in data):
        return b"(" + data + b")"
    return b"(" + b"".join(_STRING_ESCAPES.get(byte, bytes([byte])) for byte in data) + b")"


def fmt(value: float) -> str:
    """A number as PDF wants it: no exponent, at most 4 decimals, no trailing zeros."""
    if value == int(value):
        return str(int(value))
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def serialize(value: Any) -> bytes:
    if value is None:
        return b"null"
    if value is True:
        return b"true"
    if value is False:
        return b"false"
    if isinstance(value, Name):
        return _name_bytes(value)
    if isinstance(value, Ref):
        return b"%d 0 R" % value.number
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, float):
        return fmt(value).encode("ascii")
    if isinstance(value, bytes):
        return pdf_string(value)
    if isinstance(value, str):
        # Text strings (document info): UTF-16BE with a byte-order mark covers every script.
        return pdf_string(b"\xfe\xff" + value.encode("utf-16-be"))
    if isinstance(value, Mapping):
        parts = [b"<<"]
        for key, item in value.items():
            parts.append(_name_bytes(key))
            parts.append(serialize(item))
        parts.append(b">>")
        return b" ".join(parts)
    if isinstance(value, list | tuple):
        return b"[" + b" ".join(serialize(item) for item in value) + b"]"
    raise TypeError(f"cannot write {type(value).__name__} into a PDF")


def deflate(data: bytes) -> bytes:
    """A stream's bytes Flate-compressed as this writer compresses them (worker processes use it
    so that their pages are the bytes this process would have written)."""
    # Level 2: a QR path of digits compresses to within ~15 % of level 6 in a sixth of the time,
    # and compression was a quarter of a certificate page's cost.
    return zlib.compress(data, 2)


class PdfWriter:
    """Writes a PDF to a binary file object, page by page.

    Use ``reserve()`` for an object that will be written later, ``add()``/``add_stream()`` for one
    written now, ``add_page()`` for each page, and ``close()`` once at the end.
    """

    def __init__(self, handle: BinaryIO, *, compress: bool = True) -> None:
        self._handle = handle
        self._position = 0
        # Object number -> byte offset (0 = not written yet), and the page objects' numbers: 12
        # bytes a page in arrays, where lists of ints would take ~100.
        self._offsets = array("Q", [0])
        self._kids = array("Q")
        self.compress = compress
        self._fonts: dict[str, EmbeddedFont] = {}
        self.catalog = self.reserve()
        self.pages = self.reserve()
        self.fonts_ref = self.reserve()  # one /Font dictionary shared by pages and forms
        self._write(PDF_HEADER)
        self.closed = False

    # -- low level
    def _write(self, data: bytes) -> None:
        self._handle.write(data)
        self._position += len(data)

    def reserve(self) -> Ref:
        self._offsets.append(0)
        return Ref(len(self._offsets) - 1)

    def write(self, ref: Ref, value: Any) -> Ref:
        self._offsets[ref.number] = self._position
        self._write(b"%d 0 obj\n%s\nendobj\n" % (ref.number, serialize(value)))
        return ref

    def add(self, value: Any) -> Ref:
        return self.write(self.reserve(), value)

    def write_stream(
        self, ref: Ref, dictionary: Mapping[str, Any], data: bytes, *, compress: bool | None = None
    ) -> Ref:
        """A stream object; compressed with Flate unless it already carries a filter."""
        entries = dict(dictionary)
        if (self.compress if compress is None else compress) and "Filter" not in entries:
            data = deflate(data)
            entries["Filter"] = Name("FlateDecode")
        entries["Length"] = len(data)
        self._offsets[ref.number] = self._position
        self._write(b"%d 0 obj\n%s\nstream\n" % (ref.number, serialize(entries)))
        self._write(data)
        self._write(b"\nendstream\nendobj\n")
        return ref

    def add_stream(
        self, dictionary: Mapping[str, Any], data: bytes, *, compress: bool | None = None
    ) -> Ref:
        return self.write_stream(self.reserve(), dictionary, data, compress=compress)

    # -- pages
    def add_page(
        self,
        *,
        width: float,
        height: float,
        content: bytes,
        resources: Ref,
        deflated: bool = False,
    ) -> None:
        """Write one page now: its content stream, then its page object. ``deflated``: the
        content is already Flate-compressed (by a worker process) and goes in byte for byte."""
        if deflated:
            stream = self.add_stream({"Filter": Name("FlateDecode")}, content)
        else:
            stream = self.add_stream({}, content)
        page = self.reserve()
        self._offsets[page.number] = self._position
        # Formatted by hand: this is written thousands of times per batch.
        self._write(
            b"%d 0 obj\n<</Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Resources %d 0 R "
            b"/Contents %d 0 R>>\nendobj\n"
            % (
                page.number,
                self.pages.number,
                fmt(width).encode(),
                fmt(height).encode(),
                resources.number,
                stream.number,
            )
        )
        self._kids.append(page.number)

    # -- fonts
    def font(self, ttfont: TTFont) -> EmbeddedFont:
        """The document's handle on a TrueType font, embedded (as subsets) at ``close()``."""
        found = self._fonts.get(ttfont.fontName)
        if found is None:
            key = f"F{len(self._fonts) + 1}"  # short resource names keep every page smaller
            found = self._fonts[ttfont.fontName] = EmbeddedFont(self, key, ttfont)
        return found

    # -- images and imported pages
    def add_image(self, path: Path) -> tuple[Ref, int, int]:
        """An image XObject from a PNG/JPEG file; returns its reference and pixel size."""
        from PIL import Image

        with Image.open(path) as image:
            image.load()
            width, height = image.size
            if image.format == "JPEG" and image.mode in ("RGB", "L"):
                # A JPEG goes in as it is: PDF readers decode DCT themselves.
                ref = self.add_stream(
                    {
                        "Type": Name("XObject"),
                        "Subtype": Name("Image"),
                        "Width": width,
                        "Height": height,
                        "ColorSpace": Name("DeviceRGB" if image.mode == "RGB" else "DeviceGray"),
                        "BitsPerComponent": 8,
                        "Filter": Name("DCTDecode"),
                    },
                    path.read_bytes(),
                )
                return ref, width, height
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            rgba = image.convert("RGBA") if has_alpha else image.convert("RGB")
        entries: dict[str, Any] = {
            "Type": Name("XObject"),
            "Subtype": Name("Image"),
            "Width": width,
            "Height": height,
            "ColorSpace": Name("DeviceRGB"),
            "BitsPerComponent": 8,
        }
        if has_alpha:
            alpha = rgba.getchannel("A")
            entries["SMask"] = self.add_stream(
                {
                    "Type": Name("XObject"),
                    "Subtype": Name("Image"),
                    "Width": width,
                    "Height": height,
                    "ColorSpace": Name("DeviceGray"),
                    "BitsPerComponent": 8,
                },
                alpha.tobytes(),
                compress=True,
            )
            rgba = rgba.convert("RGB")
        return self.add_stream(entries, rgba.tobytes(), compress=True), width, height

    def import_pdf_page(self, path: Path, page_index: int = 0) -> tuple[Ref, float, float]:
        """Copy one page of another PDF in as a form XObject; returns it and its size in points.

        Only the page's content and the resources it names are copied (fonts, images, nested
        forms), each object once.
        """
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        page = reader.pages[page_index]
        box = page.mediabox
        left, bottom = float(box.left), float(box.bottom)
        width, height = float(box.width), float(box.height)
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        copier = _PypdfCopier(self)
        resources = page.get("/Resources")
        entries: dict[str, Any] = {
            "Type": Name("XObject"),
            "Subtype": Name("Form"),
            "BBox": [left, bottom, left + width, bottom + height],
            "Resources": copier.convert(resources) if resources is not None else {},
        }
        if left or bottom:
            entries["Matrix"] = [1, 0, 0, 1, -left, -bottom]
        return self.add_stream(entries, data), width, height

    # -- the end
    def close(self, *, title: str = "", author: str = "", subject: str = "") -> None:
        if self.closed:
            return
        self.closed = True
        font_dict: dict[str, Any] = {}
        for font in self._fonts.values():
            font_dict.update(font.write_subsets())
        self.write(self.fonts_ref, font_dict)
        self.write(
            self.pages,
            {"Type": Name("Pages"), "Kids": [Ref(n) for n in self._kids], "Count": len(self._kids)},
        )
        self.write(self.catalog, {"Type": Name("Catalog"), "Pages": self.pages})
        info: dict[str, Any] = {
            "Producer": "Hadir",
            "CreationDate": datetime.now().astimezone().strftime("D:%Y%m%d%H%M%S").encode(),
        }
        for key, value in (("Title", title), ("Author", author), ("Subject", subject)):
            if value:
                info[key] = value
        info_ref = self.add(info)
        xref_at = self._position
        lines = [b"xref\n0 %d\n" % len(self._offsets), b"0000000000 65535 f \n"]
        for number, offset in enumerate(self._offsets[1:], start=1):
            if not offset:
                raise RuntimeError(f"PDF object {number} was reserved but never written")
            lines.append(b"%010d 00000 n \n" % offset)
        self._write(b"".join(lines))
        trailer = {"Size": len(self._offsets), "Root": self.catalog, "Info": info_ref}
        self._write(b"trailer\n%s\nstartxref\n%d\n%%%%EOF\n" % (serialize(trailer), xref_at))


class EmbeddedFont:
    """A TrueType font as used by one document: text is encoded into subsets of up to 256
    characters (reportlab's scheme), and only the glyphs used are embedded at the end."""

    def __init__(self, writer: PdfWriter, key: str, ttfont: TTFont) -> None:
        self.writer = writer
        self.key = key
        self.ttfont = ttfont
        face = ttfont.face
        self.ascent = face.ascent / 1000.0
        self.descent = face.descent / 1000.0  # negative

    def encode(self, text: str) -> list[tuple[str, bytes]]:
        """(resource name, bytes) runs for ``text``; the name selects the subset."""
        # reportlab keeps the subset state per document in a WeakKeyDictionary: this object is
        # our document's key.
        return [(f"{self.key}+{n}", data) for n, data in self.ttfont.splitString(text, self)]

    def width(self, text: str, size: float) -> float:
        return float(self.ttfont.stringWidth(text, size))

    def write_subsets(self) -> dict[str, Ref]:
        state = self.ttfont.state.get(self)
        if state is None:
            return {}
        writer, face = self.writer, self.ttfont.face
        fonts: dict[str, Ref] = {}
        for n, subset in enumerate(state.subsets):
            base = (SUBSETN(n) + b"+" + face.name + face.subfontNameX).decode("latin-1")
            program = face.makeSubset(subset)
            font_file = writer.add_stream({"Length1": len(program)}, program)
            flags = (face.flags & ~32) | 4  # symbolic: the subset has its own encoding
            descriptor = writer.add(
                {
                    "Type": Name("FontDescriptor"),
                    "FontName": Name(base),
                    "Ascent": face.ascent,
                    "Descent": face.descent,
                    "CapHeight": face.capHeight,
                    "Flags": flags,
                    "FontBBox": list(face.bbox),
                    "ItalicAngle": face.italicAngle,
                    "StemV": face.stemV,
                    "MissingWidth": face.defaultWidth,
                    "FontFile2": font_file,
                }
            )
            to_unicode = writer.add_stream({}, makeToUnicodeCMap(base, subset).encode("ascii"))
            fonts[f"{self.key}+{n}"] = writer.add(
                {
                    "Type": Name("Font"),
                    "Subtype": Name("TrueType"),
                    "BaseFont": Name(base),
                    "FirstChar": 0,
                    "LastChar": len(subset) - 1,
                    "Widths": [face.getCharWidth(code) for code in subset],
                    "FontDescriptor": descriptor,
                    "ToUnicode": to_unicode,
                }
            )
        del self.ttfont.state[self]
        return fonts


class _PypdfCopier:
    """Copies pypdf objects into our writer, each indirect object once."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.done: dict[tuple[int, int], Ref] = {}

    def convert(self, value: Any) -> Any:
        from pypdf import generic as g

        if isinstance(value, g.IndirectObject):
            key = (value.idnum, value.generation)
            if key in self.done:
                return self.done[key]
            ref = self.done[key] = self.writer.reserve()
            target = value.get_object()
            if isinstance(target, g.StreamObject):
                entries = {str(k)[1:]: self.convert(v) for k, v in target.items() if k != "/Length"}
                # The stream's bytes as stored (still encoded), so its /Filter stays true.
                self.writer.write_stream(ref, entries, bytes(target._data), compress=False)
            else:
                self.writer.write(ref, self.convert(target))
            return ref
        if isinstance(value, g.StreamObject):  # a direct stream cannot happen in valid PDF
            raise ValueError("a PDF stream that is not an indirect object")
        if isinstance(value, g.DictionaryObject):
            return {str(k)[1:]: self.convert(v) for k, v in value.items()}
        if isinstance(value, g.ArrayObject):
            return [self.convert(v) for v in value]
        if isinstance(value, g.NameObject):
            return Name(str(value)[1:])
        if isinstance(value, g.BooleanObject):
            return bool(value)
        if isinstance(value, g.NumberObject):
            return int(value)
        if isinstance(value, g.FloatObject):
            return float(value)
        if isinstance(value, g.NullObject) or value is None:
            return None
        if isinstance(value, g.TextStringObject):
            return bytes(value.original_bytes)
        if isinstance(value, g.ByteStringObject):
            return bytes(value)
        raise TypeError(f"cannot copy PDF object of type {type(value).__name__}")
