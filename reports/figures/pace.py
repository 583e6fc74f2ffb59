"""Observer pace: visits per school day, days on target and the 500 projection.

docs/design.md, Observer pace: `observer_pace` is the one function that computes it.

Pace counts every valid visit an observer made, including visits to a teacher the Roster now
marks inactive: the observer still made them. Coverage figures count active teachers only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reports.figures.shared import once_per_book
from sheets_templates.book import PACE_SCHOOL_DAYS, Book
from sheets_templates.calendar import monday_of

ANY_OBSERVER = "Any observer"


@once_per_book
def observer_pace(book: Book) -> pd.DataFrame:
    """One row per observer with valid visits this year, most visits first.

    Columns: observer, visits, per_day, days_on_target, recent_pace, projection, needed_per_day
    (NaN when no school days remain), share (of the team's visits).
    """
    visits = book.valid_walkthroughs
    settings, calendar = book.settings, book.calendar
    elapsed = calendar.elapsed(book.as_of)
    remaining = calendar.remaining_after(book.as_of)
    recent_days = book.pace_window.school_days

    by_observer = visits.groupby("observer")
    recent = visits[book.pace_window.holds(visits["date"])]
    on_school_day = calendar.counts_between(visits["date"] - pd.Timedelta(days=1), visits["date"])
    per_day = visits[on_school_day == 1].groupby(["observer", "date"]).size()
    on_target = (per_day >= settings.daily_target).groupby(level="observer").sum()

    pace = pd.DataFrame({"visits": by_observer.size()})
    pace["per_day"] = pace["visits"] / elapsed if elapsed else 0.0
    pace["days_on_target"] = on_target.reindex(pace.index, fill_value=0).astype(int)
    recent_visits = recent.groupby("observer").size().reindex(pace.index, fill_value=0)
    pace["recent_pace"] = recent_visits / recent_days if recent_days else 0.0
    pace["projection"] = pace["visits"] + pace["recent_pace"] * remaining
    still_needed = (settings.yearly_target - pace["visits"]).clip(lower=0)
    pace["needed_per_day"] = still_needed / remaining if remaining else float("nan")
    pace["share"] = pace["visits"] / pace["visits"].sum() if len(pace) else 0.0
    pace = pace.assign(_name=pace.index.str.casefold()).sort_values(
        ["visits", "_name"], ascending=[False, True]
    )
    return pace.drop(columns="_name").rename_axis("observer").reset_index()


def planning_observers(book: Book) -> tuple[list[str], str]:
    """The observers the plan is for, and a sentence saying why these.

    Those with valid visits in the last 20 school days; else everyone who logged a visit this
    year; else one stand-in, "Any observer", so an empty log still gets a plan.
    """
    visits = book.valid_walkthroughs
    recent = visits.loc[book.pace_window.holds(visits["date"]), "observer"]
    names = _sorted(recent)
    if names:
        return names, (
            f"Planned for the {_count(len(names), 'observer')} who logged visits in the last "
            f"{PACE_SCHOOL_DAYS} school days."
        )
    names = _sorted(visits["observer"])
    if names:
        return names, (
            f"Nobody logged a visit in the last {PACE_SCHOOL_DAYS} school days, so the plan is "
            f"for all {_count(len(names), 'observer')} in the log."
        )
    return [ANY_OBSERVER], (
        "No visits are logged yet, so the plan is for one observer; share the rows out."
    )


def _sorted(observers: pd.Series) -> list[str]:
    return sorted(set(observers.dropna()), key=str.casefold)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def weekly_visits(book: Book, week_endings: pd.Series) -> pd.DataFrame:
    """Valid visits per observer per school week: `week_ending` then one column per observer.

    `week_endings` are the weeks' last school days (from `rotation.weekly_coverage`); a visit
    counts in the week (Monday to Sunday) it falls in.
    """
    visits = book.valid_walkthroughs
    weeks = pd.DatetimeIndex(monday_of(week_endings))
    by_week = visits.groupby([monday_of(visits["date"]), "observer"]).size()
    counts = by_week.unstack(fill_value=0) if len(by_week) else pd.DataFrame()
    counts = counts.reindex(index=weeks, fill_value=0)
    observers = sorted(counts.columns, key=lambda name: (-counts[name].sum(), name.casefold()))
    counts = counts[observers].astype(int)
    counts.columns.name = None
    counts.insert(0, "week_ending", pd.DatetimeIndex(week_endings))
    return counts.reset_index(drop=True)


# docs/design.md, Spring fade: a last-20-days pace below this share of the pace before it.
FADE_SHARE = 0.75


@dataclass(frozen=True)
class Fade:
    """An observer whose pace has fallen off: visits per school day, now and before."""

    observer: str
    recent: float  # over the last 20 school days
    before: float  # from the first school day to the day before those 20

    def __str__(self) -> str:
        return f"{self.observer}: {self.recent:.1f} visits a day, down from {self.before:.1f}"


def fading_observers(book: Book) -> list[Fade]:
    """docs/design.md, Spring fade: observers whose pace over the last 20 school days is below
    75% of their pace before them, in the order of `observer_pace`. Only once the year has
    had 20 school days before those 20, so a slow first week alarms no one."""
    window = book.pace_window
    days_before = book.calendar.elapsed(book.as_of) - window.school_days
    if window.school_days < PACE_SCHOOL_DAYS or days_before < PACE_SCHOOL_DAYS:
        return []
    visits = book.valid_walkthroughs
    before = visits[visits["date"] < pd.Timestamp(window.first)].groupby("observer").size()
    pace = observer_pace(book)
    fades = []
    for observer, recent in zip(pace["observer"], pace["recent_pace"], strict=True):
        earlier = before.get(observer, 0) / days_before
        if recent < FADE_SHARE * earlier:
            fades.append(Fade(observer, float(recent), float(earlier)))
    return fades


def monthly_pace(book: Book) -> pd.DataFrame:
    """Each observer's valid visits per school day in each month of the year so far, in the
    order of `observer_pace`: index observer, one column per month (its first day). The
    current month counts its school days up to as-of."""
    days = pd.DatetimeIndex(book.calendar.school_days(book.calendar.start, book.as_of))
    school_days = pd.Series(1, index=days).groupby(days.to_period("M")).size()
    visits = book.valid_walkthroughs
    by_month = visits.groupby(["observer", visits["date"].dt.to_period("M")]).size()
    counts = by_month.unstack(fill_value=0) if len(by_month) else pd.DataFrame()
    counts = counts.reindex(
        index=observer_pace(book)["observer"], columns=school_days.index, fill_value=0
    )
    per_day = counts / school_days
    per_day.columns = school_days.index.to_timestamp()
    return per_day
