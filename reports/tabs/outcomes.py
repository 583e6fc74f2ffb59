"""The `Outcomes` tab: walkthrough evidence beside the change in each class's results.

The figures are `reports.figures.outcomes`; this tab lays them out: key figures, one row per
Priority look-for and framework area (share of visits, then mean level), the groups, the gaps,
and a scatter chart of the strongest relationship (teachers as points, no names). Private,
like Coverage: it is about teachers' classes. Without a Results tab it says how to add one.
"""

from __future__ import annotations

from reports.figures.outcomes import (
    MIN_TEACHERS,
    MIN_VISITS,
    SHARE,
    GroupView,
    Outcomes,
    Relationship,
    outcomes,
)
from reports.model import (
    Block,
    Cell,
    Chart,
    ChartKind,
    Column,
    Format,
    KeyFigure,
    KeyFigures,
    Note,
    OutputTab,
    Table,
)
from sheets_templates.book import Book
from sheets_templates.schema import OUTCOMES_TAB, RESULTS

HOW_TO_ADD = (
    f"Add a {RESULTS.name} tab ({', '.join(RESULTS.headers)}) with each class's results on "
    "the school's interim assessments: a percent proficient (72%) or a mean scale score "
    "(215), one row per teacher and assessment. The Outcomes need two assessments."
)
NOT_CAUSE = (
    "An association across classrooms, not proof that the practice caused the gain: classes "
    "differ in more ways than the walkthroughs see."
)
X_HEADER, Y_HEADER = "Measure", "Change In Results"


def outcomes_tab(book: Book) -> OutputTab:
    """The Outcomes tab for `book`."""
    found = outcomes(book)
    blocks: list[Block] = [_key_figures(found)]
    if found.problem:
        blocks.append(Note(HOW_TO_ADD if not found.has_results_tab else found.problem))
    else:
        blocks += [Note(NOT_CAUSE), _relationships(found), _rule_note()]
        for view in found.views:
            blocks += [_group_table(view, book), *_gap_notes(view)]
        if strongest := found.strongest:
            blocks.append(_points(strongest, found))
    strongest = found.strongest
    return OutputTab(
        name=OUTCOMES_TAB,
        title="Outcomes: walkthrough evidence beside results",
        subtitle=f"As of {book.as_of:%a %b %-d, %Y}. {_between(found)}",
        blocks=tuple(blocks),
        charts=(
            Chart(
                "points_chart",
                ChartKind.SCATTER,
                f"{strongest.subject}: {strongest.measure.lower()} and the change in results",
                "points",
                X_HEADER,
                (Y_HEADER,),
                x_title=strongest.measure,
                y_title="Change in results",
            ),
        )
        if strongest and not found.problem
        else (),
    )


def _between(found: Outcomes) -> str:
    if found.earlier is None or found.later is None:
        return "Results beside the walkthroughs, once there are two assessments."
    scale = "percent proficient" if found.later.percent else "mean scale score"
    return (
        f"The change in {scale} from {found.earlier.name} ({found.earlier.date:%b %-d, %Y}) "
        f"to {found.later.name} ({found.later.date:%b %-d, %Y}), beside the visits between."
    )


def _key_figures(found: Outcomes) -> KeyFigures:
    """Headline on the Summary only for a school that keeps a Results tab."""
    return KeyFigures(
        "outcomes",
        (
            KeyFigure("Teachers with both results", found.teachers, Format.INTEGER),
            KeyFigure(f"Of them, with {MIN_VISITS}+ visits between", found.counted, Format.INTEGER),
            KeyFigure(
                "Clearest relationship",
                found.clearest_words,
                headline=found.has_results_tab,
            ),
        ),
        title="Walkthroughs and results",
    )


def _relationships(found: Outcomes) -> Table:
    return Table(
        "relationships",
        (
            Column("Look-for Or Area", width=24),
            Column("Measure", width=16),
            Column("Teachers", Format.INTEGER),
            Column("Correlation", Format.DECIMAL),
            Column("95% Low", Format.DECIMAL),
            Column("95% High", Format.DECIMAL),
            Column("Verdict", width=44, wrap=True),
        ),
        tuple(_relationship_row(r) for r in found.relationships),
        title="Each Priority look-for and framework area against the change in results",
        empty_message="Mark Priority look-fors and areas on the Framework tab to see them here.",
    )


def _relationship_row(r: Relationship) -> tuple[Cell, ...]:
    numbers = (_rounded(r.correlation), _rounded(r.low), _rounded(r.high))
    return (r.subject, r.measure, r.teachers, *numbers, r.verdict)


def _rule_note() -> Note:
    return Note(
        "Correlation: Spearman's rank correlation across teachers between the measure over "
        f"their visits between the two assessments and their change in results (teachers with "
        f"both results and {MIN_VISITS} or more visits between). 95% interval by Fisher's z. "
        f"Fewer than {MIN_TEACHERS} teachers: too few to tell; an interval that holds zero: no "
        "clear relationship."
    )


def _group_table(view: GroupView, book: Book) -> Table:
    codes = list(view.groups[0].shares) if view.groups else []
    return Table(
        f"by_{view.by.lower()}",
        (
            Column(view.by, width=20),
            Column("Teachers", Format.INTEGER),
            Column("Visits", Format.INTEGER),
            Column("Visits Per Teacher", Format.DECIMAL),
            Column("Mean Change", Format.DECIMAL),
            *(Column(code, Format.PERCENT) for code in codes),
        ),
        tuple(
            (
                g.group,
                g.teachers,
                g.visits,
                round(g.visits_per_teacher, 2),
                round(g.mean_change, 2),
                *(g.shares[code] for code in codes),
            )
            for g in view.groups
        ),
        title=f"By {view.by.lower()}: visits between the assessments and the change in results",
        empty_message=f"No {view.by.lower()} has {book.settings.min_group_size} or more "
        "teachers with both results.",
    )


def _gap_notes(view: GroupView) -> list[Note]:
    notes = [
        Note(
            f"Gap: {g.group} fell by {abs(g.mean_change):.1f} while visited least "
            f"({g.visits_per_teacher:.1f} visits per teacher, under the median group's)."
        )
        for g in view.gaps
    ]
    if view.hidden:
        notes.append(Note(f"{view.hidden} teachers are in groups too small to show, even merged."))
    return notes


def _points(strongest: Relationship, found: Outcomes) -> Table:
    return Table(
        "points",
        (
            Column(X_HEADER, Format.PERCENT if strongest.measure == SHARE else Format.DECIMAL),
            Column(Y_HEADER, Format.DECIMAL),
        ),
        tuple((round(x, 3), round(y, 2)) for x, y in sorted(strongest.points)),
        title=f"The strongest relationship, {strongest.subject} ({strongest.measure.lower()}): "
        f"one point per teacher, sorted by the measure ({found.counted} teachers, no names)",
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
