"""The cell parsers: every common way of writing a value reads back as that value, and no
cell, however strange, makes a parser raise."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st

from sheets_templates.parse.values import (
    EXCEL_EPOCH,
    date_order_of,
    is_ambiguous_date,
    is_error_value,
    normalise_name,
    parse_date,
    parse_datetime,
    parse_integer,
    parse_lookfors,
    parse_role,
    parse_time,
    parse_yes_no,
    text_of,
)
from sheets_templates.schema import ROLE_ALIASES, DateOrder

school_dates = st.dates(dt.date(1971, 1, 1), dt.date(2099, 12, 31))
times_of_day = st.times().map(lambda t: t.replace(second=0, microsecond=0))

# Anything a backend can hand over for one cell, and then some.
any_cell = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet="0123456789/-.: apmAPM,", max_size=25),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
    st.sampled_from(["#REF!", "#N/A", "#VALUE!", "=TODAY()", "=A1+1", "\t", "\r\n", "TRUE"]),
)


def serial(day: dt.datetime) -> float:
    return (day - EXCEL_EPOCH) / dt.timedelta(days=1)


@given(school_dates)
def test_dates_read_back_in_every_common_spelling(day: dt.date) -> None:
    spellings = [
        day.strftime("%m/%d/%Y"),
        f"{day.month}/{day.day}/{day.year}",
        day.isoformat(),
        day.strftime("%Y/%m/%d"),
        day.strftime("%b %d, %Y"),
        day.strftime("%B %d %Y"),
        day.strftime("%A, %B %d, %Y"),
        day.strftime("%a %b %d %Y"),
        day.strftime("%d %B %Y"),
        f"  {day:%m/%d/%Y}  ",
        day.strftime("%m/%d/%Y 10:15:00"),
    ]
    for text in spellings:
        assert parse_date(text).value == day, text
    assert parse_date(text.upper()).value == day


@given(school_dates, times_of_day)
def test_dates_from_spreadsheet_values(day: dt.date, time: dt.time) -> None:
    moment = dt.datetime.combine(day, time)
    assert parse_date(day).value == day
    assert parse_date(moment).value == day
    assert parse_date(serial(moment)).value == day
    assert parse_date(int(serial(dt.datetime.combine(day, dt.time())))).value == day


@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
def test_two_digit_years_are_this_century(day: dt.date) -> None:
    assert parse_date(day.strftime("%m/%d/%y")).value == day


@given(st.dates(dt.date(1971, 1, 13), dt.date(2099, 12, 31)).filter(lambda d: d.day > 12))
def test_a_date_that_can_only_be_day_first_is_read_so(day: dt.date) -> None:
    assert parse_date(day.strftime("%d/%m/%Y")).value == day


def test_impossible_dates_are_reported_not_guessed() -> None:
    for text in ("2026-13-01", "2/30/2026", "13/13/2026", "Nov 31, 2026"):
        assert parse_date(text).problem, text
    assert parse_date("next tuesday").problem == "not a date this tool can read"
    assert parse_date(7).problem == "a number, not a date"
    assert parse_date(dt.time(10, 15)).problem == "a time, not a date"
    assert parse_date(True).problem == "not a date"
    assert parse_date("  ").problem == "empty"


@given(times_of_day)
def test_times_read_back(time: dt.time) -> None:
    minutes = time.hour * 60 + time.minute
    hour12 = time.hour % 12 or 12
    spellings = [
        time.strftime("%H:%M"),
        f"{time.hour}:{time.minute:02d}",
        time.strftime("%H:%M:%S"),
        f"{hour12}:{time.minute:02d} {'PM' if time.hour >= 12 else 'AM'}",
        f"{hour12}:{time.minute:02d}{'p.m.' if time.hour >= 12 else 'a.m.'}",
        f"11/16/2026 {time:%H:%M:%S}",
    ]
    for text in spellings:
        assert parse_time(text).value == minutes, text
    assert parse_time(time).value == minutes
    assert parse_time(minutes / (24 * 60)).value == minutes  # a Sheets day fraction
    assert parse_time(dt.timedelta(minutes=minutes)).value == minutes


def test_hour_alone_needs_am_or_pm() -> None:
    assert parse_time("2 pm").value == 14 * 60
    assert parse_time("12 am").value == 0
    assert parse_time("10").problem  # ten o'clock, or period 10? Not guessed.
    assert parse_time("13:00 pm").problem == "not a time of day"
    assert parse_time("25:00").problem == "not a time of day"


@given(school_dates, times_of_day)
def test_a_google_forms_timestamp_gives_date_and_time(day: dt.date, time: dt.time) -> None:
    moment = dt.datetime.combine(day, time)
    expected = (day, time.hour * 60 + time.minute)
    for cell in (moment, moment.strftime("%m/%d/%Y %H:%M:%S"), moment.strftime("%-m/%-d/%Y %H:%M")):
        date, minutes = parse_datetime(cell)
        assert (date.value, minutes.value) == expected, cell


@given(any_cell)
@example(float("inf"))
@example(float("-inf"))
@example(10**400)
@example(-(2**70))
@example("1e999")
@example("9" * 400)
@example("x" * 10_000)
@example("a" + " " * 10_000 + "b")
@example("11/16/2026 99:99:99")
@example(":::")
def test_no_cell_makes_a_parser_raise(cell: object) -> None:
    # A value, or a problem saying why there is none: never both, never neither.
    for parser in (parse_date, parse_time, parse_yes_no, parse_integer, parse_role):
        result = parser(cell)
        assert result.ok == (result.value is not None)
    for part in parse_datetime(cell):
        assert part.ok == (part.value is not None)
    found, problems = parse_lookfors(cell)
    assert all(isinstance(p, str) for p in problems)
    assert all(level is None or 1 <= level <= 4 for _, level in found)
    assert isinstance(normalise_name(cell), str)
    assert isinstance(text_of(cell), str)


names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz'-", min_size=1, max_size=12).filter(
    lambda w: w.strip("'-")
)
ACCENTS = str.maketrans("aeinou", "áéíñóú")


@given(names, names)
def test_names_match_whatever_the_case_spacing_accents_or_order(first: str, last: str) -> None:
    plain = normalise_name(f"{first} {last}")
    assert normalise_name(f"  {first.upper()}   {last.title()} ") == plain
    assert normalise_name(f"{first} {last}".translate(ACCENTS)) == plain
    assert normalise_name(f"{last}, {first}") == plain
    assert normalise_name(f"{last.upper()} ,{first}") == plain
    assert normalise_name(plain) == plain


@given(st.text())
def test_normalising_a_name_twice_changes_nothing(text: str) -> None:
    once = normalise_name(text)
    assert normalise_name(once) == once


codes = st.from_regex(r"[A-Z]{1,3}[0-9]{1,2}", fullmatch=True)
look_fors = st.lists(st.tuples(codes, st.one_of(st.none(), st.integers(1, 4))), max_size=6)


@given(look_fors, st.sampled_from([", ", ",", "; ", "\n"]))
def test_look_fors_read_back(written: list[tuple[str, int | None]], separator: str) -> None:
    text = separator.join(code if level is None else f"{code}:{level}" for code, level in written)
    assert parse_lookfors(text) == (tuple(written), [])
    assert parse_lookfors(text.lower()) == (tuple(written), [])


@given(codes, st.one_of(st.integers(-5, 0), st.integers(5, 99), st.just("high")))
def test_a_level_outside_1_to_4_is_a_problem_and_the_code_still_counts(
    code: str, level: object
) -> None:
    found, problems = parse_lookfors(f"IN1, {code}:{level}")
    assert found == (("IN1", None), (code, None))
    assert problems == [f"{code}: level '{level}' is not 1, 2, 3 or 4"]


@given(st.sampled_from(sorted(ROLE_ALIASES)), st.sampled_from([str.upper, str.title, str.lower]))
def test_roles_in_the_roadmap_words(word: str, case: object) -> None:
    assert callable(case)
    assert parse_role(f" {case(word)} ").value == ROLE_ALIASES[word]


def test_day_first_text_is_read_by_the_date_order() -> None:
    assert parse_date("10.09.2026").value == dt.date(2026, 10, 9)
    assert parse_date("10.09.2026", DateOrder.DMY).value == dt.date(2026, 9, 10)
    assert parse_date("10/09/26", DateOrder.DMY).value == dt.date(2026, 9, 10)
    # What can be read only one way is read so, whatever the order.
    assert parse_date("25.09.2026", DateOrder.MDY).value == dt.date(2026, 9, 25)
    assert parse_date("09/25/2026", DateOrder.DMY).value == dt.date(2026, 9, 25)
    assert parse_datetime("10.09.2026 08:30", DateOrder.DMY)[0].value == dt.date(2026, 9, 10)


def test_iso_timestamps_with_a_t_are_read() -> None:
    assert parse_date("2026-11-03T09:05:00").value == dt.date(2026, 11, 3)
    assert parse_date("2026-11-03T09:05:00Z").value == dt.date(2026, 11, 3)
    day, minute = parse_datetime("2026-11-03T09:05:00+01:00")
    assert (day.value, minute.value) == (dt.date(2026, 11, 3), 9 * 60 + 5)
    assert parse_time("2026-11-03T13:40").value == 13 * 60 + 40


def test_which_dates_read_both_ways() -> None:
    assert is_ambiguous_date("10.09.2026")
    assert is_ambiguous_date("3/4/26 10:15")
    assert not is_ambiguous_date("11/11/2026")  # the same day either way
    assert not is_ambiguous_date("25.09.2026")
    assert not is_ambiguous_date("2026-09-10")
    assert not is_ambiguous_date(dt.date(2026, 9, 10))


def test_the_log_s_unambiguous_dates_give_the_order() -> None:
    assert date_order_of(["25.09.2026", "10.09.2026", "30.09.2026", "9/14/2026"]) == (DateOrder.DMY)
    assert date_order_of(["9/14/2026", "10/9/2026"]) == DateOrder.MDY
    assert date_order_of(["10/9/2026", "2026-09-10", None, 46000]) is None


def test_error_values_are_known_by_their_text() -> None:
    assert all(map(is_error_value, ["#N/A", " #REF! ", "#div/0!", "#NAME?", "#SPILL!"]))
    assert not any(map(is_error_value, ["N/A", "#1", "#hashtag", None, 0]))
