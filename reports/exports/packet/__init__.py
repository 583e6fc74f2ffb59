"""The ILT meeting packet: a two-page printable summary, as PDF or HTML.

    data = packet_bytes(book, PacketFormat.for_file(Path("packet.pdf")))

Coverage and pace, the feedback loop, the Priority look-fors chart, improvement cycles, the
Roadmap, the de-identified PL needs, and an agenda box with plus/delta left blank to fill in.
Team figures only: nothing in it names a teacher. The packet is drawn as bytes; whoever asked
for it writes the file.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import PurePath

from reports.exports.packet.content import packet_content
from sheets_templates.book import Book
from sheets_templates.errors import UsageError


class PacketFormat(StrEnum):
    PDF = "pdf"
    HTML = "html"

    @classmethod
    def for_file(cls, path: PurePath, document: str = "a packet") -> PacketFormat:
        """The format a file name asks for (.pdf, .html or .htm), for the packet or another
        printable `document`. Raises `UsageError`."""
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            return cls.PDF
        if suffix in (".html", ".htm"):
            return cls.HTML
        raise UsageError(
            f"Cannot write {document} as '{path.name}': end the file name in .pdf or .html."
        )


def packet_bytes(book: Book, format: PacketFormat) -> bytes:
    """The packet drawn from `book`: a PDF document, or an HTML page in UTF-8."""
    content = packet_content(book)
    if format is PacketFormat.PDF:
        from reports.exports.packet.pdf import pdf_bytes

        return pdf_bytes(content)
    from reports.exports.packet.html import render_html

    return render_html(content).encode("utf-8")
