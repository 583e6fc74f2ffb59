"""Weeks: every weekly figure and the de-identified copy name a week by its Monday."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from sheets_templates.calendar import monday_of


def test_every_day_of_a_week_has_that_weeks_monday() -> None:
    days = [dt.date(2026, 11, 16) + dt.timedelta(days=n) for n in range(7)]  # Mon to Sun
    assert {monday_of(day) for day in days} == {dt.date(2026, 11, 16)}
    assert monday_of(dt.date(2026, 11, 23)) == dt.date(2026, 11, 23)


def test_a_column_of_dates_keeps_its_index_and_its_gaps() -> None:
    dates = pd.Series(pd.to_datetime(["2026-11-20", None, "2026-11-22"]), index=[7, 3, 5])
    mondays = monday_of(dates)
    assert list(mondays.index) == [7, 3, 5]
    assert mondays[7] == mondays[5] == pd.Timestamp("2026-11-16")
    assert pd.isna(mondays[3])


def test_an_index_of_dates_gives_an_index_of_mondays() -> None:
    days = pd.DatetimeIndex(["2026-11-20", "2026-11-23", "2026-12-31"])
    assert list(monday_of(days)) == [
        pd.Timestamp("2026-11-16"),
        pd.Timestamp("2026-11-23"),
        pd.Timestamp("2026-12-28"),
    ]
