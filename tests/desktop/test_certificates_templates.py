"""Certificate templates as data, text fitting, and the batch renderer (no database needed)."""

from __future__ import annotations

import dataclasses
import json
import threading
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from sync.documents.certificate_pdf import fit_text, render_certificates, render_to_bytes
from sync.documents.pdfwriter import MM, PdfWriter
from sync.documents.templates import (
    SAMPLE,
    TemplateError,
    TextElement,
    load_template,
    load_ttfont,
    parse_template,
    templates_dir,
)
from tests.desktop.certificate_support import rasterise

LONG_NAME = (
    "Prof. Dr. Ir. Hj. Andi Nurfadillah Wahyuningsih Kusumawardhani Tandiarrang Simanjuntak, "
    "S.H., M.H., M.Si., M.Kes."
)


def write_template(folder: Path, elements: list[dict[str, Any]], **extra: Any) -> Path:
    path = folder / "t.json"
    path.write_text(
        json.dumps(
            {"page": {"size": "A4", "orientation": "landscape"}, "elements": elements, **extra}
        )
    )
    return path


TEXT = {
    "type": "text",
    "x": 10,
    "y": 10,
    "width": 100,
    "height": 10,
    "font": "DejaVuSerif",
    "size": 12,
}


@pytest.mark.parametrize(
    ("elements", "extra", "message"),
    [
        ([{**TEXT, "text": "Halo {nama_peserta}"}], {}, "unknown variable 'nama_peserta'"),
        ([{**TEXT, "variable": "nomor"}], {}, "unknown variable 'nomor'"),
        ([{**TEXT, "text": "x", "when": "tanggal"}], {}, "unknown variable 'tanggal'"),
        (
            [{**TEXT, "text": "x"}],
            {"background": "latar-hilang.pdf"},
            "'latar-hilang.pdf' not found",
        ),
        (
            [{"type": "image", "file": "logo-hilang.png", "x": 1, "y": 1, "width": 9, "height": 9}],
            {},
            "'logo-hilang.png' not found",
        ),
        ([{**TEXT, "text": "x", "font": "ComicSans"}], {}, "font 'ComicSans' not found"),
        ([{**TEXT, "text": "x", "x": 250}], {}, "not inside the 297 x 210 mm page"),
        ([{**TEXT, "text": "x", "colour": "#000000"}], {}, "unknown key(s) colour"),
        ([{"type": "qr", "x": 10, "y": 10, "size": 12}], {}, "under 20 mm"),
        ([{"type": "barcode", "x": 1, "y": 1}], {}, "type 'barcode'"),
    ],
)
def test_a_bad_template_is_refused_with_a_message_naming_what_is_wrong(
    tmp_path: Path, elements: list[dict[str, Any]], extra: dict[str, Any], message: str
) -> None:
    with pytest.raises(TemplateError) as refused:
        load_template(write_template(tmp_path, elements, **extra))
    assert message in str(refused.value)
    assert "t.json" in str(refused.value)


def test_unknown_template_id_lists_the_known_ones() -> None:
    with pytest.raises(TemplateError, match="sertifikat-standar"):
        load_template("no-such-template")


def _name_element() -> TextElement:
    template = load_template()
    (element,) = [
        e
        for e in template.elements
        if isinstance(e, TextElement) and e.variables == {"participant_name"}
    ]
    return element


def test_a_long_name_gets_smaller_to_fit_its_box() -> None:
    element = _name_element()
    writer = PdfWriter(BytesIO())  # measuring only
    font = writer.font(load_ttfont(load_template().fonts[element.font]))
    short = fit_text(font, "Budi Santoso", element)
    long = fit_text(font, LONG_NAME, element)
    assert short.size == element.size
    assert long.size < element.size * 0.7
    assert long.lines == (LONG_NAME,)
    assert long.widths[0] <= element.width * MM + 0.01


def test_a_long_name_stays_inside_its_box_on_the_rendered_page(tmp_path: Path) -> None:
    element = _name_element()
    out = tmp_path / "long.pdf"
    render_certificates(
        template=load_template(),
        certificates=[dataclasses.replace(SAMPLE, printed_name=LONG_NAME)],
        out=out,
    )
    assert LONG_NAME in PdfReader(out).pages[0].extract_text()
    dpi = 100
    with Image.open(rasterise(out, 1, dpi=dpi)) as page:
        image = page.convert("L")
    px = dpi / 25.4  # pixels per mm
    top = image.height - round((element.y + element.height) * px)
    bottom = image.height - round(element.y * px)

    def dark_pixels(x0_mm: float, x1_mm: float) -> int:
        band = image.crop((round(x0_mm * px), top, round(x1_mm * px), bottom))
        return sum(band.histogram()[:128])

    inner_border_left, inner_border_right = 14.0, 297 - 14.0
    assert dark_pixels(element.x, element.x + element.width) > 500  # the name is there
    assert dark_pixels(inner_border_left, element.x - 0.5) == 0  # and nothing spills left
    assert dark_pixels(element.x + element.width + 0.5, inner_border_right) == 0  # or right


def test_wrapped_text_uses_its_lines_before_shrinking() -> None:
    element = TextElement(
        x=0,
        y=0,
        width=100,
        height=15,
        text="{event_title}",
        font="DejaVuSerif",
        size=16,
        max_lines=2,
        line_height=1.15,
    )
    writer = PdfWriter(BytesIO())  # measuring only
    font = writer.font(load_ttfont(templates_dir().parent / "fonts" / "DejaVuSerif.ttf"))
    title = "Penguatan Kapasitas Hak Asasi Manusia bagi Aparatur Sipil Negara Angkatan III"
    layout = fit_text(font, title, element)
    assert len(layout.lines) == 2
    assert " ".join(layout.lines) == title
    assert all(width <= 100 * MM + 0.01 for width in layout.widths)
    height = (font.ascent - font.descent) * layout.size + 1.15 * layout.size
    assert height <= 15 * MM + 0.01


def test_elements_with_an_empty_when_variable_are_left_out() -> None:
    without_nip = dataclasses.replace(SAMPLE, nip=None)
    text = PdfReader_text(render_to_bytes(template=load_template(), certificates=[without_nip]))
    assert "NIP. 1986" not in text
    with_nip = PdfReader_text(render_to_bytes(template=load_template(), certificates=[SAMPLE]))
    assert "NIP. 19860926 201505 1 001" in with_nip
    pppk = dataclasses.replace(SAMPLE, asn_status="PPPK")
    assert "NI PPPK. 19860926" in PdfReader_text(
        render_to_bytes(template=load_template(), certificates=[pppk])
    )


def PdfReader_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_image_background_and_a_background_of_the_wrong_shape(tmp_path: Path) -> None:
    Image.new("RGB", (297 * 2, 210 * 2), (250, 240, 200)).save(tmp_path / "cream.png")
    path = write_template(
        tmp_path, [{**TEXT, "variable": "participant_name"}], background="cream.png"
    )
    out = tmp_path / "bg.pdf"
    render_certificates(template=load_template(path), certificates=[SAMPLE], out=out)
    with Image.open(rasterise(out, 1, dpi=30)) as page:
        image = page.convert("RGB")
    assert image.getpixel((image.width // 2, image.height // 2)) == (250, 240, 200)

    portrait = tmp_path / "portrait.pdf"
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(portrait), pagesize=(210 * MM, 297 * MM))
    canvas.showPage()
    canvas.save()
    path = write_template(
        tmp_path, [{**TEXT, "variable": "participant_name"}], background="portrait.pdf"
    )
    with pytest.raises(TemplateError, match="portrait and landscape"):
        render_certificates(
            template=load_template(path), certificates=[SAMPLE], out=tmp_path / "x.pdf"
        )
    assert not (tmp_path / "x.pdf").exists()


def test_batch_reports_progress_and_can_be_cancelled_leaving_no_file(tmp_path: Path) -> None:
    template = load_template()
    seen: list[tuple[int, int | None]] = []
    out = tmp_path / "batch.pdf"
    result = render_certificates(
        template=template,
        certificates=[SAMPLE] * 30,
        out=out,
        total=30,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert result.pages == 30 and not result.cancelled and out.exists()
    assert seen[-1] == (30, 30)

    stop = threading.Event()

    def pages() -> Any:
        for number in range(1000):
            if number == 10:
                stop.set()  # what the window's Cancel button does, from another thread
            yield dataclasses.replace(SAMPLE, number=f"{number:04d}")

    cancelled = tmp_path / "cancelled.pdf"
    result = render_certificates(
        template=template, certificates=pages(), out=cancelled, cancel=stop
    )
    assert result.cancelled and result.pages == 10
    assert not cancelled.exists()
    assert list(tmp_path.glob("*.partial")) == []


def test_background_is_shared_and_pages_stay_small(tmp_path: Path) -> None:
    template = load_template()
    one = tmp_path / "one.pdf"
    many = tmp_path / "many.pdf"
    url = "https://hadir.kemenham.go.id/v/" + "A" * 200
    render_certificates(
        template=template, certificates=[dataclasses.replace(SAMPLE, verify_url=url)], out=one
    )
    batch = [
        dataclasses.replace(
            SAMPLE,
            number=f"{n:04d}/K7QX/KW-HAM.SULTENG/XI/2026",
            printed_name=f"Peserta Nomor {n}",
            verify_url=url + str(n),
        )
        for n in range(200)
    ]
    render_certificates(template=template, certificates=batch, out=many)
    per_page = (many.stat().st_size - one.stat().st_size) / 199
    assert per_page <= 8 * 1024, per_page
    reader = PdfReader(many)
    assert len(reader.pages) == 200
    resources: list[Any] = [page["/Resources"] for page in reader.pages[:20]]
    forms = {r["/XObject"]["/BG"].indirect_reference.idnum for r in resources}
    assert len(forms) == 1  # one background object, invoked by every page


def test_templates_parse_from_data_relative_to_their_folder(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes((templates_dir() / "lambang-contoh.png").read_bytes())
    data = {
        "page": {"width": 200, "height": 100},
        "elements": [
            {"type": "image", "file": "logo.png", "x": 1, "y": 1, "width": 20, "height": 20},
            {**TEXT, "text": "Nomor {{tetap}}: {number}"},
        ],
    }
    template = parse_template(data, path=tmp_path / "inline.json")
    assert (template.width, template.height) == (200, 100)
    text = PdfReader_text(render_to_bytes(template=template, certificates=[SAMPLE]))
    assert f"Nomor {{tetap}}: {SAMPLE.number}" in text
