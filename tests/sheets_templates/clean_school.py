"""The small clean school the findings tests plant their faults in: it gives no finding."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sheets_templates.findings import Finding
from sheets_templates.parse import parse_book
from sheets_templates.schema import locate_tabs
from tests.builders import coaching, look_for, make_raw, teacher, visit

AS_OF = dt.date(2026, 11, 20)  # a Friday; the school year runs 2026-08-17 to 2027-06-11
TODAY = dt.date(2026, 12, 4)  # for looking back: `--as-of` two weeks ago

ROSTER = [
    teacher("T1", "Ana Ortiz", room="101", email="ana.ortiz@school.example", years=4),
    teacher("T2", "Bo Li", room="102", email="bo.li@school.example"),
    teacher("T3", "José Núñez", room="103"),
    teacher("T4", "Cy Park", room="104", active="N"),
]
FRAMEWORK = [
    look_for("IN1", "Instruction"),
    look_for("IN2", "Instruction"),
    look_for("CL1", "Climate"),
]


def clean_visit(**changes: Any) -> dict[str, Any]:
    """A visit with every column filled in correctly; `changes` plant the fault."""
    row = visit(
        "2026-11-16",
        "10:15",
        "Obs A",
        "T1",
        room="101",
        period="2",
        lookfors="IN1:3, CL1",
        evidence="Students explained their reasoning to a partner.",
        evidence_shared="2026-11-16",
        conversation_date="2026-11-17",
        conversation_role="Reflective",
    )
    return {**row, **changes}


def findings(**tabs: Any) -> list[tuple[str, int | None, str, str]]:
    """(tab, row, column, code) for a clean school with `tabs` replaced."""
    return [(f.tab, f.row, f.column, f.code) for f in parse(**tabs)]


def parse(today: dt.date = AS_OF, **tabs: Any) -> list[Finding]:
    """The findings of a clean school with `tabs` replaced, refreshed on `today`."""
    arguments: dict[str, Any] = {
        "roster": ROSTER,
        "walkthroughs": [clean_visit()],
        "framework": FRAMEWORK,
        "coaching_rows": [coaching("2026-11-18", "Coach C", "Bo Li", focus_area="IN2")],
        **tabs,
    }
    raw = make_raw(**arguments)
    return parse_book(raw, locate_tabs(list(raw)), AS_OF, today=today).findings
