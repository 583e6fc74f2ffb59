"""The snapshot as one self-contained HTML page, its chart embedded as a PNG data URI.

Every word is escaped; printed, it fits one US-letter sheet. Easy to paste into an email.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape

from reports.exports.snapshot import text
from reports.exports.snapshot.charts import chart_png
from reports.exports.snapshot.content import SnapshotContent

STYLE = """
@page { size: letter; margin: 0.5in; }
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; max-width: 7.4in;
       margin: 0.4in auto; font-size: 10pt; }
h1 { font-size: 17pt; margin: 0; } .sub { color: #555; margin: 0 0 10px; }
h2 { font-size: 12pt; border-bottom: 1px solid #9aa9b8; margin: 14px 0 6px; }
.figures { display: flex; gap: 10px; }
.figures div { flex: 1; border: 1px solid #9aa9b8; padding: 6px 10px; }
.figures strong { display: block; font-size: 22pt; }
.figures span, .note, footer { color: #555; font-size: 8pt; }
img { width: 100%; }
"""


def render_html(content: SnapshotContent) -> str:
    """The whole snapshot as an HTML document."""
    title = text.title(content)
    chart_height = min(0.9 + 0.35 * max(len(content.priorities), 1), 3.0)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="sub">{escape(text.subtitle(content))}</p>',
        '<section class="figures">',
        *(
            f"<div><strong>{escape(value)}</strong><span>{escape(caption)}</span></div>"
            for value, caption in text.headline(content)
        ),
        "</section>",
        f"<h2>{escape(text.HEADINGS[0])}</h2>",
        _image(content, (7, chart_height)),
        *_paragraphs(text.priority_lines(content)),
        f"<h2>{escape(text.HEADINGS[1])}</h2>",
        *_paragraphs(text.seen_most_lines(content)),
        f"<h2>{escape(text.HEADINGS[2])}</h2>",
        *_paragraphs(text.focus_lines(content)),
        f"<h2>{escape(text.HEADINGS[3])}</h2>",
        *_paragraphs(text.feedback_lines(content)),
        f"<footer>{escape(text.footer(content))}</footer>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _paragraphs(lines: Sequence[str], css: str = "") -> list[str]:
    attribute = f' class="{css}"' if css else ""
    return [f"<p{attribute}>{escape(line)}</p>" for line in lines]


def _image(content: SnapshotContent, size: tuple[float, float]) -> str:
    data = base64.b64encode(chart_png(content, size)).decode("ascii")
    return f'<img alt="{escape(text.CHART_TITLE)}" src="data:image/png;base64,{data}">'
