"""The feedback loop: evidence shared the same day, conversations soon after, their roles.

docs/design.md, Evidence shared same day, Conversation within 2 school days and Pending:
`feedback_flags` is the one function that decides both for each valid visit, once per refresh;
every share (Trends, Roadmap, Summary, the packet) is taken from its flags. A visit not yet due
is pending: left out of the share it is not due for, and counted apart.
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

    shared_same_day and within_two_days are 1.0 or 0.0, NaN while pending (docs/design.md,
    Pending): no evidence shared yet on a visit of as-of; no conversation yet and at most 2
    school days since the visit. A conversation already logged counts, whatever the day.
    """
    visits = book.valid_walkthroughs
    days = book.calendar.counts_between(visits["date"], visits["conversation_date"])
    days_to_conversation = pd.Series(
        np.where(days >= 0, days, np.nan), index=visits.index, dtype="float64"
    )
    shared = visits["evidence_shared_yes"] | (visits["evidence_shared_date"] == visits["date"])
    evidence_pending = ~shared & (visits["date"] == pd.Timestamp(book.as_of))
    since_visit = book.calendar.count_between(visits["date"], book.as_of)
    conversation_pending = days_to_conversation.isna() & (since_visit <= CONVERSATION_SCHOOL_DAYS)
    return pd.DataFrame(
        {
            "date": visits["date"],
            "observer": visits["observer"],
            "shared_same_day": shared.astype("float64").mask(evidence_pending),
            "days_to_conversation": days_to_conversation,
            "within_two_days": (days_to_conversation <= CONVERSATION_SCHOOL_DAYS)
            .astype("float64")
            .mask(conversation_pending),
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
    shared_same_day: float | None  # over visits not pending for it
    within_two_days: float | None  # over visits not pending for it
    with_conversation: float | None  # over visits not pending a conversation
    evidence_pending: int  # visits of as-of with no evidence shared yet
    conversation_pending: int  # visits still within their 2 school days, no conversation yet
    median_days: float | None  # school days from visit to conversation, where one was held
    roles: dict[str, int]  # Role value -> visits; NO_ROLE for none
    tagged: float | None  # framework language: at least one framework code
    subject_given: float | None  # discipline-specific: a subject recorded

    @property
    def evidence_pending_words(self) -> str:
        """`3 visits today with no evidence shared yet`; empty when none is pending."""
        return _visits(self.evidence_pending, "today with no evidence shared yet")

    @property
    def conversation_pending_words(self) -> str:
        """`9 visits still within their 2 days`; empty when none is pending."""
        return _visits(
            self.conversation_pending, f"still within their {CONVERSATION_SCHOOL_DAYS} days"
        )


def _visits(count: int, words: str) -> str:
    return f"{count:,} visit{'' if count == 1 else 's'} {words}" if count else ""


# The loop of a set of no visits: every share None (shown as n/a), no role counted.
NO_VISITS = FeedbackLoop(
    visits=0,
    shared_same_day=None,
    within_two_days=None,
    with_conversation=None,
    evidence_pending=0,
    conversation_pending=0,
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
    shares = by_group[list(SHARES)].mean()  # a pending visit (NaN) is left out of its share
    held = by_group["days_to_conversation"].count()
    pending = by_group[["shared_same_day", "within_two_days"]].count().rsub(visits, axis=0)
    median_days = by_group["days_to_conversation"].median()
    role_counts = {
        role: (flags["role"] == role).fillna(False).groupby(groups).sum() for role in ROLES
    }
    no_role = flags["role"].isna().groupby(groups).sum()
    return {
        group: FeedbackLoop(
            visits=int(visits[group]),
            shared_same_day=_share(shares.at[group, "shared_same_day"]),
            within_two_days=_share(shares.at[group, "within_two_days"]),
            with_conversation=_held_share(
                int(held[group]), int(visits[group] - pending.at[group, "within_two_days"])
            ),
            evidence_pending=int(pending.at[group, "shared_same_day"]),
            conversation_pending=int(pending.at[group, "within_two_days"]),
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


def _share(value: object) -> float | None:
    """A share as a figure: None where every visit is pending (no visit it is due for)."""
    share = float(value)  # type: ignore[arg-type]
    return None if np.isnan(share) else share


def _held_share(held: int, due: int) -> float | None:
    """Visits followed by a conversation, over the visits due one (None when none is)."""
    return held / due if due else None


def feedback_by_month(flags: pd.DataFrame) -> list[tuple[pd.Timestamp, FeedbackLoop]]:
    """The feedback loop of each calendar month with visits, oldest first."""
    months = flags["date"].dt.to_period("M").dt.to_timestamp()
    return [(pd.Timestamp(month), loop) for month, loop in feedback_loops(flags, months).items()]
