"""Cell parsers: one raw spreadsheet value in, a typed value (or a reason it is not) out.

Values arrive as the spreadsheet holds them: `datetime`s from Excel, serial numbers from
Google Sheets, text typed in every way people type dates. Each parser returns `Parsed`, a
value or a problem in plain words, never raises. What is ambiguous is reported, not guessed:
`10.09.2026` is read by the school's Date Order (`DateOrder`), and the log parser says how
it read such dates when the Settings tab does not give the order.

A cell that shows a spreadsheet error (`#N/A`, `#REF!`...) is never a value: `is_error_value`
finds it, and the tab reader reports it and reads the cell as empty.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from sheets_templates.schema import ROLE_ALIASES, DateOrder, Role

T = TypeVar("T")

EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # serial 1 = 1900-01-01, past Excel's leap-year bug
# Serial numbers from 1970 to 2100: outside this a number is not a plausible school date.
SERIAL_RANGE = (25569, 73051)
PLAUSIBLE_YEARS = (1900, 2200)  # pandas dates stop at 2262
# "Wednesday, September 30th, 2026 10:15:00 a.m." is 46 characters. Longer text is not a
# date, and the date patterns would take quadratic time on a long run of spaces.
LONGEST_DATE_TEXT = 64


@dataclass(frozen=True, slots=True)
class Parsed(Generic[T]):
    value: T | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def text_of(value: object) -> str:
    """A cell as trimmed text; whole floats lose their `.0` (`204.0` -> `204`)."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# ---- spreadsheet errors ------------------------------------------------------------------

# What Excel and Google Sheets show in a cell whose formula failed.
ERROR_VALUES = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#ERROR!",
    }
)


def is_error_value(value: object) -> bool:
    """Whether a cell shows a spreadsheet error rather than a value (`#N/A`, `#REF!`)."""
    return isinstance(value, str) and value.strip().upper() in ERROR_VALUES


# ---- dates and times ---------------------------------------------------------------------


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_MONTH_FIRST = re.compile(_WEEKDAY + r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_DAY_FIRST = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?\s*([ap]\.?m\.?)?$")
# Text is folded to lower case before it is matched, so ISO's `T` is a `t` here; a zone
# (`Z`, `+02:00`) after the time is left aside: the time is the wall clock as written.
_DATE_AND_TIME = re.compile(
    r"^(.+?)(?:\s+|t)(\d{1,2}[:.]\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:[ap]\.?m\.?)?)"
    r"(?:z|[+-]\d{2}:?\d{2})?$"
)


def parse_date(value: object, order: DateOrder = DateOrder.MDY) -> Parsed[dt.date]:
    """A date from a datetime, an Excel/Sheets serial number, or text.

    Text: ISO `2026-11-03` (with a time after a space or a `T`, or not), `11/3/2026` or
    `11/3/26` (read by `order`), `Nov 3, 2026`, `3 November 2026`. `13/11/2026` can only be
    day-first and is read so whatever the order; `2026-13-01` is reported.
    """
    if is_blank(value):
        return Parsed(problem="empty")
    if isinstance(value, dt.datetime):
        return _plausible(value.date())
    if isinstance(value, dt.date):
        return _plausible(value)
    if isinstance(value, bool):
        return Parsed(problem="not a date")
    if isinstance(value, int | float):
        return _from_serial(value)
    if isinstance(value, dt.time | dt.timedelta):
        return Parsed(problem="a time, not a date")
    return _parse_date_text(str(value).strip().casefold(), order)


@lru_cache(maxsize=4096)
def _parse_date_text(text: str, order: DateOrder = DateOrder.MDY) -> Parsed[dt.date]:
    if len(text) > LONGEST_DATE_TEXT:
        return Parsed(problem="too long to be a date")
    both = _DATE_AND_TIME.match(text)
    if both and not _ISO.match(text):
        text = both.group(1).strip()
    if match := _ISO.match(text):
        return _make_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _NUMERIC.match(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if len(match[3]) == 2:
            year += 2000
        if first > 12 >= second:  # only day-first can make sense
            return _make_date(year, second, first)
        if second > 12 >= first:  # only month-first can make sense
            return _make_date(year, first, second)
        if order is DateOrder.DMY:
            return _make_date(year, second, first)
        return _make_date(year, first, second)
    if match := _MONTH_FIRST.match(text):
        month = _MONTHS.get(match[1])
        if month:
            return _make_date(int(match[3]), month, int(match[2]))
    if match := _DAY_FIRST.match(text):
        month = _MONTHS.get(match[2])
        if month:
            return _make_date(int(match[3]), month, int(match[1]))
    try:
        return _from_serial(float(text))
    except ValueError:
        return Parsed(problem="not a date this tool can read")


def _make_date(year: int, month: int, day: int) -> Parsed[dt.date]:
    try:
        return _plausible(dt.date(year, month, day))
    except ValueError:
        return Parsed(problem="no such date")


def _plausible(day: dt.date) -> Parsed[dt.date]:
    """The date, if its year could be in a school's log (and in a pandas date column)."""
    if not PLAUSIBLE_YEARS[0] <= day.year <= PLAUSIBLE_YEARS[1]:
        return Parsed(problem=f"the year {day.year} cannot be right")
    return Parsed(day)


def _from_serial(number: float) -> Parsed[dt.date]:
    # Compared before any float conversion: a huge integer or infinity is simply out of range.
    if not SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        return Parsed(problem="a number, not a date")
    return Parsed((EXCEL_EPOCH + dt.timedelta(days=math.floor(number))).date())


def parse_time(value: object) -> Parsed[int]:
    """Minutes after midnight from a time, a datetime, a day fraction, or `10:15`/`1:05 pm`."""
    if is_blank(value):
        return Parsed(problem="empty")
    if isinstance(value, dt.datetime):
        return Parsed(value.hour * 60 + value.minute)
    if isinstance(value, dt.time):
        return Parsed(value.hour * 60 + value.minute)
    if isinstance(value, dt.timedelta):
        minutes = int(value.total_seconds() // 60)
        return Parsed(minutes) if 0 <= minutes < 24 * 60 else Parsed(problem="not a time of day")
    if isinstance(value, bool | dt.date):
        return Parsed(problem="not a time")
    if isinstance(value, int | float):
        # A day fraction, or a date serial whose fraction is the time of day.
        if not 0 <= value <= SERIAL_RANGE[1] + 1:
            return Parsed(problem="not a time")
        return Parsed(round(float(value) % 1 * 24 * 60) % (24 * 60))
    return _parse_time_text(str(value).strip().casefold())


@lru_cache(maxsize=4096)
def _parse_time_text(text: str) -> Parsed[int]:
    if len(text) > LONGEST_DATE_TEXT:
        return Parsed(problem="too long to be a time")
    both = _DATE_AND_TIME.match(text)
    if both:
        text = both.group(2).strip()
    match = _TIME.match(text.split(".")[0] if text.count(":") == 2 else text)
    if not match or (match[2] is None and match[4] is None):
        return Parsed(problem="not a time this tool can read")
    hour, minute = int(match[1]), int(match[2] or 0)
    if match[4]:
        if not 1 <= hour <= 12:
            return Parsed(problem="not a time of day")
        hour = hour % 12 + (12 if match[4].startswith("p") else 0)
    if hour > 23 or minute > 59:
        return Parsed(problem="not a time of day")
    return Parsed(hour * 60 + minute)


def parse_datetime(
    value: object, order: DateOrder = DateOrder.MDY
) -> tuple[Parsed[dt.date], Parsed[int]]:
    """Date and time of day from one cell (a Google Forms `Timestamp`)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return parse_date(value), parse_time(value)
    if isinstance(value, str):
        text = value.strip().casefold()
        both = _DATE_AND_TIME.match(text) if len(text) <= LONGEST_DATE_TEXT else None
        if both and not _ISO.match(text):
            return _parse_date_text(both.group(1).strip(), order), _parse_time_text(both[2])
        return parse_date(value, order), Parsed(problem="empty")
    if isinstance(value, dt.datetime):
        return parse_date(value), parse_time(value)
    return parse_date(value), Parsed(problem="empty")


def _day_and_month(value: object) -> tuple[int, int] | None:
    """The first two numbers of a date typed as `10/09/2026` or `10.09.26`, else None."""
    if not isinstance(value, str) or len(value) > LONGEST_DATE_TEXT:
        return None
    text = value.strip().casefold()
    both = _DATE_AND_TIME.match(text)
    match = _NUMERIC.match(both.group(1).strip() if both else text)
    return (int(match[1]), int(match[2])) if match else None


def is_ambiguous_date(value: object) -> bool:
    """Whether text like `10/09/2026` means another day read day first than month first."""
    numbers = _day_and_month(value)
    return numbers is not None and numbers[0] != numbers[1] and max(numbers) <= 12


def date_order_of(cells: Iterable[object]) -> DateOrder | None:
    """The order the dates that can be read only one way use (`25/09/2026` is day first),
    by a majority of them; None when no date tells."""
    day_first = month_first = 0
    for cell in cells:
        numbers = _day_and_month(cell)
        if numbers is None:
            continue
        first, second = numbers
        if 12 < first <= 31 and second <= 12:
            day_first += 1
        elif 12 < second <= 31 and first <= 12:
            month_first += 1
    if day_first == month_first == 0:
        return None
    return DateOrder.DMY if day_first > month_first else DateOrder.MDY


# ---- everything else ---------------------------------------------------------------------

_YES = {"y", "yes", "true", "1", "x", "active"}
_NO = {"n", "no", "false", "0", "inactive"}


def parse_yes_no(value: object) -> Parsed[bool]:
    if is_blank(value):
        return Parsed(problem="empty")
    if isinstance(value, bool):
        return Parsed(value)
    text = text_of(value).casefold()
    if text in _YES:
        return Parsed(True)
    if text in _NO:
        return Parsed(False)
    return Parsed(problem="not Y or N")


def parse_integer(value: object) -> Parsed[int]:
    if is_blank(value):
        return Parsed(problem="empty")
    if isinstance(value, bool):
        return Parsed(problem="not a whole number")
    if isinstance(value, int):
        return Parsed(value)
    if isinstance(value, float):
        return Parsed(int(value)) if value.is_integer() else Parsed(problem="not a whole number")
    try:
        number = float(text_of(value).replace(",", ""))
    except ValueError:
        return Parsed(problem="not a number")
    return Parsed(int(number)) if number.is_integer() else Parsed(problem="not a whole number")


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def parse_list(value: object) -> tuple[str, ...]:
    """`"1, 2,4 6"` -> `("1", "2", "4", "6")`."""
    return tuple(part for part in re.split(r"[,;\s]+", text_of(value)) if part)


def parse_role(value: object) -> Parsed[Role]:
    text = text_of(value).casefold()
    if not text:
        return Parsed(problem="empty")
    role = ROLE_ALIASES.get(text)
    if role is None:
        return Parsed(problem="not Directive, Reflective or Reflexive")
    return Parsed(role)


LookFor = tuple[str, int | None]


_LOOKFOR_SEPARATOR = re.compile(r"[,;\n]+")


def parse_lookfors(value: object) -> tuple[tuple[LookFor, ...], list[str]]:
    """`"IN2:3, CL1"` -> `((("IN2", 3), ("CL1", None)), [])`; problems for bad levels.

    Codes are upper-cased; a level must be a whole number 1-4.
    """
    found: list[LookFor] = []
    problems: list[str] = []
    for part in _LOOKFOR_SEPARATOR.split(text_of(value)):
        lookfor, problem = _parse_lookfor(part.strip())
        if lookfor:
            found.append(lookfor)
        if problem:
            problems.append(problem)
    return tuple(found), problems


@lru_cache(maxsize=4096)
def _parse_lookfor(part: str) -> tuple[LookFor | None, str]:
    """One `IN2:3` of a look-fors cell (a log writes the same few thousand times)."""
    if not part:
        return None, ""
    code, _, level_text = part.partition(":")
    code = "".join(code.split()).upper()
    if not code:
        return None, f"'{part}' has no code before the colon"
    level_text = level_text.strip()
    if not level_text:
        return (code, None), ""
    level = parse_integer(level_text)
    if not level.ok or level.value is None or not 1 <= level.value <= 4:
        return (code, None), f"{code}: level '{level_text}' is not 1, 2, 3 or 4"
    return (code, level.value), ""


def normalise_name(text: object) -> str:
    """Fold a name for matching: accents, case, extra spaces and `Last, First` order.

    >>> normalise_name("  NÚÑEZ,  José ")
    'jose nunez'
    """
    folded = unicodedata.normalize("NFKD", text_of(text))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = folded.replace("\u2019", "'")
    if folded.count(",") == 1:
        last, first = folded.split(",")
        folded = f"{first} {last}"
    return " ".join(folded.split())
