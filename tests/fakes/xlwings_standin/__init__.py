"""A stand-in for a workbook open in Excel, following xlwings' documented object model.

Excel cannot run on Linux, so the live-Excel backend and the Refresh entry point are tested
against this. It mirrors the public signatures of `xlwings.main` (App, Book, Sheets, Sheet,
Range, Names, Name, Charts, Chart, Font, ConditionalFormats, FreezePanes) and, where it
matters to us, how Excel treats what is written:

- a string written into a cell is read the way Excel reads typed input: `=...` becomes a
  formula, `007` becomes the number 7, `TRUE` a boolean, `2026-01-05` a date, and a leading
  apostrophe keeps the rest as text (the apostrophe itself is not part of the value);
- numbers read back as floats and empty cells as `None`, as xlwings returns them;
- `api` has no native (COM) object behind it, like a platform where a Windows-only call is
  unavailable: any attribute on it raises `AttributeError`.

It also counts reads and writes of cell values, so tests can hold the backend to one read
per tab and one write per output tab.
"""

from tests.fakes.xlwings_standin.book import App, Book, Books, Name, Names, Sheet, Sheets, book_with
from tests.fakes.xlwings_standin.cells import (
    EXCEL_DAY_ZERO,
    POINTS_PER_COLUMN,
    POINTS_PER_ROW,
    ConditionalFormats,
    Font,
    FreezePanes,
    Range,
    typed_into_excel,
)
from tests.fakes.xlwings_standin.charts import CHART_TYPES, Chart, Charts
from tests.fakes.xlwings_standin.store import (
    CellStore,
    ChartStore,
    Counters,
    NameStore,
    NoNativeApi,
    SheetStore,
)

__all__ = [
    "CHART_TYPES",
    "EXCEL_DAY_ZERO",
    "POINTS_PER_COLUMN",
    "POINTS_PER_ROW",
    "App",
    "Book",
    "Books",
    "CellStore",
    "Chart",
    "ChartStore",
    "Charts",
    "ConditionalFormats",
    "Counters",
    "Font",
    "FreezePanes",
    "Name",
    "NameStore",
    "Names",
    "NoNativeApi",
    "Range",
    "Sheet",
    "SheetStore",
    "Sheets",
    "book_with",
    "typed_into_excel",
]
