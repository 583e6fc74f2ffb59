"""What the stand-in Excel holds: cells, sheets, defined names, charts, and the call counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class NoNativeApi:
    """What `.api` gives here: no Windows COM object, so every attribute is missing."""

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"no native Excel object in the stand-in (asked for {name!r})")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"no native Excel object in the stand-in (set {name!r})")


@dataclass
class CellStore:
    """One cell as Excel holds it."""

    value: Any = None
    formula: str | None = None
    number_format: str = "General"
    bold: bool = False
    italic: bool = False
    size: float = 11.0
    font_color: tuple[int, int, int] | None = None
    fill: tuple[int, int, int] | None = None
    hyperlink: str | None = None

    @property
    def used(self) -> bool:
        return self.value is not None or self.formula is not None or self != CellStore()


@dataclass
class Counters:
    value_reads: int = 0
    value_writes: int = 0


@dataclass
class SheetStore:
    name: str
    cells: dict[tuple[int, int], CellStore] = field(default_factory=dict)
    column_widths: dict[int, float] = field(default_factory=dict)
    charts: list[ChartStore] = field(default_factory=list)
    frozen_at: str | None = None
    color_scales: list[tuple[str, list[Any]]] = field(default_factory=list)
    visible: bool = True


@dataclass
class NameStore:
    name: str
    refers_to: str
    sheet: SheetStore | None  # None: workbook scope


@dataclass
class ChartStore:
    name: str
    left: float
    top: float
    width: float
    height: float
    chart_type: str = "column_clustered"
    title: str | None = None
    source: str | None = None
    x_values: str | None = None
    plot_by: str | None = None
