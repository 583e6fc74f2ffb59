"""The `Teacher Support` tab: does coaching go where the walkthroughs say support is needed?

The figures are `reports.figures.teacher_support`; this tab lays them out: the team's key
figures, then one row per active teacher, support gaps first. It names teachers, so it is
private like Coverage: never in a de-identified copy or the packet.
"""

from __future__ import annotations

from reports.figures.teacher_support import (
    COACHING_WEEKS,
    GAP_LEVEL,
    MIN_LEVELED_VISITS,
    NO_FOCUS,
    PEER_CAP,
    PEERS_FULL,
    RECENT_LEVELED_VISITS,
    STRONG_LEVEL,
    STRONG_VISITS,
    TOO_FEW_LEVELS,
    SupportFigures,
    TeacherSupport,
    teacher_support,
)
from reports.model import (
    Cell,
    ColorScale,
    Column,
    Format,
    KeyFigure,
    KeyFigures,
    Note,
    OutputTab,
    Table,
)
from sheets_templates.book import Book
from sheets_templates.schema import TEACHER_SUPPORT_TAB

TEACHERS = "teachers"
GAP = "Support Gap"


def teacher_support_tab(book: Book) -> OutputTab:
    """Key figures, the notes that define them, and the teacher table, support gaps first."""
    figures = teacher_support(book)
    return OutputTab(
        name=TEACHER_SUPPORT_TAB,
        title="Teacher support: coaching that follows the evidence",
        subtitle=f"As of {book.as_of:%a %b %-d, %Y}. Coaching of the last {COACHING_WEEKS} "
        f"weeks (from {figures.window_first:%a %b %-d}) against each teacher's walkthrough "
        "levels. Support gaps first. Private: names teachers.",
        blocks=(
            _key_figures(figures),
            Note(_counts_line(figures)),
            Note(
                f"Area levels: the mean level written in each framework area over the teacher's "
                f"last {RECENT_LEVELED_VISITS} visits with a level. Lowest Area needs at least "
                f"{MIN_LEVELED_VISITS} such visits. Strong Areas: a mean of {STRONG_LEVEL:g} or "
                f"more over at least {STRONG_VISITS} visits."
            ),
            Note(
                f"Follows Evidence: Yes when a coaching conversation of the last "
                f"{COACHING_WEEKS} weeks has its focus in the teacher's Lowest Area, No when "
                f'the coaching went elsewhere, "{NO_FOCUS}" when it named no framework code, '
                f'"{TOO_FEW_LEVELS}" when the teacher has no Lowest Area yet. Support gap: a '
                f"Lowest Area at level {GAP_LEVEL:g} or below and no coaching in those weeks."
            ),
            _teacher_table(figures),
            Note(
                "Suggested Peer: a teacher strong in this teacher's Lowest Area, same "
                f"department first, then same grade; each peer for at most {PEER_CAP} "
                f'teachers, support gaps served first ("{PEERS_FULL}": every teacher strong '
                f"there is suggested {PEER_CAP} times already)."
            ),
        ),
        color_scales=(
            ColorScale(
                TEACHERS,
                figures.areas,
                low_color="F8696B",
                high_color="63BE7B",
                low_value=1,
                high_value=4,
            ),
        )
        if figures.areas and figures.teachers
        else (),
    )


def _key_figures(figures: SupportFigures) -> KeyFigures:
    weeks = f"in the last {COACHING_WEEKS} weeks"
    follows: Cell = (
        "nothing to judge yet" if figures.follows_share is None else figures.follows_share
    )
    focused: Cell = "no coaching yet" if figures.focused_share is None else figures.focused_share
    opportunity = figures.biggest_opportunity()
    return KeyFigures(
        "support",
        (
            KeyFigure(
                "Coaching follows the evidence",
                follows,
                Format.PERCENT if figures.follows_share is not None else Format.TEXT,
                aside=f"{figures.followed} of {figures.judged} coaching conversations {weeks} "
                "in the teacher's lowest area"
                if figures.judged
                else "",
                headline=True,
            ),
            KeyFigure(
                "Teachers with a support gap",
                figures.gaps,
                Format.INTEGER,
                aside=f"lowest area at level {GAP_LEVEL:g} or below, not coached {weeks}",
                headline=True,
            ),
            KeyFigure(
                f"Teachers coached {weeks}",
                figures.coached,
                Format.INTEGER,
                aside=f"of {len(figures.teachers)} active teachers",
            ),
            KeyFigure(
                "Coaching with a framework focus",
                focused,
                Format.PERCENT if figures.focused_share is not None else Format.TEXT,
                aside=f"{figures.focused} of {figures.conversations} coaching conversations "
                f"{weeks}: the framework's language, as evaluation uses it",
            ),
            KeyFigure(
                "Biggest opportunity area",
                opportunity[0] if opportunity else "too few levels yet",
                aside=f"the lowest area of {opportunity[1]} of {figures.with_lowest_area} "
                "teachers with enough levels"
                if opportunity
                else "",
            ),
        ),
        title="Coaching and the evidence",
    )


def _counts_line(figures: SupportFigures) -> str:
    """The counts behind the key figures, in one line (the tab shows a key figure's value)."""
    line = (
        f"{figures.followed} of {figures.judged} coaching conversations of the last "
        f"{COACHING_WEEKS} weeks with a framework focus, to a teacher with a Lowest Area, were "
        f"in that area; {figures.focused} of {figures.conversations} had a framework focus."
    )
    opportunity = figures.biggest_opportunity()
    if opportunity:
        line += (
            f" {opportunity[0]} is the Lowest Area of {opportunity[1]} of "
            f"{figures.with_lowest_area} teachers with enough levels."
        )
    return line


def _teacher_table(figures: SupportFigures) -> Table:
    columns = (
        Column("Teacher"),
        Column("Department"),
        Column("Grade"),
        Column("Visits This Year", Format.INTEGER),
        *(Column(area, Format.DECIMAL) for area in figures.areas),
        Column("Lowest Area"),
        Column(GAP),
        Column("Last Coached", Format.DATE),
        Column("Coaching Focus"),
        Column("Follows Evidence"),
        Column("Strong Areas"),
        Column("Suggested Peer"),
    )
    return Table(
        TEACHERS,
        columns,
        tuple(_row(teacher) for teacher in figures.teachers),
        title="Teachers, support gaps first",
        freeze_header=True,
        empty_message="No active teachers on the Roster.",
    )


def _row(teacher: TeacherSupport) -> tuple[Cell, ...]:
    return (
        teacher.name,
        teacher.department,
        teacher.grade,
        teacher.visits_this_year,
        *(None if level is None else round(level, 2) for level in teacher.levels),
        teacher.lowest_area or TOO_FEW_LEVELS,
        "Yes" if teacher.support_gap else "",
        teacher.last_coached,
        ", ".join(teacher.coaching_focus) or None,
        teacher.follows_evidence,
        ", ".join(teacher.strong_areas) or None,
        teacher.suggested_peer,
    )
