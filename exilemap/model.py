"""The gazetteer's value types: stops, quotes, sources, the voices inside a source, references, and problems.

Plain frozen values and nothing else: reading and checking them live in `gazetteer` and `checks`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

PRECISIONS = ("day", "month", "year", "circa")  # circa: about that year, not certain (c. 1917, 1917?)
KINDS = ("residence", "transit", "visit", "event")
COORD_SOURCES = ("nominatim", "geonames", "manual")
VOICE_KINDS = ("author", "editor", "quoted", "insertion", "furniture")
FACTS = ("dates", "coordinates", "summary")  # what a stop says that needs a reference
COORD_PRECISIONS = ("house", "street", "town", "region", "not stated")  # what a stop's point marks
MODES = ("train", "ship", "car", "sledge", "foot", "unknown")
COURSES = ("recorded", "plausible", "direct")  # how a leg's waypoints are known
TOUR = ("main", "detail")  # a stop in the 20-minute tour, or only in the detailed one


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, precise enough to find and fix."""

    file: str
    row: int | None
    column: str | None
    message: str
    where: str = ""  # a feature or Placemark of a JSON or KML file, said instead of its row in the table

    def __str__(self) -> str:
        where = [self.file]
        if self.where:
            where.append(self.where)
        elif self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return ", ".join(where) + ": " + self.message


class ExileMapError(Exception):
    """The base of the app's own errors, which callers catch: bad data, a geocoding run that stopped, a store that refused."""


class DataError(ExileMapError, ValueError):
    """Raised when data does not load; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Citation:
    """A reference id and, where the row names one, the chapter or page: `broue-1988:ch. 49`."""

    ref_id: str
    locator: str = ""

    @classmethod
    def parse_list(cls, value: str) -> tuple[Citation, ...]:
        """`id[:locator]; id[:locator]` as citations; an empty cell is none."""
        cites = []
        for part in value.split(";"):
            if part.strip():
                ref_id, _, locator = part.partition(":")
                cites.append(cls(ref_id.strip(), locator.strip()))
        return tuple(cites)

    def __str__(self) -> str:
        return f"{self.ref_id}:{self.locator}" if self.locator else self.ref_id


@dataclass(frozen=True)
class Reference:
    """A published work behind a date, a coordinate or a summary: one row of references.csv."""

    id: str
    author: str
    title: str
    year: str
    publisher: str
    locator: str = ""  # the chapter or page, where the whole row rests on one


@dataclass(frozen=True)
class Window:
    """The days a date of a stop can stand for, as Linked Places' `earliest` and `latest`: one day, or a span."""

    earliest: dt.date
    latest: dt.date
    precision: str = "day"

    @property
    def exact(self) -> bool:
        return self.earliest == self.latest


@dataclass(frozen=True)
class Stop:
    """One row of places.csv: a stay, a passage, a visit or an event."""

    id: str
    name: str
    modern_name: str
    country_then: str
    country_now: str
    lat: float
    lon: float
    arrived: dt.date
    arrived_precision: str
    departed: dt.date
    departed_precision: str
    kind: str
    summary: str
    geocode_query: str
    coord_source: str
    geonames_id: int | None
    coord_note: str
    date_refs: tuple[Citation, ...] = ()
    coord_refs: tuple[Citation, ...] = ()
    summary_refs: tuple[Citation, ...] = ()
    coord_precision: str = "not stated"
    tour: str = "main"

    @property
    def is_event(self) -> bool:
        return self.kind == "event"

    def refs(self, fact: str) -> tuple[Citation, ...]:
        """The citations behind one of FACTS."""
        return {"dates": self.date_refs, "coordinates": self.coord_refs, "summary": self.summary_refs}[fact]

    @property
    def arrival(self) -> Window:
        """When he arrived, as an interval: a month-known arrival is no later than a departure known to the day."""
        (lo, hi), (_, left_by) = (
            date_bounds(self.arrived, self.arrived_precision),
            date_bounds(self.departed, self.departed_precision),
        )
        return Window(lo, max(lo, min(hi, left_by)), self.arrived_precision)

    @property
    def departure(self) -> Window:
        """When he left, as an interval: a month-known departure is no earlier than the arrival
        ("left some day in February 1929", having arrived on the 10th, is 10-28 February)."""
        (lo, hi), (came_from, _) = (
            date_bounds(self.departed, self.departed_precision),
            date_bounds(self.arrived, self.arrived_precision),
        )
        return Window(min(hi, max(lo, came_from)), hi, self.departed_precision)


@dataclass(frozen=True)
class Waypoint:
    """A point a leg passes through; `name` where the point is a named port or strait."""

    lat: float
    lon: float
    name: str = ""

    @classmethod
    def parse_list(cls, value: str) -> tuple[Waypoint, ...]:
        """`lat,lon name; lat,lon` as waypoints (the name is optional)."""
        points = []
        for part in value.split(";"):
            if part.strip():
                coords, _, name = part.strip().partition(" ")
                lat, lon = coords.split(",")
                points.append(cls(float(lat), float(lon), name.strip()))
        return tuple(points)

    def __str__(self) -> str:
        return f"{self.lat},{self.lon}" + (f" {self.name}" if self.name else "")


@dataclass(frozen=True)
class Leg:
    """How he travelled to a stop from the route stop before it: mode, vessel or train, and the course."""

    to_stop: str
    mode: str = "unknown"
    vessel: str = ""
    course: str = "direct"
    waypoints: tuple[Waypoint, ...] = ()
    refs: tuple[Citation, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Quote:
    """A verbatim passage of a seed text, in one voice, supporting one claim about a stop.

    `context` is empty when the passage's own words state the claim; otherwise it says, in a line,
    where the rest of the claim comes from (the paragraph around it, say).
    """

    id: str
    place_id: str
    source_id: str
    text: str
    claim: str
    voice_id: str = ""
    context: str = ""

    @property
    def claim_key(self) -> str:
        return self.claim.split("=", 1)[0]

    @property
    def claim_value(self) -> str:
        return self.claim.split("=", 1)[1].strip()


@dataclass(frozen=True)
class Source:
    """One seed text and what we know about it."""

    id: str
    file: str
    original_file: str
    title: str
    author: str
    publisher: str
    date: str
    kind: str
    reliability: str
    text: str | None = field(repr=False, default="")  # None: the text was not given, so its quotes are unchecked

    @property
    def citation(self) -> str:
        return f"{self.title}, {self.author}, {self.publisher}, {self.date}"


@dataclass(frozen=True)
class Voice:
    """Who is speaking in one span of a source: its author, its editors, or someone it quotes.

    The span runs from the first character of `start` to the last of `end`, each found exactly once
    in the text. An empty `start` and `end` (an uploaded source with no voices file) means the whole text.
    """

    id: str
    source_id: str
    name: str
    relation: str
    kind: str
    start: str
    end: str
    reliability: str
    span: tuple[int, int] | None = None  # character offsets in the text, once located

    @property
    def label(self) -> str:
        """How a citation names this voice: "Trotsky, quoted by Sedova (1947)"."""
        return f"{self.name}, {self.relation}"

    @property
    def is_witness(self) -> bool:
        return self.kind in ("author", "quoted")


@dataclass(frozen=True)
class Topic:
    """A question on which sources may disagree, with the standard histories' answer."""

    place_id: str
    key: str
    question: str
    standard_value: str
    standard_account: str
    refs: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Answer:
    """What published references answer to a question of disagreements.csv: one side the histories take."""

    place_id: str
    key: str
    value: str  # a date is written as known: 1929-03-08, or 1929-04 for a month
    refs: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Gazetteer:
    stops: tuple[Stop, ...]
    quotes: tuple[Quote, ...]
    sources: Mapping[str, Source]
    topics: tuple[Topic, ...] = ()
    voices: Mapping[str, Voice] = field(default_factory=dict)
    references: Mapping[str, Reference] = field(default_factory=dict)
    synonyms: tuple[frozenset[str], ...] = ()
    legs: Mapping[str, Leg] = field(default_factory=dict)
    answers: tuple[Answer, ...] = ()  # the published histories' own answers to the questions in `topics`

    def leg_to(self, stop_id: str) -> Leg:
        """The leg that reaches a stop; one no row describes is of unknown mode, drawn direct."""
        return self.legs.get(stop_id) or Leg(stop_id)

    @cached_property
    def _stops_by_id(self) -> dict[str, Stop]:
        return {s.id: s for s in self.stops}

    @cached_property
    def _quotes_by_place(self) -> dict[str, list[Quote]]:
        by_place: dict[str, list[Quote]] = {}
        for q in self.quotes:
            by_place.setdefault(q.place_id, []).append(q)
        return by_place

    def stop(self, stop_id: str) -> Stop:
        """The stop with this id, found in constant time (a journey may have thousands)."""
        return self._stops_by_id[stop_id]

    def quotes_for(self, stop_id: str) -> list[Quote]:
        return list(self._quotes_by_place.get(stop_id, ()))

    def voice_of(self, quote: Quote) -> Voice:
        """The voice a quote is credited to (an uploaded source without voices speaks as its author)."""
        voice = self.voices.get(quote.voice_id)
        if voice is not None:
            return voice
        source = self.sources[quote.source_id]
        return Voice(source.id, source.id, source.author, f"author ({source.date})", "author", "", "", source.reliability)

    @property
    def route_stops(self) -> tuple[Stop, ...]:
        """The stops the marker travels through: everything but events."""
        return tuple(s for s in self.stops if not s.is_event)


def date_bounds(value: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """The earliest and latest day a date of this precision can stand for."""
    if precision == "year":
        return dt.date(value.year, 1, 1), dt.date(value.year, 12, 31)
    if precision == "circa":  # c. 1917: a year either side
        return dt.date(value.year - 1, 1, 1), dt.date(value.year + 1, 12, 31)
    if precision == "month":
        following = dt.date(value.year + value.month // 12, value.month % 12 + 1, 1)
        return dt.date(value.year, value.month, 1), following - dt.timedelta(days=1)
    return value, value
