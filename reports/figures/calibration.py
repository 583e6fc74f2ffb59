"""Observer calibration: do two observers in the same classroom write the same levels?

docs/design.md, Calibration. A *shared observation* is what two or more observers rated
together: a **shared visit** (valid Walkthroughs rows for one teacher on one day by
different observers, their times at most Calibration Window Minutes apart) or a Shared
Ratings **session** (one Session on one Date). Every two raters of one shared observation are
a *pair*: on a shared visit, two rows within the window; in a session, every two observers
in it.

For each pair and look-for:

- a **level pair** when both wrote a level: *exact* when the levels are the same,
  *adjacent* when they differ by at most one;
- a **presence pair** for every look-for recorded on any shared observation this year:
  they agree when both recorded it or neither did.

Agreement is the share of pairs that agree; Cohen's weighted kappa (quadratic weights, over
levels 1-4) and Cohen's kappa of presence measure it against chance, the first observer of
a pair in alphabetical order taken as the first rater. A kappa with no variation to measure
(every rating the same) has no value, only its reason.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from reports.figures.shared import once_per_book
from sheets_templates.book import Book

LEVELS = (1, 2, 3, 4)
MIN_PAIRS = 5  # fewer level pairs: "Too few pairs"
EXACT_BAR = 0.75  # under it: "Needs calibration"
ADJACENT_BAR = 0.90  # under it: "Needs calibration"
DRIFT_FLAG = 0.5  # of a level, either way
CALIBRATED = "Calibrated"
NEEDS_CALIBRATION = "Needs calibration"
TOO_FEW_PAIRS = "Too few pairs"
VERDICT_RULE = (
    f"Needs calibration: exact agreement under {EXACT_BAR:.0%} or adjacent agreement under "
    f"{ADJACENT_BAR:.0%}, with at least {MIN_PAIRS} pairs of levels; Too few pairs: fewer "
    f"than {MIN_PAIRS}; otherwise Calibrated."
)
_TOLERANCE = 1e-9  # 3 of 4 is 75%, despite binary fractions
SHEET_COLUMNS = ["observation", "kind", "sheet", "observer", "minute", "recorded"]


@dataclass(frozen=True)
class Kappa:
    """A kappa, or no value and the reason there is none."""

    value: float | None
    reason: str = ""


@dataclass(frozen=True)
class Agreement:
    """How often pairs agree, on levels and on presence, with the kappas."""

    pairs: int  # level pairs
    exact: float | None
    adjacent: float | None
    kappa: Kappa
    presence_pairs: int
    presence: float | None
    presence_kappa: Kappa

    @property
    def verdict(self) -> str:
        """docs/design.md, Calibration verdict (`VERDICT_RULE`)."""
        if self.pairs < MIN_PAIRS or self.exact is None or self.adjacent is None:
            return TOO_FEW_PAIRS
        if self.exact < EXACT_BAR - _TOLERANCE or self.adjacent < ADJACENT_BAR - _TOLERANCE:
            return NEEDS_CALIBRATION
        return CALIBRATED


@dataclass(frozen=True)
class Drift:
    """An observer's mean level minus the other observers' mean on the same shared
    observations, over the looks-fors both wrote a level for."""

    observer: str
    observations: int  # shared visits and sessions behind it
    levels: int  # levels compared
    drift: float

    @property
    def flag(self) -> str:
        if self.drift >= DRIFT_FLAG - _TOLERANCE:
            return "Rates high"
        if self.drift <= -DRIFT_FLAG + _TOLERANCE:
            return "Rates low"
        return ""


@dataclass(frozen=True)
class SessionLevel:
    """One look-for of one session, against the level given most often in it."""

    session: str
    date: pd.Timestamp
    code: str
    raters: int  # observers who gave it a level
    most_common: int  # on a tie, the lower level
    at_most_common: float
    within_one: float


@dataclass(frozen=True)
class Calibration:
    shared_visits: int
    sessions: int
    observers: tuple[str, ...]
    overall: Agreement
    by_lookfor: tuple[tuple[str, Agreement], ...]  # least agreed first
    by_pair: tuple[tuple[str, str, Agreement], ...]
    drift: tuple[Drift, ...]
    session_levels: tuple[SessionLevel, ...]

    @property
    def least_agreed(self) -> tuple[str, Agreement] | None:
        """The look-for with the lowest exact agreement among those with enough pairs."""
        enough = [(code, a) for code, a in self.by_lookfor if a.pairs >= MIN_PAIRS]
        return enough[0] if enough else None


# ---- the kappas ---------------------------------------------------------------------------


def weighted_kappa(
    first: Sequence[int], second: Sequence[int], levels: Sequence[int] = LEVELS
) -> Kappa:
    """Cohen's weighted kappa with quadratic weights over `levels` (1-4 unless told).

    1 - sum(w * observed) / sum(w * expected), with w = ((i - j) / (k - 1)) squared for
    levels i and j of k, observed the pairs' table of levels and expected the product of
    its margins over the number of pairs.

    >>> weighted_kappa([1, 2, 3, 4], [1, 2, 3, 4]).value
    1.0
    """
    if not first:
        return Kappa(None, "no pairs of levels")
    size = len(levels)
    position = {level: index for index, level in enumerate(levels)}
    observed = np.zeros((size, size))
    for a, b in zip(first, second, strict=True):
        observed[position[a], position[b]] += 1
    index = np.arange(size)
    weights = ((index[:, None] - index[None, :]) / (size - 1)) ** 2
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()
    chance = float((weights * expected).sum())
    if chance == 0:
        return Kappa(None, f"every level given was {first[0]}")
    return Kappa(1 - float((weights * observed).sum()) / chance)


def presence_kappa(first: Sequence[bool], second: Sequence[bool]) -> Kappa:
    """Cohen's kappa of recorded / not recorded: (agreement - chance) / (1 - chance)."""
    if not first:
        return Kappa(None, "no pairs")
    a, b = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    agreement = float((a == b).mean())
    chance = a.mean() * b.mean() + (1 - a.mean()) * (1 - b.mean())
    if chance >= 1 - _TOLERANCE:
        return Kappa(None, "recorded by both on every pair" if a.all() else "never recorded")
    return Kappa((agreement - chance) / (1 - chance))


def agreement(levels: pd.DataFrame, presence: pd.DataFrame) -> Agreement:
    """`Agreement` of level pairs (columns a, b: levels) and presence pairs (a, b: bools)."""
    first, second = levels["a"].to_numpy(dtype=int), levels["b"].to_numpy(dtype=int)
    gap = np.abs(first - second)
    seen_a, seen_b = presence["a"].to_numpy(dtype=bool), presence["b"].to_numpy(dtype=bool)
    return Agreement(
        pairs=len(gap),
        exact=float((gap == 0).mean()) if len(gap) else None,
        adjacent=float((gap <= 1).mean()) if len(gap) else None,
        kappa=weighted_kappa(first.tolist(), second.tolist()),
        presence_pairs=len(seen_a),
        presence=float((seen_a == seen_b).mean()) if len(seen_a) else None,
        presence_kappa=presence_kappa(seen_a.tolist(), seen_b.tolist()),
    )


# ---- who rated what, together --------------------------------------------------------------


def rating_sheets(book: Book) -> pd.DataFrame:
    """One row per rater of a shared observation: observation, kind ("visit" or
    "session"), sheet (a Walkthroughs row, or a session's observer), observer, minute (a
    visit's time), recorded (dict code -> level or None).

    A shared visit's observation is the first of its rows; rows chain into one shared visit
    through pairs within the window.
    """
    return pd.concat([_visit_sheets(book), _session_sheets(book)], ignore_index=True)


def _recorded(lookfors: Iterable[tuple[str, int | None]]) -> dict[str, int | None]:
    """Code -> the highest level written for it (None when only the bare code)."""
    recorded: dict[str, int | None] = {}
    for code, level in lookfors:
        known = recorded.get(code)
        recorded[code] = level if known is None else max(known, level or 0)
    return recorded


def _visit_sheets(book: Book) -> pd.DataFrame:
    pairs = visit_pairs(book)
    parent = {row: row for row in pd.unique(pairs[["a", "b"]].to_numpy().ravel())}

    def root(row: int) -> int:
        while parent[row] != row:
            row = parent[row]
        return row

    for a, b in zip(pairs["a"], pairs["b"], strict=True):
        parent[root(b)] = root(a)
    rows = sorted(parent)
    first_of: dict[int, int] = {}
    for row in rows:  # in order, so the first row of a shared visit names it
        first_of.setdefault(root(row), row)
    visits = book.valid_walkthroughs.loc[rows, ["observer", "minute", "lookfors"]]
    return pd.DataFrame(
        {
            "observation": [f"visit {first_of[root(i)]}" for i in rows],
            "kind": "visit",
            "sheet": [f"row {i}" for i in rows],
            "observer": visits["observer"].astype(str).tolist(),
            "minute": visits["minute"].astype(int).tolist(),
            "recorded": [_recorded(found) for found in visits["lookfors"]],
        },
        columns=SHEET_COLUMNS,
    )


def visit_pairs(book: Book) -> pd.DataFrame:
    """Pairs of valid Walkthroughs rows (a, b: their index in `book.walkthroughs`, a before
    b) for one teacher on one day by different observers, at most the window apart."""
    visits = book.valid_walkthroughs.dropna(subset=["minute"])
    visits = visits[["teacher_id", "date", "observer", "minute"]].assign(row=visits.index)
    both = visits.merge(visits, on=["teacher_id", "date"], suffixes=("_a", "_b"))
    gap = (both["minute_a"] - both["minute_b"]).abs()
    kept = (
        (both["row_a"] < both["row_b"])
        & (both["observer_a"] != both["observer_b"])
        & (gap <= book.settings.calibration_window_minutes)
    )
    return pd.DataFrame({"a": both.loc[kept, "row_a"], "b": both.loc[kept, "row_b"]})


def _session_sheets(book: Book) -> pd.DataFrame:
    """One sheet per observer of each Shared Ratings session with two raters or more; a
    session is its name (any case or spacing) on one date, named as first written."""
    ratings = book.shared_ratings[book.shared_ratings["valid"]]
    key = ratings["session"].map(lambda s: " ".join(str(s).casefold().split()))
    first_name = ratings["session"].groupby(key, sort=False).first()
    sheets = []
    for (session, day, observer), rows in ratings.groupby([key, "date", "observer"], sort=False):
        sheets.append(
            {
                "observation": f"session {session} {day:%Y-%m-%d}",
                "kind": "session",
                "sheet": f"session {observer}",
                "observer": str(observer),
                "minute": None,
                "recorded": _recorded(lf for found in rows["lookfors"] for lf in found),
                "session": str(first_name[session]),
                "date": day,
            }
        )
    sessions = pd.DataFrame(sheets, columns=[*SHEET_COLUMNS, "session", "date"])
    rated_together = sessions.groupby("observation")["observer"].transform("nunique") > 1
    return sessions[rated_together]


Sheet = dict[str, Any]


def rater_pairs(sheets: pd.DataFrame, window: int) -> list[tuple[Sheet, Sheet]]:
    """Every pair of sheets compared: two raters of one shared observation (on a shared
    visit, within the window of each other), the first observer in alphabetical order first."""
    pairs = []
    for together in by_observation(sheets).values():
        for a, b in itertools.combinations(together, 2):
            if a["observer"] == b["observer"]:
                continue
            if a["kind"] == "visit" and abs(a["minute"] - b["minute"]) > window:
                continue
            if _order(b["observer"]) < _order(a["observer"]):
                a, b = b, a
            pairs.append((a, b))
    return pairs


def by_observation(sheets: pd.DataFrame) -> dict[str, list[Sheet]]:
    """The sheets of each shared observation, as plain records (fast to walk in Python)."""
    grouped: dict[str, list[Sheet]] = {}
    for sheet in sheets.to_dict("records"):
        grouped.setdefault(str(sheet["observation"]), []).append(sheet)
    return grouped


def _order(name: str) -> tuple[str, str]:
    return (name.casefold(), name)


def compared(
    pairs: Sequence[tuple[Sheet, Sheet]], codes: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(level pairs, presence pairs): one row per pair and look-for, with the observation,
    the two observers (first, second), the code and a, b (levels, or recorded)."""
    levels, presence = [], []
    for a, b in pairs:
        where = {"observation": a["observation"], "first": a["observer"], "second": b["observer"]}
        for code in codes:
            level_a, level_b = a["recorded"].get(code), b["recorded"].get(code)
            presence.append(
                {**where, "code": code, "a": code in a["recorded"], "b": code in b["recorded"]}
            )
            if level_a is not None and level_b is not None:
                levels.append({**where, "code": code, "a": level_a, "b": level_b})
    columns = ["observation", "first", "second", "code", "a", "b"]
    return pd.DataFrame(levels, columns=columns), pd.DataFrame(presence, columns=columns)


# ---- the figures ----------------------------------------------------------------------------


@once_per_book
def calibration(book: Book) -> Calibration:
    """docs/design.md, Calibration: every figure of the Calibration tab."""
    sheets = rating_sheets(book)
    pairs = rater_pairs(sheets, book.settings.calibration_window_minutes)
    in_pairs = {s["sheet"] + s["observation"] for pair in pairs for s in pair}
    sheets = sheets[(sheets["sheet"] + sheets["observation"]).isin(in_pairs)]
    codes = _codes_in_order(book, sheets)
    levels, presence = compared(pairs, codes)
    by_lookfor = [
        (code, agreement(levels[levels["code"] == code], presence[presence["code"] == code]))
        for code in codes
    ]
    by_lookfor.sort(key=_least_agreed_first)
    observer_pairs = sorted(
        {(a["observer"], b["observer"]) for a, b in pairs}, key=lambda p: tuple(map(_order, p))
    )
    return Calibration(
        shared_visits=int(sheets.loc[sheets["kind"] == "visit", "observation"].nunique()),
        sessions=int(sheets.loc[sheets["kind"] == "session", "observation"].nunique()),
        observers=tuple(sorted(set(sheets["observer"]), key=_order)),
        overall=agreement(levels, presence),
        by_lookfor=tuple(by_lookfor),
        by_pair=tuple(_by_pair(levels, presence, observer_pairs)),
        drift=tuple(observer_drift(sheets)),
        session_levels=tuple(session_levels(sheets)),
    )


def _codes_in_order(book: Book, sheets: pd.DataFrame) -> list[str]:
    """The look-fors recorded on any shared observation, in Framework-tab order."""
    recorded = {code for found in sheets["recorded"] for code in found}
    framework = [str(c) for c in book.framework.loc[book.framework["valid"], "code"].dropna()]
    return [c for c in framework if c in recorded] + sorted(recorded - set(framework))


def _least_agreed_first(item: tuple[str, Agreement]) -> tuple[bool, float, float, int]:
    _, found = item
    return (
        found.pairs < MIN_PAIRS,
        found.exact if found.exact is not None else 1.0,
        found.adjacent if found.adjacent is not None else 1.0,
        -found.pairs,
    )


def _by_pair(
    levels: pd.DataFrame, presence: pd.DataFrame, observer_pairs: Sequence[tuple[str, str]]
) -> list[tuple[str, str, Agreement]]:
    """`Agreement` of each pair of observers, over the pairs of ratings they made."""
    level_groups = dict(list(levels.groupby(["first", "second"])))
    presence_groups = dict(list(presence.groupby(["first", "second"])))
    return [
        (
            first,
            second,
            agreement(
                level_groups.get((first, second), levels.iloc[0:0]),
                presence_groups.get((first, second), presence.iloc[0:0]),
            ),
        )
        for first, second in observer_pairs
    ]


def observer_drift(sheets: pd.DataFrame) -> list[Drift]:
    """docs/design.md, Observer drift: on each shared observation and look-for, each level
    an observer wrote minus the mean of the levels the other observers wrote; averaged."""
    gaps: list[tuple[str, str, float]] = []
    for observation, together in by_observation(sheets).items():
        levels = [
            (sheet["observer"], code, level)
            for sheet in together
            for code, level in sheet["recorded"].items()
            if level is not None
        ]
        for observer, code, level in levels:
            others = [lv for who, c, lv in levels if c == code and who != observer]
            if others:
                gaps.append((observer, str(observation), level - float(np.mean(others))))
    frame = pd.DataFrame(gaps, columns=["observer", "observation", "gap"])
    return [
        Drift(str(name), int(rows["observation"].nunique()), len(rows), float(rows["gap"].mean()))
        for name, rows in sorted(frame.groupby("observer"), key=lambda item: _order(item[0]))
    ]


def session_levels(sheets: pd.DataFrame) -> list[SessionLevel]:
    """Each look-for of each session against the level given most often in it."""
    found = []
    for _, session in sheets[sheets["kind"] == "session"].groupby("observation", sort=False):
        first = session.iloc[0]
        codes = dict.fromkeys(code for recorded in session["recorded"] for code in recorded)
        for code in codes:
            levels = [r[code] for r in session["recorded"] if r.get(code) is not None]
            if not levels:
                continue
            counts = pd.Series(levels).value_counts()
            most = int(min(counts.index[counts == counts.max()]))
            found.append(
                SessionLevel(
                    session=str(first["session"]),
                    date=first["date"],
                    code=code,
                    raters=len(levels),
                    most_common=most,
                    at_most_common=sum(lv == most for lv in levels) / len(levels),
                    within_one=sum(abs(lv - most) <= 1 for lv in levels) / len(levels),
                )
            )
    return found


def calibration_evidence(book: Book) -> str:
    """The Roadmap's Framework-stage words on calibration, once there are enough pairs:
    `exact agreement on levels 80% over 12 pairs on shared visits`; "" before."""
    overall = calibration(book).overall
    if overall.pairs < MIN_PAIRS or overall.exact is None:
        return ""
    return (
        f"calibration: {overall.exact:.0%} exact agreement over {overall.pairs} pairs of "
        "levels on shared observations"
    )
