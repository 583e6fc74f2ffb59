"""Charts on a stand-in sheet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tests.fakes.xlwings_standin.store import ChartStore, NoNativeApi

if TYPE_CHECKING:
    from tests.fakes.xlwings_standin.book import Sheet
    from tests.fakes.xlwings_standin.cells import Range

CHART_TYPES = frozenset(
    {"line", "line_markers", "bar_clustered", "bar_stacked", "column_clustered",
     "column_stacked", "pie", "area", "xy_scatter"}
)  # fmt: skip


class Charts:
    def __init__(self, sheet: Sheet) -> None:
        self._sheet = sheet

    def __iter__(self) -> Iterator[Chart]:
        return iter([Chart(self._sheet, store) for store in self._sheet._store.charts])

    def __len__(self) -> int:
        return len(self._sheet._store.charts)

    def __getitem__(self, index: int) -> Chart:
        return Chart(self._sheet, self._sheet._store.charts[index])

    def add(
        self,
        left: float = 0,
        top: float = 0,
        width: float = 355,
        height: float = 211,
        chart_type: str | None = None,
        source: Range | None = None,
        plot_by: str | None = None,
        name: str | None = None,
        anchor: Range | None = None,
        style: int | None = 227,
    ) -> Chart:
        if anchor is not None:
            left, top = anchor.left, anchor.top
        store = ChartStore(name or f"Chart {len(self) + 1}", left, top, width, height)
        self._sheet._store.charts.append(store)
        chart = Chart(self._sheet, store)
        if chart_type is not None:
            chart.chart_type = chart_type
        if source is not None:
            chart.set_source_data(source, plot_by)
        return chart


class Chart:
    def __init__(self, sheet: Sheet, store: ChartStore) -> None:
        self.parent = sheet
        self._store = store

    @property
    def api(self) -> NoNativeApi:
        return NoNativeApi()

    @property
    def name(self) -> str:
        return self._store.name

    @property
    def chart_type(self) -> str:
        return self._store.chart_type

    @chart_type.setter
    def chart_type(self, value: str) -> None:
        if value not in CHART_TYPES:
            raise ValueError(f"unknown chart type {value!r}")
        self._store.chart_type = value

    @property
    def title(self) -> str | None:
        return self._store.title

    @title.setter
    def title(self, value: str | None) -> None:
        self._store.title = value

    def set_source_data(self, source: Range, plot_by: str | None = None) -> None:
        self._store.source = source.get_address()
        self._store.plot_by = plot_by

    def set_x_axis_values(self, source: Range) -> None:
        self._store.x_values = source.get_address()

    @property
    def left(self) -> float:
        return self._store.left

    @property
    def top(self) -> float:
        return self._store.top

    def delete(self) -> None:
        self.parent._store.charts.remove(self._store)
