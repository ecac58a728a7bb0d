"""Does a quote's own wording state its claim? Dates, years, and named things with declared synonyms.

A claim is `key=value`. A value written as a date (`1940-08-20`, `1935-06`, `1929`) must stand in the
passage as a date in any English form the seeds use ("20 August 1940", "August 20, 1940", "In June 1935",
"1929"). Any other value (a weapon, a ship, a duration such as "next day") must have each of its words
in the passage, where a term may be replaced by one declared as the same (synonyms.csv: ice axe / ice ax).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH = "(" + "|".join(MONTHS) + ")"
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+{_MONTH},?\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{4}})\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d-])(\d{4})(?![\d-])")
_DATE_VALUE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# words that carry no claim of their own: "taken to hospital" is stated by "rushed to the hospital" only if
# "taken" is there, but "the", "a", "to" need not be
_FILLER = {"a", "an", "the", "to", "of", "in", "at", "on", "by", "and", "with", "from"}


def dates_in(text: str) -> set[tuple[int, int | None, int | None]]:
    """Every (year, month, day) the text writes, at the precision it writes it; month or day None where not given."""
    found: set[tuple[int, int | None, int | None]] = set()
    for day, month, year in _DAY_MONTH_YEAR.findall(text):
        found.add((int(year), MONTHS[month.lower()], int(day)))
    for month, day, year in _MONTH_DAY_YEAR.findall(text):
        found.add((int(year), MONTHS[month.lower()], int(day)))
    for month, year in _MONTH_YEAR.findall(text):
        found.add((int(year), MONTHS[month.lower()], None))
    for year in _YEAR.findall(text):
        found.add((int(year), None, None))
    return found


def is_date_value(value: str) -> bool:
    return _DATE_VALUE.fullmatch(value) is not None


def _date_supported(text: str, value: str) -> bool:
    year, month, day = _DATE_VALUE.fullmatch(value).groups()
    wanted = (int(year), int(month) if month else None, int(day) if day else None)
    written = dates_in(text)
    if wanted in written:
        return True
    # a claim known to the month is stated by a day in that month; a claim of a year by any date in it
    return any(w[0] == wanted[0] and (wanted[1] is None or w[1] == wanted[1]) and wanted[2] is None for w in written)


def words(text: str) -> list[str]:
    """Lower-case words, hyphens split and a plural -s dropped, so "ice-pick" and "machine guns" compare."""
    return [
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in re.findall(r"[a-z0-9]+", text.lower())
    ]


def _expand(value: str, synonyms: Iterable[frozenset[str]]) -> list[str]:
    """The value and every form of it made by replacing one declared term with one of its equals."""
    forms = [value.lower()]
    for group in synonyms:
        for term in group:
            if re.search(rf"\b{re.escape(term)}\b", value, re.IGNORECASE):
                forms += [
                    re.sub(rf"\b{re.escape(term)}\b", other, value, flags=re.IGNORECASE) for other in group if other != term
                ]
    return forms


def _words_supported(text: str, value: str, synonyms: Iterable[frozenset[str]]) -> bool:
    have = set(words(text))
    for form in _expand(value, synonyms):
        wanted = [w for w in words(form) if w not in _FILLER]
        if wanted and all(w in have for w in wanted):
            return True
    return False


def supports(text: str, value: str, synonyms: Iterable[frozenset[str]] = ()) -> bool:
    """Whether the passage's own words state the value."""
    if is_date_value(value):
        return _date_supported(text, value)
    return _words_supported(text, value, synonyms)
