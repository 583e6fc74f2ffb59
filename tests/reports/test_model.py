"""The output model refuses a table whose cells do not fit their columns' formats."""

from __future__ import annotations

import datetime as dt

import pytest

from reports.model import HIDDEN, Cell, Format, Link, OutputTab, fits_format, table

VISITS_COLUMNS = (("Teacher", Format.TEXT), ("Last Visit", Format.DATE), ("Visits", Format.INTEGER))


def visits_tab(*rows: tuple[Cell, ...]) -> OutputTab:
    return OutputTab("Coverage", "Coverage", (table("teachers", VISITS_COLUMNS, rows),))


def test_cells_that_fit_their_columns_make_a_tab() -> None:
    tab = visits_tab(("Avery Quill", dt.date(2026, 11, 3), 4), ("Blair Stone", None, HIDDEN))
    assert tab.table("teachers").rows[1] == ("Blair Stone", None, "*")


def test_two_swapped_columns_stop_the_tab_naming_where_without_the_value() -> None:
    with pytest.raises(ValueError, match="teachers") as raised:
        visits_tab(("Avery Quill", dt.date(2026, 11, 3), 4), (dt.date(2026, 11, 4), "Blair", 2))
    message = str(raised.value)
    assert message == (
        "tab 'Coverage', table 'teachers', row 2, column 'Teacher': a text column holds a date"
    )
    assert "Blair" not in message  # exceptions never carry what a person typed


@pytest.mark.parametrize(
    ("value", "column_format", "fits"),
    [
        ("text", Format.TEXT, True),
        (3, Format.TEXT, False),
        (Link("Walkthroughs", "Walkthroughs", 2, 1), Format.TEXT, True),
        (1234, Format.INTEGER, True),
        (1.5, Format.INTEGER, False),
        (True, Format.INTEGER, False),
        ("12", Format.INTEGER, False),
        (HIDDEN, Format.INTEGER, True),
        (Link("12", "Walkthroughs", 12, 3), Format.INTEGER, True),
        (Link("Roster", "Roster", 2, 1), Format.INTEGER, False),
        (1.25, Format.DECIMAL, True),
        (0.875, Format.PERCENT, True),
        (1, Format.PERCENT, True),
        (87.5, Format.PERCENT, False),
        (-0.1, Format.PERCENT, False),
        (float("nan"), Format.PERCENT, False),
        (dt.date(2026, 11, 3), Format.DATE, True),
        (dt.datetime(2026, 11, 3, 9, 40), Format.DATE, False),
        (dt.datetime(2026, 11, 3, 9, 40), Format.DATETIME, True),
        (dt.time(9, 40), Format.TIME, True),
        ("09:40", Format.TIME, False),
    ],
)
def test_what_each_format_holds(value: Cell, column_format: Format, fits: bool) -> None:
    assert fits_format(value, column_format) is fits
    assert fits_format(None, column_format)  # a blank fits every column
