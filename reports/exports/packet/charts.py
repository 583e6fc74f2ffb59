"""The packet's charts, drawn with matplotlib onto axes the caller provides.

The PDF lays the axes out on its pages; the HTML draws each chart on its own figure and embeds
it as a PNG. No pyplot: figures are plain objects, so nothing global changes.
"""

from __future__ import annotations

import io
import math
from typing import Any

from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, DateFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from reports.exports.packet.content import PacketContent
from reports.figures.feedback import NO_ROLE, ROLES

PALETTE = ("#1f5f8b", "#d9822b", "#3a8f5c", "#a23b72", "#6b6b6b", "#b8a13a")
PARTIAL_ALPHA = 0.45  # a bar of a month still running: lighter and hatched
ROLE_COLOURS = {ROLES[0]: "#1f5f8b", ROLES[1]: "#3a8f5c", ROLES[2]: "#d9822b", NO_ROLE: "#c8c8c8"}


def draw_priorities(ax: Axes, content: PacketContent) -> None:
    """Share of visits recording each Priority look-for by week, priority start weeks marked."""
    weeks = content.priority_weeks
    _style(ax, "Priority look-fors: share of visits by week")
    if weeks.empty or not content.priorities:
        _empty(ax, "No Priority look-fors or no visits yet.")
        return
    for index, priority in enumerate(content.priorities):
        colour = PALETTE[index % len(PALETTE)]
        _line(
            ax,
            list(weeks.index),
            list(weeks[priority.code]),
            content.partial_week,
            marker="o",
            ms=3,
            lw=1.6,
            color=colour,
            label=priority.code,
        )
        if priority.since and weeks.index.min().date() <= priority.since:
            ax.axvline(priority.since, color=colour, ls="--", lw=1)  # type: ignore[arg-type]
            ax.annotate(
                f"{priority.code} priority",
                xy=(priority.since, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, -10),
                textcoords="offset points",
                fontsize=7,
                color=colour,
            )
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.legend(fontsize=7, loc="upper right", ncols=min(len(content.priorities), 4), frameon=False)
    ax.xaxis.set_major_locator(AutoDateLocator(maxticks=8))
    ax.xaxis.set_major_formatter(DateFormatter("%b %-d"))


def draw_loop(ax: Axes, content: PacketContent) -> None:
    """Evidence shared the same day and conversations within 2 school days, by month."""
    _style(ax, "Feedback loop by month")
    if not content.months:
        _empty(ax, "No visits yet.")
        return
    labels = [month.label for month in content.months]
    partial = content.months[-1].partial
    shared = [_gap(month.loop.shared_same_day) for month in content.months]
    within = [_gap(month.loop.within_two_days) for month in content.months]
    _line(
        ax, labels, shared, partial, marker="o", color=PALETTE[0], label="Evidence shared same day"
    )
    _line(
        ax,
        labels,
        within,
        partial,
        marker="s",
        color=PALETTE[1],
        label="Conversation within 2 days",
    )
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.legend(fontsize=7, loc="lower left", frameon=False)


def draw_roles(ax: Axes, content: PacketContent) -> None:
    """Conversation roles by month, stacked."""
    _style(ax, "Conversation roles by month")
    if not content.months:
        _empty(ax, "No visits yet.")
        return
    labels = [month.label for month in content.months]
    bottom = [0] * len(labels)
    for role in (*ROLES, NO_ROLE):
        counts = [month.loop.roles[role] for month in content.months]
        bars = ax.bar(
            labels, counts, bottom=bottom, color=ROLE_COLOURS[role], label=role, width=0.6
        )
        if content.months[-1].partial:
            bars[-1].set(hatch="///", alpha=PARTIAL_ALPHA)  # a month still running, apart
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    ax.set_ylabel("Visits", fontsize=8)
    ax.legend(fontsize=7, loc="upper left", frameon=False, ncols=2)
    ax.set_ylim(0, max(bottom, default=0) * 1.3 or 1)


def _line(ax: Axes, x: list[Any], values: list[float], partial: bool, **style: Any) -> None:
    """A line over `x`; when its last point is a period still running (`partial`), that point
    is hollow and joined by a dashed segment, so a few days do not read as a slump."""
    whole = len(values) - 1 if partial and values else len(values)
    ax.plot(x[:whole], values[:whole], **style)
    if whole < len(values):
        tail = slice(max(whole - 1, 0), None)
        ends = len(values[tail]) - 1
        dashed = {**style, "label": None, "ls": "--", "markevery": [ends], "mfc": "white"}
        ax.plot(x[tail], values[tail], **dashed)


def _gap(share: float | None) -> float:
    """A share to plot: a month with every visit pending has none, drawn as a gap, not 0%."""
    return math.nan if share is None else share


def _style(ax: Axes, title: str) -> None:
    ax.set_title(title, fontsize=9, loc="left", fontweight="bold")
    ax.tick_params(labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e5e5e5", lw=0.6)
    ax.set_axisbelow(True)


def _empty(ax: Axes, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=8, transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


CHARTS = {"priorities": draw_priorities, "loop": draw_loop, "roles": draw_roles}


def chart_png(name: str, content: PacketContent, size: tuple[float, float] = (7, 2.6)) -> bytes:
    """One chart on its own figure, as PNG bytes (for the HTML packet)."""
    figure = Figure(figsize=size, dpi=110, layout="constrained")
    CHARTS[name](figure.add_subplot(), content)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
