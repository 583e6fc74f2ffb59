"""Google Sheets links and keys, as people paste them.

Kept apart from `sync.google`, which loads the Google client: opening an .xlsx file asks
whether its name is a link without importing gspread, and the Google backend builds its links
from the same patterns.
"""

from __future__ import annotations

import re

SHEET_LINK = re.compile(r"docs\.google\.com/spreadsheets/(?:u/\d+/)?d/([A-Za-z0-9_-]+)")
BARE_KEY = re.compile(r"[A-Za-z0-9_-]{25,}")


def parse_spreadsheet_key(target: str) -> str | None:
    """The spreadsheet key in a Google Sheets link or a bare key; None for anything else.

    >>> parse_spreadsheet_key("https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz/edit")
    '1AbCdEfGhIjKlMnOpQrStUvWxYz'
    """
    target = target.strip()
    if match := SHEET_LINK.search(target):
        return match.group(1)
    return target if BARE_KEY.fullmatch(target) else None


def spreadsheet_url(key: str) -> str:
    """The link that opens the spreadsheet with this key."""
    return f"https://docs.google.com/spreadsheets/d/{key}/edit"
