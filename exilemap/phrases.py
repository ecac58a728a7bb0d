"""Every sentence the app says about a day, a stop or a leg: dates with their uncertainty, spans, how a leg was
travelled. One module, so that translating the wording is one module's job.
"""

from __future__ import annotations

import datetime as dt

from exilemap.model import Leg, Stop, Window, date_bounds


def date_phrase(value: dt.date, precision: str) -> str:
    """A date with its uncertainty said: 'some day in February 1929 (the day is not known)'."""
    if precision == "month":
        return f"some day in {value.strftime('%B %Y')} (the day is not known)"
    if precision == "year":
        return f"some time in {value.year} (the month is not known)"
    if precision == "circa":
        return f"about {value.year} (the year itself is uncertain)"
    return format_date(value)


COORD_PHRASE = {
    "house": "the point marks the building itself",
    "street": "street-level: the point marks the street, not the house",
    "town": "town-level: the house is not known",
    "region": "region-level: neither the house nor the village is located",
    "not stated": "what the point marks is not stated",
}


def window_phrase(window: Window) -> str:
    """A date known only to a span, in words: 'some day in February 1929 (the day is not known)', or where the stop's
    other date narrows it, 'some day between 10 and 28 February 1929 (the day is not known)'."""
    stated = window.earliest.replace(year=window.earliest.year + 1) if window.precision == "circa" else window.earliest
    if window.precision == "day" or (window.earliest, window.latest) == date_bounds(stated, window.precision):
        return date_phrase(stated, window.precision)
    a, b = window.earliest, window.latest
    if (a.year, a.month) == (b.year, b.month):
        start = str(a.day)
    elif a.year == b.year:
        start = f"{a.day} {a.strftime('%B')}"
    else:
        start = format_date(a)
    unknown = {"year": "the month is not known", "circa": "the year itself is uncertain"}.get(
        window.precision, "the day is not known"
    )
    return f"some day between {start} and {format_date(b)} ({unknown})"


def uncertainty_lines(stop: Stop) -> list[str]:
    """What is not known about a stop's dates and place, in words: 'Arrived some day in April 1929 (the day is not known)'."""
    lines = []
    for verb, value, precision, window in (
        ("Arrived", stop.arrived, stop.arrived_precision, stop.arrival),
        ("Left", stop.departed, stop.departed_precision, stop.departure),
    ):
        if precision != "day" and not (verb == "Left" and (value, precision) == (stop.arrived, stop.arrived_precision)):
            lines.append(f"{verb} {window_phrase(window)}.")
    lines.append(f"Place: {COORD_PHRASE[stop.coord_precision]}.")
    return lines


MODE_PHRASE = {"train": "by train", "ship": "by sea", "car": "by car", "sledge": "by road and sledge", "foot": "on foot",
               "unknown": ""}  # fmt: skip


def leg_phrase(leg: Leg | None) -> str:
    """How a leg was travelled, for a sentence: 'by sea (the Italian steamer Bulgaria)', or '' where not known."""
    if leg is None or leg.mode == "unknown":
        return ""
    return MODE_PHRASE[leg.mode] + (f" ({leg.vessel})" if leg.vessel else "")


def course_phrase(leg: Leg | None) -> str:
    """What is known of the line drawn for a leg."""
    if leg is None or leg.mode == "unknown":
        return "How he travelled is not known: the line is drawn straight."
    if leg.course == "plausible":
        return " ".join(["The course drawn is plausible, not recorded.", leg.note]).strip()
    if leg.course == "recorded":
        names = [w.name for w in leg.waypoints if w.name]
        return "The places it passed are recorded" + (f": {', '.join(names)}." if names else ".")
    return "The line is drawn straight between the two places."


def format_date(value: dt.date, precision: str = "day") -> str:
    """A date as a reader says it, no more precise than it is known: '9 January 1937', 'April 1929'."""
    if precision in ("year", "circa"):
        return ("c. " if precision == "circa" else "") + str(value.year)
    if precision == "month":
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


def span_phrase(stop: Stop) -> str:
    """The stop's dates for a sentence: 'on 9 January 1937', 'in January 1929' or 'from April 1929 to 14 November 1932'."""
    start, end = format_date(stop.arrived, stop.arrived_precision), format_date(stop.departed, stop.departed_precision)
    if start == end:
        return f"on {start}" if stop.arrived_precision == "day" else f"in {start}"
    return f"from {start} to {end}"


def format_span(stop: Stop) -> str:
    start, end = format_date(stop.arrived, stop.arrived_precision), format_date(stop.departed, stop.departed_precision)
    return start if start == end else f"{start} – {end}"
