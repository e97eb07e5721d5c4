"""Certificate templates as data: a JSON file of placed elements over a background.

A template (``resources/certificates/*.json``) gives the page size, an optional background (a PDF
page or a PNG/JPEG image, stretched to the page) and a list of elements placed in millimetres from
the page's bottom-left corner (pretix's convention):

- ``text``: ``text`` with ``{variable}`` placeholders (or ``variable`` as a shorthand), ``font``
  (a bundled font's file name without ``.ttf``), ``size`` in points, ``align``, ``valign``,
  ``color``, ``max_lines``, ``line_height``, ``letter_spacing`` (em), ``underline``, and ``when``
  (draw only when that variable is not empty). Every text auto-shrinks into its box: it wraps up to
  ``max_lines`` lines, then gets smaller until it fits; it never overflows.
- ``image``: a PNG/JPEG ``file`` fitted into its box, keeping its proportions.
- ``qr``: the verification seal's QR code, ``size`` mm square (plus a white quiet zone).

Variables are a registry (name, label, sample value, evaluate function) in the style of pretix, so
a template naming an unknown variable, font or file is refused when it is loaded, with a message
that names it, never halfway through a batch.
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sync.errors import HadirError
from sync.indonesian import date_range, long_date
from sync.nip import format_nip
from sync.resources import resources_dir

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

PAGE_SIZES_MM = {
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "F4": (215.0, 330.0),
    "LETTER": (215.9, 279.4),
}
DEFAULT_TEMPLATE = "sertifikat-standar"
MAX_SIGNATORIES = 3
DEFAULT_SIGNATORY_TITLE = "Kepala Kantor Wilayah"


class TemplateError(HadirError):
    """A template that cannot be used; the message says which template and what is wrong."""

    code = "template_invalid"


def templates_dir() -> Path:
    return resources_dir() / "certificates"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


# --------------------------------------------------------------------------- the data printed


def printed_signatories(stored: Sequence[Signatory]) -> tuple[Signatory, ...]:
    """The blocks a certificate prints from the blocks as stored (1 = main, 2 = left, 3 =
    middle): block 1 without a title prints "Kepala Kantor Wilayah" over a blank line to sign and
    stamp by hand; blank blocks after the last filled one are left out. The desk and HQ (a download
    link's PDF) both print through this."""
    main = stored[0] if stored else Signatory("", "", "")
    blocks = [Signatory(main.title or DEFAULT_SIGNATORY_TITLE, main.name, main.nip)]
    blocks.extend(stored[1:MAX_SIGNATORIES])
    while len(blocks) > 1 and not (blocks[-1].title or blocks[-1].name):
        blocks.pop()
    return tuple(blocks)


@dataclass(frozen=True, slots=True)
class Signatory:
    title: str  # jabatan, e.g. "Kepala Kantor Wilayah"
    name: str
    nip: str = ""  # digits


@dataclass(frozen=True, slots=True)
class CertificateData:
    """Everything one certificate prints: plain values, safe to hand to a worker thread."""

    number: str
    printed_name: str
    nip: str | None
    asn_status: str  # PNS / PPPK / NON_ASN: which label the number gets
    golongan: str
    jabatan: str
    instansi: str
    unit_kerja: str
    event_title: str
    event_theme: str
    event_venue: str
    first_day: date
    last_day: date
    jp: int | None
    mode: str  # how this person attended: luring / daring / hybrid
    office_name: str
    place: str  # where the certificate is signed, e.g. "Palu"
    issued_on: date
    signatories: tuple[Signatory, ...]
    verify_url: str


def _event_summary(d: CertificateData) -> str:
    """One sentence with whatever of organiser, dates, venue and JP is known."""
    parts = [f"yang diselenggarakan oleh {d.office_name}"] if d.office_name else []
    parts.append(f"pada tanggal {date_range(d.first_day, d.last_day)}")
    if d.event_venue:
        parts.append(f"di {d.event_venue}")
    sentence = " ".join(parts)
    if d.jp:
        sentence += f", sebanyak {d.jp} JP (jam pelajaran)"
    return sentence + "."


def _nip_line(d: CertificateData) -> str:
    if not d.nip:
        return ""  # a guest's NIK is never printed (UU 27/2022: only what the document needs)
    return f"{'NI PPPK' if d.asn_status == 'PPPK' else 'NIP'}. {format_nip(d.nip)}"


def _signatory(position: int, attribute: str) -> Callable[[CertificateData], str]:
    def evaluate(d: CertificateData) -> str:
        if len(d.signatories) < position:
            return ""
        value: str = getattr(d.signatories[position - 1], attribute)
        return format_nip(value) if attribute == "nip" else value

    return evaluate


_MODE_LABELS = {"luring": "luring (tatap muka)", "daring": "daring", "hybrid": "hibrida"}


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    label: str  # shown in a template editor
    sample: str
    evaluate: Callable[[CertificateData], str]


def _variables() -> dict[str, Variable]:
    entries: list[tuple[str, str, str, Callable[[CertificateData], str]]] = [
        ("number", "Nomor sertifikat", "0007/K7QX/KW-HAM.SULTENG/XI/2026", lambda d: d.number),
        (
            "participant_name",
            "Nama peserta dengan gelar",
            "Dr. H. Ahmad Yani, S.H., M.H.",
            lambda d: d.printed_name,
        ),
        (
            "nip",
            "NIP / NI PPPK",
            "19860926 201505 1 001",
            lambda d: format_nip(d.nip) if d.nip else "",
        ),
        (
            "nip_line",
            "NIP dengan labelnya (kosong tanpa NIP)",
            "NIP. 19860926 201505 1 001",
            _nip_line,
        ),
        ("golongan", "Pangkat/golongan", "III/c Penata", lambda d: d.golongan),
        ("jabatan", "Jabatan", "Analis Kebijakan Ahli Muda", lambda d: d.jabatan),
        ("instansi", "Instansi", "Pemerintah Kota Palu", lambda d: d.instansi),
        ("unit_kerja", "Unit kerja", "Bagian Hukum", lambda d: d.unit_kerja),
        (
            "event_title",
            "Nama kegiatan",
            "Penguatan Kapasitas Hak Asasi Manusia bagi ASN",
            lambda d: d.event_title,
        ),
        ("event_theme", "Tema kegiatan", "Pelayanan publik berbasis HAM", lambda d: d.event_theme),
        ("event_venue", "Tempat kegiatan", "Hotel Santika Palu", lambda d: d.event_venue),
        (
            "event_dates",
            "Tanggal kegiatan",
            "23–25 November 2026",
            lambda d: date_range(d.first_day, d.last_day),
        ),
        (
            "event_summary",
            "Penyelenggara, tanggal, tempat dan JP",
            "yang diselenggarakan oleh Kantor Wilayah Kementerian Hak Asasi Manusia Sulawesi "
            "Tengah pada tanggal 23–25 November 2026 di Hotel Santika Palu, sebanyak 32 JP "
            "(jam pelajaran).",
            _event_summary,
        ),
        ("jp", "Jumlah JP", "32", lambda d: str(d.jp) if d.jp else ""),
        (
            "mode",
            "Cara mengikuti",
            "luring (tatap muka)",
            lambda d: _MODE_LABELS.get(d.mode, d.mode),
        ),
        (
            "office_name",
            "Nama kantor wilayah",
            "Kantor Wilayah Kementerian Hak Asasi Manusia Sulawesi Tengah",
            lambda d: d.office_name,
        ),
        ("place", "Tempat penandatanganan", "Palu", lambda d: d.place),
        ("issue_date", "Tanggal terbit", "25 November 2026", lambda d: long_date(d.issued_on)),
        (
            "place_date",
            "Tempat, tanggal",
            "Palu, 25 November 2026",
            lambda d: f"{d.place}, {long_date(d.issued_on)}" if d.place else long_date(d.issued_on),
        ),
        (
            "verify_url",
            "Alamat verifikasi",
            "https://hadir.kemenham.go.id/v/AQ…",
            lambda d: d.verify_url,
        ),
    ]
    samples = {
        1: ("Kepala Kantor Wilayah", "Dr. Budi Santoso, S.H., M.H.", "19750101 200003 1 002"),
        2: ("Ketua Panitia", "Rina Wulandari, S.Sos.", "19880512 201001 2 003"),
        3: ("Narasumber", "Prof. Dr. Hasan Basri, M.Si.", ""),
    }
    for position in range(1, MAX_SIGNATORIES + 1):
        for index, (attribute, label) in enumerate(
            (
                ("title", "Jabatan penanda tangan"),
                ("name", "Nama penanda tangan"),
                ("nip", "NIP penanda tangan"),
            )
        ):
            entries.append(
                (
                    f"signatory{position}_{attribute}",
                    f"{label} {position}",
                    samples[position][index],
                    _signatory(position, attribute),
                )
            )
    return {name: Variable(name, label, sample, fn) for name, label, sample, fn in entries}


VARIABLES: Mapping[str, Variable] = _variables()

SAMPLE = CertificateData(
    number=VARIABLES["number"].sample,
    printed_name=VARIABLES["participant_name"].sample,
    nip="198609262015051001",
    asn_status="PNS",
    golongan="III/c Penata",
    jabatan="Analis Kebijakan Ahli Muda",
    instansi="Pemerintah Kota Palu",
    unit_kerja="Bagian Hukum",
    event_title=VARIABLES["event_title"].sample,
    event_theme=VARIABLES["event_theme"].sample,
    event_venue="Hotel Santika Palu",
    first_day=date(2026, 11, 23),
    last_day=date(2026, 11, 25),
    jp=32,
    mode="luring",
    office_name=VARIABLES["office_name"].sample,
    place="Palu",
    issued_on=date(2026, 11, 25),
    signatories=(
        Signatory("Kepala Kantor Wilayah", "Dr. Budi Santoso, S.H., M.H.", "197501012000031002"),
    ),
    verify_url="https://hadir.kemenham.go.id/v/AQ",
)


def evaluate_variables(
    data: CertificateData, names: frozenset[str] | None = None
) -> dict[str, str]:
    wanted = names if names is not None else frozenset(VARIABLES)
    return {name: VARIABLES[name].evaluate(data) for name in wanted}


# --------------------------------------------------------------------------- elements


@dataclass(frozen=True, slots=True)
class TextElement:
    x: float  # mm, box bottom-left
    y: float
    width: float
    height: float
    text: str  # with {placeholders}
    font: str
    size: float  # points: the largest size; smaller when the text would not fit
    color: tuple[float, float, float] = (0.0, 0.0, 0.0)
    align: str = "center"  # left / center / right
    valign: str = "middle"  # top / middle / bottom
    max_lines: int = 1
    line_height: float = 1.2  # times the size
    letter_spacing: float = 0.0  # em
    underline: bool = False
    when: str | None = None
    variables: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_static(self) -> bool:
        return not self.variables and self.when is None


@dataclass(frozen=True, slots=True)
class ImageElement:
    x: float
    y: float
    width: float
    height: float
    path: Path


@dataclass(frozen=True, slots=True)
class QrElement:
    x: float
    y: float
    size: float  # mm, the symbol without its quiet zone
    color: tuple[float, float, float] = (0.0, 0.0, 0.0)


Element = TextElement | ImageElement | QrElement


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    version: int
    name: str
    path: Path
    width: float  # mm
    height: float
    background: Path | None
    background_page: int
    elements: tuple[Element, ...]
    fonts: Mapping[str, Path]

    @property
    def variables(self) -> frozenset[str]:
        names: set[str] = set()
        for element in self.elements:
            if isinstance(element, TextElement):
                names |= element.variables
                if element.when:
                    names.add(element.when)
        return frozenset(names)


# --------------------------------------------------------------------------- loading


@cache
def load_ttfont(path: Path) -> TTFont:
    """One reportlab TTFont per font file for the process (parsing a face takes ~50 ms)."""
    # Imported here: templates are read by commands that draw nothing (``hadir-cli sync status``
    # reaches this module through the event settings), and reportlab costs them start-up time.
    from reportlab.pdfbase.ttfonts import TTFont

    return TTFont(f"Hadir-{path.stem}-{abs(hash(str(path))) % 10**8}", str(path))


def _color(value: Any, where: str) -> tuple[float, float, float]:
    text = str(value).strip().lstrip("#")
    if len(text) != 6 or any(c not in string.hexdigits for c in text):
        raise TemplateError(f"{where}: colour '{value}' is not like #1F3A5F.")
    return (int(text[0:2], 16) / 255, int(text[2:4], 16) / 255, int(text[4:6], 16) / 255)


def placeholders(text: str, where: str) -> frozenset[str]:
    """The {names} in a text; {{ and }} are literal braces."""
    names = set()
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        raise TemplateError(
            f"{where}: the text '{text}' has an unmatched brace ({error})."
        ) from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            raise TemplateError(f"{where}: '{{{name}}}' is not a plain variable name.")
        names.add(name)
    return frozenset(names)


def _unknown(name: str, where: str) -> TemplateError:
    return TemplateError(
        f"{where} names unknown variable '{name}'. Known variables: {', '.join(sorted(VARIABLES))}."
    )


def _number(
    spec: Mapping[str, Any], key: str, where: str, *, default: float | None = None
) -> float:
    value = spec.get(key, default)
    if value is None:
        raise TemplateError(f"{where}: '{key}' is missing.")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TemplateError(f"{where}: '{key}' must be a number, not {value!r}.")
    return float(value)


def _existing_file(folder: Path, name: Any, where: str, what: str) -> Path:
    if not isinstance(name, str) or not name:
        raise TemplateError(f"{where}: '{what}' must be a file name.")
    path = (folder / name).resolve()
    if not path.is_file():
        raise TemplateError(f"{where}: {what} file '{name}' not found (looked for {path}).")
    return path


def _font(folder: Path, name: Any, where: str, fonts: dict[str, Path]) -> str:
    if not isinstance(name, str) or not name:
        raise TemplateError(f"{where}: 'font' must be a font name such as 'DejaVuSerif-Bold'.")
    if name not in fonts:
        for candidate in (folder / f"{name}.ttf", fonts_dir() / f"{name}.ttf"):
            if candidate.is_file():
                fonts[name] = candidate.resolve()
                break
        else:
            bundled = sorted(p.stem for p in fonts_dir().glob("*.ttf"))
            raise TemplateError(
                f"{where}: font '{name}' not found (no {name}.ttf beside the template or in "
                f"resources/fonts; bundled fonts: {', '.join(bundled)})."
            )
    return name


def _page_size(spec: Any, label: str) -> tuple[float, float]:
    if not isinstance(spec, Mapping):
        raise TemplateError(
            f"{label}: 'page' must be an object like "
            '{"size": "A4", "orientation": "landscape"}.'
        )
    if "width" in spec or "height" in spec:
        width, height = (
            _number(spec, "width", f"{label} page"),
            _number(spec, "height", f"{label} page"),
        )
    else:
        size = str(spec.get("size", "A4")).upper()
        if size not in PAGE_SIZES_MM:
            raise TemplateError(
                f"{label}: page size '{size}' is not one of "
                f"{', '.join(PAGE_SIZES_MM)} (or give width and height in mm)."
            )
        width, height = PAGE_SIZES_MM[size]
    # A named size is portrait unless told otherwise; explicit width and height stand as given.
    default = "landscape" if width > height else "portrait"
    orientation = str(spec.get("orientation", default)).lower()
    if orientation not in ("portrait", "landscape"):
        raise TemplateError(f"{label}: orientation '{orientation}' is not portrait or landscape.")
    if (orientation == "landscape") != (width > height):
        width, height = height, width
    if width <= 0 or height <= 0:
        raise TemplateError(f"{label}: the page needs a positive width and height.")
    return width, height


def _box(spec: Mapping[str, Any], where: str, page: tuple[float, float]) -> tuple[float, ...]:
    x, y = _number(spec, "x", where), _number(spec, "y", where)
    width, height = _number(spec, "width", where), _number(spec, "height", where)
    if width <= 0 or height <= 0:
        raise TemplateError(f"{where}: width and height must be positive.")
    if x < 0 or y < 0 or x + width > page[0] + 0.01 or y + height > page[1] + 0.01:
        raise TemplateError(
            f"{where}: its box ({x:g}, {y:g}, {width:g} x {height:g} mm) is not inside the "
            f"{page[0]:g} x {page[1]:g} mm page."
        )
    return x, y, width, height


def _text_element(
    spec: Mapping[str, Any],
    where: str,
    folder: Path,
    fonts: dict[str, Path],
    page: tuple[float, float],
) -> TextElement:
    if ("text" in spec) == ("variable" in spec):
        raise TemplateError(f"{where}: give either 'text' or 'variable'.")
    text = spec["text"] if "text" in spec else "{" + str(spec["variable"]) + "}"
    if not isinstance(text, str):
        raise TemplateError(f"{where}: 'text' must be a string.")
    names = placeholders(text, where)
    for name in sorted(names):
        if name not in VARIABLES:
            raise _unknown(name, where)
    when = spec.get("when")
    if when is not None and when not in VARIABLES:
        raise _unknown(str(when), f"{where} ('when')")
    x, y, width, height = _box(spec, where, page)
    align = str(spec.get("align", "center"))
    valign = str(spec.get("valign", "middle"))
    if align not in ("left", "center", "right"):
        raise TemplateError(f"{where}: align '{align}' is not left, center or right.")
    if valign not in ("top", "middle", "bottom"):
        raise TemplateError(f"{where}: valign '{valign}' is not top, middle or bottom.")
    max_lines = int(_number(spec, "max_lines", where, default=1))
    if max_lines < 1:
        raise TemplateError(f"{where}: max_lines must be at least 1.")
    size = _number(spec, "size", where)
    if size <= 0:
        raise TemplateError(f"{where}: size must be positive.")
    return TextElement(
        x=x,
        y=y,
        width=width,
        height=height,
        text=text,
        font=_font(folder, spec.get("font", "DejaVuSerif"), where, fonts),
        size=size,
        color=_color(spec.get("color", "#000000"), where),
        align=align,
        valign=valign,
        max_lines=max_lines,
        line_height=_number(spec, "line_height", where, default=1.2),
        letter_spacing=_number(spec, "letter_spacing", where, default=0.0),
        underline=bool(spec.get("underline", False)),
        when=when,
        variables=names,
    )


_KNOWN_KEYS = {
    "text": {
        "type",
        "text",
        "variable",
        "x",
        "y",
        "width",
        "height",
        "font",
        "size",
        "color",
        "align",
        "valign",
        "max_lines",
        "line_height",
        "letter_spacing",
        "underline",
        "when",
        "comment",
    },
    "image": {"type", "file", "x", "y", "width", "height", "comment"},
    "qr": {"type", "x", "y", "size", "color", "comment"},
}


def parse_template(data: Any, *, path: Path, template_id: str | None = None) -> Template:
    """Validate a template's JSON; file names resolve against the template's folder."""
    label = f"Template '{path.name}'"
    if not isinstance(data, Mapping):
        raise TemplateError(f"{label}: the file must hold a JSON object.")
    folder = path.parent
    page = _page_size(data.get("page", {}), label)
    background = data.get("background")
    background_path = None
    if background is not None:
        background_path = _existing_file(folder, background, label, "background")
        if background_path.suffix.lower() not in (".pdf", ".png", ".jpg", ".jpeg"):
            raise TemplateError(f"{label}: the background must be a PDF, PNG or JPEG file.")
    fonts: dict[str, Path] = {}
    elements: list[Element] = []
    raw_elements = data.get("elements")
    if not isinstance(raw_elements, list) or not raw_elements:
        raise TemplateError(f"{label}: 'elements' must be a non-empty list.")
    qr_count = 0
    for index, spec in enumerate(raw_elements, start=1):
        if not isinstance(spec, Mapping):
            raise TemplateError(f"{label}, element {index}: must be a JSON object.")
        kind = spec.get("type")
        where = f"{label}, element {index} ({kind})"
        if kind not in _KNOWN_KEYS:
            raise TemplateError(
                f"{label}, element {index}: type '{kind}' is not text, image or qr."
            )
        extra = set(spec) - _KNOWN_KEYS[kind]
        if extra:
            raise TemplateError(f"{where}: unknown key(s) {', '.join(sorted(extra))}.")
        if kind == "text":
            elements.append(_text_element(spec, where, folder, fonts, page))
        elif kind == "image":
            image = _existing_file(folder, spec.get("file"), where, "image")
            if image.suffix.lower() not in (".png", ".jpg", ".jpeg"):
                raise TemplateError(f"{where}: image '{image.name}' must be PNG or JPEG.")
            x, y, width, height = _box(spec, where, page)
            elements.append(ImageElement(x, y, width, height, image))
        else:
            qr_count += 1
            size = _number(spec, "size", where)
            x, y, _w, _h = _box({**spec, "width": size, "height": size}, where, page)
            if size < 20:
                raise TemplateError(f"{where}: a QR code under 20 mm is hard for phones to read.")
            elements.append(QrElement(x, y, size, _color(spec.get("color", "#000000"), where)))
    if qr_count > 1:
        raise TemplateError(f"{label}: only one QR element is allowed.")
    version = data.get("version", 1)
    if not isinstance(version, int) or version < 1:
        raise TemplateError(f"{label}: 'version' must be a whole number from 1.")
    template = Template(
        id=str(data.get("id") or template_id or path.stem),
        version=version,
        name=str(data.get("name") or path.stem),
        path=path,
        width=page[0],
        height=page[1],
        background=background_path,
        background_page=int(data.get("background_page", 1)) - 1,
        elements=tuple(elements),
        fonts=fonts,
    )
    for font_path in fonts.values():
        try:
            load_ttfont(font_path)
        except Exception as error:  # reportlab raises several types for a broken font file
            raise TemplateError(
                f"{label}: font file {font_path.name} cannot be read ({error})."
            ) from None
    return template


def load_template(name_or_path: str | Path | None = None) -> Template:
    """A template by id (a JSON file in resources/certificates) or by path."""
    name = str(name_or_path or DEFAULT_TEMPLATE)
    path = Path(name)
    if path.suffix.lower() != ".json":
        path = templates_dir() / f"{name}.json"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in templates_dir().glob("*.json") if _is_template(p)))
        raise TemplateError(f"No certificate template '{name}' (known: {known}).")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise TemplateError(f"Template '{path.name}' is not valid JSON: {error}.") from None
    return parse_template(data, path=path.resolve())


def _is_template(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    return isinstance(data, dict) and "elements" in data


def available_templates() -> list[tuple[str, str]]:
    """(id, name) of the bundled templates."""
    found = []
    for path in sorted(templates_dir().glob("*.json")):
        if _is_template(path):
            data = json.loads(path.read_text(encoding="utf-8"))
            found.append((str(data.get("id") or path.stem), str(data.get("name") or path.stem)))
    return found
