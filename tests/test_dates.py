"""Dates as people write them: ISO forms, month names in six languages (from Babel), dotted day-first dates, c. 1917."""

from __future__ import annotations

import datetime as dt

import pytest

from exilemap.dates import month_names, parse_date


@pytest.mark.parametrize(
    "text, day, precision",
    [
        ("1937", dt.date(1937, 1, 1), "year"),
        ("1937-01", dt.date(1937, 1, 1), "month"),
        ("1937-01-09", dt.date(1937, 1, 9), "day"),
        ("9 January 1937", dt.date(1937, 1, 9), "day"),
        ("January 1937", dt.date(1937, 1, 1), "month"),
        ("Jan 9, 1937", dt.date(1937, 1, 9), "day"),
        ("  9  Jan.  1937 ", dt.date(1937, 1, 9), "day"),
        ("13/02/1937", dt.date(1937, 2, 13), "day"),  # only one reading: day first
        ("09.04.1917", dt.date(1917, 4, 9), "day"),  # dotted: day first, as every country that writes dots
        ("12.01.1917", dt.date(1917, 1, 12), "day"),  # dotted and both parts under 13: still day first
        ("9 de abril de 1917", dt.date(1917, 4, 9), "day"),
        ("abril de 1917", dt.date(1917, 4, 1), "month"),
        ("9 avril 1917", dt.date(1917, 4, 9), "day"),
        ("1er avril 1917", dt.date(1917, 4, 1), "day"),
        ("9. April 1917", dt.date(1917, 4, 9), "day"),
        ("9. März 1917", dt.date(1917, 3, 9), "day"),
        ("9 апреля 1917", dt.date(1917, 4, 9), "day"),  # the genitive, as a Russian date is written
        ("9 апреля 1917 г.", dt.date(1917, 4, 9), "day"),
        ("апрель 1917", dt.date(1917, 4, 1), "month"),  # the nominative, for a month alone
        ("9. april 1917", dt.date(1917, 4, 9), "day"),
        ("desember 1936", dt.date(1936, 12, 1), "month"),
        ("c. 1917", dt.date(1917, 1, 1), "circa"),
        ("ca. 1917", dt.date(1917, 1, 1), "circa"),
        ("circa 1917", dt.date(1917, 1, 1), "circa"),
        ("1917?", dt.date(1917, 1, 1), "circa"),
    ],
)
def test_a_date_is_read_with_the_precision_its_form_says(text, day, precision):
    assert parse_date(text) == (day, precision)


@pytest.mark.parametrize(
    "text, message",
    [
        ("01/02/1937", "'01/02/1937' is ambiguous: it reads as 1 February 1937 (day first) or 2 January 1937 (month first)"),
        ("Foo 1937", "unknown month name"),
        ("1937-02-30", "is not a day of the calendar"),
        ("31.04.1917", "is not a day of the calendar"),
        ("April 1917?", "marks a month or a day as uncertain: write the year alone as c. 1917"),
        ("last spring", "is not a date we can read: write it as 1937, 1937-01"),
        ("", "a date is needed here"),
    ],
)
def test_a_date_that_cannot_be_read_says_why(text, message):
    with pytest.raises(ValueError) as caught:
        parse_date(text)
    assert message in str(caught.value)


def test_the_month_names_are_babels_in_every_language_and_none_names_two_months():
    names = month_names()
    # written out from the CLDR's tables, not from the code: each language's April, wide and abbreviated
    for word in ("april", "apr", "abril", "abr", "avril", "avr", "апреля", "апрель", "апр"):
        assert names[word] == 4, word
    assert names["mai"] == 5 and names["mars"] == 3 and names["desember"] == 12 and names["dic"] == 12
