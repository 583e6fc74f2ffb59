"""The snapshot's one chart: each Priority look-for's share of visits, month by month.

Drawn with matplotlib onto axes the caller provides (the PDF places them on its page, the HTML
draws them on a figure of their own), in the packet's colours. A month still running is a
lighter, hatched bar; a share too few classrooms stand behind is no bar at all, marked `*`,
and a month with no visit says so.
"""

from __future__ import annotations

import io

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from reports.exports.packet.charts import PALETTE, PARTIAL_ALPHA
from reports.exports.snapshot import text
from reports.exports.snapshot.content import SnapshotContent

BAR_HEIGHT = 0.8  # of each look-for's row, shared by its months


def draw_priority_shares(ax: Axes, content: SnapshotContent) -> None:
    """Horizontal bars: one row per Priority look-for, one bar per month compared."""
    ax.set_title(text.CHART_TITLE, fontsize=9, loc="left", fontweight="bold")
    ax.tick_params(labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    trends = content.priorities
    if not trends:
        ax.text(0.5, 0.5, "No Priority look-fors yet.", ha="center", va="center", fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
        return
    months = content.months
    height = BAR_HEIGHT / len(months)
    for index, month in enumerate(months):
        # The newest month on top of each row, the colour of the packet's first series.
        colour = PALETTE[len(months) - 1 - index]
        offset = (index - (len(months) - 1) / 2) * height
        rows = [len(trends) - 1 - row + offset for row in range(len(trends))]
        shares = [trend.shares[index] for trend in trends]
        bars = ax.barh(
            rows,
            [share.share or 0 for share in shares],
            height=height * 0.92,
            color=colour,
            label=text.month_short(month, content),
        )
        if month.partial:
            for bar in bars:
                bar.set(hatch="///", alpha=PARTIAL_ALPHA)
        for row, share in zip(rows, shares, strict=True):
            words = (
                "*" if share.hidden else text.percent(share.share) if share.visits else "no visits"
            )
            ax.annotate(
                words,
                xy=(share.share or 0, row),
                xytext=(2, 0),
                textcoords="offset points",
                va="center",
                fontsize=6.5,
            )
    ax.set_yticks(range(len(trends)), [trend.code for trend in reversed(trends)], fontsize=8)
    ax.set_xlim(0, 1.08)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.grid(axis="x", color="#e5e5e5", lw=0.6)
    ax.set_axisbelow(True)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(
        handles[::-1],
        labels[::-1],
        fontsize=7,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
    )


def chart_png(content: SnapshotContent, size: tuple[float, float]) -> bytes:
    """The chart on its own figure, as PNG bytes (for the HTML page)."""
    figure = Figure(figsize=size, dpi=110, layout="constrained")
    draw_priority_shares(figure.add_subplot(), content)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
