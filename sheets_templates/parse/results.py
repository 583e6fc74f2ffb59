"""The optional Results tab: each class's results on the school's interim assessments.

docs/design.md, Results: a result is a percent proficient or a mean scale score. An
assessment whose results are written with `%`, or are all from 0 to 1 (a cell formatted as a
percent holds 0.72 for 72%), is a percent: a result of it written as a fraction counts as
that many hundredths, and one below 0% or above 100% is an error. Any other assessment is a
scale score, taken as written.
"""

from __future__ import annotations

import math

import pandas as pd

from sheets_templates import findings
from sheets_templates.parse.logs import LogContext, roster_ids
from sheets_templates.parse.people import _frame, empty_frame
from sheets_templates.parse.reader import TabReader, dates_series
from sheets_templates.parse.values import Parsed

FIELDS = ["teacher_id", "assessment", "date", "result", "percent", "group"]


def parse_results(reader: TabReader | None, ctx: LogContext) -> pd.DataFrame:
    """Results rows as Book.results: row, valid, teacher_id, assessment, date, result (a
    percent in points, 72.0 for 72%, or a scale score), percent, group."""
    if reader is None:
        return empty_frame(FIELDS, date_columns=["date"])
    dates, ok_date = reader.parsed(
        "date",
        reader.parse_date,
        unreadable=findings.RESULT_DATE_UNREADABLE,
        missing=findings.RESULT_DATE_MISSING,
    )
    teacher_ids = roster_ids(
        reader,
        ctx,
        missing=findings.RESULT_TEACHER_MISSING,
        unknown=findings.RESULT_TEACHER_UNKNOWN,
        loose=findings.RESULT_TEACHER_LOOSE_MATCH,
    )
    assessments = reader.text("assessment")
    for row in assessments[assessments.isna()].index:
        reader.add(findings.RESULT_ASSESSMENT_MISSING, row, "assessment", None)
    numbers, ok_number = reader.parsed(
        "result",
        parse_result,
        unreadable=findings.RESULT_UNREADABLE,
        missing=findings.RESULT_MISSING,
    )
    value = numbers.map(lambda parsed: parsed[0] if parsed else math.nan).astype("float64")
    written = numbers.map(lambda parsed: bool(parsed and parsed[1])).astype(bool)
    percent = _percent_assessments(assessments, value, written, ok_number)
    points = value.where(~percent | written | (value > 1), value * 100)
    outside = percent & ok_number & ((points < 0) | (points > 100))
    for row in outside[outside].index:
        reader.add(
            findings.RESULT_OUT_OF_RANGE,
            row,
            "result",
            reader.raw("result")[row],
            percent=f"{points[row]:g}%",
        )
    return _frame(
        reader,
        ok_date & teacher_ids.notna() & assessments.notna() & ok_number & ~outside,
        teacher_id=teacher_ids,
        assessment=assessments,
        date=dates_series(dates),
        result=points,
        percent=percent,
        group=reader.text("group"),
    )


def parse_result(value: object) -> Parsed[tuple[float, bool]]:
    """A result cell as (number, written with %): `72%` -> (72.0, True), `0.72` -> (0.72,
    False), `215` -> (215.0, False)."""
    if isinstance(value, bool):
        return Parsed(problem="not a number")
    if isinstance(value, int | float):
        return Parsed((float(value), False)) if math.isfinite(value) else Parsed(problem="nan")
    text = str(value).strip().replace(",", "")
    written = text.endswith("%")
    try:
        number = float(text.removesuffix("%").strip())
    except ValueError:
        return Parsed(problem="not a number or a percent")
    return Parsed((number, written)) if math.isfinite(number) else Parsed(problem="nan")


def _percent_assessments(
    assessments: pd.Series, value: pd.Series, written: pd.Series, ok: pd.Series
) -> pd.Series:
    """For each row, whether its assessment is a percent (docs/design.md, Results)."""
    readable = ok & assessments.notna()
    by = assessments[readable].astype(str)
    any_written = written[readable].groupby(by).any()
    all_fractions = value[readable].between(0, 1).groupby(by).all()
    is_percent = any_written | all_fractions
    return assessments.isin(is_percent[is_percent].index) & assessments.notna()
