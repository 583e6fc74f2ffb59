"""The staff snapshot: one printable page of what the leaders saw, for the whole staff.

    month = snapshot_month(book)                      # the last full month
    data = snapshot_bytes(book, month, PacketFormat.PDF)

Classrooms visited and visits, the Priority look-fors this month against last month and the
start of the year, what was seen most, the focus next and the feedback loop in plain words.
Whole-staff figures only, under the disclosure rules of every shared output (docs/design.md,
The staff snapshot): nothing in it names or points at a teacher, observer, room or small
group. Drawn as bytes; whoever asked for it writes the file.
"""

from __future__ import annotations

import datetime as dt

from reports.exports.packet import PacketFormat
from reports.exports.snapshot.content import snapshot_content, snapshot_month
from sheets_templates.book import Book

__all__ = ["PacketFormat", "snapshot_bytes", "snapshot_month"]


def snapshot_bytes(book: Book, month: dt.date, format: PacketFormat) -> bytes:
    """The snapshot of the month holding `month`: a one-page PDF, or an HTML page in UTF-8."""
    content = snapshot_content(book, month)
    if format is PacketFormat.PDF:
        from reports.exports.snapshot.pdf import pdf_bytes

        return pdf_bytes(content)
    from reports.exports.snapshot.html import render_html

    return render_html(content).encode("utf-8")
