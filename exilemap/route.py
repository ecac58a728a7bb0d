"""Where he was on a given day: the route as timed legs, and interpolation along them.

Dates known only to the month or year are placed inside what their neighbours
allow (the middle of the feasible window), so the timeline never runs backwards.
Positions in transit are interpolated in Web Mercator, the projection Leaflet
draws in, so the moving marker always sits on the drawn line.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from dataclasses import dataclass
from typing import Literal

from exilemap.gazetteer import Gazetteer, Stop, date_bounds

Status = Literal["before", "at", "transit", "after"]


@dataclass(frozen=True)
class Visit:
    """A route stop with the dates the timeline uses for it."""

    stop: Stop
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Position:
    """Where he is on `date`: at a stop, between two, or outside the route."""

    date: dt.date
    status: Status
    lat: float
    lon: float
    stop: Stop | None = None
    previous: Stop | None = None
    next: Stop | None = None
    fraction: float = 0.0
    index: int = 0
    """Index of the current visit, or of the visit just left when in transit."""


def timeline(stops: tuple[Stop, ...] | list[Stop]) -> list[Visit]:
    """Resolve every route stop's dates to single days, in order, never decreasing."""
    entries = []
    for s in stops:
        entries.append((s.arrived, s.arrived_precision))
        entries.append((s.departed, s.departed_precision))
    resolved: list[dt.date] = []
    for i, (value, precision) in enumerate(entries):
        if i % 2 == 0 and resolved and precision != "day" and entries[i - 1] == (value, precision):
            resolved.append(resolved[-1])  # left one place and reached the next in the same vague month
            continue
        lo, hi = date_bounds(value, precision)
        if resolved:
            lo = max(lo, resolved[-1])
        if precision != "day":
            later = [v for v, p in entries[i + 1 :] if p == "day"]
            if later:
                hi = min(hi, later[0])
            hi = max(hi, lo)
            resolved.append(lo + (hi - lo) // 2)
        else:
            resolved.append(max(value, lo))
    return [Visit(s, resolved[2 * i], resolved[2 * i + 1]) for i, s in enumerate(stops)]


def _mercator(lat: float, lon: float) -> tuple[float, float]:
    lat = max(min(lat, 85.0), -85.0)
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _inverse(x: float, y: float) -> tuple[float, float]:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2), math.degrees(x)


def interpolate(a: Stop, b: Stop, fraction: float) -> tuple[float, float]:
    """The point `fraction` of the way from a to b along the straight line Leaflet draws."""
    ax, ay = _mercator(a.lat, a.lon)
    bx, by = _mercator(b.lat, b.lon)
    return _inverse(ax + (bx - ax) * fraction, ay + (by - ay) * fraction)


class Route:
    """The exile route of a gazetteer, answering 'where was he on this day?'."""

    def __init__(self, gazetteer: Gazetteer):
        self.visits = timeline(gazetteer.route_stops)
        self._starts = [v.start for v in self.visits]  # never decreasing: searched by bisection
        self._by_id = {v.stop.id: v for v in reversed(self.visits)}  # the first visit of an id wins
        if not self.visits:
            raise ValueError("the gazetteer has no stops to make a route of")
        events = [s for s in gazetteer.stops if s.is_event]
        self.first = self.visits[0].start
        self.last = max([self.visits[-1].end] + [e.departed for e in events])

    def position(self, date: dt.date) -> Position:
        visits = self.visits
        if date < self.first:
            s = visits[0].stop
            return Position(date, "before", s.lat, s.lon, next=s)
        if date > visits[-1].end:
            s = visits[-1].stop
            return Position(date, "after", s.lat, s.lon, previous=s, index=len(visits) - 1)
        # the last visit that has started by `date` (a later one wins on a shared day), by binary search
        index = bisect.bisect_right(self._starts, date) - 1
        v = visits[index]
        if date <= v.end:
            return Position(date, "at", v.stop.lat, v.stop.lon, stop=v.stop, index=index)
        following = visits[index + 1]
        span = (following.start - v.end).days
        fraction = (date - v.end).days / span
        lat, lon = interpolate(v.stop, following.stop, fraction)
        return Position(date, "transit", lat, lon, previous=v.stop, next=following.stop, fraction=fraction, index=index)

    def visit_of(self, stop_id: str) -> Visit | None:
        return self._by_id.get(stop_id)

    @staticmethod
    def events_during(gazetteer: Gazetteer, visit: Visit) -> list[Stop]:
        """Events that took place at this visit's place while he was there."""
        return [
            e
            for e in gazetteer.stops
            if e.is_event and visit.start <= e.arrived <= visit.end and (e.lat, e.lon) == (visit.stop.lat, visit.stop.lon)
        ]


def format_date(value: dt.date, precision: str = "day") -> str:
    """A date as a reader says it, no more precise than it is known: '9 January 1937', 'April 1929'."""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


def span_phrase(stop: Stop) -> str:
    """The stop's dates for a sentence: 'on 9 January 1937' or 'from April 1929 to 14 November 1932'."""
    start, end = format_date(stop.arrived, stop.arrived_precision), format_date(stop.departed, stop.departed_precision)
    return f"on {start}" if start == end else f"from {start} to {end}"


def format_span(stop: Stop) -> str:
    start, end = format_date(stop.arrived, stop.arrived_precision), format_date(stop.departed, stop.departed_precision)
    return start if start == end else f"{start} – {end}"


def date_from_link(params: dict[str, str], gazetteer: Gazetteer, route: Route) -> tuple[dt.date, str | None]:
    """The date a shared link asks for (`?date=YYYY-MM-DD` or `?stop=<id>`), or the start and a notice why not."""
    raw_date, raw_stop = params.get("date"), params.get("stop")
    if raw_date is not None:
        try:
            day = dt.date.fromisoformat(raw_date) if len(raw_date) == 10 else None
        except ValueError:
            day = None
        if day is None:
            return route.first, f"The link's date '{raw_date[:40]}' is not a date written YYYY-MM-DD; showing the start."
        if not route.first <= day <= route.last:
            return route.first, f"The link's date {day} is outside the route ({route.first} to {route.last}); showing the start."
        return day, None
    if raw_stop is not None:
        visit = route.visit_of(raw_stop)
        if visit is not None:
            return visit.start, None
        event = next((s for s in gazetteer.stops if s.id == raw_stop), None)
        if event is not None:
            return event.arrived, None
        return route.first, f"The link names no stop '{raw_stop[:40]}'; showing the start."
    return route.first, None
