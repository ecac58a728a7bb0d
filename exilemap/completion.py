"""The completion: a person's table in places.csv's full columns, every default filled in and every value
the reader converted said in the row's `assumed` note (`lat: 47°22′37″N read as 47.37694`).

A table that already has all of places.csv's columns is passed on untouched: the full schema works
exactly as before.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import zlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import pandas as pd
from babel import Locale

from exilemap.coordinates import parse_coordinate, parse_pair
from exilemap.dates import ISO_DAY, parse_date
from exilemap.gazetteer import Problem, iter_records, write_csv
from exilemap.model import date_bounds
from exilemap.readers.table import FULL_COLUMNS, Table
from exilemap.schemas import OPTIONAL_IN_UPLOADS, REFERENCES_SCHEMA

_WKT_POINT = re.compile(r"\s*POINT\s*(?:Z\s*)?\(\s*([-+\d.eE]+)\s+([-+\d.eE]+)(?:\s+[-+\d.eE]+)?\s*\)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Coordinates:
    """Where a place name was found (or given): filled into lat, lon and the columns that say where from."""

    lat: float
    lon: float
    source: str  # nominatim, geonames or manual
    country: str = ""
    geonames_id: int | None = None
    note: str = ""


@dataclass
class Completion:
    """The table in our full columns, what was assumed in each row, the problems only this step can see, and the
    references the file names itself (LP-TSV's title_source and geo_source)."""

    frame: pd.DataFrame
    assumed: list[str]
    problems: list[Problem] = field(default_factory=list)
    references: dict[str, str] = field(default_factory=dict)  # the file's own source label -> our reference id

    def assumed_lines(self) -> list[str]:
        """What was assumed in each row, unpacked if `pack_assumed` packed it."""
        return json.loads(zlib.decompress(self._assumed)) if hasattr(self, "_assumed") else self.assumed

    def pack_assumed(self) -> None:
        """Keep the notes compressed: a sentence a row, much alike, is 1.4 MB at 5,000 rows and 0.1 MB packed."""
        self._assumed = zlib.compress(json.dumps(self.assumed).encode("utf-8"), 1)
        self.assumed = []

    def csv_bytes(self) -> bytes:
        """The table as places.csv, in our full columns (made once: the page offers it on every rerun)."""
        if not hasattr(self, "_csv"):
            self._csv = write_csv(FULL_COLUMNS, iter_records(self.frame[FULL_COLUMNS])).encode("utf-8")
        return self._csv

    def references_csv(self) -> bytes | None:
        """The file's own sources as a references.csv, so the panel and the audit cite them; None where it names none."""
        if not self.references:
            return None
        rows = [{"id": ref_id, "author": label, "title": "cited in the file as a source", "year": "n.d.", "publisher": "not stated",
                 "locator": ""} for label, ref_id in self.references.items()]  # fmt: skip
        return write_csv(list(REFERENCES_SCHEMA.columns), rows).encode("utf-8")


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "place"


def kind_for(arrived: dt.date, arrived_precision: str, departed: dt.date, departed_precision: str) -> str:
    """A stay's kind from its length: a day or less is a transit, up to a month a visit, longer a residence."""
    days = (date_bounds(departed, departed_precision)[1] - date_bounds(arrived, arrived_precision)[0]).days
    return "transit" if days < 1 else "visit" if days <= 31 else "residence"


def missing_coordinates(table: Table) -> list[str]:
    """The place names whose rows give no coordinates (nor a `coordinates` pair or a geowkt point), once each, in order."""
    frame = table.frame
    given = pd.Series([False] * len(frame), index=frame.index)
    for column in ("lat", "lon", "coordinates", "geowkt"):
        if column in frame.columns:
            given |= frame[column].str.strip() != ""
    return list(dict.fromkeys(n.strip() for n in frame["name"][~given.values] if n.strip()))


def _number(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


@dataclass
class _Row:
    """One row being completed: its cells, what was said of it, its problems."""

    number: int
    cells: dict[str, str]
    extra: dict[str, str]
    said: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, file: str, column: str, message: str, label: str) -> None:
        self.problems.append(Problem(file, self.number, column, message, label))


def complete(table: Table, found: Mapping[str, Coordinates] | None = None, ambiguous: Collection[str] = ()) -> Completion:
    """The table in places.csv's columns, every default filled in and said; coordinates from `found` by name.

    A name in `ambiguous` fits several places and waits for the person to choose one.
    """
    frame = table.frame
    defaults = OPTIONAL_IN_UPLOADS["places.csv"]  # what an optional column left out reads as ("not stated", "main")
    if table.full:
        full = frame.assign(**{c: defaults.get(c, "") for c in FULL_COLUMNS if c not in frame.columns})
        return Completion(full[FULL_COLUMNS + [c for c in frame.columns if c not in FULL_COLUMNS]], [""] * len(frame))
    found = found or {}
    rows, assumed, problems, references, used_ids = [], [], [], {}, set()
    given_ids = set(frame["id"]) if "id" in frame.columns else set()
    extras = [c for c in frame.columns if c not in FULL_COLUMNS]
    for number, r in enumerate(iter_records(frame), start=2):
        row = _Row(
            number, {c: str(r.get(c, "") or "").strip() for c in FULL_COLUMNS}, {c: str(r.get(c) or "").strip() for c in extras}
        )
        label = table.label(number)
        unstated = []
        for column, value in defaults.items():
            if not row.cells[column] and value:
                row.cells[column] = value
                if column == "coord_precision":
                    unstated.append("what the point marks: not stated")
        _dates(row, table.file, label)
        _id(row, used_ids, given_ids)
        if not row.cells["modern_name"]:
            row.cells["modern_name"] = row.cells["name"]
            row.said.append("modern name = name")
        _coordinates(row, found.get(row.cells["name"]), table.file, label, row.cells["name"] in ambiguous)
        _country(row)
        _sources(row, references)
        _kind(row)
        if not row.cells["summary"]:
            row.cells["summary"] = "No summary given."
            row.said.append("no summary")
        if not row.cells["geocode_query"]:
            row.cells["geocode_query"] = row.cells["name"] or "not given"
        rows.append([row.cells[c] for c in FULL_COLUMNS])  # a list, not the dict: a fifth of the size, for thousands of rows
        assumed.append("; ".join(row.said + unstated))
        problems += row.problems
    return Completion(pd.DataFrame(rows, columns=FULL_COLUMNS, dtype=str), assumed, problems, references)


def _dates(row: _Row, file: str, label: str) -> None:
    cells = row.cells
    if not cells["arrived"]:
        for column in ("year", "attestation_year"):
            if row.extra.get(column):
                cells["arrived"] = row.extra[column]
                row.said.append(f"arrived: from {column} {row.extra[column]}")
                break
    for column in ("arrived", "departed"):
        if column == "departed" and not cells["departed"]:
            cells["departed"], cells["departed_precision"] = cells["arrived"], cells["arrived_precision"]
            row.said.append("departed = arrived")
            continue
        written = cells[column]
        if "/" in written and not re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", written):
            row.problem(file, column, f"'{written}' is an interval wider than a month or a year: give the stay's start and end "
                        "as its own dates", label)  # fmt: skip
            continue
        try:
            day, precision = parse_date(written)
        except ValueError as exc:
            row.problem(file, column, str(exc), label)
            continue
        if not ISO_DAY.fullmatch(written) or not cells[f"{column}_precision"]:
            given = cells[f"{column}_precision"]
            precision = given or precision  # a precision written in the file wins
            if written != day.isoformat() and not re.fullmatch(r"\d{4}(-\d{2})?", written):
                row.said.append(f"{column}: {written} read as {day.isoformat()}" + ("" if given else f" ({precision})"))
            elif not given:
                row.said.append(f"{column} precision: {precision}")
            cells[column], cells[f"{column}_precision"] = day.isoformat(), precision


def _id(row: _Row, used_ids: set[str], given_ids: set[str]) -> None:
    if not row.cells["id"]:
        base = slug(row.cells["name"])
        candidate, n = base, 1
        while candidate in used_ids or candidate in given_ids:
            n += 1
            candidate = f"{base}-{n}"
        row.cells["id"] = candidate
        row.said.append(f"id: {candidate}")
    used_ids.add(row.cells["id"])


def _coordinates(row: _Row, where: Coordinates | None, file: str, label: str, ambiguous: bool) -> None:
    cells = row.cells
    if not cells["lat"] and not cells["lon"] and row.extra.get("geowkt"):
        m = _WKT_POINT.fullmatch(row.extra["geowkt"])
        if not m:
            kind = row.extra["geowkt"].strip().split("(", 1)[0].strip() or "not WKT"
            row.problem(file, "geowkt", f"is a {kind}: only a POINT can be mapped; give lon and lat", label)
            return
        cells["lon"], cells["lat"] = m[1], m[2]
        row.said.append(f"lat, lon: from geowkt {row.extra['geowkt'].strip()}")
    elif not cells["lat"] and not cells["lon"] and row.extra.get("coordinates"):
        try:
            cells["lat"], cells["lon"] = parse_pair(row.extra["coordinates"])
        except ValueError as exc:
            row.problem(file, "coordinates", str(exc), label)
            return
        row.said.append(f"lat, lon: from coordinates '{row.extra['coordinates']}'")
    if cells["lat"] or cells["lon"]:
        if _read_coordinates(row, file, label):
            if not cells["coord_source"]:
                cells["coord_source"] = "manual"
                row.said.append("coordinates: as given (manual)")
            if not cells["coord_note"]:
                cells["coord_note"] = "Coordinates as given in the uploaded file."
        return
    if where is None:
        why = (f"'{cells['name']}' fits more than one place: choose which, or give lat and lon" if ambiguous
               else f"no coordinates, and no place called '{cells['name']}' was found: give lat and lon, or a place name that can be found")  # fmt: skip
        row.problem(file, "lat", why, label)
        return
    cells["lat"], cells["lon"] = f"{where.lat:.5f}", f"{where.lon:.5f}"
    cells["coord_source"] = where.source
    cells["geonames_id"] = str(where.geonames_id or "")
    cells["coord_note"] = where.note or f"Found by {where.source}."
    if where.country and not cells["country_now"]:
        cells["country_now"] = where.country
    row.said.append(f"coordinates: {where.source}" + (f" ({where.note})" if where.note else ""))


def _read_coordinates(row: _Row, file: str, label: str) -> bool:
    """Both coordinates as decimal degrees, each conversion said; a value out of range refused, never swapped."""
    values = {}
    for axis in ("lat", "lon"):
        written = row.cells[axis]
        if not written:
            row.problem(file, axis, f"a {'latitude' if axis == 'lat' else 'longitude'} is needed here too", label)
            continue
        try:
            values[axis], converted = parse_coordinate(written, axis)
        except ValueError as exc:
            message = str(exc)
            other = row.cells["lon" if axis == "lat" else "lat"]
            if axis == "lat" and "outside ±90" in message and _fits(other, "lat") and _fits(written, "lon"):
                message += f"; with lon {other} the pair fits only if the columns are swapped: check which is which (nothing was swapped)"
            row.problem(file, axis, message, label)
            continue
        if converted:
            row.cells[axis] = _number(values[axis])
            row.said.append(f"{axis}: {written} read as {row.cells[axis]}")
    return len(values) == 2


def _fits(text: str, axis: str) -> bool:
    try:
        parse_coordinate(text, axis)
    except ValueError:
        return False
    return True


def _country(row: _Row) -> None:
    cells = row.cells
    codes = [c.strip().upper() for c in row.extra.get("ccodes", "").split(";") if c.strip()]
    if not cells["country_now"] and codes:
        names = [Locale("en").territories.get(c, "") for c in codes]
        if all(names):
            cells["country_now"] = "; ".join(names)
            row.said.append(f"country: ccodes {';'.join(codes)} read as {cells['country_now']}")
    if not cells["country_now"]:
        cells["country_now"] = "not given"
        row.said.append("country: not given")
    if not cells["country_then"]:
        cells["country_then"] = cells["country_now"]
        if cells["country_now"] != "not given":
            row.said.append("country then = country now")


def _sources(row: _Row, references: dict[str, str]) -> None:
    """LP-TSV's title_source cited for the dates and the summary, its geo_source for the coordinates."""
    cited = (("title_source", ("date_refs", "summary_refs"), "date and summary"), ("geo_source", ("coord_refs",), "coordinates"))
    for column, facts, what in cited:
        label = row.extra.get(column, "")
        if not label:
            continue
        if label not in references:
            references[label] = f"source-{len(references) + 1}"
        for fact in facts:
            if not row.cells[fact]:
                row.cells[fact] = references[label]
        row.said.append(f"{column} '{label}' cited for the {what}")


def _kind(row: _Row) -> None:
    cells = row.cells
    if cells["kind"] or any(p.column in ("arrived", "departed") for p in row.problems):
        return
    arrived, departed = parse_date(cells["arrived"])[0], parse_date(cells["departed"])[0]
    cells["kind"] = kind_for(arrived, cells["arrived_precision"], departed, cells["departed_precision"])
    row.said.append(f"kind: {cells['kind']} (from the length of the stay)")
