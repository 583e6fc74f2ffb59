"""Strengths and opportunities: which look-fors are seen widely, and who could model practice.

A look-for's **reach** is its share of visits times its share of visited teachers, so a
look-for recorded often but in one classroom does not read as a school-wide strength
(Instructional Leadership Routines practices 5 and 12).
"""

from __future__ import annotations

import pandas as pd

from reports.figures.evidence import recorded_lookfors
from sheets_templates.book import Book

SHOWN_EACH = 5  # look-fors listed as strengths, and as opportunities
MODEL_MIN_VISITS = 3  # visits with a level in the area before a teacher is a candidate
MODEL_MIN_LEVEL = 3  # every level written in the area at least this


def is_goal_area(book: Book, area: str) -> bool:
    """True when Settings' Goal Areas names this framework area (any case)."""
    return area.casefold() in {goal.casefold() for goal in book.settings.goal_areas}


def lookfor_reach(book: Book, visits: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every framework look-for (index: code) with area, goal_area, visits, visit_share,
    teachers, teacher_share, mean_level and reach, highest reach first.

    Over `visits` (rows of `book.valid_walkthroughs`, e.g. one month's), else over them all.
    """
    records = recorded_lookfors(book)
    if visits is None:
        visits = book.valid_walkthroughs
    else:
        records = records[records["visit"].isin(visits.index)]
    areas = pd.Series(book.code_areas, dtype="object")
    grouped = records.groupby("code")
    table = pd.DataFrame(
        {
            "area": areas,
            "visits": grouped["visit"].nunique(),
            "teachers": grouped["teacher_id"].nunique(),
            "mean_level": grouped["level"].mean(),
        }
    ).loc[areas.index]
    table["visits"] = table["visits"].fillna(0).astype(int)
    table["teachers"] = table["teachers"].fillna(0).astype(int)
    total_visits, total_teachers = len(visits), visits["teacher_id"].nunique()
    table["visit_share"] = table["visits"] / total_visits if total_visits else 0.0
    table["teacher_share"] = table["teachers"] / total_teachers if total_teachers else 0.0
    table["reach"] = table["visit_share"] * table["teacher_share"]
    table["goal_area"] = [is_goal_area(book, area) for area in table["area"]]
    table.index.name = "code"
    return table.sort_values(["reach", "visits"], ascending=False, kind="stable")


def strengths_and_opportunities(reach: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The highest-reach look-fors and the lowest (lowest first), never the same one twice."""
    shown = min(SHOWN_EACH, len(reach) // 2)
    strengths = reach.head(shown)
    opportunities = reach.tail(shown).iloc[::-1]
    return strengths, opportunities


def model_practice_candidates(book: Book) -> pd.DataFrame:
    """Teachers whose levels in an area are consistently strong: at least MODEL_MIN_VISITS
    visits with a level written there, and every level at least MODEL_MIN_LEVEL.

    Columns: teacher_id, name, area, visits, mean_level, last_visit; strongest first. Names a
    teacher, so it belongs on a private tab only.
    """
    records = recorded_lookfors(book).dropna(subset=["level", "area"])
    per_visit = records.groupby(["teacher_id", "area", "visit"]).agg(
        level=("level", "min"), date=("date", "max")
    )
    per_area = per_visit.groupby(level=["teacher_id", "area"]).agg(
        visits=("level", "size"),
        lowest=("level", "min"),
        mean_level=("level", "mean"),
        last_visit=("date", "max"),
    )
    strong = per_area[
        (per_area["visits"] >= MODEL_MIN_VISITS) & (per_area["lowest"] >= MODEL_MIN_LEVEL)
    ].reset_index()
    names = book.roster.drop_duplicates("teacher_id").set_index("teacher_id")["name"]
    strong["name"] = strong["teacher_id"].map(names)
    strong = strong.sort_values(["mean_level", "visits", "area"], ascending=[False, False, True])
    columns = ["teacher_id", "name", "area", "visits", "mean_level", "last_visit"]
    return strong.loc[:, columns].reset_index(drop=True)
