"""Where he was on a given day: the route as timed legs, and interpolation along them.

Dates known only to the month or year are placed inside what their neighbours
allow (the middle of the feasible window), so the timeline never runs backwards.
Each move between two stops is a leg: its waypoints (a ship's course, a train's
stations) make a path, and the marker moves along it in proportion to distance.
Positions are interpolated in Web Mercator, the projection Leaflet draws in, so
the moving marker always sits on the drawn line.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from exilemap.gazetteer import Gazetteer, Leg, Stop

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
    leg: Leg | None = None
    """In transit: the leg being travelled."""


def timeline(stops: tuple[Stop, ...] | list[Stop]) -> list[Visit]:
    """Resolve every route stop's dates to single days, in order, never decreasing, each inside its window."""
    entries, windows = [], []
    for s in stops:
        entries += [(s.arrived, s.arrived_precision), (s.departed, s.departed_precision)]
        windows += [s.arrival, s.departure]
    resolved: list[dt.date] = []
    for i, (value, precision) in enumerate(entries):
        if i % 2 == 0 and resolved and precision != "day" and entries[i - 1] == (value, precision):
            resolved.append(resolved[-1])  # left one place and reached the next in the same vague month
            continue
        lo, hi = windows[i].earliest, windows[i].latest
        if resolved:
            lo = max(lo, resolved[-1])
        if precision != "day":
            later = [v for v, p in entries[i + 1 :] if p == "day"]
            if later:
                hi = min(hi, later[0])
            if i + 1 < len(entries):  # and no later than the next date can be
                hi = min(hi, windows[i + 1].latest)
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


def path(a: Stop, b: Stop, leg: Leg) -> list[tuple[float, float]]:
    """The points a leg passes through, from a to b."""
    return [(a.lat, a.lon), *((w.lat, w.lon) for w in leg.waypoints), (b.lat, b.lon)]


def along(points: list[tuple[float, float]], fraction: float) -> tuple[float, float]:
    """The point `fraction` of the way along a path of (lat, lon) points, by distance as Leaflet draws it."""
    return _along(points, fraction)[0]


def _along(points: list[tuple[float, float]], fraction: float) -> tuple[tuple[float, float], int]:
    """That point, and the index of the first path point not yet reached (points[1:index] lie behind it).

    The same rule as the map's clock (templates/timecontrol.js, `along`).
    """
    projected = [_mercator(lat, lon) for lat, lon in points]
    lengths = [math.dist(p, q) for p, q in zip(projected, projected[1:])]
    total = sum(lengths)
    if total == 0:
        return points[0], 1
    target = min(max(fraction, 0.0), 1.0) * total
    for index, ((p, q), length) in enumerate(zip(zip(projected, projected[1:]), lengths), start=1):
        if target <= length and length > 0:
            t = target / length
            return _inverse(p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t), index
        target -= length
    return points[-1], len(points) - 1


class _Paths(Sequence):
    """Each leg's points, made when asked for: a journey of thousands of stops keeps no list per leg for its session."""

    def __init__(self, route: Route):
        self._route = route

    def __len__(self) -> int:
        return len(self._route.legs)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        visits, legs = self._route.visits, self._route.legs
        index = range(len(legs))[index]  # negative indices, and IndexError past the end
        return path(visits[index].stop, visits[index + 1].stop, legs[index])


class Route:
    """The exile route of a gazetteer, answering 'where was he on this day?'."""

    def __init__(self, gazetteer: Gazetteer):
        self.visits = timeline(gazetteer.route_stops)
        self._starts = [v.start for v in self.visits]  # never decreasing: searched by bisection
        self._by_id = {v.stop.id: v for v in reversed(self.visits)}  # the first visit of an id wins
        if not self.visits:
            raise ValueError("the gazetteer has no stops to make a route of")
        self.legs = [gazetteer.leg_to(v.stop.id) for v in self.visits[1:]]  # legs[i] goes from visit i to visit i + 1
        self.paths = _Paths(self)  # paths[i]: the points of legs[i], made when asked for
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
        lat, lon = along(self.paths[index], fraction)
        return Position(date, "transit", lat, lon, previous=v.stop, next=following.stop, fraction=fraction, index=index,
                        leg=self.legs[index])  # fmt: skip

    def travelled(self, position: Position) -> list[tuple[float, float]]:
        """The points of the route travelled by this position, to draw as a line."""
        if position.status == "before":
            return []
        points = [(self.visits[0].stop.lat, self.visits[0].stop.lon)]
        for leg_path in self.paths[: position.index]:
            points += leg_path[1:]
        if position.status == "transit":
            leg_path = self.paths[position.index]
            points += leg_path[1 : _along(leg_path, position.fraction)[1]]
            points.append((position.lat, position.lon))
        return points

    def line(self) -> list[tuple[float, float]]:
        """The whole route as one line, through every leg's waypoints."""
        points = [(self.visits[0].stop.lat, self.visits[0].stop.lon)]
        for leg_path in self.paths:
            points += leg_path[1:]
        return points

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
