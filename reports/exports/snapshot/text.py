"""The snapshot's words, shared by the PDF, the HTML page and the Staff Snapshot tab.

Every format prints the same sentences in the same order, so a test of one speaks for all.
"""

from __future__ import annotations

from reports.exports.snapshot.content import Month, PriorityTrend, Share, SnapshotContent

HEADINGS = (
    "Our Priority look-fors",
    "What we saw most",
    "Our focus next",
    "Feedback",
)
CHART_TITLE = "Priority look-fors: share of visits"


def title(content: SnapshotContent) -> str:
    month = content.month
    return f"What we saw in classrooms: {month.first:%B %Y}{' so far' if month.partial else ''}"


def subtitle(content: SnapshotContent) -> str:
    """Whose figures these are and when; a month still running says its school days so far."""
    month = content.month
    running = f"{month.label}; as of" if month.partial else "As of"
    return (
        "From the leadership team's walkthroughs, for the whole staff. "
        f"{running} {content.as_of:%A %B %-d, %Y}."
    )


def footer(content: SnapshotContent) -> str:
    return (
        "Made by ILR Sheets from the walkthrough log: figures for the whole staff only, a "
        f"share only where at least {content.min_group} classrooms were visited; no one is "
        "named."
    )


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def visits(count: int) -> str:
    return f"{count:,} visit{'' if count == 1 else 's'}"


def during(month: Month) -> str:
    """`in November`, or `in December so far` while the month is still running."""
    return f"in {month.name}{' so far' if month.partial else ''}"


def headline(content: SnapshotContent) -> list[tuple[str, str]]:
    """The three big figures: (value, what it is)."""
    return [
        (
            percent(content.classrooms_share),
            f"of classrooms visited {during(content.month)}: "
            f"{content.classrooms_visited} of {content.teachers}",
        ),
        (f"{content.visits:,}", f"visits {during(content.month)}"),
        (f"{content.visits_this_year:,}", "visits this school year"),
    ]


def headline_lines(content: SnapshotContent) -> list[str]:
    """The headline as sentences (the HTML page and the tab's notes)."""
    return [
        f"Classrooms visited {during(content.month)}: {content.classrooms_visited} of "
        f"{content.teachers} ({percent(content.classrooms_share)} of teachers seen at least "
        "once).",
        f"Visits {during(content.month)}: {content.visits:,}. Visits this school year: "
        f"{content.visits_this_year:,}.",
    ]


def month_short(month: Month, content: SnapshotContent) -> str:
    """A month as the chart's legend names it: `Nov`, `Dec so far`, `Aug (start)`."""
    if month.first == content.month.first:
        return f"{month.first:%b}{' so far' if month.partial else ''}"
    if month is content.months[0] and len(content.months) == 3:
        return f"{month.first:%b} (start)"
    return f"{month.first:%b}"


def priority_lines(content: SnapshotContent, most: int | None = None) -> list[str]:
    """One sentence per Priority look-for: this month, then last month and the year's start.

    With `most`, the sentences of the first `most` only, and one line for the rest (which a
    crowded page leaves to its chart).
    """
    if not content.priorities:
        return ["No look-for is marked Priority on the Framework tab yet."]
    shown = content.priorities[:most]
    lines = [_priority_line(content, trend) for trend in shown]
    if rest := len(content.priorities) - len(shown):
        lines.append(
            f"The chart shows {'the other' if shown else 'all'} {rest} Priority "
            f"look-for{'' if rest == 1 else 's'}."
        )
    return lines


def _priority_line(content: SnapshotContent, trend: PriorityTrend) -> str:
    name = f"{trend.code} ({trend.indicator or trend.area})"
    this, *earlier = reversed(trend.shares)
    line = f"{name}: {_seen(this)}{_share_words(this)} {during(this.month)}"
    others = [f"{_share_words(share)} {_when(content, share.month)}" for share in earlier]
    if others:
        line += ", against " + " and ".join(others)
    return line + "."


def _when(content: SnapshotContent, month: Month) -> str:
    if month is content.months[0] and len(content.months) == 3:
        return f"at the start of the year ({month.name})"
    return during(month)


def _seen(share: Share) -> str:
    return "seen in " if share.share is not None else ""


def _share_words(share: Share) -> str:
    """`42% of 31 visits`; a share hidden or with no visit says so."""
    if share.hidden:
        return f"too few classrooms to show ({visits(share.visits)})"
    if share.share is None:
        return "no visits"
    return f"{percent(share.share)} of {visits(share.visits)}"


def seen_most_lines(content: SnapshotContent) -> list[str]:
    """The look-fors of widest reach this month, one sentence each."""
    if content.hidden:
        return [_too_few(content)]
    if not content.seen_most:
        return [
            f"No look-for was seen in at least {content.min_group} classrooms "
            f"{during(content.month)}."
        ]
    return [
        f"{seen.code} ({seen.indicator or seen.area}): in {seen.classrooms} classrooms, "
        f"{percent(seen.visit_share)} of visits."
        for seen in content.seen_most
    ]


def focus_lines(content: SnapshotContent) -> list[str]:
    """The Settings value Staff Focus (scrubbed), or the Priority look-fors when it is empty."""
    if content.focus:
        return [content.focus]
    if content.priorities:
        named = "; ".join(f"{t.code} ({t.indicator or t.area})" for t in content.priorities)
        return [f"Our Priority look-fors: {named}."]
    return ["The leadership team will share its next focus soon."]


def feedback_lines(content: SnapshotContent) -> list[str]:
    """Evidence shared the same day this month, in plain words, with the visits behind it."""
    if content.hidden:
        return [_too_few(content)]
    loop = content.loop
    share = content.evidence_same_day
    if share is None:
        return [f"No visit {during(content.month)} to report on yet."]
    due = loop.visits - loop.evidence_pending
    pending = f" ({loop.evidence_pending_words})" if loop.evidence_pending else ""
    return [
        f"{_how_many(share)} got written evidence the same day: {percent(share)} "
        f"of {visits(due)}{pending}."
    ]


def _how_many(share: float) -> str:
    """A share of visits said the way a staff meeting says it."""
    if share >= 0.9:
        return "Nearly all of you"
    if share > 0.5:
        return "Most of you"
    if share >= 0.4:
        return "About half of you"
    if share >= 0.2:
        return "Some of you"
    if share > 0:
        return "A few of you"
    return "None of you yet"


def _too_few(content: SnapshotContent) -> str:
    if not content.visits:
        return f"No classroom visits {during(content.month)}."
    return (
        f"Fewer than {content.min_group} classrooms were visited {during(content.month)}: "
        "too few to show without pointing at someone."
    )
