"""The next-visit planner (`reports.figures.planner`), read as data and through its tab.

Hand-computed plans for each rule, then hypothesis properties over random schools: every
overdue teacher is planned or listed as not fitting, no observer is in two places at once, no
room gets two observers a day, no visit on a non-school day or in a prep period.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.figures.planner import plan_visits
from reports.figures.rotation import rotation
from reports.model import OutputTab
from reports.tabs.next_visits import next_visits_tab
from tests.builders import make_book, teacher, visit
from tests.reports.next_visits_tab import figure, notes, rows

AS_OF = "2026-11-20"  # a Friday; the year has no Calendar unless a test gives one


def test_an_empty_log_plans_everyone_for_one_observer() -> None:
    book = make_book(
        roster=[teacher(f"T{i}", f"Teacher {i}", room=str(100 + i)) for i in range(1, 5)],
        as_of=AS_OF,
    )
    tab = next_visits_tab(book)
    plan = rows(tab, "next_visits")
    assert [(r["Date"], r["Observer"], r["Block"]) for r in plan] == [
        (dt.date(2026, 11, 23), "Any observer", "Early"),
        (dt.date(2026, 11, 23), "Any observer", "Mid-morning"),
        (dt.date(2026, 11, 23), "Any observer", "Midday"),
        (dt.date(2026, 11, 24), "Any observer", "Early"),
    ]
    assert {r["Reason"] for r in plan} == {"never visited this year"}
    assert figure(tab, "Overdue teachers in the plan") == "4 of 4"
    assert "No visits are logged yet" in notes(tab)
    assert tab.table("left_out").rows == ()


def test_the_most_overdue_go_first_in_the_block_seen_least() -> None:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz", room="101"), teacher("T2", "Bo Li", room="102")],
        walkthroughs=[
            visit("2026-10-01", "08:00", "Obs A", "T1"),
            visit("2026-10-02", "08:10", "Obs A", "T1"),
            visit("2026-10-05", "12:00", "Obs A", "T1"),
            visit("2026-11-02", "14:00", "Obs A", "T2"),
        ],
        settings={"Daily Target": 1},
        as_of=AS_OF,
    )
    plan = rows(next_visits_tab(book), "next_visits")
    assert plan == [
        {
            "Date": dt.date(2026, 11, 23),
            "Observer": "Obs A",
            "Teacher": "Ana Ortiz",
            "Room": "101",
            "Block": "Mid-morning",
            "Reason": "34 school days since last visit; never seen Mid-morning; usual observer",
        },
        {
            "Date": dt.date(2026, 11, 24),
            "Observer": "Obs A",
            "Teacher": "Bo Li",
            "Room": "102",
            "Block": "Early",
            "Reason": "14 school days since last visit; never seen Early",
        },
    ]


def test_not_yet_due_teachers_fill_the_rest_of_the_day() -> None:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz")],
        walkthroughs=[visit("2026-11-10", "08:00", "Obs A", "T1")],
        as_of=AS_OF,
    )
    (row,) = rows(next_visits_tab(book), "next_visits")
    assert row["Reason"] == "due in 2 school days (last visit Nov 10); never seen Mid-morning"


def test_the_plan_skips_holidays_and_weekends() -> None:
    book = make_book(
        roster=[teacher(f"T{i}", f"Teacher {i}", room=str(i)) for i in range(1, 6)],
        calendar=[
            ("2026-11-25", "Holiday"),
            ("2026-11-26", "Holiday"),
            ("2026-11-27", "No School"),
        ],
        settings={"Daily Target": 1},
        as_of=AS_OF,
    )
    tab = next_visits_tab(book)
    assert [r["Date"] for r in rows(tab, "next_visits")] == [
        dt.date(2026, 11, 23),
        dt.date(2026, 11, 24),
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 2),
    ]
    assert figure(tab, "Plan for") == "Mon Nov 23 to Wed Dec 2, 2026 (5 school days)"


# Mon Nov 23 ends at Settings Half Day Ends, Tue Nov 24 has no students, Wed Nov 25 ends 09:30.
SHORT_WEEK = [
    ("2026-11-23", "Half Day"),
    ("2026-11-24", "PD Day"),
    ("2026-11-25", "Half Day", "09:30"),
]
PLANNED_DAYS = [dt.date(2026, 11, d) for d in (23, 25, 26, 27, 30)]  # five school days
FULL_DAY = ("Early", "Mid-morning", "Midday")  # Daily Target 3: one visit in each


def planned_blocks(**settings: Any) -> tuple[list[tuple[dt.date, str]], OutputTab]:
    """(date, block) of each visit planned for 20 teachers never visited, in SHORT_WEEK."""
    book = make_book(
        roster=[teacher(f"T{i}", f"Teacher {i}", room=str(i)) for i in range(1, 21)],
        calendar=SHORT_WEEK,
        settings=settings,
        as_of=AS_OF,
    )
    tab = next_visits_tab(book)
    return [(r["Date"], r["Block"]) for r in rows(tab, "next_visits")], tab


def test_the_plan_skips_a_pd_day_and_keeps_a_half_day_to_its_morning() -> None:
    plan, tab = planned_blocks()
    mon, wed, thu, fri, next_mon = PLANNED_DAYS
    assert plan == [
        (mon, "Early"),  # 07:00-09:30 and 09:30-11:30 end by 12:00; Midday does not
        (mon, "Mid-morning"),
        (wed, "Early"),  # classes end at 09:30
        *((day, block) for day in (thu, fri, next_mon) for block in FULL_DAY),
    ]
    assert figure(tab, "Plan for") == "Mon Nov 23 to Mon Nov 30, 2026 (5 school days)"
    assert figure(tab, "Visits planned") == "12 of 12 possible"
    assert {r["Why"] for r in rows(tab, "left_out")} == {
        "the next 5 school days are fully planned for teachers who waited longer"
    }


def test_settings_half_day_ends_is_the_end_of_a_half_day_without_its_own() -> None:
    plan, tab = planned_blocks(**{"Half Day Ends": "13:30"})
    monday = dt.date(2026, 11, 23)
    assert [block for day, block in plan if day == monday] == list(FULL_DAY)
    assert [block for day, block in plan if day == dt.date(2026, 11, 25)] == ["Early"]
    assert figure(tab, "Visits planned") == "13 of 13 possible"


def test_the_plan_as_data_most_overdue_first() -> None:
    book = make_book(
        roster=[teacher(f"T{i}", f"Teacher {i}", room=str(100 + i)) for i in range(1, 4)],
        walkthroughs=[
            visit("2026-11-02", "08:00", "Obs A", "T1"),
            visit("2026-09-01", "08:00", "Obs A", "T2"),
        ],
        settings={"Daily Target": 1},
        as_of=AS_OF,
    )
    plan = plan_visits(book, school_days=2)
    assert (plan.days, plan.observers, plan.visits_per_day, plan.capacity) == (
        (dt.date(2026, 11, 23), dt.date(2026, 11, 24)),
        ("Obs A",),
        1,
        2,
    )
    assert not plan.uses_periods
    # T3 was never visited (70 school days), T2 last on Sep 1 (58), T1 on Nov 2 (14).
    assert plan.visits[["date", "teacher_id", "block", "overdue", "reason"]].to_dict("records") == [
        {
            "date": dt.date(2026, 11, 23),
            "teacher_id": "T3",
            "block": "Early",
            "overdue": True,
            "reason": "never visited this year",
        },
        {
            "date": dt.date(2026, 11, 24),
            "teacher_id": "T2",
            "block": "Mid-morning",
            "overdue": True,
            "reason": "58 school days since last visit; never seen Mid-morning",
        },
    ]
    (left,) = plan.left_out.to_dict("records")
    assert left == {
        "teacher_id": "T1",
        "teacher": "Teacher 1",
        "room": "101",
        "school_days_since": 14,
        "last_visit": dt.date(2026, 11, 2),
        "teaches_in": "any block",
        "why": "the next 2 school days are fully planned for teachers who waited longer",
    }


def test_a_short_plan_crosses_the_weekend() -> None:
    book = make_book(roster=[teacher("T1", "Ana Ortiz")], as_of="2026-11-19")
    plan = plan_visits(book, school_days=2)
    assert plan.days == (dt.date(2026, 11, 20), dt.date(2026, 11, 23))


def test_the_usual_observer_is_preferred() -> None:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz"), teacher("T2", "Bo Li")],
        walkthroughs=[
            visit("2026-10-01", "08:00", "Obs A", "T1"),
            visit("2026-10-06", "10:00", "Obs B", "T1"),
            visit("2026-10-07", "12:00", "Obs B", "T1"),
            visit("2026-11-18", "12:00", "Obs A", "T2"),
            visit("2026-11-19", "12:00", "Obs B", "T2"),
        ],
        as_of=AS_OF,
    )
    plan = {r["Teacher"]: r for r in rows(next_visits_tab(book), "next_visits")}
    assert plan["Ana Ortiz"]["Observer"] == "Obs B"
    assert plan["Ana Ortiz"]["Reason"].endswith("; usual observer")
    assert "usual" not in plan["Bo Li"]["Reason"]  # one visit is not a pattern


def test_two_observers_never_share_a_room_on_one_day() -> None:
    book = make_book(
        roster=[
            teacher("T1", "Ana Ortiz", room="101"),
            teacher("T2", "Bo Li", room=" 101 "),
            teacher("T3", "Cy Park", room="102"),
        ],
        walkthroughs=[
            visit("2026-11-02", "08:00", "Obs A", "T3"),
            visit("2026-11-02", "09:00", "Obs B", "T3"),
        ],
        as_of=AS_OF,
    )
    plan = rows(next_visits_tab(book), "next_visits")
    days = {r["Teacher"]: r["Date"] for r in plan}
    assert days["Ana Ortiz"] != days["Bo Li"]


def test_visits_land_in_a_period_the_teacher_teaches() -> None:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz", periods="1, 6")],  # prep in period 3
        walkthroughs=[visit("2026-11-02", "08:00", "Obs A", "T1")],
        bell_schedule=[("1", "07:45", "08:35"), ("3", "09:40", "10:30"), ("6", "13:40", "14:30")],
        as_of=AS_OF,
    )
    tab = next_visits_tab(book)
    (row,) = rows(tab, "next_visits")
    assert row["Block"] == "Afternoon (period 6, 13:40-14:30)"
    assert row["Reason"] == "14 school days since last visit; never seen Afternoon"
    assert "never in a prep period" in notes(tab)


def test_who_does_not_fit_is_listed_with_the_reason() -> None:
    book = make_book(
        roster=[teacher(f"T{i}", f"Teacher {i}", room=str(i)) for i in range(1, 5)],
        walkthroughs=[visit("2026-09-01", "08:00", "Obs A", "T1")],
        settings={"Daily Target": 1},
        as_of=AS_OF,
    )
    tab = next_visits_tab(book, school_days=2)
    assert figure(tab, "Visits planned") == "2 of 2 possible"
    assert figure(tab, "Overdue teachers in the plan") == "2 of 4"
    left = rows(tab, "left_out")
    # never visited first (70 school days), then Teacher 1 (58 since Tue Sep 1)
    assert [(r["Teacher"], r["School Days Since"]) for r in left] == [
        ("Teacher 4", 70),
        ("Teacher 1", 58),
    ]
    assert (left[1]["Last Visit"], left[1]["Teaches In"]) == (dt.date(2026, 9, 1), "any block")
    assert left[0]["Why"] == (
        "the next 2 school days are fully planned for teachers who waited longer"
    )


def test_a_teacher_who_only_teaches_when_everyone_is_busy_is_listed() -> None:
    book = make_book(
        roster=[
            teacher("T1", "Ana Ortiz", periods="1"),
            teacher("T2", "Bo Li", periods="1"),
            teacher("T3", "Cy Park"),
        ],
        walkthroughs=[visit("2026-09-01", "10:00", "Obs A", "T3")],
        bell_schedule=[("1", "07:45", "08:35")],
        as_of=AS_OF,
    )
    tab = next_visits_tab(book, school_days=1)
    (left,) = rows(tab, "left_out")
    assert left["Teacher"] == "Bo Li"
    assert left["Why"] == "no observer is free when they teach (Early) on a day their room is free"
    assert left["Teaches In"] == "Early (period 1)"


def test_only_observers_active_lately_plan() -> None:
    book = make_book(
        roster=[teacher(f"T{i}", f"Teacher {i}") for i in range(1, 4)],
        walkthroughs=[
            visit("2026-09-01", "08:00", "Obs C", "T1"),
            visit("2026-11-02", "08:00", "Obs A", "T2"),
            visit("2026-11-03", "08:00", "Obs B", "T3"),
        ],
        as_of=AS_OF,
    )
    tab = next_visits_tab(book)
    assert {r["Observer"] for r in rows(tab, "next_visits")} <= {"Obs A", "Obs B"}
    assert "logged visits in the last 20 school days. Observers: Obs A, Obs B." in notes(tab)


def test_everyone_in_the_log_plans_when_nobody_visited_lately() -> None:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz")],
        walkthroughs=[visit("2026-09-01", "08:00", "Obs C", "T1")],
        as_of=AS_OF,
    )
    tab = next_visits_tab(book)
    assert "all 1 observer in the log" in notes(tab)
    assert rows(tab, "next_visits")[0]["Observer"] == "Obs C"


# Properties over random schools ---------------------------------------------------------------

PERIODS = ("1", "2", "3", "4", "5", "6")
BELLS = [
    ("1", "07:45", "08:35"),
    ("2", "08:40", "09:30"),
    ("3", "09:40", "10:30"),
    ("4", "11:40", "12:30"),
    ("5", "12:35", "13:25"),
    ("6", "13:40", "14:30"),
]
DAYS = [dt.date(2026, 9, 1) + dt.timedelta(days=i) for i in range(80)]


@st.composite
def schools(draw: st.DrawFn) -> dict[str, Any]:
    size = draw(st.integers(1, 14))
    rooms = draw(
        st.lists(st.sampled_from(["101", "102", "103", None]), min_size=size, max_size=size)
    )
    periods = draw(
        st.lists(
            st.one_of(st.none(), st.sets(st.sampled_from(PERIODS), min_size=1)),
            min_size=size,
            max_size=size,
        )
    )
    roster = [
        teacher(
            f"T{i}",
            f"Teacher {i}",
            room=rooms[i],
            periods=",".join(sorted(periods[i])) if periods[i] else None,
        )
        for i in range(size)
    ]
    observers = ["Obs A", "Obs B", "Obs C"][: draw(st.integers(1, 3))]
    log = draw(
        st.lists(
            st.tuples(
                st.sampled_from(DAYS),
                st.integers(7, 15),
                st.sampled_from(observers),
                st.integers(0, size - 1),
            ),
            max_size=25,
        )
    )
    walkthroughs = [
        visit(day, f"{hour}:{i % 60:02d}", who, f"T{t}")
        for i, (day, hour, who, t) in enumerate(log)
    ]
    closed = draw(
        st.dictionaries(
            st.sampled_from(DAYS[60:]),
            st.sampled_from([("Holiday",), ("PD Day",), ("Half Day",), ("Half Day", "09:30")]),
            max_size=4,
        )
    )
    return {
        "roster": roster,
        "walkthroughs": walkthroughs,
        "calendar": [(day.isoformat(), *kind) for day, kind in closed.items()],
        "bell_schedule": BELLS if draw(st.booleans()) else [],
        "settings": {
            "Daily Target": draw(st.integers(1, 4)),
            "Rotation School Days": draw(st.integers(3, 12)),
        },
        "as_of": "2026-11-13",
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(school=schools(), days=st.integers(1, 6))
def test_the_plan_keeps_every_rule(school: dict[str, Any], days: int) -> None:
    book = make_book(**school)
    plan = plan_visits(book, school_days=days)
    visits, rota = plan.visits, rotation(book)

    # only school days, after as_of, within the horizon
    assert all(book.calendar.is_school_day(d) and d > book.as_of for d in visits["date"])
    assert set(visits["date"]) <= set(plan.days)
    assert len(plan.days) == days
    # on a half day, only in blocks that end by the time its classes end
    ends = {b.name: b.end for b in book.settings.time_blocks}
    for row in visits.itertuples():
        assert ends[row.block] <= book.calendar.half_days.get(row.date, 24 * 60)
    # one visit per observer per block per day; at most Daily Target per observer per day
    assert not visits.duplicated(["date", "observer", "block"]).any()
    assert (visits.groupby(["date", "observer"]).size() <= book.settings.daily_target).all()
    # one observer per room per day, one visit per teacher per plan
    rooms = visits["room"].str.strip().str.casefold()
    with_room = visits.assign(room=rooms)[rooms.notna()]
    assert not with_room.duplicated(["date", "room"]).any()
    assert visits["teacher_id"].is_unique
    # every overdue teacher is planned or listed as not fitting, with a reason
    overdue = set(rota.overdue.index)
    planned = set(visits["teacher_id"])
    assert set(plan.left_out["teacher_id"]) == overdue - planned
    assert plan.left_out["why"].str.len().gt(0).all()
    # never in a prep period when Periods and the Bell Schedule are given
    if school["bell_schedule"]:
        taught = rota.teachers["periods"]
        for row in visits[visits["period"].notna()].itertuples():
            assert row.period in taught[row.teacher_id]
        has_periods = taught[taught.map(len) > 0].index
        assert visits.loc[visits["teacher_id"].isin(has_periods), "period"].notna().all()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    size=st.integers(1, 30),
    observers=st.integers(1, 3),
    target=st.integers(1, 4),
    days=st.integers(1, 6),
)
def test_every_overdue_teacher_fits_when_capacity_allows(
    size: int, observers: int, target: int, days: int
) -> None:
    """Separate rooms, no period limits: the plan covers min(overdue, capacity) teachers."""
    names = ["Obs A", "Obs B", "Obs C"][:observers]
    book = make_book(
        roster=[teacher(f"T{i}", f"Teacher {i}", room=str(i)) for i in range(size)],
        walkthroughs=[visit("2026-11-12", "10:00", name, "T0") for name in names],
        settings={"Daily Target": target},
        as_of=AS_OF,
    )
    plan = plan_visits(book, school_days=days)
    overdue = len(rotation(book).overdue)
    capacity = observers * days * target
    assert plan.capacity == capacity
    assert len(plan.left_out) == max(0, overdue - capacity)
    assert len(plan.visits) == min(size, capacity)
    if overdue <= capacity:
        assert plan.left_out.empty


def test_the_plan_is_sorted_by_day_observer_and_block() -> None:
    book = make_book(
        roster=[teacher(f"T{i}", f"Teacher {i}", room=str(i)) for i in range(9)],
        walkthroughs=[visit("2026-11-12", "10:00", n, "T0") for n in ("Obs B", "Obs A")],
        as_of=AS_OF,
    )
    visits = plan_visits(book).visits
    order = ["Early", "Mid-morning", "Midday", "Afternoon"]
    key = pd.DataFrame(
        {
            "date": visits["date"],
            "observer": visits["observer"],
            "block": visits["block"].map(order.index),
        }
    )
    assert key.equals(key.sort_values(["date", "observer", "block"]))
