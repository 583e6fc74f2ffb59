"""The demo school's calibration: paired walkthroughs in the log and one video session.

Now and then a second observer joins a visit and writes their own row a few minutes later,
with levels for the same look-fors: mostly the same level, sometimes one off. The coach is
generous and often writes a level higher. Early in the year the team also rates one video
together on the fall PD day (the Shared Ratings tab). So the demo's Calibration tab shows
agreement by look-for and by pair, a verdict, the coach's drift, and a session.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from sheets_templates.demo.people import DemoObserver
from sheets_templates.demo.text import LookFor
from sheets_templates.demo.visits import Visit

PAIRED_SHARE = 0.08  # of visits, a second observer joins
GENEROUS = 2  # the instructional coach (make_observers' order) rates high
GENEROUS_LIFT = 0.9  # how often the coach writes one level above what the others see
SESSION = "Video: Grade 7 math discourse"
# The video session's levels, observer by observer (make_observers' order).
SESSION_LEVELS = (
    {"IN2": 3, "EN1": 2, "AS1": 3},
    {"IN2": 3, "EN1": 2, "AS1": 2},
    {"IN2": 4, "EN1": 3, "AS1": 3},
)


def pair_visits(
    rng: random.Random,
    visits: list[Visit],
    observers: Sequence[DemoObserver],
    framework: Sequence[LookFor],
) -> list[Visit]:
    """The log with a partner's row after about one visit in twelve (both with levels): a
    partner free that period, once a day at most.

    The same draws are made for each visit whatever comes after it, so a later as-of date
    keeps the pairs before it."""
    busy = {(v["date"], v["observer"], v["period"]) for v in visits}
    joined: set[tuple[dt.date, str]] = set()
    paired: list[Visit] = []
    for visit in visits:
        paired.append(visit)
        joins, partner_draw = rng.random(), rng.random()
        others = [o for o in observers if o.name != visit["observer"]]
        partner = others[int(partner_draw * len(others))]
        free = (visit["date"], partner.name, visit["period"]) not in busy
        if joins >= PAIRED_SHARE or not free or (visit["date"], partner.name) in joined:
            continue
        joined.add((visit["date"], partner.name))  # one joined visit a day each at most
        levels = _levels(rng, visit["lookfors"])
        visit["lookfors"] = _written(levels)
        # The coach's own levels are generous already: a partner sees one lower.
        lift = (partner is observers[GENEROUS]) - (visit["observer"] == observers[GENEROUS].name)
        paired.append(_partner_row(rng, visit, partner, levels, lift, framework))
    return paired


def _levels(rng: random.Random, lookfors: str) -> dict[str, int]:
    """The visit's look-fors, each with a level (a bare code gets one)."""
    levels = {}
    for part in lookfors.split(", "):
        code, _, level = part.partition(":")
        levels[code] = int(level) if level else rng.choices((1, 2, 3, 4), (15, 40, 30, 15))[0]
    return levels


def _partner_row(
    rng: random.Random,
    visit: Visit,
    partner: DemoObserver,
    levels: dict[str, int],
    lift: int,
    framework: Sequence[LookFor],
) -> Visit:
    theirs = {}
    for code, level in levels.items():
        draw = rng.random()
        step = 0 if draw < 0.85 else (1 if draw < 0.99 else 2)
        seen = level + step * rng.choice((-1, 1))
        if lift and rng.random() < GENEROUS_LIFT:
            seen += lift
        if len(levels) == 1 or rng.random() > 0.1:  # now and then one goes unrecorded
            theirs[code] = min(4, max(1, seen))
    if rng.random() < 0.1:  # or they record one more
        extra = rng.choice([lf.code for lf in framework if lf.code not in levels])
        theirs[extra] = rng.choice((2, 3))
    time = visit["time"]
    later = time.hour * 60 + time.minute + rng.randint(1, 8)
    return {
        **visit,
        "time": dt.time(later // 60, later % 60),
        "observer": partner.name,
        "lookfors": _written(theirs),
        "conversation_date": None,
        "conversation_role": None,
        "notes": "Paired visit for calibration",
    }


def _written(levels: dict[str, int]) -> str:
    return ", ".join(f"{code}:{level}" for code, level in levels.items())


def video_session(observers: Sequence[DemoObserver], day: dt.date, as_of: dt.date) -> list[Visit]:
    """The team's video session on `day`, once `as_of` has reached it: one row each."""
    if day > as_of:
        return []
    return [
        {
            "session": SESSION,
            "date": day,
            "observer": observer.name,
            "lookfors": _written(levels),
        }
        for observer, levels in zip(observers, SESSION_LEVELS, strict=True)
    ]
