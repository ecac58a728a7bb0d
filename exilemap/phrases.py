"""Every sentence the app says about a day, a stop or a leg: dates with their uncertainty, spans, how a leg was
travelled. One module, so that translating the wording is one module's job: each function takes the session's
translator (exilemap.i18n), English by default.
"""

from __future__ import annotations

import datetime as dt

from exilemap.i18n import ENGLISH, N_, Translator
from exilemap.model import Leg, Stop, Window, date_bounds


def format_date(value: dt.date, precision: str = "day", tr: Translator = ENGLISH) -> str:
    """A date as a reader says it, no more precise than it is known: '9 January 1937', 'April 1929'."""
    return tr.date(value, precision)


def date_phrase(value: dt.date, precision: str, tr: Translator = ENGLISH) -> str:
    """A date with its uncertainty said: 'some day in February 1929 (the day is not known)'."""
    _ = tr.gettext
    if precision == "month":
        return _("some day in %(month)s (the day is not known)") % {"month": tr.date(value, "month")}
    if precision == "year":
        return _("some time in %(year)s (the month is not known)") % {"year": value.year}
    if precision == "circa":
        return _("about %(year)s (the year itself is uncertain)") % {"year": value.year}
    return tr.date(value)


COORD_PHRASE = {
    "house": N_("the point marks the building itself"),
    "street": N_("street-level: the point marks the street, not the house"),
    "town": N_("town-level: the house is not known"),
    "region": N_("region-level: neither the house nor the village is located"),
    "not stated": N_("what the point marks is not stated"),
}


def window_phrase(window: Window, tr: Translator = ENGLISH) -> str:
    """A date known only to a span, in words: 'some day in February 1929 (the day is not known)', or where the stop's
    other date narrows it, 'some day between 10 and 28 February 1929 (the day is not known)'."""
    _ = tr.gettext
    stated = window.earliest.replace(year=window.earliest.year + 1) if window.precision == "circa" else window.earliest
    if window.precision == "day" or (window.earliest, window.latest) == date_bounds(stated, window.precision):
        return date_phrase(stated, window.precision, tr)
    a, b = window.earliest, window.latest
    if (a.year, a.month) == (b.year, b.month):
        start = str(a.day)
    elif a.year == b.year:
        start = tr.day_month(a)
    else:
        start = tr.date(a)
    if window.precision == "year":
        return _("some day between %(start)s and %(end)s (the month is not known)") % {"start": start, "end": tr.date(b)}
    if window.precision == "circa":
        return _("some day between %(start)s and %(end)s (the year itself is uncertain)") % {"start": start, "end": tr.date(b)}
    return _("some day between %(start)s and %(end)s (the day is not known)") % {"start": start, "end": tr.date(b)}


def uncertainty_lines(stop: Stop, tr: Translator = ENGLISH) -> list[str]:
    """What is not known about a stop's dates and place, in words: 'Arrived some day in April 1929 (the day is not known)'."""
    _ = tr.gettext
    lines = []
    if stop.arrived_precision != "day":
        lines.append(_("Arrived %(when)s.") % {"when": window_phrase(stop.arrival, tr)})
    if stop.departed_precision != "day" and (stop.departed, stop.departed_precision) != (stop.arrived, stop.arrived_precision):
        lines.append(_("Left %(when)s.") % {"when": window_phrase(stop.departure, tr)})
    lines.append(_("Place: %(what)s.") % {"what": _(COORD_PHRASE[stop.coord_precision])})
    return lines


MODE_PHRASE = {"train": N_("by train"), "ship": N_("by sea"), "car": N_("by car"), "sledge": N_("by road and sledge"),
               "foot": N_("on foot"), "unknown": ""}  # fmt: skip


def mode_phrase(mode: str, tr: Translator = ENGLISH) -> str:
    """'by sea', or '' where the way is not known."""
    return tr.gettext(MODE_PHRASE[mode]) if MODE_PHRASE.get(mode) else ""


def leg_phrase(leg: Leg | None, tr: Translator = ENGLISH) -> str:
    """How a leg was travelled, for a sentence: 'by sea (the Italian steamer Bulgaria)', or '' where not known."""
    if leg is None or leg.mode == "unknown":
        return ""
    return mode_phrase(leg.mode, tr) + (f" ({leg.vessel})" if leg.vessel else "")


def course_phrase(leg: Leg | None, tr: Translator = ENGLISH) -> str:
    """What is known of the line drawn for a leg."""
    _ = tr.gettext
    if leg is None or leg.mode == "unknown":
        return _("How he travelled is not known: the line is drawn straight.")
    if leg.course == "plausible":
        return " ".join([_("The course drawn is plausible, not recorded."), leg.note]).strip()
    if leg.course == "recorded":
        names = [w.name for w in leg.waypoints if w.name]
        if names:
            return _("The places it passed are recorded: %(places)s.") % {"places": ", ".join(names)}
        return _("The places it passed are recorded.")
    return _("The line is drawn straight between the two places.")


def span_phrase(stop: Stop, tr: Translator = ENGLISH) -> str:
    """The stop's dates for a sentence: 'on 9 January 1937', 'in January 1929' or 'from April 1929 to 14 November 1932'."""
    _ = tr.gettext
    start, end = tr.date(stop.arrived, stop.arrived_precision), tr.date(stop.departed, stop.departed_precision)
    if start == end:
        return (_("on %(date)s") if stop.arrived_precision == "day" else _("in %(date)s")) % {"date": start}
    return _("from %(start)s to %(end)s") % {"start": start, "end": end}


def format_span(stop: Stop, tr: Translator = ENGLISH) -> str:
    start, end = tr.date(stop.arrived, stop.arrived_precision), tr.date(stop.departed, stop.departed_precision)
    return start if start == end else f"{start} – {end}"


STAY_VERB = {"residence": N_("Lived here"), "transit": N_("Here"), "visit": N_("Visited"), "event": N_("Here")}
WHAT_VERB = {"residence": N_("Lived here"), "transit": N_("Passed through"), "visit": N_("Visited"), "event": N_("Happened")}


def stay_sentence(stop: Stop, verbs: dict[str, str], tr: Translator = ENGLISH) -> str:
    """'Lived here from April 1929 to 17 July 1933. <summary>': what he did at a stop, when, and its summary."""
    _ = tr.gettext
    verb = _(verbs[stop.kind])
    return (_("%(verb)s %(span)s.") % {"verb": verb, "span": span_phrase(stop, tr)} + f" {stop.summary}").strip()
