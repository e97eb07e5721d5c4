"""Charts drawn on the server as SVG (issue 19 item 3): no script, no CDN, readable in print, and
each one an image with a title and a description for a screen reader, always shown beside a table
of the same figures (the page's). Text in them is escaped; numbers are written the Indonesian way
(1.234.567)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from sync import indonesian

NAVY, TEAL, GREY, AMBER = "#1f3a5f", "#2a7f62", "#d5dbe3", "#b7791f"


def number(value: int) -> str:
    """1234567 -> 1.234.567, as an Indonesian reader writes it."""
    return f"{value:,}".replace(",", ".")


def percent(part: int, whole: int) -> str:
    if whole <= 0:
        return "-"
    return f"{100 * part / whole:.1f}".replace(".", ",") + " %"


def _svg(width: int, height: int, title: str, description: str, body: str) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="chart">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>{body}</svg>"
    )


def progress(*, value: int, target: int, title: str) -> Markup:
    """One bar: how far ``value`` has come toward ``target``."""
    width, height = 600, 48
    share = 0.0 if target <= 0 else min(1.0, value / target)
    description = f"{number(value)} dari target {number(target)} ({percent(value, target)})"
    body = (
        f'<rect x="0" y="8" width="{width}" height="24" rx="4" fill="{GREY}"/>'
        f'<rect x="0" y="8" width="{width * share:.1f}" height="24" rx="4" fill="{TEAL}"/>'
        f'<text x="4" y="46" font-size="12" fill="#222">{escape(description)}</text>'
    )
    return _svg(width, height, title, description, body)


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    target: int = 0  # 0: none (no marker)
    link: str = ""  # where the row's label leads (an office's page), if anywhere


def bars(rows: Sequence[Bar], *, title: str) -> Markup:
    """Horizontal bars, one per row as given (the caller sorts), with the target as a mark."""
    label_width, bar_width, row_height = 200, 340, 22
    width, height = label_width + bar_width + 110, max(1, len(rows)) * row_height + 8
    scale = max([1] + [max(r.value, r.target) for r in rows])
    parts: list[str] = []
    for index, row in enumerate(rows):
        y = 4 + index * row_height
        length = bar_width * row.value / scale
        drawn = (
            f'<text x="{label_width - 6}" y="{y + 15}" font-size="12" text-anchor="end" '
            f'fill="#222">{escape(row.label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="14" fill="{NAVY}"/>'
        )
        if row.link:  # the label and the bar open the row's page (a link inside the image)
            drawn = f'<a href="{escape(row.link)}" class="bar-link">{drawn}</a>'
        parts.append(drawn)
        if row.target:
            mark = label_width + bar_width * row.target / scale
            parts.append(f'<rect x="{mark - 1:.1f}" y="{y}" width="3" height="20" fill="{AMBER}"/>')
        shown = number(row.value) + (f" / {number(row.target)}" if row.target else "")
        parts.append(
            f'<text x="{label_width + bar_width + 6}" y="{y + 15}" font-size="12" '
            f'fill="#222">{escape(shown)}</text>'
        )
    described = "; ".join(
        f"{r.label}: {number(r.value)}" + (f" dari target {number(r.target)}" if r.target else "")
        for r in rows
    )
    return _svg(width, height, title, described or "Belum ada data.", "".join(parts))


# "Jan" ... "Des": the month names' one home is sync/indonesian.py.
SHORT_MONTHS = tuple(name[:3] for name in indonesian.MONTHS)


def pace(*, monthly: Sequence[int], target: int, through_month: int, title: str) -> Markup:
    """People trained to date, month by month (bars of the running total), against the pace the
    year's target needs (a straight line from 0 in January to the target in December).
    ``through_month``: months after it are not drawn (the future)."""
    width, height, left, bottom = 640, 220, 60, 190
    plot_width, plot_height = width - left - 10, bottom - 10
    running, total = [], 0
    for value in monthly:
        total += value
        running.append(total)
    scale = max([1, target, *running])
    step = plot_width / 12
    parts = [f'<line x1="{left}" y1="{bottom}" x2="{width - 10}" y2="{bottom}" stroke="#888"/>']
    for index, value in enumerate(running):
        x = left + index * step
        parts.append(
            f'<text x="{x + step / 2:.1f}" y="{bottom + 16}" font-size="11" text-anchor="middle" '
            f'fill="#222">{SHORT_MONTHS[index]}</text>'
        )
        if index < through_month:
            bar = plot_height * value / scale
            parts.append(
                f'<rect x="{x + 4:.1f}" y="{bottom - bar:.1f}" width="{step - 8:.1f}" '
                f'height="{bar:.1f}" fill="{NAVY}"/>'
            )
    if target > 0:
        parts.append(
            f'<line x1="{left}" y1="{bottom}" x2="{left + plot_width:.1f}" '
            f'y2="{bottom - plot_height * target / scale:.1f}" stroke="{AMBER}" '
            'stroke-width="2" stroke-dasharray="6 4"/>'
        )
    parts.append(
        f'<text x="{left - 6}" y="{bottom - plot_height + 4:.1f}" font-size="11" '
        f'text-anchor="end" fill="#222">{escape(number(scale))}</text>'
        f'<text x="{left - 6}" y="{bottom}" font-size="11" text-anchor="end" fill="#222">0</text>'
    )
    shown = running[:through_month]
    described = ", ".join(f"{SHORT_MONTHS[i]} {number(v)}" for i, v in enumerate(shown))
    if target > 0:
        described += f"; laju yang dibutuhkan: {number(target)} pada akhir tahun"
    return _svg(width, height, title, described or "Belum ada data.", "".join(parts))
