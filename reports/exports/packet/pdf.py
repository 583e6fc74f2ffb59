"""The packet as a two-page PDF: matplotlib figures laid out as US-letter pages.

Text is embedded as TrueType (not Type 3) so it can be searched, copied and read by
screen readers and `pdftotext`.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from reports.exports.packet import text
from reports.exports.packet.charts import draw_loop, draw_priorities, draw_roles
from reports.exports.packet.content import PacketContent

WIDTH, HEIGHT = 8.5, 11.0  # inches
MARGIN = 0.6
INK, MUTED, RULE = "#1a1a1a", "#555555", "#9aa9b8"
TEXT = {"va": "top", "color": INK}
CHARS_PER_INCH = 15.5  # 8-point text, for wrapping
LOOP_CHARTS = 1.9  # inches: the first page's two charts, short enough for the Roadmap to fit


class Page:
    """A page written top to bottom; `at` is the distance from the top edge in inches."""

    def __init__(self) -> None:
        self.figure = Figure(figsize=(WIDTH, HEIGHT))
        self.at = MARGIN

    def _y(self, inches_from_top: float) -> float:
        return 1 - inches_from_top / HEIGHT

    def write(self, words: str, size: float = 9, x: float = MARGIN, **style: Any) -> None:
        """One line of text at the cursor; the cursor moves down by the line's height."""
        self.figure.text(x / WIDTH, self._y(self.at), words, **{**TEXT, "fontsize": size, **style})
        self.at += size / 72 * 1.45

    def heading(self, words: str) -> None:
        self.at += 0.12
        self.write(words, 12, fontweight="bold")
        line = self._y(self.at - 0.02)
        self.figure.add_artist(
            Line2D([MARGIN / WIDTH, 1 - MARGIN / WIDTH], [line, line], color=RULE, lw=0.8)
        )
        self.at += 0.06

    def paragraph(self, lines: Sequence[str], size: float = 9) -> None:
        width = int((WIDTH - 2 * MARGIN) * CHARS_PER_INCH * 8 / size)
        for line in lines:
            for part in textwrap.wrap(line, width) or [""]:
                self.write(part, size)

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> None:
        """Columns of the given widths (inches); long cells wrap within their column."""
        self._row(headers, widths, fontweight="bold")
        for row in rows:
            self._row(row, widths)

    def _row(self, cells: Sequence[str], widths: Sequence[float], **style: Any) -> None:
        wrapped = [
            textwrap.wrap(str(cell), max(int(width * CHARS_PER_INCH), 4)) or [""]
            for cell, width in zip(cells, widths, strict=True)
        ]
        top = self.at
        x = MARGIN
        for lines, width in zip(wrapped, widths, strict=True):
            self.at = top
            for line in lines:
                self.write(line, 8, x=x, **style)
            x += width
        self.at = top + max(len(lines) for lines in wrapped) * 8 / 72 * 1.45 + 0.04

    def chart(
        self,
        draw: Callable[[Axes, PacketContent], None],
        content: PacketContent,
        height: float,
        left: float = MARGIN,
        width: float = WIDTH - 2 * MARGIN,
    ) -> None:
        """A chart below the cursor; the caller moves the cursor (charts may sit side by side)."""
        bottom = HEIGHT - self.at - height
        ax = self.figure.add_axes(
            (
                (left + 0.45) / WIDTH,
                (bottom + 0.35) / HEIGHT,
                (width - 0.55) / WIDTH,
                (height - 0.65) / HEIGHT,
            )
        )
        draw(ax, content)

    def box(self, height: float) -> tuple[float, float]:
        """A ruled box below the cursor; returns its top and bottom (inches from top)."""
        top = self.at
        self.figure.add_artist(
            Rectangle(
                (MARGIN / WIDTH, self._y(top + height)),
                (WIDTH - 2 * MARGIN) / WIDTH,
                height / HEIGHT,
                fill=False,
                edgecolor=RULE,
                lw=1,
            )
        )
        return top, top + height


def first_page(content: PacketContent) -> Figure:
    page = Page()
    page.write(text.TITLE, 18, fontweight="bold")
    page.write(text.subtitle(content), 10, color=MUTED)
    page.at += 0.1
    items = text.agenda(content)
    top, bottom = page.box(1.75)
    page.at = top + 0.1
    page.write("Agenda", 11, x=MARGIN + 0.15, fontweight="bold")
    size = min(9, 1.4 / len(items) * 72 / 1.45)  # a longer agenda is written smaller to fit
    for number, item in enumerate(items, start=1):
        page.write(f"{number}. {item}", size, x=MARGIN + 0.25)
    plus_delta_top = top + 0.35
    for label, x in (("Plus", 4.1), ("Delta", 6.05)):
        page.at = plus_delta_top
        page.write(label, 9, x=x, fontweight="bold")
        page.figure.add_artist(
            Rectangle(
                (x / WIDTH, page._y(bottom - 0.12)),
                1.8 / WIDTH,
                (bottom - 0.12 - plus_delta_top - 0.2) / HEIGHT,
                fill=False,
                edgecolor=RULE,
                lw=0.8,
            )
        )
    page.at = bottom + 0.05

    page.heading("Coverage and pace")
    page.paragraph(text.coverage_lines(content))
    page.heading("Feedback loop")
    page.paragraph(text.loop_lines(content))
    page.at += 0.05
    half = (WIDTH - 2 * MARGIN) / 2
    page.chart(draw_loop, content, LOOP_CHARTS, MARGIN, half)
    page.chart(draw_roles, content, LOOP_CHARTS, MARGIN + half, half)
    page.at += LOOP_CHARTS
    page.heading("Roadmap: where the team stands")
    page.table(text.ROADMAP_HEADERS, text.roadmap_rows(content), (1.2, 2.4, 3.7))
    page.at = HEIGHT - MARGIN
    page.write(text.FOOTER, 7, color=MUTED)
    return page.figure


def second_page(content: PacketContent) -> Figure:
    page = Page()
    page.heading("Priority look-fors")
    page.chart(draw_priorities, content, 2.9)
    page.at += 2.9
    page.paragraph(text.priority_lines(content), 8)

    page.heading("Improvement cycles")
    rows = text.cycle_rows(content)
    if rows:
        page.table(text.CYCLE_HEADERS, rows, (1.8, 0.7, 1.2, 0.8, 0.8, 2.0))
    else:
        page.paragraph(["No improvement cycles on the Cycles tab yet."])
    page.paragraph([content.cycle_rule], 7)

    page.heading("PL needs (de-identified)")
    headers, pl_rows, note = text.pl_rows(content)
    if headers:
        page.table(headers, pl_rows, [7.3 / len(headers)] * len(headers))
    if note:
        page.paragraph([note], 8)
    page.paragraph([text.follows_line(content)], 8)
    lines, rows = text.results_section(content)
    if lines:
        page.heading("Results beside the walkthroughs")
        page.paragraph(lines, 8)
        if rows:
            page.table(text.RESULTS_HEADERS, rows, (3.1, 1.4, 1.4, 1.4))
    page.at = HEIGHT - MARGIN
    page.write(text.FOOTER, 7, color=MUTED)
    return page.figure


def pdf_bytes(content: PacketContent) -> bytes:
    """The two pages as one PDF document."""
    document = io.BytesIO()
    with (
        matplotlib.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans"}),
        PdfPages(document, metadata={"Title": text.TITLE, "Creator": "ILR Sheets"}) as pdf,
    ):
        for figure in (first_page(content), second_page(content)):
            pdf.savefig(figure)
    return document.getvalue()
