"""The journey as text: every stop in order, grouped by country, for readers who cannot use the map.

A screen-reader user, a student on a phone and a teacher printing a handout get the same facts as
the map: when (no more precise than known), the name then and now, what happened, the quotes, and
the date to open the map at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from exilemap.gazetteer import Gazetteer, Quote, Stop
from exilemap.i18n import ENGLISH, Translator
from exilemap.phrases import WHAT_VERB, format_span, stay_sentence
from exilemap.route import Route
from exilemap.sources import chosen_line, disagreements, histories_differ_line


@dataclass(frozen=True)
class Entry:
    """One stop of the itinerary, numbered along the whole journey."""

    number: int
    stop: Stop
    when: str  # "April 1929 – 17 July 1933", at the dates' own precision
    today: str  # "today Büyükada, Turkey", "today in Russia", or "" where nothing changed
    what: str  # "Lived here from April 1929 to 17 July 1933. <summary>"
    quotes: tuple[Quote, ...]
    day: dt.date  # the map's date for this stop (`?date=`)
    differ: tuple[str, ...] = ()  # where the histories differ about it: each answer, then which the map uses and why


@dataclass(frozen=True)
class Stretch:
    """Consecutive stops in one country (as it was then): a country visited twice gives two stretches."""

    country: str
    years: str  # "1929–1933", or "1929" when it starts and ends in one year
    entries: tuple[Entry, ...]

    @property
    def heading(self) -> str:
        return f"{self.country}, {self.years}"


def today(stop: Stop, tr: Translator = ENGLISH) -> str:
    """The place now, where its name or country has changed since: 'today Büyükada, Turkey', 'today in Russia'."""
    if (stop.modern_name, stop.country_now) == (stop.name, stop.country_then):
        return ""
    if stop.modern_name == stop.name:
        return tr.gettext("today in %(country)s") % {"country": stop.country_now}
    return tr.gettext("today %(place)s, %(country)s") % {"place": stop.modern_name, "country": stop.country_now}


def entries(gz: Gazetteer, route: Route, tr: Translator = ENGLISH) -> list[Entry]:
    """Every stop and event in the gazetteer's order, which is the journey's."""
    found = []
    for number, stop in enumerate(gz.stops, start=1):
        visit = route.visit_of(stop.id)
        what = stay_sentence(stop, WHAT_VERB, tr)
        differ = tuple(line for d in disagreements(gz, {stop.id}) if d.histories_differ
                       for line in (histories_differ_line(gz, d, tr), chosen_line(gz, d, tr)))  # fmt: skip
        found.append(Entry(number, stop, format_span(stop, tr), today(stop, tr), what, tuple(gz.quotes_for(stop.id)),
                           visit.start if visit else stop.arrived, differ))  # fmt: skip
    return found


def itinerary(gz: Gazetteer, route: Route, tr: Translator = ENGLISH) -> list[Stretch]:
    """The entries in order, cut into a new stretch wherever the country changes."""
    runs: list[list[Entry]] = []
    for entry in entries(gz, route, tr):
        if runs and runs[-1][-1].stop.country_then == entry.stop.country_then:
            runs[-1].append(entry)
        else:
            runs.append([entry])
    stretches = []
    for run in runs:
        first, last = run[0].stop.arrived.year, max(e.stop.departed.year for e in run)
        stretches.append(Stretch(run[0].stop.country_then, str(first) if first == last else f"{first}–{last}", tuple(run)))
    return stretches


def map_link(entry: Entry) -> dict[str, str]:
    """The map page's query for this stop's date, as a shared link gives it (`?date=YYYY-MM-DD`)."""
    return {"date": entry.day.isoformat()}
