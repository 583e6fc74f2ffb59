"""The next-visit planner: who to see in the next school days, and who does not fit.

The plan fills the next N school days (after as_of) with up to Daily Target visits per
observer per day, one visit per time block, most overdue teacher first; on a Half Day only in
the blocks that end by the time its classes end. Each teacher goes to
the earliest free day and, that day, to the teaching block where they have been seen least,
with their usual observer when the log shows one. No two observers visit one room on the
same day, and no teacher is visited twice in one plan. Overdue teachers who do not fit are
listed with the reason, never dropped silently.

The placing is a greedy walk over teachers in priority order: the order *is* the priority,
so a plain loop says it best. The `Next Visits` tab (`reports.tabs.next_visits`) lays the plan
out; the reasons are the plan's own words, so every output gives the same ones.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd

from reports.figures.pace import planning_observers
from reports.figures.rotation import Rotation, most_overdue_first, rotation
from sheets_templates.book import Book
from sheets_templates.calendar import block_of, hhmm

PLAN_SCHOOL_DAYS = 5
PLAN_COLUMNS = (
    "date",
    "observer",
    "teacher_id",
    "teacher",
    "room",
    "block",
    "period",
    "label",
    "overdue",
    "reason",
)


@dataclass(frozen=True)
class TeachingSlot:
    """A block a teacher can be visited in, and the period they teach then (if known)."""

    block: str
    period: str | None = None
    start: int | None = None
    end: int | None = None

    def label(self) -> str:
        if self.period is None or self.start is None or self.end is None:
            return self.block
        return f"{self.block} (period {self.period}, {hhmm(self.start)}-{hhmm(self.end)})"


@dataclass(frozen=True)
class Plan:
    """Suggested visits, and the overdue teachers who did not fit."""

    days: tuple[dt.date, ...]
    observers: tuple[str, ...]
    observers_note: str
    visits_per_day: int  # per observer
    capacity: int  # visits the days can hold: fewer on a Half Day, with fewer blocks
    uses_periods: bool  # some teacher's Periods matched the Bell Schedule
    visits: pd.DataFrame  # PLAN_COLUMNS, by date, observer, block; label is what shows
    # teacher_id, teacher, room, school_days_since, last_visit, teaches_in, why
    left_out: pd.DataFrame


def plan_visits(book: Book, school_days: int = PLAN_SCHOOL_DAYS) -> Plan:
    """Plan the next `school_days` school days after as_of; see the module docstring."""
    rota = rotation(book)
    days = tuple(book.calendar.next_school_days(book.as_of, school_days))
    observers, observers_note = planning_observers(book)
    per_day = min(book.settings.daily_target, len(rota.block_names))
    slots = teaching_slots(book, rota)
    usual = usual_observers(rota)
    diary = _Diary(
        [{b.name for b in book.calendar.blocks_on(day, book.settings.time_blocks)} for day in days],
        observers,
        per_day,
    )

    planned: list[tuple[object, ...]] = []
    left_out: list[tuple[object, ...]] = []
    for teacher in most_overdue_first(rota.teachers).itertuples():
        teacher_id = str(teacher.Index)
        options = slots.get(teacher_id) or [TeachingSlot(b) for b in rota.block_names]
        counts = rota.block_counts.loc[teacher_id]
        order = sorted(options, key=lambda s: (counts[s.block], rota.block_names.index(s.block)))
        room = _room_key(teacher.room, teacher_id)
        found = None if diary.full else diary.reserve(order, room, usual.get(teacher_id))
        if found is None:
            if teacher.overdue:
                left_out.append(
                    (
                        teacher_id,
                        teacher.name,
                        teacher.room,
                        int(teacher.school_days_since),
                        None if teacher.never_visited else teacher.last_visit.date(),
                        _teaches_in(slots.get(teacher_id)),
                        _why_left_out(diary, days, teacher_id in slots, order),
                    )
                )
            continue
        day, observer, slot = found
        least = min(counts[s.block] for s in options)
        reason = _reason(rota, teacher, slot.block, counts[slot.block], least)
        if observer == usual.get(teacher_id):
            reason += "; usual observer"
        planned.append(
            (
                days[day],
                observer,
                teacher_id,
                teacher.name,
                teacher.room,
                slot.block,
                slot.period,
                slot.label(),
                bool(teacher.overdue),
                reason,
            )
        )

    visits = pd.DataFrame(planned, columns=list(PLAN_COLUMNS))
    if len(visits):
        block_rank = visits["block"].map({name: i for i, name in enumerate(rota.block_names)})
        visits = (
            visits.assign(_rank=block_rank, _observer=visits["observer"].str.casefold())
            .sort_values(["date", "_observer", "_rank"], kind="stable")
            .drop(columns=["_rank", "_observer"])
            .reset_index(drop=True)
        )
    return Plan(
        days=days,
        observers=tuple(observers),
        observers_note=observers_note,
        visits_per_day=per_day,
        capacity=diary.capacity,
        uses_periods=bool(slots),
        visits=visits,
        left_out=pd.DataFrame(
            left_out,
            columns=[
                "teacher_id",
                "teacher",
                "room",
                "school_days_since",
                "last_visit",
                "teaches_in",
                "why",
            ],
        ),
    )


class _Diary:
    """Who is booked when, as the plan fills up: one visit per observer per block per day,
    at most `per_day` visits per observer per day, one observer per room per day, and only
    in the blocks with classes that day (`blocks[day]`)."""

    def __init__(self, blocks: list[set[str]], observers: list[str], per_day: int) -> None:
        self.blocks = blocks
        self.observers = observers
        self.per_day = per_day
        self.capacity = sum(len(observers) * min(per_day, len(names)) for names in blocks)
        self.booked: set[tuple[int, str, str]] = set()  # (day, observer, block)
        self.load: Counter[tuple[int, str]] = Counter()  # (day, observer) -> visits
        self.rooms: set[tuple[int, str]] = set()  # (day, room)
        self.planned = 0

    @property
    def full(self) -> bool:
        return self.planned >= self.capacity

    def reserve(
        self, slots: list[TeachingSlot], room: str, usual: str | None
    ) -> tuple[int, str, TeachingSlot] | None:
        """Take the earliest free (day, observer, slot), slots in the order given."""
        for day, open_blocks in enumerate(self.blocks):
            if (day, room) in self.rooms:
                continue
            for slot in (s for s in slots if s.block in open_blocks):
                free = [
                    o
                    for o in self.observers
                    if self.load[day, o] < self.per_day and (day, o, slot.block) not in self.booked
                ]
                if not free:
                    continue
                observer = usual if usual in free else min(free, key=lambda o: self.load[day, o])
                self.booked.add((day, observer, slot.block))
                self.load[day, observer] += 1
                self.rooms.add((day, room))
                self.planned += 1
                return day, observer, slot
        return None


def teaching_slots(book: Book, rota: Rotation) -> dict[str, list[TeachingSlot]]:
    """Per teacher, the blocks they teach in (with the period), from Periods and the Bell
    Schedule. Teachers without Periods, or whose Periods are not on the Bell Schedule, are
    left out: any block will do for them."""
    bells = book.bell_schedule[book.bell_schedule["valid"]]
    periods = rota.teachers["periods"].explode().dropna()
    if bells.empty or periods.empty:
        return {}
    taught = pd.DataFrame(
        {"teacher_id": periods.index, "key": periods.astype(str).str.casefold().to_numpy()}
    )
    bells = bells.assign(key=bells["period"].str.casefold())[["key", "period", "start", "end"]]
    taught = taught.merge(bells, on="key").sort_values(["teacher_id", "start"])
    taught["block"] = block_of(taught["start"], book.settings.time_blocks).to_numpy()
    taught = taught.dropna(subset=["block"]).drop_duplicates(["teacher_id", "block"])
    slots: dict[str, list[TeachingSlot]] = {}
    for row in taught.itertuples():
        slots.setdefault(str(row.teacher_id), []).append(
            TeachingSlot(str(row.block), str(row.period), int(row.start), int(row.end))
        )
    return slots


def usual_observers(rota: Rotation) -> dict[str, str]:
    """Teacher ID -> the observer who made most (over half, at least two) of their visits."""
    visits = rota.visits
    pairs = visits.groupby(["teacher_id", "observer"]).size().rename("visits").reset_index()
    if pairs.empty:
        return {}
    pairs["total"] = pairs.groupby("teacher_id")["visits"].transform("sum")
    usual = pairs[(pairs["visits"] * 2 > pairs["total"]) & (pairs["visits"] >= 2)]
    return dict(zip(usual["teacher_id"].astype(str), usual["observer"].astype(str), strict=True))


def _reason(rota: Rotation, teacher: Any, block: str, seen: int, least: int) -> str:
    """Why this visit, in plain words: `18 school days since last visit; never seen Afternoon`.

    `teacher` is a row of `Rotation.teachers` (from `itertuples`).
    """
    days = int(teacher.school_days_since)
    due_in = rota.rotation_days - days
    if teacher.never_visited:
        if pd.isna(teacher.start_date):
            return "never visited this year"
        joined = f"not visited since joining on {teacher.start_date:%b %-d}"
        return (
            f"{joined} ({school_days_text(days)})"
            if due_in <= 0
            else f"{joined}; due in {school_days_text(due_in)}"
        )
    if due_in > 0:
        since = f"due in {school_days_text(due_in)} (last visit {teacher.last_visit:%b %-d})"
    else:
        since = f"{school_days_text(days)} since last visit"
    if seen == 0:
        return f"{since}; never seen {block}"
    if seen == least:
        return f"{since}; seen least in {block}"
    return since


def _teaches_in(slots: list[TeachingSlot] | None) -> str:
    """`Early (period 1), Afternoon (period 6)`, or `any block` without Periods."""
    if not slots:
        return "any block"
    return ", ".join(f"{s.block} (period {s.period})" for s in slots)


def _why_left_out(
    diary: _Diary, days: tuple[dt.date, ...], restricted: bool, slots: list[TeachingSlot]
) -> str:
    if not days:
        return "no school days left this year"
    if diary.full:
        return (
            f"the next {school_days_text(len(days))} are fully planned for teachers who "
            "waited longer"
        )
    if restricted:
        blocks = ", ".join(s.block for s in slots)
        return f"no observer is free when they teach ({blocks}) on a day their room is free"
    return "another observer visits their room on each planned day"


def school_days_text(n: int) -> str:
    """`1 school day`, `5 school days`."""
    return f"{n} school day{'' if n == 1 else 's'}"


def _room_key(room: object, teacher_id: str) -> str:
    """Rooms compare case- and space-insensitively; no room never clashes."""
    if pd.isna(room) or not str(room).strip():
        return f"teacher:{teacher_id}"
    return "room:" + " ".join(str(room).split()).casefold()
