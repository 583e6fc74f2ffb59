"""Shared test set-up: the project root on sys.path, and the LibreOffice skip."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def soffice() -> str:
    """The LibreOffice command; the test is skipped, saying why, when it is not installed."""
    from tests.libreoffice import soffice as find_soffice

    return find_soffice()
