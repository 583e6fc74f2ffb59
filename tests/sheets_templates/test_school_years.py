"""docs/design.md, School year of a row: earlier school years are history, rows after as-of
wait for a later day, and neither floods the Issues tab."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reports.model import Note
from reports.tabs.issues import check_stats
from reports.tabs.summary import summary_tab
from sheets_templates.book import Book
from sheets_templates.calendar import school_year_of, year_label
from sheets_templates.findings import Severity
from tests.builders import make_book, teacher, visit

ROSTER = [teacher("T1", "Ana Ortiz"), teacher("T2", "Bo Li")]
AS_OF = "2026-11-20"  # the school year runs 2026-08-17 to 2027-06-11


def three_years() -> list[dict[str, object]]:
    """Two earlier school years with faults planted in each, then this year's visits."""
    return [
        visit("2024-09-10", "09:00", "Obs A", "T1"),
        visit("2024-09-11", "09:00", "Obs A", "Cy Gone"),  # left the school since
        visit("2025-03-02", "10:00", "Obs A", "T2"),
        visit("2025-08-18", "09:00", "Obs A", "T1"),  # 2025-26 begins on Aug 17
        visit("2025-10-01", "09:00", "", "T2"),
        visit("2026-05-05", "09:00", "Obs B", "Cy Gone"),
        visit("2026-06-01", "09:00", "Obs B", "Cy Gone"),
        visit("2026-11-16", "10:15", "Obs A", "T1"),
        visit("2026-11-17", "10:15", "Obs B", "T2"),
    ]


def test_each_earlier_year_is_one_info_line_that_counts_its_faults() -> None:
    book = make_book(as_of=AS_OF, roster=ROSTER, walkthroughs=three_years())
    assert [(f.severity, f.code, f.row, f.problem) for f in book.findings] == [
        (
            Severity.INFO,
            "earlier-year",
            2,
            "3 rows from 2024-25 kept as history, left out of this year's figures; faults in "
            "them: unknown teacher (1)",
        ),
        (
            Severity.INFO,
            "earlier-year",
            5,
            "4 rows from 2025-26 kept as history, left out of this year's figures; faults in "
            "them: unknown teacher (2), no observer (1)",
        ),
    ]


def test_history_rows_are_kept_apart_from_this_years_figures() -> None:
    visits = make_book(as_of=AS_OF, roster=ROSTER, walkthroughs=three_years()).walkthroughs
    assert visits["school_year"].tolist() == [2024, 2024, 2024, 2025, 2025, 2025, 2025, 2026, 2026]
    assert visits["valid"].tolist() == [False] * 7 + [True, True]
    # Last year's sound rows, for comparing with last year: no unknown teacher, an observer.
    assert visits.loc[visits["history"], "row"].tolist() == [2, 4, 5]


def test_history_is_not_counted_as_rows_with_errors() -> None:
    stats = check_stats(make_book(as_of=AS_OF, roster=ROSTER, walkthroughs=three_years()))
    assert (stats.errors, stats.warnings, stats.rows_clean) == (0, 0, 1.0)


def test_a_school_year_runs_from_the_month_and_day_of_school_year_start() -> None:
    days = pd.Series(pd.to_datetime(["2025-08-16", "2025-08-17", "2026-08-16", None]))
    years = school_year_of(days, dt.date(2026, 8, 17))
    assert years.tolist() == [2024, 2025, 2025, pd.NA]
    assert [year_label(y) for y in (2024, 2099)] == ["2024-25", "2099-00"]


def test_looking_back_leaves_later_rows_out_in_one_line() -> None:
    later = [visit(f"2026-11-{day}", "10:15", "Obs A", "T1") for day in (23, 24, 25)]
    later.append(visit("2026-11-30", "10:15", "Obs A", "Nobody Known"))
    book = make_book(
        as_of=AS_OF,
        today="2026-12-04",
        roster=ROSTER,
        walkthroughs=[visit("2026-11-16", "10:15", "Obs A", "T1"), *later],
    )
    (line,) = book.findings
    assert (line.severity, line.code, line.row) == (Severity.INFO, "after-as-of", 3)
    assert line.problem == "4 rows after 2026-11-20 left out; faults in them: unknown teacher (1)"
    assert book.walkthroughs["valid"].tolist() == [True, False, False, False, False]


def test_a_date_after_today_is_still_a_typo_when_looking_back() -> None:
    book = make_book(
        as_of=AS_OF,
        today="2026-12-04",
        roster=ROSTER,
        walkthroughs=[
            visit("2026-11-16", "10:15", "Obs A", "T1"),
            visit("2026-12-14", "10:15", "Obs A", "T1"),
        ],
    )
    (typo,) = book.findings
    assert (typo.severity, typo.code, typo.row) == (Severity.ERROR, "date-in-future", 3)
    assert typo.problem == "after today (2026-12-04); this row is left out"


def test_without_looking_back_a_row_after_as_of_is_a_typo() -> None:
    book = make_book(
        as_of=AS_OF, roster=ROSTER, walkthroughs=[visit("2026-11-23", "10:15", "Obs A", "T1")]
    )
    assert [(f.code, f.problem) for f in book.findings] == [
        ("date-in-future", "after the as-of date 2026-11-20; this row is left out")
    ]


NO_YEAR = {"School Year Start": "", "School Year End": ""}


def test_without_settings_the_year_starts_after_the_logs_summer_break() -> None:
    visits = [
        visit("2026-05-20", "09:00", "Obs A", "T1"),
        visit("2026-06-09", "09:00", "Obs A", "T2"),
        visit("2026-08-19", "09:00", "Obs A", "T1"),  # the first day back
        visit("2026-11-16", "10:15", "Obs A", "T2"),
    ]
    book = make_book(as_of=AS_OF, roster=ROSTER, walkthroughs=visits, settings=NO_YEAR)
    settings = book.settings
    assert (settings.school_year_start, settings.school_year_end) == (
        dt.date(2026, 8, 19),
        dt.date(2027, 6, 30),
    )
    assert settings.assumed_year_note == (
        "No School Year Start or End on the Settings tab: this refresh takes the school year "
        "to run from Aug 19, 2026 to Jun 30, 2027, from the log's dates. Write both on the "
        "Settings tab to be sure."
    )
    assert [f.problem for f in book.findings] == [
        "2 rows from 2025-26 kept as history, left out of this year's figures"
    ]
    assert summary_notes(book)[-1] == settings.assumed_year_note


def test_without_settings_a_log_that_begins_this_year_starts_the_year() -> None:
    visits = [visit(day, "09:00", "Obs A", "T1") for day in ("2026-08-24", "2026-09-01")]
    book = make_book(as_of=AS_OF, roster=ROSTER, walkthroughs=visits, settings=NO_YEAR)
    assert book.settings.school_year_start == dt.date(2026, 8, 24)
    assert book.findings == []


def test_without_settings_or_log_dates_the_usual_year_is_assumed_and_said() -> None:
    book = make_book(as_of=AS_OF, roster=ROSTER, settings=NO_YEAR)
    assert (book.settings.school_year_start, book.settings.school_year_end) == (
        dt.date(2026, 8, 1),
        dt.date(2027, 6, 30),
    )
    assert "from the usual Aug 1 to Jun 30" in book.settings.assumed_year_note


def test_settings_that_give_the_year_are_used_and_nothing_is_said() -> None:
    book = make_book(as_of=AS_OF, roster=ROSTER, walkthroughs=three_years())
    assert book.settings.school_year_start == dt.date(2026, 8, 17)
    assert book.settings.assumed_year_note == ""
    assert all(note != "" for note in summary_notes(book))
    assert not any("School Year Start or End" in note for note in summary_notes(book))


def summary_notes(book: Book) -> list[str]:
    return [block.text for block in summary_tab(book, []).blocks if isinstance(block, Note)]
