"""Fitting text into a box: wrap up to a number of lines, then shrink until it fits.

Shared by certificates and the daftar hadir: a long name with titles ("Prof. Dr. Ir. Hj. ...,
S.H., M.H., M.Si.") must get smaller inside its box, never run over the border or the next
column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Measure = Callable[[str, float], float]  # (text, size in points) -> width in points


@dataclass(frozen=True, slots=True)
class TextLayout:
    size: float
    lines: tuple[str, ...]
    widths: tuple[float, ...]  # points, of each line as drawn


def _wrap(measure: Measure, text: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if current and measure(candidate, size) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


def fit_lines(
    text: str,
    *,
    measure: Measure,
    extent: float,
    width: float,
    height: float,
    size: float,
    max_lines: int = 1,
    line_height: float = 1.2,
) -> TextLayout:
    """The largest size up to ``size`` at which ``text`` fits ``width`` x ``height`` points.

    ``extent`` is the font's ascent minus its descent per point of size, so accents and
    descenders stay inside the box too.
    """

    def block_height(at: float, count: int) -> float:
        return extent * at + (count - 1) * line_height * at

    def single_line() -> TextLayout:
        line = " ".join(text.split())
        unit = measure(line, 1.0)
        at = min(size, height / extent)
        if unit > 0:
            at = min(at, width / unit)
        return TextLayout(at, (line,), (measure(line, at),))

    if max_lines == 1:
        return single_line()

    def attempt(at: float) -> list[str] | None:
        lines = _wrap(measure, text, at, width)
        if len(lines) > max_lines or block_height(at, len(lines)) > height:
            return None
        if any(measure(line, at) > width for line in lines):
            return None
        return lines

    lines = attempt(size)
    chosen = size
    if lines is None:
        low, high = 0.0, size
        for _ in range(16):  # bisection to ~0.002 pt: fits at ``low``, not at ``high``
            middle = (low + high) / 2
            found = attempt(middle)
            if found is None:
                high = middle
            else:
                low, lines = middle, found
        if lines is None:  # not even tiny text fits in max_lines lines: one shrunk line
            return single_line()
        chosen = low
    return TextLayout(chosen, tuple(lines), tuple(measure(line, chosen) for line in lines))
