"""The snapshot as one US-letter page of PDF, laid out with the packet's `Page`.

Text is embedded as TrueType, so it can be searched, copied and read by screen readers and
`pdftotext`.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from reports.exports.packet.pdf import CHARS_PER_INCH, HEIGHT, MARGIN, MUTED, RULE, WIDTH, Page
from reports.exports.snapshot import text
from reports.exports.snapshot.charts import draw_priority_shares
from reports.exports.snapshot.content import SnapshotContent

FOCUS_LINES = 8  # a longer Staff Focus is cut here, so the page stays one page
BOX_HEIGHT = 0.95
ROW_INCHES = 0.5  # the chart's height per Priority look-for
CHART_MOST = 3.4
LEGEND = 1.0  # inches right of the chart for its legend


BODY_SIZES = (9.0, 8.0, 7.0)  # points, tried in turn until the page fits
FOOTER_TOP = HEIGHT - MARGIN - 0.1  # inches from the top


def snapshot_page(content: SnapshotContent) -> Figure:
    """The page: everything that fits above the footer (`fitted`), then the footer."""
    page = fitted(content)
    page.at = HEIGHT - MARGIN
    page.write(text.footer(content), 7, color=MUTED)
    return page.figure


def fitted(content: SnapshotContent) -> Page:
    """The page laid out at the largest body text that fits above the footer; when even the
    smallest does not (many Priority look-fors), the last look-fors' sentences give way to
    one line, the chart still showing them all. Never a second page."""
    sentences = len(content.priorities)
    tries = [(body, sentences) for body in BODY_SIZES]
    tries += [(BODY_SIZES[-1], shown) for shown in range(sentences - 1, -1, -1)]
    for body, shown in tries:
        page = laid_out(content, body, shown)
        if page.at <= FOOTER_TOP:
            break
    return page


def laid_out(content: SnapshotContent, body: float, sentences: int | None = None) -> Page:
    """Everything but the footer, with `body`-point text and the first `sentences` Priority
    look-fors' sentences (all by default); the cursor ends below the last line."""
    page = Page()
    page.write(text.title(content), 17, fontweight="bold")
    for line in textwrap.wrap(text.subtitle(content), int((WIDTH - 2 * MARGIN) * 13)):
        page.write(line, 9.5, color=MUTED)
    page.at += 0.12
    _headline(page, content)
    page.heading(text.HEADINGS[0])
    rows = max(len(content.priorities), 1)
    height = min(1.0 + ROW_INCHES * rows, CHART_MOST) * body / BODY_SIZES[0]
    _chart(page, content, height)
    page.at += height
    page.paragraph(text.priority_lines(content, sentences), body)
    page.heading(text.HEADINGS[1])
    page.paragraph(text.seen_most_lines(content), body)
    page.heading(text.HEADINGS[2])
    page.paragraph(_cut(text.focus_lines(content), FOCUS_LINES, body + 1), body + 1)
    page.heading(text.HEADINGS[3])
    page.paragraph(text.feedback_lines(content), body + 1)
    return page


def _headline(page: Page, content: SnapshotContent) -> None:
    """The three big figures side by side, each in a ruled box."""
    figures = text.headline(content)
    gap = 0.15
    width = (WIDTH - 2 * MARGIN - gap * (len(figures) - 1)) / len(figures)
    top = page.at
    for number, (value, caption) in enumerate(figures):
        left = MARGIN + number * (width + gap)
        page.figure.add_artist(
            Rectangle(
                (left / WIDTH, 1 - (top + BOX_HEIGHT) / HEIGHT),
                width / WIDTH,
                BOX_HEIGHT / HEIGHT,
                fill=False,
                edgecolor=RULE,
                lw=1,
            )
        )
        page.at = top + 0.1
        page.write(value, 22, x=left + 0.12, fontweight="bold")
        for line in textwrap.wrap(caption, int((width - 0.2) * CHARS_PER_INCH)):
            page.write(line, 8, x=left + 0.12, color=MUTED)
    page.at = top + BOX_HEIGHT + 0.05


def _chart(page: Page, content: SnapshotContent, height: float) -> None:
    bottom = HEIGHT - page.at - height
    ax = page.figure.add_axes(
        (
            (MARGIN + 0.5) / WIDTH,
            (bottom + 0.3) / HEIGHT,
            (WIDTH - 2 * MARGIN - LEGEND - 0.5) / WIDTH,
            (height - 0.55) / HEIGHT,
        )
    )
    draw_priority_shares(ax, content)


def _cut(lines: list[str], most: int, size: float) -> list[str]:
    """At most `most` wrapped lines of `size`-point text, the last ending in an ellipsis."""
    width = int((WIDTH - 2 * MARGIN) * CHARS_PER_INCH * 8 / size)
    wrapped = [part for line in lines for part in textwrap.wrap(line, width) or [""]]
    if len(wrapped) <= most:
        return wrapped
    return [*wrapped[: most - 1], wrapped[most - 1].rstrip(" .,;") + " …"]


def pdf_bytes(content: SnapshotContent) -> bytes:
    """The page as a one-page PDF document."""
    document = io.BytesIO()
    with (
        matplotlib.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans"}),
        PdfPages(document, metadata={"Title": text.title(content), "Creator": "ILR Sheets"}) as pdf,
    ):
        pdf.savefig(snapshot_page(content))
    return document.getvalue()
