"""Teacher support: does coaching go where the walkthrough evidence points?

Instructional Leadership Routines practices 9, 10 and 12, as docs/design.md "Teacher support"
defines them, one function per definition:

- `area_levels`: each active teacher's mean level in each framework area over their last
  `RECENT_LEVELED_VISITS` visits with a level written, and the visits behind each mean;
- `lowest_area`: the area of lowest mean, once `MIN_LEVELED_VISITS` leveled visits are in;
- `strong_areas`: areas of mean level `STRONG_LEVEL` or more over `STRONG_VISITS` visits;
- `coaching_read`, `recent_coaching`, `last_coached`: the coaching rows read, those of the
  last `COACHING_WEEKS` weeks, and each teacher's latest;
- `follows_evidence`: whether a teacher's recent coaching was in their lowest area;
- `support_gap`: a lowest area at `GAP_LEVEL` or below, and no coaching in those weeks;
- `suggest_peers`: a teacher strong in each teacher's lowest area, at most `PEER_CAP` each;
- `teacher_support`: all of it for the Teacher Support tab, support gaps first, with the team
  figures; `team_follows_share` is the one share a shared output (PL Needs, the packet) may
  show.

These figures name teachers: only the private Teacher Support tab and the Summary show them
by teacher; a shared output shows the team share alone.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from reports.figures.evidence import framework_areas, recorded_lookfors
from reports.figures.rotation import rotation
from reports.figures.shared import once_per_book
from reports.privacy.groups import rows_in_scope
from sheets_templates.book import Book
from sheets_templates.calendar import monday_of

RECENT_LEVELED_VISITS = 6  # a teacher's area levels are over this many latest leveled visits
MIN_LEVELED_VISITS = 3  # leveled visits before a lowest area is named
STRONG_LEVEL = 3.0  # a mean level at least this, ...
STRONG_VISITS = 3  # ... over at least this many visits with a level in the area, is strong
GAP_LEVEL = 2.0  # a lowest area at this mean level or below needs support
COACHING_WEEKS = 8  # weeks of coaching judged, as-of's week counted as one (as PL Needs)
PEER_CAP = 3  # teachers one peer is suggested to, at most

# Follows Evidence, for one teacher.
FOLLOWS = "Yes"
GOES_ELSEWHERE = "No"
NOT_COACHED = "Not coached"
NO_FOCUS = "No focus given"
TOO_FEW_LEVELS = "Too few levels"  # also Lowest Area's value then
# Suggested Peer, when no one is named.
NO_STRONG_PEER = "No strong peer yet"
PEERS_FULL = f"All peers at {PEER_CAP}"


@dataclass(frozen=True)
class AreaLevels:
    """Per active teacher (index: teacher_id), over their recent leveled visits."""

    leveled_visits: pd.Series  # recent leveled visits counted, at most RECENT_LEVELED_VISITS
    mean: pd.DataFrame  # one column per framework area; NaN where no level was written
    visits: pd.DataFrame  # same shape: the visits with a level in that area (0 when none)


@dataclass(frozen=True)
class TeacherSupport:
    """One active teacher's row of the Teacher Support tab."""

    teacher_id: str
    name: str
    department: str | None
    grade: str | None
    visits_this_year: int
    levels: tuple[float | None, ...]  # mean level per framework area, in `areas` order
    area_visits: tuple[int, ...]  # the visits with a level behind each, in the same order
    lowest_area: str | None  # None: too few leveled visits
    lowest_level: float | None
    strong_areas: tuple[str, ...]
    last_coached: dt.date | None
    coaching_focus: tuple[str, ...]  # areas of the recent coaching, Framework-tab order
    follows_evidence: str  # FOLLOWS, GOES_ELSEWHERE, NOT_COACHED, NO_FOCUS or TOO_FEW_LEVELS
    support_gap: bool
    suggested_peer: str | None  # a name, NO_STRONG_PEER, PEERS_FULL; None when not needed


@dataclass(frozen=True)
class SupportFigures:
    """The Teacher Support tab's figures: every active teacher, and the team's."""

    areas: tuple[str, ...]  # framework areas, in Framework-tab order
    teachers: tuple[TeacherSupport, ...]  # support gaps first (`support_order`)
    window_first: dt.date  # first day of the last COACHING_WEEKS weeks
    conversations: int  # recent coaching conversations with an active teacher
    focused: int  # of them, with a framework focus
    judged: int  # of those, with a teacher who has a lowest area
    followed: int  # of those, whose focus is in that lowest area
    judged_teachers: int  # distinct teachers behind `judged`

    @property
    def follows_share(self) -> float | None:
        """docs/design.md, Coaching follows the evidence; None with nothing to judge."""
        return self.followed / self.judged if self.judged else None

    @property
    def focused_share(self) -> float | None:
        """Recent conversations with a framework focus (practice 10); None with none."""
        return self.focused / self.conversations if self.conversations else None

    @property
    def gaps(self) -> int:
        return sum(teacher.support_gap for teacher in self.teachers)

    @property
    def coached(self) -> int:
        """Active teachers with a coaching conversation in the last COACHING_WEEKS weeks."""
        return sum(teacher.follows_evidence != NOT_COACHED for teacher in self.teachers)

    @property
    def with_lowest_area(self) -> int:
        return sum(teacher.lowest_area is not None for teacher in self.teachers)

    def biggest_opportunity(self) -> tuple[str, int] | None:
        """docs/design.md, Biggest opportunity area: the area most teachers have as their
        lowest (Framework-tab order breaks a tie), with how many; None when no one has one."""
        counts = Counter(t.lowest_area for t in self.teachers if t.lowest_area is not None)
        if not counts:
            return None
        most = max(counts.values())
        area = next(area for area in self.areas if counts.get(area) == most)
        return area, most


def coaching_window_first(as_of: dt.date) -> dt.date:
    """The Monday that starts the last COACHING_WEEKS weeks up to as-of's week, the weeks
    PL Needs calls "Last 8 weeks"."""
    return monday_of(as_of) - dt.timedelta(weeks=COACHING_WEEKS - 1)


def area_levels(book: Book) -> AreaLevels:
    """docs/design.md, Area level: the mean of the levels written in each framework area over
    each active teacher's last RECENT_LEVELED_VISITS visits with a level (latest by date,
    time and sheet row), with the visits behind each mean."""
    teachers = rotation(book).teachers.index
    areas = framework_areas(book)
    records = recorded_lookfors(book).dropna(subset=["level", "area", "teacher_id"])
    records = records[records["teacher_id"].isin(teachers)]
    order = ["date", "minute", "row"]
    latest = book.walkthroughs.loc[records["visit"].unique(), [*order, "teacher_id"]]
    latest = latest.sort_values(order, ascending=False, na_position="last")
    recent = latest.groupby("teacher_id").head(RECENT_LEVELED_VISITS).index
    records = records[records["visit"].isin(recent)]
    by_area = records.groupby(["teacher_id", "area"])
    mean = _grid(by_area["level"].mean(), teachers, areas)
    count = _grid(by_area["visit"].nunique(), teachers, areas).fillna(0).astype(int)
    leveled = records.groupby("teacher_id")["visit"].nunique()
    return AreaLevels(leveled.reindex(teachers, fill_value=0).astype(int), mean, count)


def _grid(series: pd.Series, teachers: pd.Index, areas: list[str]) -> pd.DataFrame:
    """A (teacher_id, area) Series as a teacher x area frame, every teacher and area present."""
    frame = series.astype("float64").unstack() if len(series) else pd.DataFrame(dtype="float64")
    return frame.reindex(index=teachers, columns=areas)


def lowest_area(
    areas: Sequence[str], means: Sequence[float | None], leveled_visits: int
) -> tuple[str, float] | None:
    """docs/design.md, Lowest area: the area of lowest mean level (`means`, one per area;
    the Framework tab's first on a tie), once the teacher has MIN_LEVELED_VISITS leveled
    visits; None before."""
    known = [(mean, j) for j, mean in enumerate(means) if mean is not None]
    if leveled_visits < MIN_LEVELED_VISITS or not known:
        return None
    mean, j = min(known)  # the lower index wins a tie
    return areas[j], mean


def strong_areas(
    areas: Sequence[str], means: Sequence[float | None], visits: Sequence[int]
) -> tuple[str, ...]:
    """docs/design.md, Strong area: mean level at least STRONG_LEVEL over at least
    STRONG_VISITS visits with a level in it, in Framework-tab order."""
    return tuple(
        area
        for area, mean, seen in zip(areas, means, visits, strict=True)
        if mean is not None and mean >= STRONG_LEVEL and seen >= STRONG_VISITS
    )


def coaching_read(book: Book) -> pd.DataFrame:
    """The Coaching rows teacher support reads (teacher_id, date, area; area NaN with no
    Focus Area): the rows a shared output may draw on (`rows_in_scope`: valid, up to as-of,
    a Roster teacher), less those whose Focus Area is not a Framework code (a `focus-unknown`
    finding): a row whose teacher or focus cannot be read is left out. Without a Framework
    tab no focus can be read or faulted: every row is coaching without a framework focus."""
    rows = rows_in_scope(book)
    area = rows["focus_area"].map(book.code_areas)
    readable = rows["focus_area"].isna() | area.notna() | (not book.code_areas)
    return pd.DataFrame(
        {
            "teacher_id": rows.loc[readable, "teacher_id"].astype(str),
            "date": rows.loc[readable, "date"],
            "area": area[readable].astype("object"),
        }
    )


def recent_coaching(book: Book) -> pd.DataFrame:
    """docs/design.md, Recent coaching: the rows of `coaching_read` in the last
    COACHING_WEEKS weeks, with an active teacher."""
    rows = coaching_read(book)
    recent = rows["date"] >= pd.Timestamp(coaching_window_first(book.as_of))
    active = rows["teacher_id"].isin(rotation(book).teachers.index.astype(str))
    return rows[recent & active]


def last_coached(book: Book) -> pd.Series:
    """docs/design.md, Last coached: each teacher's latest row of `coaching_read` (index:
    teacher_id), any week of the school year up to as-of."""
    rows = coaching_read(book)
    return rows.groupby("teacher_id")["date"].max()


def follows_evidence(lowest: str | None, focus: list[object]) -> str:
    """docs/design.md, Follows evidence: one teacher's recent coaching (`focus`: each
    conversation's area, NaN with none given) against their lowest area."""
    if not focus:
        return NOT_COACHED
    if lowest is None:
        return TOO_FEW_LEVELS
    areas = [area for area in focus if isinstance(area, str)]
    if not areas:
        return NO_FOCUS
    return FOLLOWS if lowest in areas else GOES_ELSEWHERE


def support_gap(lowest_level: float | None, coached: bool) -> bool:
    """docs/design.md, Support gap: a lowest area at GAP_LEVEL or below, and no coaching
    conversation in the last COACHING_WEEKS weeks."""
    return lowest_level is not None and lowest_level <= GAP_LEVEL and not coached


def support_order(teachers: list[TeacherSupport]) -> list[TeacherSupport]:
    """Support gaps first, then the other teachers with a lowest area, each lowest level
    first; then those with too few levels; names alphabetically (any case) within."""

    def key(teacher: TeacherSupport) -> tuple[int, float, str]:
        rank = 0 if teacher.support_gap else 1 if teacher.lowest_area else 2
        level = teacher.lowest_level if teacher.lowest_level is not None else 0.0
        return rank, level, teacher.name.casefold()

    return sorted(teachers, key=key)


def suggest_peers(teachers: list[TeacherSupport], areas: Sequence[str]) -> list[TeacherSupport]:
    """docs/design.md, Suggested peer: for each teacher in `teachers`' order whose lowest
    area is not one of their strong areas, a teacher strong in it: same department first,
    then same grade, then anyone; within each, the highest mean level there, then the most
    visits behind it, then by name. Never the teacher themselves, and no peer for more than
    PEER_CAP teachers."""
    strong_in: dict[str, list[TeacherSupport]] = {}
    for candidate in teachers:
        for strong in candidate.strong_areas:
            strong_in.setdefault(strong, []).append(candidate)
    suggested: Counter[str] = Counter()
    result = []
    for teacher in teachers:
        area = teacher.lowest_area
        peer: str | None = None
        if area is not None and area not in teacher.strong_areas:
            candidates = [p for p in strong_in.get(area, []) if p is not teacher]
            free = [p for p in candidates if suggested[p.teacher_id] < PEER_CAP]
            if free:
                column = areas.index(area)
                chosen = min(free, key=lambda p: _peer_rank(teacher, p, column))
                suggested[chosen.teacher_id] += 1
                peer = chosen.name
            else:
                peer = PEERS_FULL if candidates else NO_STRONG_PEER
        result.append(_with_peer(teacher, peer))
    return result


def _peer_rank(
    teacher: TeacherSupport, peer: TeacherSupport, column: int
) -> tuple[int, float, int, str]:
    """Same department, then same grade, then the rest; the highest mean level in the area
    (`column` of the areas), the most visits behind it, then the name."""
    tier = (
        0
        if _same(teacher.department, peer.department)
        else 1
        if _same(teacher.grade, peer.grade)
        else 2
    )
    return tier, -(peer.levels[column] or 0.0), -peer.area_visits[column], peer.name.casefold()


def _same(mine: str | None, theirs: str | None) -> bool:
    return bool(mine) and bool(theirs) and str(mine).casefold() == str(theirs).casefold()


def _with_peer(teacher: TeacherSupport, peer: str | None) -> TeacherSupport:
    return TeacherSupport(**{**vars(teacher), "suggested_peer": peer})


@once_per_book
def teacher_support(book: Book) -> SupportFigures:
    """Every active teacher's area levels, lowest and strong areas, recent coaching and peer,
    support gaps first, with the team's coaching figures."""
    areas = tuple(framework_areas(book))
    roster = rotation(book).teachers
    levels = area_levels(book)
    coaching = recent_coaching(book)
    focus_of = coaching.groupby("teacher_id")["area"].agg(list).to_dict()
    latest = last_coached(book)
    rows = []
    for person, mean_row, visit_row, leveled in zip(
        roster.itertuples(),
        levels.mean.to_numpy(),
        levels.visits.to_numpy(),
        levels.leveled_visits.to_numpy(),
        strict=True,
    ):
        key = str(person.Index)
        means = tuple(None if pd.isna(m) else float(m) for m in mean_row)
        seen = tuple(int(n) for n in visit_row)
        lowest = lowest_area(areas, means, int(leveled))
        focus = focus_of.get(key, [])
        rows.append(
            TeacherSupport(
                teacher_id=key,
                name=str(person.name),
                department=_text(person.department),
                grade=_text(person.grade),
                visits_this_year=int(person.visits_this_year),
                levels=means,
                area_visits=seen,
                lowest_area=lowest[0] if lowest else None,
                lowest_level=lowest[1] if lowest else None,
                strong_areas=strong_areas(areas, means, seen),
                last_coached=_day(latest.get(key)),
                coaching_focus=tuple(a for a in areas if a in focus),
                follows_evidence=follows_evidence(lowest[0] if lowest else None, focus),
                support_gap=support_gap(lowest[1] if lowest else None, bool(focus)),
                suggested_peer=None,
            )
        )
    teachers = suggest_peers(support_order(rows), areas)
    lowest_of = {t.teacher_id: t.lowest_area for t in teachers}
    focused = coaching[coaching["area"].notna()]
    judged = focused[focused["teacher_id"].map(lowest_of).notna()]
    followed = judged["area"] == judged["teacher_id"].map(lowest_of)
    return SupportFigures(
        areas=areas,
        teachers=tuple(teachers),
        window_first=coaching_window_first(book.as_of),
        conversations=len(coaching),
        focused=len(focused),
        judged=len(judged),
        followed=int(followed.sum()),
        judged_teachers=int(judged["teacher_id"].nunique()),
    )


def team_follows_share(book: Book) -> float | None:
    """docs/design.md, Coaching follows the evidence, as a shared output may show it: the
    team's share, or None when fewer than Min Group Size teachers are behind it or it is 0%
    or 100% (either would say of every one of them whether their coaching was in their
    lowest area). `teacher_support(book).judged` says whether there was anything to judge."""
    figures = teacher_support(book)
    share = figures.follows_share
    enough = figures.judged_teachers >= max(2, book.settings.min_group_size)
    return share if share is not None and enough and 0 < share < 1 else None


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def _day(value: object) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()
