"""The live-Excel backend passes the same contract suite as every other backend.

The suite's tests are taken as they are from `test_contract.py` and run here with a `make`
fixture that builds an `XlwingsBackend` over the xlwings stand-in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sync.excel_live import XlwingsBackend
from tests.fakes.xlwings_standin import Book, book_with
from tests.sync import test_contract as contract
from tests.sync.test_contract import Harness, Sheets


def xlwings_harness(sheets: Sheets, tmp_path: Path) -> Harness:
    book = book_with(sheets)
    saved: dict[str, Book] = {}
    add_book = book.app.books.add

    def add_and_remember() -> Book:
        new = add_book()
        original_save = new.save

        def save(path: str | None = None, password: str | None = None) -> None:
            original_save(path)
            saved[str(path)] = new

        new.save = save  # type: ignore[method-assign]
        return new

    book.app.books.add = add_and_remember  # type: ignore[method-assign]
    return Harness(
        XlwingsBackend(book),
        "C:\\Schools\\De-identified copy.xlsx",
        lambda location: XlwingsBackend(saved[location]),
    )


@pytest.fixture
def make(tmp_path: Path) -> Callable[[Sheets], Harness]:
    return lambda sheets: xlwings_harness(sheets, tmp_path)


CONTRACT_TESTS = [name for name in dir(contract) if name.startswith("test_")]
globals().update({name: getattr(contract, name) for name in CONTRACT_TESTS})
