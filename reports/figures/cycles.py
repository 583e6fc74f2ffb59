"""Improvement cycles: a look-for's rate before a cycle (baseline) and during it.

The **rate** is the share of valid visits that recorded the cycle's look-for. The baseline is
the BASELINE_WEEKS weeks before the cycle's Start; "during" runs from Start to End (or to
as_of while the cycle runs). The verdict calls a change only with at least MIN_VISITS visits on
each side and when a two-proportion z-test finds the difference unlikely to be chance at 95%.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from reports.figures.evidence import recorded_lookfors
from sheets_templates.book import Book

BASELINE_WEEKS = 4
MIN_VISITS = 10  # on each side, before a verdict is given
Z_95 = 1.96  # two-sided 95% confidence


@dataclass(frozen=True)
class CycleResult:
    name: str
    lookfor: str
    start: dt.date
    end: dt.date
    baseline_visits: int
    baseline_rate: float | None
    during_visits: int
    during_rate: float | None
    verdict: str


def cycle_results(book: Book) -> list[CycleResult]:
    """One result per valid row of the Cycles tab, in the tab's order."""
    visits = book.valid_walkthroughs
    records = recorded_lookfors(book)
    cycles = book.cycles[book.cycles["valid"]]
    return [
        _result(
            visits,
            records,
            str(row.name),
            str(row.lookfor),
            pd.Timestamp(row.start).date(),
            pd.Timestamp(row.end).date(),
            book.as_of,
        )
        for row in cycles.itertuples()
    ]


def _result(
    visits: pd.DataFrame,
    records: pd.DataFrame,
    name: str,
    code: str,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
) -> CycleResult:
    visits_with_code = records.loc[records["code"] == code, "visit"]
    recorded = pd.Series(visits.index.isin(visits_with_code), index=visits.index)
    dates = visits["date"]
    baseline_from = pd.Timestamp(start) - pd.Timedelta(weeks=BASELINE_WEEKS)
    before = recorded[(dates >= baseline_from) & (dates < pd.Timestamp(start))]
    during = recorded[dates.between(pd.Timestamp(start), pd.Timestamp(min(end, as_of)))]
    before_rate = float(before.mean()) if len(before) else None
    during_rate = float(during.mean()) if len(during) else None
    return CycleResult(
        name=name,
        lookfor=code,
        start=start,
        end=end,
        baseline_visits=len(before),
        baseline_rate=before_rate,
        during_visits=len(during),
        during_rate=during_rate,
        verdict=verdict(int(before.sum()), len(before), int(during.sum()), len(during))
        if start <= as_of
        else "Not started yet.",
    )


def verdict(before_hits: int, before_visits: int, during_hits: int, during_visits: int) -> str:
    """A plain-words verdict; refuses to call a change on too few visits.

    >>> verdict(2, 20, 12, 20)
    'Up: 10% before, 60% during (20 and 20 visits).'
    """
    if before_visits < MIN_VISITS or during_visits < MIN_VISITS:
        return (
            f"Too few visits to tell: {before_visits} before and {during_visits} during; "
            f"need at least {MIN_VISITS} each."
        )
    before = before_hits / before_visits
    during = during_hits / during_visits
    rates = (
        f"{before:.0%} before, {during:.0%} during ({before_visits} and {during_visits} visits)."
    )
    if not _clear_change(before_hits, before_visits, during_hits, during_visits):
        return f"No clear change: {rates}"
    return f"{'Up' if during > before else 'Down'}: {rates}"


def _clear_change(
    before_hits: int, before_visits: int, during_hits: int, during_visits: int
) -> bool:
    """Two-proportion z-test with a pooled rate, two-sided at 95%."""
    pooled = (before_hits + during_hits) / (before_visits + during_visits)
    spread = pooled * (1 - pooled) * (1 / before_visits + 1 / during_visits)
    if spread == 0:
        return False  # both rates 0% or both 100%: nothing changed
    difference = during_hits / during_visits - before_hits / before_visits
    return abs(difference) / math.sqrt(spread) >= Z_95
