"""Test doubles that speak real protocols: the Google Sheets API, served in-process."""
