"""Cell values between Python and a workbook open in Excel, through xlwings.

Writing: Excel reads a string written through xlwings exactly as if a person had typed it, so
`=SUM(A1)` becomes a formula, a room `007` becomes the number 7, `3-4` may become a date and
`TRUE` a boolean. Every text value therefore goes in behind Excel's text prefix, the
apostrophe a person types to keep `'007` as text: Excel stores the characters after it as
text, shows them without the apostrophe, and hands them back without it. This is what Excel
itself shows for typed text, in every cell, whatever its number format. (Setting the number
format to `@` first would also stop formulas, but it takes one extra call per cell, leaves the
cell flagged "number stored as text" for numbers, and does not survive a later re-format.)

Reading: xlwings gives every number as a float, every date as a datetime and a time of day
as a datetime on Excel's day zero; the file backend (calamine) gives whole numbers as `int`,
dates as `date` and times as `time`, so those are folded the same way here and the schema sees
one shape of value from every backend. (A date-and-time cell exactly at midnight reads as a
date here; the schema takes either.)
"""

from __future__ import annotations

import datetime as dt

from reports.layout import cell_name
from reports.model import Link
from sync.backend import RawCell

TEXT_PREFIX = "'"
# Excel's day zero for times without a date (1900 date system), and the Mac 1904 one.
_TIME_ONLY_DAYS = (dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1904, 1, 1))
# Excel rejects a string longer than this inside a formula; longer link text is written plain.
MAX_FORMULA_STRING = 255

ExcelValue = str | int | float | bool | dt.datetime | None


def to_excel(value: object) -> ExcelValue:
    """The value to hand to xlwings so Excel stores exactly `value`."""
    if value is None:
        return None
    if isinstance(value, Link):
        return link_formula(value)
    if isinstance(value, str):
        return TEXT_PREFIX + value if value else None
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, dt.time):
        # A time of day is a fraction of a day in Excel; the column's format shows it.
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return seconds / 86400
    return TEXT_PREFIX + str(value)


def link_formula(link: Link) -> str:
    """A `HYPERLINK` formula that jumps to the linked cell and shows the link's text.

    The formula is the tool's own; the text inside it is a string literal (quotes doubled),
    so nothing a person typed is ever evaluated.
    """
    if len(link.text) > MAX_FORMULA_STRING:
        return TEXT_PREFIX + link.text
    sheet = "'" + link.tab.replace("'", "''") + "'"
    target = f"#{sheet}!{cell_name(link.row, link.column)}".replace('"', '""')
    text = link.text.replace('"', '""')
    return f'=HYPERLINK("{target}","{text}")'


def from_excel(value: object) -> RawCell:
    """A value as xlwings read it, folded to the shape the file backends give."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime):
        if value.date() in _TIME_ONLY_DAYS:
            return value.time()
        if value.time() == dt.time(0, 0):
            return value.date()
        return value.replace(tzinfo=None)
    if value is None or isinstance(value, str | int | float | bool | dt.date | dt.time):
        return value
    return str(value)
