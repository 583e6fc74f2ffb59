"""Shared test set-up: the project root on sys.path, the LibreOffice skip, and the in-process
Sheets API that the Google Sheets tests talk to."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from tests.fakes.sheets_api import FakeSheetsApi


@pytest.fixture
def soffice() -> str:
    """The LibreOffice command; the test is skipped, saying why, when it is not installed."""
    from tests.libreoffice import soffice as find_soffice

    return find_soffice()


@pytest.fixture
def api() -> Iterator[FakeSheetsApi]:
    """A fresh in-process Sheets API; the test fails if any request broke Google's schema."""
    from tests.fakes.sheets_api import FakeSheetsApi

    api = FakeSheetsApi()
    yield api
    api.assert_clean()
