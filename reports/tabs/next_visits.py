"""The `Next Visits` tab: the plan of `reports.figures.planner`, laid out for the ILT.

Key figures (the days planned, the observers, how many overdue teachers fit), notes saying how
the plan was made, the suggested visits, and the overdue teachers who did not fit with why.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reports.figures.planner import PLAN_SCHOOL_DAYS, Plan, plan_visits, school_days_text
from reports.model import Cell, Column, Format, KeyFigure, KeyFigures, Note, OutputTab, Table
from sheets_templates.book import Book
from sheets_templates.schema import NEXT_VISITS_TAB


def next_visits_tab(book: Book, school_days: int = PLAN_SCHOOL_DAYS) -> OutputTab:
    """The plan as a tab: key figures, notes, the visits, and who did not fit."""
    plan = plan_visits(book, school_days)
    rota_days = book.settings.rotation_school_days
    overdue_planned = int(plan.visits["overdue"].sum())
    overdue_total = overdue_planned + len(plan.left_out)
    notes = [
        Note(plan.observers_note + f" Observers: {', '.join(plan.observers)}."),
        Note(
            f"Up to {plan.visits_per_day} visits per observer per day, one per time block; "
            "most overdue first, each in the time block they have been seen least; no two "
            "observers in one room on the same day."
        ),
    ]
    if book.settings.daily_target > plan.visits_per_day:
        notes.append(
            Note(
                f"Daily Target is {book.settings.daily_target}, but there are only "
                f"{plan.visits_per_day} time blocks: the plan keeps one visit per block."
            )
        )
    if plan.uses_periods:
        notes.append(
            Note(
                "Visits fall in a period the teacher teaches (Periods on the Roster, times "
                "from the Bell Schedule), never in a prep period."
            )
        )
    return OutputTab(
        name=NEXT_VISITS_TAB,
        title="Next visits",
        subtitle=f"Suggested visits for the next {school_days_text(len(plan.days))} after "
        f"{book.as_of:%a %b %-d, %Y}. Overdue: {rota_days} or more school days since the "
        "last visit, or never visited.",
        blocks=(
            KeyFigures(
                "plan",
                (
                    KeyFigure("Plan for", _days_text(plan.days)),
                    KeyFigure("Observers", len(plan.observers), Format.INTEGER),
                    KeyFigure("Visits planned", f"{len(plan.visits)} of {plan.capacity} possible"),
                    KeyFigure(
                        "Overdue teachers in the plan",
                        f"{overdue_planned} of {overdue_total}",
                        headline=True,
                    ),
                ),
            ),
            *notes,
            _visits_table(plan),
            _left_out_table(plan),
        ),
    )


def _visits_table(plan: Plan) -> Table:
    rows = [
        (v.date, v.observer, v.teacher, _text(v.room), v.label, v.reason)
        for v in plan.visits.itertuples()
    ]
    return Table(
        "next_visits",
        (
            Column("Date", Format.DATE),
            Column("Observer"),
            Column("Teacher"),
            Column("Room"),
            Column("Block"),
            Column("Reason", width=60, wrap=True),
        ),
        tuple(rows),
        title="Suggested visits",
        empty_message="No school days left this year."
        if not plan.days
        else "No active teachers on the Roster.",
    )


def _left_out_table(plan: Plan) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (t.teacher, _text(t.room), int(t.school_days_since), t.last_visit, t.teaches_in, t.why)
        for t in plan.left_out.itertuples()
    ]
    # Six columns, so Why sits under Reason and both tables share sensible column widths.
    return Table(
        "left_out",
        (
            Column("Teacher"),
            Column("Room"),
            Column("School Days Since", Format.INTEGER),
            Column("Last Visit", Format.DATE),
            Column("Teaches In"),
            Column("Why", width=60, wrap=True),
        ),
        tuple(rows),
        title="Overdue teachers not in the plan",
        empty_message="Every overdue teacher is in the plan.",
    )


def _days_text(days: tuple[dt.date, ...]) -> str:
    if not days:
        return "no school days left this year"
    if len(days) == 1:
        return f"{days[0]:%a %b %-d, %Y} (1 school day)"
    return f"{days[0]:%a %b %-d} to {days[-1]:%a %b %-d, %Y} ({len(days)} school days)"


def _text(value: object) -> str | None:
    return None if pd.isna(value) else str(value)
