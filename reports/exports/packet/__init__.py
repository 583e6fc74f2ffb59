"""The ILT meeting packet: a two-page printable summary, as PDF or HTML.

    write_packet(book, Path("packet.pdf"))

Coverage and pace, the feedback loop, the Priority look-fors chart, improvement cycles, the
Roadmap, the de-identified PL needs, and an agenda box with plus/delta left blank to fill in.
Team figures only: nothing in it names a teacher.
"""

from __future__ import annotations

from pathlib import Path

from reports.exports.packet.content import PacketContent, packet_content
from sheets_templates.book import Book
from sheets_templates.errors import UsageError

FORMATS = (".pdf", ".html", ".htm")


def write_packet(book: Book, path: Path) -> PacketContent:
    """Write the packet to `path`; the suffix picks the format (.pdf, .html).

    Raises UsageError for another suffix or a file that cannot be written.
    """
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(
            f"Cannot write a packet as '{path.name}': end the file name in .pdf or .html."
        )
    content = packet_content(book)
    try:
        if suffix == ".pdf":
            from reports.exports.packet.pdf import write_pdf

            write_pdf(content, path)
        else:
            from reports.exports.packet.html import render_html

            path.write_text(render_html(content), encoding="utf-8")
    except OSError as error:
        raise UsageError(
            f"Cannot write the packet to {path}: check the folder exists and is writable."
        ) from error
    return content
