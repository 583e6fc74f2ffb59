"""The `Calibration` tab: does the team see the same thing in the same classroom?

The figures are `reports.figures.calibration`; this tab lays them out: key figures, agreement
by look-for and by pair of observers, each observer's drift, and each Shared Ratings session
against its most common level. A kappa with no value reads `-`, its reason in the Note column.
"""

from __future__ import annotations

from reports.figures.calibration import (
    DRIFT_FLAG,
    MIN_PAIRS,
    VERDICT_RULE,
    Agreement,
    Calibration,
    Kappa,
    calibration,
)
from reports.model import (
    NO_VALUE,
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
from sheets_templates.schema import CALIBRATION_TAB

# The verdict comes before the figures: text after a right-aligned number reads as one word.
AGREEMENT_COLUMNS = (
    Column("Verdict", width=18),
    Column("Pairs", Format.INTEGER),
    Column("Exact Agreement", Format.PERCENT),
    Column("Adjacent Agreement", Format.PERCENT),
    Column("Weighted Kappa", Format.DECIMAL),
    Column("Presence Pairs", Format.INTEGER),
    Column("Presence Agreement", Format.PERCENT),
    Column("Presence Kappa", Format.DECIMAL),
    Column("Note", width=40, wrap=True),
)


def calibration_tab(book: Book) -> OutputTab:
    """Agreement between observers on shared visits and Shared Ratings sessions."""
    found = calibration(book)
    window = book.settings.calibration_window_minutes
    nothing_yet = (
        f"No shared visits yet: two observers' rows for one teacher on one day, at most "
        f"{window} minutes apart, make one (or rate a video together on the Shared Ratings tab)."
    )
    return OutputTab(
        name=CALIBRATION_TAB,
        title="Calibration: do observers see the same thing?",
        subtitle=f"As of {book.as_of:%a %b %-d, %Y}. Shared visits (two observers, one "
        f"classroom, at most {window} minutes apart) and Shared Ratings sessions this year.",
        blocks=(
            _key_figures(found),
            Note(f"Verdict: {VERDICT_RULE}"),
            Table(
                "by_lookfor",
                (Column("Look-for"), *AGREEMENT_COLUMNS),
                tuple((code, *_agreement_cells(a)) for code, a in found.by_lookfor),
                title="By look-for (least agreed first)",
                empty_message=nothing_yet,
            ),
            Table(
                "by_pair",
                (Column("Observers", width=30), *AGREEMENT_COLUMNS),
                tuple(
                    (f"{first} & {second}", *_agreement_cells(a))
                    for first, second, a in found.by_pair
                ),
                title="By pair of observers",
                empty_message=nothing_yet,
            ),
            Table(
                "drift",
                (
                    Column("Observer", width=24),
                    Column("Flag"),
                    Column("Shared Visits", Format.INTEGER),
                    Column("Levels Compared", Format.INTEGER),
                    Column("Drift", Format.DECIMAL),
                ),
                tuple(
                    (d.observer, d.flag, d.observations, d.levels, round(d.drift, 2))
                    for d in found.drift
                ),
                title="Observer drift: mean level minus the others' on the same visits",
                empty_message="No levels written by two observers on one shared visit yet.",
            ),
            Note(
                f"A drift of {DRIFT_FLAG:g} of a level or more either way is flagged. Shared "
                "Visits counts the shared visits and sessions behind it."
            ),
            Table(
                "sessions",
                (
                    Column("Session", width=30),
                    Column("Date", Format.DATE),
                    Column("Look-for"),
                    Column("Raters", Format.INTEGER),
                    Column("Most Common Level", Format.INTEGER),
                    Column("At It", Format.PERCENT),
                    Column("Within One", Format.PERCENT),
                ),
                tuple(
                    (
                        s.session,
                        s.date.date(),
                        s.code,
                        s.raters,
                        s.most_common,
                        s.at_most_common,
                        s.within_one,
                    )
                    for s in found.session_levels
                ),
                title="Shared Ratings sessions against their most common level",
                empty_message="No Shared Ratings session with two raters yet.",
            ),
            Note(
                "A pair: two observers' ratings of one shared visit, or any two raters of "
                "one session."
            ),
            Note("Exact: the same level. Adjacent: within one level."),
            Note(
                "Presence: both recorded the look-for or neither did, over the look-fors "
                "recorded on any shared visit or session."
            ),
            Note(
                "Weighted kappa: Cohen's, quadratic weights over levels 1-4. A kappa is "
                "agreement beyond chance: 1 perfect, 0 no better than chance."
            ),
            Note(
                "Most common level: the level given most often in the session (the lower on a tie)."
            ),
        ),
        color_scales=(
            ColorScale(
                "by_lookfor",
                ("Exact Agreement",),
                low_color="F8696B",
                high_color="FFFFFF",
                low_value=0.5,
                high_value=0.75,
            ),
        )
        if found.by_lookfor
        else (),
    )


def _key_figures(found: Calibration) -> KeyFigures:
    least = found.least_agreed
    overall = found.overall
    return KeyFigures(
        "calibration",
        (
            KeyFigure("Shared visits this year", found.shared_visits, Format.INTEGER),
            KeyFigure("Shared Ratings sessions this year", found.sessions, Format.INTEGER),
            KeyFigure("Observers taking part", len(found.observers), Format.INTEGER),
            KeyFigure("Pairs of levels compared", overall.pairs, Format.INTEGER),
            KeyFigure("Exact agreement", overall.exact, Format.PERCENT),
            KeyFigure("Adjacent agreement", overall.adjacent, Format.PERCENT),
            KeyFigure(
                "Look-for agreed least",
                least[0] if least else "none yet",
                headline=True,
                aside=_least_words(least[1])
                if least
                else f"no look-for has {MIN_PAIRS} pairs of levels yet",
            ),
        ),
        title="Agreement this year",
    )


def _least_words(found: Agreement) -> str:
    """What the Summary reads with the look-for: `44% exact agreement over 18 pairs`."""
    exact = f"{found.exact:.0%}" if found.exact is not None else NO_VALUE
    return f"{exact} exact agreement over {found.pairs} pairs ({found.verdict})"


def _agreement_cells(found: Agreement) -> tuple[Cell, ...]:
    return (
        found.verdict,
        found.pairs,
        found.exact,
        found.adjacent,
        _kappa(found.kappa),
        found.presence_pairs,
        found.presence,
        _kappa(found.presence_kappa),
        _kappa_note(found),
    )


def _kappa(kappa: Kappa) -> Cell:
    return NO_VALUE if kappa.value is None else round(kappa.value, 2)


def _kappa_note(found: Agreement) -> str:
    """Why a kappa reads `-`, for each that does."""
    reasons = [
        f"{name} {NO_VALUE}: {kappa.reason}"
        for name, kappa in (("kappa", found.kappa), ("presence kappa", found.presence_kappa))
        if kappa.value is None
    ]
    return "; ".join(reasons)
