"""The `Roadmap` tab: where the leadership team stands on each stage of the Roadmap.

The standings (the team's and each observer's) are `reports.figures.standings`, by the rules of
`reports.figures.roadmap_levels`; this tab lays them out with the evidence, what the next level
needs, and the rules themselves.
"""

from __future__ import annotations

from reports.figures.roadmap_levels import STAGES, rules_table
from reports.figures.standings import Standing, observer_standings, team_standings
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
from sheets_templates.schema import ROADMAP_TAB


def roadmap_tab(book: Book) -> OutputTab:
    """The Roadmap tab: the team's level on each stage, each observer's, and the rules."""
    team = team_standings(book)
    observers = observer_standings(book)
    visits = book.valid_walkthroughs["observer"].value_counts()
    stage_names = tuple(stage.name for stage in STAGES)
    return OutputTab(
        name=ROADMAP_TAB,
        title="Instructional Leadership Roadmap: where we stand",
        subtitle=f"As of {book.as_of:%a %b %-d, %Y}. Levels 1 to 4 on each stage, computed "
        "from the log; the rules are at the bottom of this tab.",
        blocks=(
            KeyFigures(
                "team_levels",
                tuple(
                    KeyFigure(
                        f"Roadmap: {s.stage.name}",
                        f"Level {s.level.number}: {s.level.name}",
                        headline=True,
                    )
                    for s in team
                ),
                title="The team",
            ),
            _standings_table("team", team, first=None),
            Table(
                "observers",
                (
                    Column("Observer"),
                    Column("Visits", Format.INTEGER),
                    *(Column(name, Format.INTEGER) for name in stage_names),
                ),
                tuple(
                    (name, int(visits.get(name, 0)), *(s.level.number for s in standings))
                    for name, standings in observers.items()
                ),
                title="Each observer's level on each stage",
                empty_message="No valid visits yet.",
            ),
            *(
                _standings_table(f"observer {name}", standings, first=name)
                for name, standings in observers.items()
            ),
            Table(
                "rules",
                (
                    Column("Stage"),
                    Column("Level", Format.INTEGER),
                    Column("Name"),
                    Column("What it takes", width=90, wrap=True),
                ),
                tuple(rules_table(book.settings)),
                title="The level rules (a level also needs every lower level's bars)",
            ),
            Note(
                "Bars marked team only are checked for the whole team; observer only, for each "
                "observer. Measures use this year's valid visits unless they name the rotation "
                "window."
            ),
        ),
        color_scales=(
            ColorScale("observers", stage_names, low_color="F8696B", high_color="63BE7B"),
        ),
    )


def _standings_table(key: str, standings: list[Standing], first: str | None) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (s.stage.name, s.level.number, s.level.name, s.evidence, s.next_step) for s in standings
    ]
    return Table(
        key,
        (
            Column("Stage"),
            Column("Level", Format.INTEGER),
            Column("Level name", width=36),
            Column("Evidence", width=70, wrap=True),
            Column("For the next level", width=70, wrap=True),
        ),
        tuple(rows),
        title=f"{first}: evidence by stage" if first else "The team: evidence by stage",
    )
