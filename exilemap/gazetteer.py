"""Load and validate the gazetteer: places, quotes, sources and disagreement topics.

The schemas live here and nowhere else. Every problem found is reported as a
`Problem` naming the file, the row (counted as a spreadsheet counts them: the
header is row 1), the column and what is wrong; all problems of a load are
raised together in one `DataError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pandas as pd
import pandera.pandas as pa

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SEEDS_DIR = ROOT / "seeds"

MAX_FILE_BYTES = 2_000_000
PRECISIONS = ("day", "month", "year")
KINDS = ("residence", "transit", "visit", "event")
COORD_SOURCES = ("nominatim", "geonames", "manual")
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
CLAIM = r"^[a-z_]+=\S.*$"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, precise enough to find and fix."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return ", ".join(where) + ": " + self.message


class DataError(ValueError):
    """Raised when data does not load; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


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
    date_reference: str

    @property
    def is_event(self) -> bool:
        return self.kind == "event"


@dataclass(frozen=True)
class Quote:
    """A verbatim passage of a seed text supporting one claim about a stop."""

    id: str
    place_id: str
    source_id: str
    text: str
    claim: str

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
class Topic:
    """A question on which sources may disagree, with the standard histories' answer."""

    place_id: str
    key: str
    question: str
    standard_value: str
    standard_account: str
    reference: str


@dataclass(frozen=True)
class Gazetteer:
    stops: tuple[Stop, ...]
    quotes: tuple[Quote, ...]
    sources: Mapping[str, Source]
    topics: tuple[Topic, ...] = ()

    def stop(self, stop_id: str) -> Stop:
        for s in self.stops:
            if s.id == stop_id:
                return s
        raise KeyError(stop_id)

    def quotes_for(self, stop_id: str) -> list[Quote]:
        return [q for q in self.quotes if q.place_id == stop_id]

    @property
    def route_stops(self) -> tuple[Stop, ...]:
        """The stops the marker travels through: everything but events."""
        return tuple(s for s in self.stops if not s.is_event)


# ---------------------------------------------------------------- schemas


def _check(fn: Callable[[str], bool], error: str) -> pa.Check:
    def safe(value: str) -> bool:
        try:
            return bool(fn(value))
        except (ValueError, TypeError):
            return False

    return pa.Check(safe, element_wise=True, error=error)


def _parse_date(value: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(value)
    return dt.date.fromisoformat(value)


def _number(value: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _within(low: float, high: float) -> Callable[[str], bool]:
    """A range rule that leaves what is not a number to the number rule, so each problem is said once."""

    def ok(value: str) -> bool:
        try:
            return low <= _number(value) <= high
        except ValueError:
            return True

    return ok


_NONEMPTY = _check(lambda v: v.strip() != "", "must not be empty")
_SLUG = _check(lambda v: re.fullmatch(SLUG, v), "must be a slug: lower-case letters, digits and single hyphens")
_DATE = _check(_parse_date, "must be a date written YYYY-MM-DD")


def _one_of(values: tuple[str, ...]) -> pa.Check:
    return _check(lambda v: v in values, "must be one of: " + ", ".join(values))


def _text(*checks: pa.Check, unique: bool = False) -> pa.Column:
    return pa.Column(str, list(checks), unique=unique, report_duplicates="exclude_first")


PLACES_SCHEMA = pa.DataFrameSchema(
    {
        "id": _text(_SLUG, unique=True),
        "name": _text(_NONEMPTY),
        "modern_name": _text(_NONEMPTY),
        "country_then": _text(_NONEMPTY),
        "country_now": _text(_NONEMPTY),
        "lat": _text(
            _check(_number, "must be a number"),
            _check(_within(-90, 90), "latitude must be between -90 and 90"),
        ),
        "lon": _text(
            _check(_number, "must be a number"),
            _check(_within(-180, 180), "longitude must be between -180 and 180"),
        ),
        "arrived": _text(_DATE),
        "arrived_precision": _text(_one_of(PRECISIONS)),
        "departed": _text(_DATE),
        "departed_precision": _text(_one_of(PRECISIONS)),
        "kind": _text(_one_of(KINDS)),
        "summary": _text(_NONEMPTY),
        "geocode_query": _text(_NONEMPTY),
        "coord_source": _text(_one_of(COORD_SOURCES)),
        "geonames_id": _text(_check(lambda v: re.fullmatch(r"\d*", v), "must be a GeoNames id (digits) or empty")),
        "coord_note": _text(_NONEMPTY),
        "date_reference": _text(_NONEMPTY),
    },
    strict=True,
)

QUOTES_SCHEMA = pa.DataFrameSchema(
    {
        "id": _text(_SLUG, unique=True),
        "place_id": _text(_NONEMPTY),
        "source_id": _text(_NONEMPTY),
        "quote": _text(_check(lambda v: len(v.strip()) >= 10, "must be a passage of at least 10 characters")),
        "claim": _text(_check(lambda v: re.fullmatch(CLAIM, v), "must be written key=value, e.g. date=1940-08-20")),
    },
    strict=True,
)

SOURCES_SCHEMA = pa.DataFrameSchema(
    {
        "id": _text(_SLUG, unique=True),
        "file": _text(_check(lambda v: re.fullmatch(r"[\w.-]+\.txt", v), "must be a .txt file name in seeds/")),
        "original_file": _text(),
        "title": _text(_NONEMPTY),
        "author": _text(_NONEMPTY),
        "publisher": _text(_NONEMPTY),
        "date": _text(_NONEMPTY),
        "kind": _text(_one_of(("eyewitness memoir", "secondary"))),
        "reliability": _text(_NONEMPTY),
    },
    strict=True,
)

TOPICS_SCHEMA = pa.DataFrameSchema(
    {
        "place_id": _text(_NONEMPTY),
        "key": _text(_check(lambda v: re.fullmatch(r"[a-z_]+", v), "must be a claim key such as date or weapon")),
        "question": _text(_NONEMPTY),
        "standard_value": _text(_NONEMPTY),
        "standard_account": _text(_NONEMPTY),
        "reference": _text(_NONEMPTY),
    },
    strict=True,
)


# ---------------------------------------------------------------- reading

Readable = str | Path | bytes | IO[bytes]


def read_table(source: Readable, name: str) -> pd.DataFrame:
    """Read a CSV into a DataFrame of strings, or raise DataError saying why not.

    `source` is a path, raw bytes or a binary file object (an upload); `name` is
    what messages call the file.
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise DataError([Problem(name, None, None, "file not found")])
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DataError([Problem(name, None, None, _too_big(path.stat().st_size))])
        raw = path.read_bytes()
    elif isinstance(source, bytes):
        raw = source
    else:
        raw = source.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise DataError([Problem(name, None, None, _too_big(len(raw)))])
    text = decode_utf8(raw, name)
    if not text.strip():
        raise DataError([Problem(name, None, None, "file is empty: expected a header row and data rows")])
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise DataError([Problem(name, None, None, f"is not valid CSV: {exc}")]) from None
    header, rows = records[0], [r for r in records[1:] if any(cell.strip() for cell in r)]
    problems = [
        Problem(name, 1, col, "column name appears more than once") for col in sorted({c for c in header if header.count(c) > 1})
    ]
    if not rows:
        problems.append(Problem(name, None, None, "has a header but no data rows"))
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            problems.append(Problem(name, number, None, f"has {len(row)} fields but the header has {len(header)}"))
    if problems:
        raise DataError(problems)
    return pd.DataFrame(rows, columns=header, dtype=str)


def write_csv(fieldnames: list[str], rows: list[dict]) -> str:
    """Rows as CSV text with a header, in the dialect read_table reads (and the project's files use)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def decode_utf8(raw: bytes, name: str) -> str:
    """The text of a file, or a DataError naming the line of the first byte that is not UTF-8."""
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # spreadsheets save a UTF-8 byte-order mark; the text is still UTF-8
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            [Problem(name, row, None, f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")]
        ) from None


def _too_big(size: int) -> str:
    return f"is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes"


def validate_frame(frame: pd.DataFrame, schema: pa.DataFrameSchema, name: str) -> list[Problem]:
    """Run a pandera schema and turn its failure cases into Problems."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return _problems_from_pandera(exc.failure_cases, name)
    return []


def _problems_from_pandera(cases: pd.DataFrame, name: str) -> list[Problem]:
    problems = []
    for case in cases.to_dict("records"):
        check, value, index = case["check"], case["failure_case"], case["index"]
        column = case["column"] if isinstance(case["column"], str) else None
        row = None if index is None or pd.isna(index) else int(index) + 2
        if check == "column_in_dataframe":
            problems.append(Problem(name, 1, str(value), "required column is missing"))
        elif check == "column_in_schema":
            problems.append(Problem(name, 1, str(value), "unknown column (not part of the schema)"))
        elif check == "field_uniqueness":
            problems.append(Problem(name, row, column, f"duplicate value '{value}': ids must be unique"))
        elif row is not None:
            problems.append(Problem(name, row, column, f"{check} (found '{value}')"))
        else:
            problems.append(Problem(name, None, column, str(check)))
    return sorted(set(problems), key=lambda p: (p.row or 0, p.column or "", p.message))


# ---------------------------------------------------------------- building values


def _stops(frame: pd.DataFrame) -> list[Stop]:
    return [
        Stop(
            id=r["id"],
            name=r["name"],
            modern_name=r["modern_name"],
            country_then=r["country_then"],
            country_now=r["country_now"],
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            arrived=_parse_date(r["arrived"]),
            arrived_precision=r["arrived_precision"],
            departed=_parse_date(r["departed"]),
            departed_precision=r["departed_precision"],
            kind=r["kind"],
            summary=r["summary"],
            geocode_query=r["geocode_query"],
            coord_source=r["coord_source"],
            geonames_id=int(r["geonames_id"]) if r["geonames_id"] else None,
            coord_note=r["coord_note"],
            date_reference=r["date_reference"],
        )
        for r in frame.to_dict("records")
    ]


def date_bounds(value: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """The earliest and latest day a date of this precision can stand for."""
    if precision == "year":
        return dt.date(value.year, 1, 1), dt.date(value.year, 12, 31)
    if precision == "month":
        following = dt.date(value.year + value.month // 12, value.month % 12 + 1, 1)
        return dt.date(value.year, value.month, 1), following - dt.timedelta(days=1)
    return value, value


def check_stops(stops: list[Stop], name: str, rows: list[int] | None = None) -> list[Problem]:
    """Cross-row rules: precision, arrived <= departed, order, no overlapping stays.

    `rows` are the stops' row numbers in the file, when some rows were left out for other problems.
    """
    problems = []
    rows = list(range(2, len(stops) + 2)) if rows is None else rows
    for row, s in zip(rows, stops):
        for column, value, precision in (
            ("arrived", s.arrived, s.arrived_precision),
            ("departed", s.departed, s.departed_precision),
        ):
            if precision == "month" and value.day != 1:
                problems.append(Problem(name, row, column, f"{value} has precision 'month': write the first of the month"))
            if precision == "year" and (value.month, value.day) != (1, 1):
                problems.append(Problem(name, row, column, f"{value} has precision 'year': write YYYY-01-01"))
        if date_bounds(s.departed, s.departed_precision)[1] < date_bounds(s.arrived, s.arrived_precision)[0]:
            problems.append(Problem(name, row, "departed", f"departed {s.departed} is before arrived {s.arrived}"))
    for (above, before), (row, after) in zip(zip(rows, stops), zip(rows[1:], stops[1:])):
        if date_bounds(after.arrived, after.arrived_precision)[1] < date_bounds(before.arrived, before.arrived_precision)[0]:
            problems.append(
                Problem(
                    name,
                    row,
                    "arrived",
                    f"{after.arrived} is earlier than row {above} ({before.arrived}): keep rows in chronological order",
                )
            )
    stays = [(row, s) for row, s in zip(rows, stops) if not s.is_event]
    for (_, before), (row, after) in zip(stays, stays[1:]):
        if date_bounds(after.arrived, after.arrived_precision)[1] < date_bounds(before.departed, before.departed_precision)[0]:
            problems.append(
                Problem(
                    name,
                    row,
                    "arrived",
                    f"arrived {after.arrived} overlaps the stay at '{before.id}', which lasts until {before.departed}",
                )
            )
    return problems


def check_quotes(quotes: list[Quote], stop_ids: set[str], sources: Mapping[str, Source], name: str) -> list[Problem]:
    problems = []
    for row, q in enumerate(quotes, start=2):
        if q.place_id not in stop_ids:
            problems.append(Problem(name, row, "place_id", f"unknown place '{q.place_id}' (not an id in places.csv)"))
        source = sources.get(q.source_id)
        if source is None:
            problems.append(Problem(name, row, "source_id", f"unknown source '{q.source_id}' (not an id in sources.csv)"))
        elif source.text is not None and q.text not in source.text:
            problems.append(Problem(name, row, "quote", f"not found verbatim in seeds/{source.file}"))
    return problems


# ---------------------------------------------------------------- the whole load


def load_sources(
    source: Readable, seeds: Mapping[str, str] | Path, name: str = "sources.csv", texts_optional: bool = False
) -> dict[str, Source]:
    """Read sources.csv and attach each seed's text (from a folder or a name->text map).

    With `texts_optional`, a source whose text is missing gets `text=None` instead of a problem.
    """
    frame = read_table(source, name)
    problems = validate_frame(frame, SOURCES_SCHEMA, name)
    if problems:
        raise DataError(problems)
    result = {}
    for row, r in enumerate(frame.to_dict("records"), start=2):
        if isinstance(seeds, Path):
            path = seeds / r["file"]
            text = path.read_text(encoding="utf-8") if path.is_file() else None
        else:
            text = seeds.get(r["file"])
        if text is None and not texts_optional:
            problems.append(Problem(name, row, "file", f"seed text '{r['file']}' not found"))
            continue
        result[r["id"]] = Source(**r, text=text)
    if problems:
        raise DataError(problems)
    return result


def load(
    places: Readable | None = None,
    quotes: Readable | None = None,
    sources: Readable | None = None,
    topics: Readable | None = None,
    seeds: Mapping[str, str] | Path | None = None,
) -> Gazetteer:
    """Load and validate everything; the defaults are the project's own data/ and seeds/."""
    if places is None and quotes is None and sources is None and topics is None:
        topics = DATA_DIR / "disagreements.csv"
    return _assemble(
        DATA_DIR / "places.csv" if places is None else places,
        DATA_DIR / "quotes.csv" if quotes is None else quotes,
        DATA_DIR / "sources.csv" if sources is None else sources,
        topics,
        SEEDS_DIR if seeds is None else seeds,
    )


def load_journey(
    places: bytes,
    quotes: bytes | None = None,
    sources: bytes | None = None,
    topics: bytes | None = None,
    texts: Mapping[str, bytes] | None = None,
) -> Gazetteer:
    """Load someone's own journey from uploaded bytes, in memory, with the same rules as ours.

    Only places are required. Quotes need sources.csv, to say who wrote them; a quote is checked
    verbatim against its source's text when that text is given, and marked unchecked otherwise.
    """
    problems: list[Problem] = []
    decoded: dict[str, str] = {}
    for name, raw in (texts or {}).items():
        if len(raw) > MAX_FILE_BYTES:
            problems.append(Problem(name, None, None, _too_big(len(raw))))
            continue
        try:
            decoded[name] = decode_utf8(raw, name)
        except DataError as exc:
            problems += exc.problems
    if quotes is not None and sources is None:
        problems.append(Problem("quotes.csv", None, None, "needs sources.csv too, to say which text each quote comes from"))
    try:
        gz = _assemble(places, quotes, sources, topics, decoded, texts_optional=True)
    except DataError as exc:
        raise DataError(problems + exc.problems) from None
    stays = gz.route_stops
    if len(stays) < 2 or stays[0].arrived >= stays[-1].departed:
        problems.append(
            Problem("places.csv", None, "kind", "a journey needs at least two stops that are not events, on different dates")
        )
    named = {s.file for s in gz.sources.values()}
    problems += [
        Problem(name, None, None, "is not named in the 'file' column of sources.csv") for name in decoded if name not in named
    ]
    if problems:
        raise DataError(problems)
    return gz


def _valid_records(source: Readable | None, schema: pa.DataFrameSchema, name: str, problems: list[Problem]) -> list[dict]:
    """The rows of an optional file if it reads and passes its schema; otherwise none, its problems added to `problems`."""
    if source is None:
        return []
    try:
        frame = read_table(source, name)
    except DataError as exc:
        problems += exc.problems
        return []
    found = validate_frame(frame, schema, name)
    problems += found
    return [] if found else frame.to_dict("records")


def _assemble(
    places: Readable,
    quotes: Readable | None,
    sources: Readable | None,
    topics: Readable | None,
    seeds: Mapping[str, str] | Path,
    texts_optional: bool = False,
) -> Gazetteer:
    problems: list[Problem] = []
    source_map: dict[str, Source] = {}
    if sources is not None:
        try:
            source_map = load_sources(sources, seeds, texts_optional=texts_optional)
        except DataError as exc:
            problems += exc.problems

    stops: list[Stop] = []
    try:
        frame = read_table(places, "places.csv")
        found = validate_frame(frame, PLACES_SCHEMA, "places.csv")
        problems += found
        if not found:
            stops = _stops(frame)
            problems += check_stops(stops, "places.csv")
        elif all(p.row is not None and p.row > 1 for p in found):  # only some rows are bad: check the others too
            bad = {p.row for p in found}
            keep = [i for i in range(len(frame)) if i + 2 not in bad]
            problems += check_stops(_stops(frame.iloc[keep]), "places.csv", [i + 2 for i in keep])
    except DataError as exc:
        problems += exc.problems

    stop_ids = {s.id for s in stops}
    quote_list = [
        Quote(r["id"], r["place_id"], r["source_id"], r["quote"], r["claim"])
        for r in _valid_records(quotes, QUOTES_SCHEMA, "quotes.csv", problems)
    ]
    if stops and source_map:
        problems += check_quotes(quote_list, stop_ids, source_map, "quotes.csv")

    topic_list = [Topic(**r) for r in _valid_records(topics, TOPICS_SCHEMA, "disagreements.csv", problems)]
    for row, topic in enumerate(topic_list, start=2):
        if stops and topic.place_id not in stop_ids:
            problems.append(Problem("disagreements.csv", row, "place_id", f"unknown place '{topic.place_id}'"))

    if problems:
        raise DataError(problems)
    return Gazetteer(tuple(stops), tuple(quote_list), source_map, tuple(topic_list))
