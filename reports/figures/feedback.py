"""The feedback loop: evidence shared the same day, conversations soon after, their roles.

docs/design.md, Evidence shared same day and Conversation within 2 school days:
`feedback_flags` is the one function that decides both for each valid visit, once per refresh;
every share (Trends, Roadmap, Summary, the packet) is taken from its flags.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reports.figures.shared import once_per_book
from sheets_templates.book import Book
from sheets_templates.schema import Role

CONVERSATION_SCHOOL_DAYS = 2
ROLES: tuple[str, ...] = tuple(role.value for role in Role)
NO_ROLE = "No role written"


@once_per_book
def feedback_flags(book: Book) -> pd.DataFrame:
    """One row per valid visit: date, observer, shared_same_day, days_to_conversation (NaN
    without a conversation on or after the visit), within_two_days, role (NA when none), tagged
    (at least one framework code), subject_given.
    """
    visits = book.valid_walkthroughs
    days = book.calendar.counts_between(visits["date"], visits["conversation_date"])
    days_to_conversation = pd.Series(
        np.where(days >= 0, days, np.nan), index=visits.index, dtype="float64"
    )
    return pd.DataFrame(
        {
            "date": visits["date"],
            "observer": visits["observer"],
            "shared_same_day": visits["evidence_shared_yes"]
            | (visits["evidence_shared_date"] == visits["date"]),
            "days_to_conversation": days_to_conversation,
            "within_two_days": days_to_conversation <= CONVERSATION_SCHOOL_DAYS,
            "role": visits["conversation_role"],
            "tagged": visits["lookfors"].map(bool).astype(bool),
            "subject_given": visits["subject"].notna(),
        },
        index=visits.index,
    )


@dataclass(frozen=True)
class FeedbackLoop:
    """The feedback-loop figures over a set of visits (None where there is no visit)."""

    visits: int
    shared_same_day: float | None
    within_two_days: float | None
    with_conversation: float | None
    median_days: float | None  # school days from visit to conversation, where one was held
    roles: dict[str, int]  # Role value -> visits; NO_ROLE for none
    tagged: float | None  # framework language: at least one framework code
    subject_given: float | None  # discipline-specific: a subject recorded


def feedback_loop(flags: pd.DataFrame) -> FeedbackLoop:
    """Summarise `feedback_flags` rows (all of them, or one observer's, or one month's)."""
    count = len(flags)

    def share(column: str) -> float | None:
        return float(flags[column].mean()) if count else None

    held = flags["days_to_conversation"].dropna()
    roles = {role: int((flags["role"] == role).sum()) for role in ROLES}
    roles[NO_ROLE] = int(flags["role"].isna().sum())
    return FeedbackLoop(
        visits=count,
        shared_same_day=share("shared_same_day"),
        within_two_days=share("within_two_days"),
        with_conversation=len(held) / count if count else None,
        median_days=float(held.median()) if len(held) else None,
        roles=roles,
        tagged=share("tagged"),
        subject_given=share("subject_given"),
    )


SHARES = ("shared_same_day", "within_two_days", "tagged", "subject_given")


def feedback_loops(flags: pd.DataFrame, groups: pd.Series) -> dict[Hashable, FeedbackLoop]:
    """`feedback_loop` of each group of rows (`groups`: a label per row), sorted by label.

    One grouped pass over all the rows: a district log has hundreds of observers.
    """
    by_group = flags.groupby(groups)
    visits = by_group.size()
    shares = by_group[list(SHARES)].mean()
    held = by_group["days_to_conversation"].count()
    median_days = by_group["days_to_conversation"].median()
    role_counts = {
        role: (flags["role"] == role).fillna(False).groupby(groups).sum() for role in ROLES
    }
    no_role = flags["role"].isna().groupby(groups).sum()
    return {
        group: FeedbackLoop(
            visits=int(visits[group]),
            shared_same_day=float(shares.at[group, "shared_same_day"]),
            within_two_days=float(shares.at[group, "within_two_days"]),
            with_conversation=int(held[group]) / int(visits[group]),
            median_days=float(median_days[group]) if held[group] else None,
            roles={
                **{role: int(counts[group]) for role, counts in role_counts.items()},
                NO_ROLE: int(no_role[group]),
            },
            tagged=float(shares.at[group, "tagged"]),
            subject_given=float(shares.at[group, "subject_given"]),
        )
        for group in visits.index
    }


def feedback_by_month(flags: pd.DataFrame) -> list[tuple[pd.Timestamp, FeedbackLoop]]:
    """The feedback loop of each calendar month with visits, oldest first."""
    months = flags["date"].dt.to_period("M").dt.to_timestamp()
    return [(pd.Timestamp(month), loop) for month, loop in feedback_loops(flags, months).items()]
