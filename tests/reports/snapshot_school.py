"""The staff snapshot's school: 8 Gr 7 teachers, two observers and a coach, every name invented.

Five visits in August, none in September, ten in October to all 8 teachers, four in November
to 3 of them only (fewer than Min Group Size 5). As of Fri Nov 20, 2026. The Staff Focus names a
teacher, an observer, a coach and a room: the snapshot must scrub them all.
"""

from __future__ import annotations

import datetime as dt
import re

from tests.builders import coaching, look_for, make_raw, teacher, visit

AS_OF = dt.date(2026, 11, 20)
NAMES = [
    "Ana Ortiz",
    "Bram Kowalczyk",
    "Celeste Marchetti",
    "Dmitri Okonkwo",
    "Esperanza Lindqvist",
    "Farrah Delacroix",
    "Gideon Thistlewood",
    "Hollis Abernathy",
]
ROSTER = [
    teacher(
        f"ZQ-{101 + n}",
        name,
        email=f"{name.split()[1].lower()}@school.example",
        room=f"B{317 + n}",
        grade="7",
        department="Math",
        years=4,
    )
    for n, name in enumerate(NAMES)
]
OBSERVERS = ("Quinlan Harwood", "teodora.vance@school.example")
COACH = "Marisol Pratt"
FOCUS = (
    "Turn and talk in every class, as Ms. Ortiz and Quinlan Harwood showed us in room 204; "
    "ask Marisol Pratt for the planning sheet."
)
FRAMEWORK = [
    look_for("IN1", "Instruction", indicator="Students explain their reasoning", priority="Y"),
    look_for("EN1", "Engagement", indicator="Every student talks about the work", priority="Y"),
    look_for("AS1", "Assessment", indicator="Checks for understanding"),
    look_for("CL1", "Culture", indicator="Routines run smoothly"),
]

# October, visit n to teacher n % 8 (so ZQ-101 and ZQ-102 twice): EN1 on 6 visits in 6
# classrooms, AS1 on 5 in 5, IN1 on 4 in only 2 (too few to list), CL1 on 1.
OCTOBER_LOOKFORS = {
    0: "IN1, EN1",
    1: "IN1, EN1",
    2: "EN1, AS1",
    3: "EN1, AS1",
    4: "EN1:3, AS1",
    5: "EN1, AS1",
    6: "AS1",
    7: "CL1",
    8: "IN1",
    9: "IN1:2",
}


def tabs(
    focus: str = FOCUS, framework: list[dict[str, object]] = FRAMEWORK
) -> dict[str, list[list[object]]]:
    ids = [row["teacher_id"] for row in ROSTER]
    august = [
        visit(
            dt.date(2026, 8, 24 + n),
            "9:30",
            OBSERVERS[n % 2],
            ids[n],
            lookfors=("IN1, EN1", "EN1", "AS1", "AS1", "AS1")[n],
            evidence_shared=dt.date(2026, 8, 24 + n),
        )
        for n in range(5)
    ]
    october_days = [dt.date(2026, 10, d) for d in (5, 6, 7, 8, 9, 12, 13, 14, 15, 16)]
    october = [
        visit(
            day,
            "10:15",
            OBSERVERS[n % 2],
            ids[n % 8],
            lookfors=OCTOBER_LOOKFORS[n],
            # Visits 0 and 5 had no evidence shared: 8 of 10 the same day.
            evidence_shared="N" if n % 5 == 0 else day,
            notes=f"{NAMES[n % 8]} in room {ROSTER[n % 8]['room']}: great questions",
        )
        for n, day in enumerate(october_days)
    ]
    november = [
        visit(dt.date(2026, 11, 16 + n), "13:45", OBSERVERS[0], ids[n % 3], lookfors="IN1")
        for n in range(4)
    ]
    return make_raw(
        roster=ROSTER,
        walkthroughs=[*august, *october, *november],
        coaching_rows=[coaching("2026-10-20", COACH, ids[0], focus_area="IN1")],
        framework=framework,
        settings={"Staff Focus": focus} if focus else {},
    )


def identifiers() -> list[str]:
    """Every roster, observer and coach name, part of a name, email, ID and room."""
    found = [*OBSERVERS, "Quinlan", "Harwood", "teodora", "vance", COACH, *COACH.split()]
    for row in ROSTER:
        found += [row["teacher_id"], row["email"], row["room"], row["name"], *row["name"].split()]
    return found


def assert_names_no_one(words: str) -> None:
    folded = words.casefold()
    for identifier in identifiers():
        assert not re.search(rf"\b{re.escape(identifier.casefold())}\b", folded), identifier
    assert "room 204" not in folded
