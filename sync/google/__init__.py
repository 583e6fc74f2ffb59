"""Google Sheets: the backend, sign-in, and the link parser."""

from sync.google.auth import login
from sync.google.backend import GoogleOptions, GoogleSheetsBackend
from sync.google_links import parse_spreadsheet_key

__all__ = ["GoogleOptions", "GoogleSheetsBackend", "login", "parse_spreadsheet_key"]
