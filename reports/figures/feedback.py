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


# The loop of a set of no visits: every share None (shown as n/a), no role counted.
NO_VISITS = FeedbackLoop(
    visits=0,
    shared_same_day=None,
    within_two_days=None,
    with_conversation=None,
    median_days=None,
    roles=dict.fromkeys((*ROLES, NO_ROLE), 0),
    tagged=None,
    subject_given=None,
)
SHARES = ("shared_same_day", "within_two_days", "tagged", "subject_given")


def feedback_loop(flags: pd.DataFrame) -> FeedbackLoop:
    """The loop over all of `flags` (the team's visits, or one month's); NO_VISITS when empty."""
    return feedback_loops(flags, pd.Series(0, index=flags.index)).get(0, NO_VISITS)


def feedback_loops(flags: pd.DataFrame, groups: pd.Series) -> dict[Hashable, FeedbackLoop]:
    """The feedback loop of each group of `feedback_flags` rows (`groups`: a label per row),
    sorted by label; a group with no rows is absent.

    The one place the loop's figures are worked out, in one grouped pass over all the rows:
    a district log has hundreds of observers.
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
