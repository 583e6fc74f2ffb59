"""The packet as one self-contained HTML page, charts embedded as PNG data URIs.

Every word a person typed is escaped; the page prints on two sheets (the second section starts
a new page).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape

from reports.exports.packet import text
from reports.exports.packet.charts import chart_png
from reports.exports.packet.content import PacketContent

STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; max-width: 7.4in;
       margin: 0.5in auto; font-size: 10pt; }
h1 { font-size: 18pt; margin: 0; } .sub { color: #555; margin: 0 0 10px; }
h2 { font-size: 12pt; border-bottom: 1px solid #9aa9b8; margin: 16px 0 6px; }
.agenda { border: 1px solid #9aa9b8; padding: 8px 12px; display: flex; gap: 16px; }
.agenda ol { margin: 4px 0 0 18px; padding: 0; flex: 1; }
.pd { flex: 0 0 1.8in; } .pd div { border: 1px solid #9aa9b8; height: 1.3in; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
th, td { text-align: left; vertical-align: top; padding: 2px 6px 2px 0; }
th { border-bottom: 1px solid #9aa9b8; }
img { width: 100%; } .pair { display: flex; gap: 8px; } .pair img { width: 50%; }
.note, footer { color: #555; font-size: 8pt; }
.page2 { break-before: page; }
"""


def render_html(content: PacketContent) -> str:
    """The whole packet as an HTML document."""
    headers, pl_rows, pl_note = text.pl_rows(content)
    cycles = text.cycle_rows(content)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(text.TITLE)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(text.TITLE)}</h1>",
        f'<p class="sub">{escape(text.subtitle(content))}</p>',
        '<section class="agenda"><div style="flex:1"><strong>Agenda</strong><ol>',
        *(f"<li>{escape(item)}</li>" for item in text.agenda(content)),
        "</ol></div>",
        '<div class="pd"><strong>Plus</strong><div></div></div>',
        '<div class="pd"><strong>Delta</strong><div></div></div></section>',
        "<h2>Coverage and pace</h2>",
        *_paragraphs(text.coverage_lines(content)),
        "<h2>Feedback loop</h2>",
        *_paragraphs(text.loop_lines(content)),
        '<div class="pair">',
        _image(content, "loop", "Feedback loop by month"),
        _image(content, "roles", "Conversation roles by month"),
        "</div>",
        "<h2>Roadmap: where the team stands</h2>",
        _table(text.ROADMAP_HEADERS, text.roadmap_rows(content)),
        '<section class="page2"><h2>Priority look-fors</h2>',
        _image(content, "priorities", "Priority look-fors: share of visits by week", (7, 2.8)),
        *_paragraphs(text.priority_lines(content), "note"),
        "<h2>Improvement cycles</h2>",
        _table(text.CYCLE_HEADERS, cycles)
        if cycles
        else "<p>No improvement cycles on the Cycles tab yet.</p>",
        *_paragraphs([content.cycle_rule], "note"),
        "<h2>PL needs (de-identified)</h2>",
        _table(headers, pl_rows) if headers else "",
        *_paragraphs([pl_note] if pl_note else [], "note"),
        *_paragraphs([text.follows_line(content)]),
        *_results(content),
        f"<footer>{escape(text.FOOTER)}</footer></section>",
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part)


def _results(content: PacketContent) -> list[str]:
    lines, rows = text.results_section(content)
    if not lines:
        return []
    return [
        "<h2>Results beside the walkthroughs</h2>",
        *_paragraphs(lines, "note"),
        _table(text.RESULTS_HEADERS, rows) if rows else "",
    ]


def _paragraphs(lines: Sequence[str], css: str = "") -> list[str]:
    attribute = f' class="{css}"' if css else ""
    return [f"<p{attribute}>{escape(line)}</p>" for line in lines]


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _image(
    content: PacketContent, chart: str, alt: str, size: tuple[float, float] = (3.6, 2.6)
) -> str:
    data = base64.b64encode(chart_png(chart, content, size)).decode("ascii")
    return f'<img alt="{escape(alt)}" src="data:image/png;base64,{data}">'
