"""The Instructional Leadership Roadmap's levels, written as rules a school leader can read.

Every stage has four levels. Level 1 asks nothing. Each higher level lists its bars: a measure
taken from the log and the least it must be. The team, or one observer, reaches a level when it
clears that level's bars and every lower level's. A bar marked "team" is checked for the whole
team only (an observer is not expected to see every classroom alone); one marked "observer"
only for each observer.

Measures use this school year's valid visits up to the as-of date, except those that name the
rotation window (docs/design.md: the last Rotation School Days school days).

`rules_table()` prints these rules for the README and the Roadmap tab; change a number here and
both follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sheets_templates.book import Settings


class Kind(StrEnum):
    SHARE = "share"  # 0.75 shown as 75%
    RATE = "rate"  # 1.25 shown as 1.2
    COUNT = "count"  # 3


@dataclass(frozen=True)
class Measure:
    """A figure computed from the log; `words` follow the value ("75% of" for a share)."""

    words: str
    kind: Kind

    def show(self, value: float | None) -> str:
        """The value with its words, e.g. `75% of visits with evidence shared the same day`."""
        if value is None:
            return f"{self.words}: none yet"
        return f"{show_number(value, self.kind)} {self.words}"


def show_number(value: float, kind: Kind) -> str:
    """`0.75` as `75% of` (a share), `1.25` as `1.2` (a rate), `3` as `3` (a count)."""
    if kind is Kind.SHARE:
        return f"{value:.0%} of"
    if kind is Kind.RATE:
        return f"{value:.1f}"
    return f"{value:.0f}"


VISITS_A_DAY = Measure("visits a school day per observer in the rotation window", Kind.RATE)
COVERAGE = Measure("active teachers seen in the rotation window", Kind.SHARE)
TWO_TIMES = Measure("active teachers seen at 2 or more times of day", Kind.SHARE)
TIMES_OF_DAY = Measure("times of day visited in the rotation window", Kind.COUNT)
CONVERSATION_HELD = Measure("visits followed by a conversation", Kind.SHARE)
SHARED_SAME_DAY = Measure("visits with evidence shared the same day", Kind.SHARE)
WITHIN_TWO_DAYS = Measure("visits with a conversation within 2 school days", Kind.SHARE)
ROLES_USED = Measure("conversation roles used (Directive, Reflective, Reflexive)", Kind.COUNT)
FRAMEWORK_LANGUAGE = Measure("visits tagged with a framework code", Kind.SHARE)
SUBJECT_GIVEN = Measure("visits with a subject recorded", Kind.SHARE)
PROJECTED = Measure("the Yearly Target projected by the year's end", Kind.SHARE)
LEVEL_GRID = Measure("teacher x framework area pairs with a level written", Kind.SHARE)


class Who(StrEnum):
    BOTH = "both"
    TEAM = "team"
    OBSERVER = "observer"


# Settings a bar may name instead of a number.
SETTING_VALUES = {"Daily Target": lambda settings: settings.daily_target}


@dataclass(frozen=True)
class Bar:
    measure: Measure
    at_least: float | str  # a number, or a name from SETTING_VALUES
    who: Who = Who.BOTH

    def threshold(self, settings: Settings) -> float:
        if isinstance(self.at_least, str):
            return float(SETTING_VALUES[self.at_least](settings))
        return self.at_least

    def met(self, value: float | None, settings: Settings) -> bool:
        # A hair of tolerance so 3 of 4 visits meets "75%" despite binary fractions.
        return value is not None and value >= self.threshold(settings) - 1e-9

    def describe(self, settings: Settings | None = None) -> str:
        """`at least 75% of visits ...`, with a Settings value filled in when given."""
        if isinstance(self.at_least, str):
            amount = self.at_least
            if settings is not None:
                amount += f" ({show_number(self.threshold(settings), self.measure.kind)})"
        else:
            amount = show_number(self.at_least, self.measure.kind)
        scope = f" ({self.who} only)" if self.who is not Who.BOTH else ""
        return f"at least {amount} {self.measure.words}{scope}"


@dataclass(frozen=True)
class Level:
    number: int
    name: str
    bars: tuple[Bar, ...] = ()


@dataclass(frozen=True)
class Stage:
    name: str
    levels: tuple[Level, ...]  # 1 to 4, in order


WALKTHROUGHS = Stage(
    "Walkthroughs",
    (
        Level(1, "Rarely in classrooms"),
        Level(2, "In classrooms every week", (Bar(VISITS_A_DAY, 0.2),)),
        Level(
            3,
            "Most classrooms every two weeks",
            (Bar(VISITS_A_DAY, 1), Bar(COVERAGE, 0.75, Who.TEAM)),
        ),
        Level(
            4,
            "Every classroom every two weeks, at rotating times of day",
            (
                Bar(VISITS_A_DAY, "Daily Target"),
                Bar(COVERAGE, 0.9, Who.TEAM),
                Bar(TWO_TIMES, 0.75, Who.TEAM),
                Bar(TIMES_OF_DAY, 3, Who.OBSERVER),
            ),
        ),
    ),
)

CONVERSATIONS = Stage(
    "Conversations",
    (
        Level(1, "Written feedback only"),
        Level(2, "Conversations follow some visits", (Bar(CONVERSATION_HELD, 0.25),)),
        Level(
            3,
            "Timely conversations",
            (Bar(SHARED_SAME_DAY, 0.5), Bar(WITHIN_TWO_DAYS, 0.5)),
        ),
        Level(
            4,
            "Evidence shared at once, roles differentiated by teacher",
            (Bar(SHARED_SAME_DAY, 0.9), Bar(WITHIN_TWO_DAYS, 0.75), Bar(ROLES_USED, 2)),
        ),
    ),
)

FRAMEWORK = Stage(
    "Framework",
    (
        Level(1, "Notes without the framework"),
        Level(2, "Some evidence in the framework's language", (Bar(FRAMEWORK_LANGUAGE, 0.5),)),
        Level(3, "Evidence in the framework's language", (Bar(FRAMEWORK_LANGUAGE, 0.9),)),
        Level(4, "Framework language, discipline-specific", (Bar(SUBJECT_GIVEN, 0.9),)),
    ),
)

CLASSROOMS_500 = Stage(
    "500 Classrooms",
    (
        Level(1, "Under a quarter of the yearly pace"),
        Level(2, "On pace for a quarter of the target", (Bar(PROJECTED, 0.25),)),
        Level(3, "On pace for half the target", (Bar(PROJECTED, 0.5),)),
        Level(4, "On pace for the Yearly Target", (Bar(PROJECTED, 1),)),
    ),
)

HIGH_PERFORMANCE = Stage(
    "High-Performance",
    (
        Level(1, "Few levels written"),
        Level(2, "A level for some teachers and areas", (Bar(LEVEL_GRID, 0.25),)),
        Level(3, "A level for most teachers and areas", (Bar(LEVEL_GRID, 0.6),)),
        Level(4, "A level for each teacher in each area", (Bar(LEVEL_GRID, 0.9),)),
    ),
)

STAGES = (WALKTHROUGHS, CONVERSATIONS, FRAMEWORK, CLASSROOMS_500, HIGH_PERFORMANCE)


def applies(bar: Bar, who: Who) -> bool:
    """Whether a bar is checked for the team (Who.TEAM) or for one observer (Who.OBSERVER)."""
    return bar.who is Who.BOTH or bar.who is who


def rules_table(settings: Settings | None = None) -> list[tuple[str, int, str, str]]:
    """(stage, level, name, what it takes) for every level, in order."""
    return [
        (
            stage.name,
            level.number,
            level.name,
            "; ".join(bar.describe(settings) for bar in level.bars) or "where every team starts",
        )
        for stage in STAGES
        for level in stage.levels
    ]


def rules_markdown() -> str:
    """The rules as a Markdown table, for the README."""
    lines = ["| Stage | Level | Name | What it takes (plus every lower level's bars) |"]
    lines.append("| --- | --- | --- | --- |")
    lines += [f"| {s} | {n} | {name} | {rule} |" for s, n, name, rule in rules_table()]
    return "\n".join(lines)
