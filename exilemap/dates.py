"""Dates as people write them: ISO forms, month names in six languages, day-first dotted dates, c. 1917.

The month names come from the Unicode CLDR through Babel (format and stand-alone, wide and abbreviated),
so 'abril', 'avril', 'April', 'апреля' and 'april' are each April. How a date is written says how precisely
it is known: `1917` is a year, `April 1917` a month, `9 April 1917` a day, and `c. 1917` or `1917?` an
uncertain year ('circa').
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from babel import Locale
from babel.lists import format_list

LANGUAGES = ("en", "es", "fr", "de", "ru", "nb")
DATE_EXAMPLES = ("1937", "1937-01", "1937-01-09", "9 January 1937", "January 1937", "Jan 9, 1937", "09.01.1937", "9 de enero de 1937",
                 "c. 1937")  # fmt: skip


def date_forms(lang: str = "en") -> str:
    """The ways a date may be written, as a list in the reader's language ("…, or c. 1937"; "… o c. 1937")."""
    return format_list(list(DATE_EXAMPLES), style="or", locale=lang)


DATE_FORMS = date_forms()
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
                  "December")  # fmt: skip

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # 1937-01-09, as data/places.csv writes a day
_CIRCA = re.compile(r"(?:c\.|ca\.|circa|c|ca|~)\s*(\d{4})|(\d{4})\s*\?", re.IGNORECASE)
_WORD = r"([^\W\d_]+\.?)"  # a month's name or abbreviation, in any script
_DAY_MONTH_YEAR = re.compile(
    rf"(\d{{1,2}})(?:st|nd|rd|th|er|\.)? (?:de )?{_WORD},? (?:de )?(\d{{4}})(?: г\.?| года?)?", re.IGNORECASE
)
_MONTH_DAY_YEAR = re.compile(rf"{_WORD} (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"{_WORD},? (?:de )?(\d{{4}})(?: г\.?| года?)?", re.IGNORECASE)
_NUMERIC = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{4})")


@cache
def month_names() -> dict[str, int]:
    """Every month name and abbreviation of LANGUAGES, folded and without its full stop, and its number.

    A word that names two different months in two languages would be dropped; none does in these six.
    """
    names: dict[str, set[int]] = {}
    for language in LANGUAGES:
        months = Locale.parse(language).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    names.setdefault(_fold(name), set()).add(number)
    return {name: numbers.pop() for name, numbers in names.items() if len(numbers) == 1}


def _fold(word: str) -> str:
    return word.casefold().rstrip(".")


def month_number(word: str) -> int | None:
    """The month a word names in any of the six languages, or an English name's first three or more letters."""
    folded = _fold(word)
    if folded in month_names():
        return month_names()[folded]
    for number, name in enumerate(ENGLISH_MONTHS, start=1):
        if len(folded) >= 3 and name.casefold().startswith(folded):
            return number
    return None


def parse_date(text: str) -> tuple[dt.date, str]:
    """A date and its precision (day, month, year or circa) from how it is written; ValueError saying why not."""
    value = " ".join(str(text).split())
    if len(value) == 10 and ISO_DAY.fullmatch(value):  # the common case first: thousands of rows
        return _date(value, int(value[:4]), int(value[5:7]), int(value[8:])), "day"
    if m := re.fullmatch(r"(\d{4})", value):
        return dt.date(int(m[1]), 1, 1), "year"
    if m := _CIRCA.fullmatch(value):
        return dt.date(int(m[1] or m[2]), 1, 1), "circa"
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
        return _date(value, int(m[1]), int(m[2]), 1), "month"
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value):
        return _date(value, int(m[1]), int(m[2]), int(m[3])), "day"
    if m := _NUMERIC.fullmatch(value):
        return _numeric(value, int(m[1]), m[2], int(m[3]), int(m[4])), "day"
    if m := _DAY_MONTH_YEAR.fullmatch(value):  # 9 January 1937, 9 de abril de 1917, 1er avril 1917, 9. April 1917
        return _date(value, int(m[3]), month_number(m[2]), int(m[1])), "day"
    if m := _MONTH_DAY_YEAR.fullmatch(value):  # Jan 9, 1937
        return _date(value, int(m[3]), month_number(m[1]), int(m[2])), "day"
    if m := _MONTH_YEAR.fullmatch(value):  # January 1937, abril de 1917
        return _date(value, int(m[2]), month_number(m[1]), 1), "month"
    if re.search(r"\?|\b(?:c|ca|circa)\b", value, re.IGNORECASE):
        raise ValueError(f"'{value}' marks a month or a day as uncertain: write the year alone as c. {_year(value)}, "
                         "or the date without the question mark")  # fmt: skip
    raise ValueError(f"'{value}' is not a date we can read: write it as {DATE_FORMS}" if value else "a date is needed here")


def _year(value: str) -> str:
    m = re.search(r"\d{4}", value)
    return m[0] if m else "1917"


def _numeric(value: str, first: int, separator: str, second: int, year: int) -> dt.date:
    """09.04.1917 is day first (no country writes dotted dates month first); 01/02/1917 could be either."""
    if separator == "." or first > 12:
        return _date(value, year, second, first)
    if second > 12 or first == second:
        return _date(value, year, first, second)
    raise ValueError(
        f"'{value}' is ambiguous: it reads as {_spoken(year, second, first)} (day first) or "
        f"{_spoken(year, first, second)} (month first); write it as {year}-{second:02d}-{first:02d} "
        f"or {first} {ENGLISH_MONTHS[second - 1]} {year}"
    )


def _spoken(year: int, month: int, day: int) -> str:
    return f"{day} {ENGLISH_MONTHS[month - 1]} {year}"


def _date(text: str, year: int, month: int | None, day: int) -> dt.date:
    if month is None:
        raise ValueError(f"'{text}' is not a date we can read (unknown month name): write it as {DATE_FORMS}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a day of the calendar") from None
