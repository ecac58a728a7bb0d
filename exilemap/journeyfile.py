"""A journey as a person writes it: any of the usual files, few columns, dates as people write them.

`read()` turns a CSV (comma or semicolon), an .xlsx, a GeoJSON FeatureCollection or a Linked Places
file into a `Table` of strings whose headers are our column names (place/location/city -> name, ...).
`complete()` fills in what the table leaves out, each default said in the row's `assumed` note, and
gives the table in places.csv's full columns for `gazetteer.load_journey` to check with our rules.
A table that already has all of places.csv's columns is passed on untouched: the full schema works
exactly as before.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import pandas as pd

from exilemap.gazetteer import MAX_FILE_BYTES, DataError, Gazetteer, Problem, decode_utf8, iter_records, load_journey, write_csv
from exilemap.model import date_bounds
from exilemap.schemas import OPTIONAL_IN_UPLOADS, PLACES_SCHEMA

FULL_COLUMNS = list(PLACES_SCHEMA.columns)
REQUIRED = ("name", "arrived")
FORMATS = ("csv", "xlsx", "geojson", "json")  # .json: GeoJSON or Linked Places

# The headers people write, lower-cased, and the column each means. Our own names map to themselves.
SYNONYMS = {
    "place": "name", "location": "name", "city": "name", "town": "name", "place name": "name",
    "latitude": "lat", "longitude": "lon", "lng": "lon", "long": "lon",
    "start": "arrived", "from": "arrived", "date": "arrived", "arrival": "arrived", "start date": "arrived",
    "end": "departed", "to": "departed", "until": "departed", "departure": "departed", "end date": "departed",
    "description": "summary", "country": "country_now",
}  # fmt: skip

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
          "december")  # fmt: skip
DATE_FORMS = "1937, 1937-01, 1937-01-09, 9 January 1937, January 1937 or Jan 9, 1937"


@dataclass(frozen=True)
class Table:
    """An uploaded file's rows as strings under our column names, and what reading it noticed."""

    file: str
    frame: pd.DataFrame
    notes: tuple[str, ...] = ()
    raw: bytes | None = field(default=None, repr=False)  # a CSV as uploaded, for a file in our full columns

    @property
    def full(self) -> bool:
        """Every column of places.csv (bar those an upload may leave out) is there: read as before, nothing assumed."""
        optional = OPTIONAL_IN_UPLOADS["places.csv"]
        return all(c in self.frame.columns for c in FULL_COLUMNS if c not in optional)


def _refuse(file: str, why: str) -> DataError:
    return DataError([Problem(file, None, None, why)])


# ---------------------------------------------------------------- formats -> a table


def read(raw: bytes, file: str) -> Table:
    """The rows of an uploaded file, or a DataError saying in one sentence why it cannot be read."""
    if len(raw) > MAX_FILE_BYTES:
        raise _refuse(file, f"is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes")
    suffix = file.rsplit(".", 1)[-1].lower() if "." in file else ""
    if suffix == "xlsx":
        cells, notes = _xlsx_records(raw, file), []
    elif suffix in ("geojson", "json"):
        cells, notes = _json_records(raw, file)
    elif suffix in ("csv", "txt", ""):
        cells, notes = _csv_records(raw, file), []
    else:
        raise _refuse(file, f"is a .{suffix} file; upload a .csv, .xlsx, .geojson or Linked Places .json file")
    table = _table(cells, file, notes)
    return Table(file, table.frame, table.notes, raw) if table.full and suffix in ("csv", "txt", "") else table


def _csv_records(raw: bytes, file: str) -> list[list[str]]:
    text = decode_utf8(raw, file)
    if not text.strip():
        raise _refuse(file, "is empty: expected a header row and data rows")
    first = text.lstrip().splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise _refuse(file, f"is not valid CSV: {exc}") from None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def _xlsx_records(raw: bytes, file: str) -> list[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _refuse(file, f"is not an Excel workbook that can be read (.xlsx): {type(exc).__name__}") from None
    try:
        sheet = book.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _json_records(raw: bytes, file: str) -> tuple[list[list[str]], list[str]]:
    try:
        doc = json.loads(decode_utf8(raw, file))
    except json.JSONDecodeError as exc:
        raise _refuse(file, f"is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise _refuse(file, "is JSON but not a GeoJSON FeatureCollection (or Linked Places file) of places")
    rows, skipped = [], 0
    for feature in doc["features"]:
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") != "Point":
            skipped += 1  # our own GeoJSON export's route line, or a shape that is not a place
            continue
        rows.append(_feature_row(feature, geometry))
    if not rows:
        raise _refuse(file, "has no Point features: each stop must be a Feature with a Point geometry")
    notes = [f"{skipped} feature(s) that are not Points (such as a route line) were left out."] if skipped else []
    columns = list(dict.fromkeys(c for r in rows for c in r))
    return [columns] + [[r.get(c, "") for c in columns] for r in rows], notes


def _feature_row(feature: dict, geometry: dict) -> dict[str, str]:
    """A GeoJSON or Linked Places feature as a row: its properties, its point, and (LPF) its name, type and timespan."""
    props = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
    row = {k: _cell_text(v) for k, v in props.items() if not isinstance(v, (list, dict))}
    coords = geometry.get("coordinates") or []
    if len(coords) >= 2:
        row["lon"], row["lat"] = _cell_text(coords[0]), _cell_text(coords[1])
    if "names" in feature or "when" in feature:  # Linked Places
        if "title" in row and "name" not in row:
            row["name"] = row.pop("title")
        names = [n.get("toponym", "") for n in feature.get("names") or [] if isinstance(n, dict)]
        if len(names) > 1:
            row.setdefault("modern_name", names[1])
        kinds = [t.get("label", "") for t in feature.get("types") or [] if isinstance(t, dict)]
        if kinds and kinds[0] in ("residence", "transit", "visit", "event"):
            row.setdefault("kind", kinds[0])
        descriptions = [d.get("value", "") for d in feature.get("descriptions") or [] if isinstance(d, dict)]
        if descriptions:
            row.setdefault("summary", descriptions[0])
        spans = (feature.get("when") or {}).get("timespans") or []
        if spans and isinstance(spans[0], dict):
            row.setdefault("arrived", _lpf_date(spans[0].get("start")))
            row.setdefault("departed", _lpf_date(spans[0].get("end") or spans[0].get("start")))
        uri = str(feature.get("@id", ""))
        slug = uri.rstrip("/").rsplit("/", 1)[-1]
        if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
            row.setdefault("id", slug)
    return row


def _lpf_date(point) -> str:
    """An LPF time point ({"in": ...} or {"earliest", "latest"}) as a date string of its own precision."""
    if not isinstance(point, dict):
        return ""
    if "in" in point:
        return str(point["in"])
    earliest, latest = str(point.get("earliest", "")), str(point.get("latest", ""))
    try:
        first, last = dt.date.fromisoformat(earliest[:10]), dt.date.fromisoformat(latest[:10])
    except ValueError:
        return earliest
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return str(first.year)
    if first.day == 1 and (first.year, first.month) == (last.year, last.month):
        return f"{first.year}-{first.month:02d}"
    return earliest


def _table(cells: list[list[str]], file: str, notes: list[str]) -> Table:
    cells = [r for r in cells if any(str(c).strip() for c in r)]
    if not cells:
        raise _refuse(file, "is empty: expected a header row and data rows")
    header, rows = [str(c).strip() for c in cells[0]], cells[1:]
    if not rows:
        raise _refuse(file, "has a header but no data rows")
    columns, renamed = [], []
    for heading in header:
        ours = heading if heading in FULL_COLUMNS else SYNONYMS.get(heading.lower(), heading.lower())
        if ours != heading:
            renamed.append(f"'{heading}' as {ours}")
        columns.append(ours)
    twice = sorted({c for c in columns if c and columns.count(c) > 1})
    if twice:
        raise _refuse(file, f"has more than one column meaning {', '.join(twice)}; keep one of each")
    if not all(c in columns for c in REQUIRED):
        missing = [c for c in REQUIRED if c not in columns]
        raise _refuse(
            file,
            f"has no {' or '.join(repr(c) for c in missing)} column: a journey needs at least a place name "
            "(name, place, location or city) and a date (arrived, start, from or date)",
        )
    width = len(columns)
    for number, row in enumerate(rows, start=2):
        if len(row) > width and any(str(c).strip() for c in row[width:]):
            raise _refuse(file, f"row {number} has {len(row)} fields but the header has {width}")
    frame = pd.DataFrame([[str(c).strip() for c in (list(r) + [""] * width)[:width]] for r in rows], columns=columns,
                         dtype=str)  # fmt: skip
    unused = [c for c in columns if c not in FULL_COLUMNS]
    if unused and not all(c in columns for c in FULL_COLUMNS if c not in OPTIONAL_IN_UPLOADS["places.csv"]):
        frame = frame.drop(columns=unused)
        notes = notes + [f"Column(s) {', '.join(repr(c) for c in unused)} are not used."]
    if renamed:
        notes = [f"Read {', '.join(renamed)}."] + notes
    return Table(file, frame, tuple(notes))


# ---------------------------------------------------------------- dates as people write them


def _month(word: str) -> int | None:
    word = word.lower().rstrip(".")
    for number, name in enumerate(MONTHS, start=1):
        if len(word) >= 3 and name.startswith(word):
            return number
    return None


def parse_date(text: str) -> tuple[dt.date, str]:
    """A date and its precision (day, month or year) from how it is written; ValueError saying why not."""
    value = " ".join(str(text).split())
    if len(value) == 10 and _ISO_DAY.fullmatch(value):  # the common case first: thousands of rows
        return _date(value, int(value[:4]), int(value[5:7]), int(value[8:])), "day"
    if m := re.fullmatch(r"(\d{4})", value):
        return dt.date(int(m[1]), 1, 1), "year"
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
        return _date(value, int(m[1]), int(m[2]), 1), "month"
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value):
        return _date(value, int(m[1]), int(m[2]), int(m[3])), "day"
    if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+\.?),? (\d{4})", value):  # 9 January 1937
        return _date(value, int(m[3]), _month(m[2]), int(m[1])), "day"
    if m := re.fullmatch(r"([A-Za-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", value):  # Jan 9, 1937
        return _date(value, int(m[3]), _month(m[1]), int(m[2])), "day"
    if m := re.fullmatch(r"([A-Za-z]+\.?),? (\d{4})", value):  # January 1937
        return _date(value, int(m[2]), _month(m[1]), 1), "month"
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", value):
        first, second = int(m[1]), int(m[2])
        if first <= 12 and second <= 12 and first != second:
            raise ValueError(
                f"'{value}' is ambiguous: it reads as {_spoken(int(m[3]), second, first)} (day first) or "
                f"{_spoken(int(m[3]), first, second)} (month first); write it as {int(m[3])}-{second:02d}-{first:02d} "
                f"or {first} {MONTHS[second - 1].capitalize()} {m[3]}"
            )
        if first > 12:  # only day-first reads
            return _date(value, int(m[3]), second, first), "day"
        return _date(value, int(m[3]), first, second), "day"
    raise ValueError(f"'{value}' is not a date we can read: write it as {DATE_FORMS}" if value else "a date is needed here")


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _spoken(year: int, month: int, day: int) -> str:
    return f"{day} {MONTHS[month - 1].capitalize()} {year}"


def _date(text: str, year: int, month: int | None, day: int) -> dt.date:
    if month is None:
        raise ValueError(f"'{text}' is not a date we can read (unknown month name): write it as {DATE_FORMS}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a day of the calendar") from None


# ---------------------------------------------------------------- defaults, said


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
    """The table in our full columns, what was assumed in each row, and the problems only this step can see."""

    frame: pd.DataFrame
    assumed: list[str]
    problems: list[Problem] = field(default_factory=list)

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


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "place"


def kind_for(arrived: dt.date, arrived_precision: str, departed: dt.date, departed_precision: str) -> str:
    """A stay's kind from its length: a day or less is a transit, up to a month a visit, longer a residence."""
    days = (date_bounds(departed, departed_precision)[1] - date_bounds(arrived, arrived_precision)[0]).days
    return "transit" if days < 1 else "visit" if days <= 31 else "residence"


def missing_coordinates(table: Table) -> list[str]:
    """The place names whose rows give no coordinates, once each, in order."""
    frame = table.frame
    lat = frame["lat"] if "lat" in frame.columns else pd.Series([""] * len(frame))
    lon = frame["lon"] if "lon" in frame.columns else pd.Series([""] * len(frame))
    empty = (lat.str.strip() == "") & (lon.str.strip() == "")
    return list(dict.fromkeys(n.strip() for n in frame["name"][empty.values] if n.strip()))


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
    rows, assumed, problems, used_ids = [], [], [], set()
    given_ids = set(frame["id"]) if "id" in frame.columns else set()
    for number, r in enumerate(iter_records(frame), start=2):
        row = {c: str(r.get(c, "") or "").strip() for c in FULL_COLUMNS}
        said: list[str] = []
        unstated = []
        for column, value in defaults.items():
            if not row[column] and value:
                row[column] = value
                if column == "coord_precision":
                    unstated.append("what the point marks: not stated")
        for column in ("arrived", "departed"):
            if column == "departed" and not row["departed"]:
                row["departed"], row["departed_precision"] = row["arrived"], row["arrived_precision"]
                said.append("departed = arrived")
                continue
            try:
                day, precision = parse_date(row[column])
            except ValueError as exc:
                problems.append(Problem(table.file, number, column, str(exc)))
                continue
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[column]) or not row[f"{column}_precision"]:
                if row[f"{column}_precision"] and row[f"{column}_precision"] != precision:
                    precision = row[f"{column}_precision"]  # a precision written in the file wins
                elif not row[f"{column}_precision"]:
                    said.append(f"{column} precision: {precision}")
                row[column], row[f"{column}_precision"] = day.isoformat(), precision
        if not row["id"]:
            base = slug(row["name"])
            candidate, n = base, 1
            while candidate in used_ids or candidate in given_ids:
                n += 1
                candidate = f"{base}-{n}"
            row["id"] = candidate
            said.append(f"id: {candidate}")
        used_ids.add(row["id"])
        if not row["modern_name"]:
            row["modern_name"] = row["name"]
            said.append("modern name = name")
        if not _fill_coordinates(row, found.get(row["name"]), said):
            why = (f"'{row['name']}' fits more than one place: choose which, or give lat and lon" if row["name"] in ambiguous
                   else f"no coordinates, and no place called '{row['name']}' was found: give lat and lon, or a place "
                   "name that can be found")  # fmt: skip
            problems.append(Problem(table.file, number, "lat", why))
        if not row["country_now"]:
            row["country_now"] = "not given"
            said.append("country: not given")
        if not row["country_then"]:
            row["country_then"] = row["country_now"]
            if row["country_now"] != "not given":
                said.append("country then = country now")
        if not row["kind"] and not any(p.row == number and p.column in ("arrived", "departed") for p in problems):
            arrived, departed = parse_date(row["arrived"])[0], parse_date(row["departed"])[0]
            row["kind"] = kind_for(arrived, row["arrived_precision"], departed, row["departed_precision"])
            said.append(f"kind: {row['kind']} (from the length of the stay)")
        if not row["summary"]:
            row["summary"] = "No summary given."
            said.append("no summary")
        if not row["geocode_query"]:
            row["geocode_query"] = row["name"] or "not given"
        rows.append([row[c] for c in FULL_COLUMNS])  # a list, not the dict: a fifth of the size, for thousands of rows
        assumed.append("; ".join(said + unstated))
    return Completion(pd.DataFrame(rows, columns=FULL_COLUMNS, dtype=str), assumed, problems)


def _fill_coordinates(row: dict, where: Coordinates | None, said: list[str]) -> bool:
    """Fill the row's coordinates from `where` unless it gives its own; False if it has none either way."""
    if row["lat"] or row["lon"]:
        if not row["coord_source"]:
            row["coord_source"] = "manual"
            said.append("coordinates: as given (manual)")
        if not row["coord_note"]:
            row["coord_note"] = "Coordinates as given in the uploaded file."
        return True
    if where is None:
        return False
    row["lat"], row["lon"] = f"{where.lat:.5f}", f"{where.lon:.5f}"
    row["coord_source"] = where.source
    row["geonames_id"] = str(where.geonames_id or "")
    row["coord_note"] = where.note or f"Found by {where.source}."
    if where.country and not row["country_now"]:
        row["country_now"] = where.country
    said.append(f"coordinates: {where.source}" + (f" ({where.note})" if where.note else ""))
    return True


# ---------------------------------------------------------------- the whole check


@dataclass
class Checked:
    """A table checked with our rules: the journey if it loads, and otherwise every problem, by row."""

    completion: Completion
    problems: list[Problem]
    gazetteer: Gazetteer | None = None

    def lean(self) -> Checked:
        """The same check keeping, of the completed table, only its CSV (what a session needs to offer it for download)
        and its notes packed."""
        if self.gazetteer is not None:
            self.completion.csv_bytes()
            self.completion.frame = self.completion.frame.iloc[0:0]
            self.completion.pack_assumed()
        return self


def check(
    table: Table,
    found: Mapping[str, Coordinates] | None = None,
    ambiguous: Collection[str] = (),
    **others: bytes | Mapping[str, bytes] | None,
) -> Checked:
    """Complete the table, then load it with `gazetteer.load_journey` (and any `others` it takes: quotes, sources, ...).

    Problems name the uploaded file, and a cell this step already found wrong is not reported twice.
    """
    completion = complete(table, found, ambiguous)
    problems = list(completion.problems)
    try:
        gz = load_journey(completion.frame if table.raw is None else table.raw, **others)
    except DataError as exc:
        for p in exc.problems:
            if p.file == "places.csv":
                p = Problem(table.file, p.row, p.column, p.message)
                if any(_follows(p, earlier) for earlier in completion.problems):
                    continue
            problems.append(p)
        return Checked(completion, problems)
    if problems:
        return Checked(completion, problems)
    return Checked(completion, [], gz)


_CONSEQUENCES = {"lat": ("lat", "lon", "coord_source", "coord_note"), "arrived": ("arrived", "arrived_precision", "departed", "departed_precision", "kind"),
                 "departed": ("departed", "departed_precision", "kind")}  # fmt: skip


def _follows(problem: Problem, cause: Problem) -> bool:
    """Whether `problem` only repeats what `cause` says (a date that could not be read is not a YYYY-MM-DD date either)."""
    return problem.row == cause.row and problem.column in _CONSEQUENCES.get(cause.column or "", (cause.column,))


# ---------------------------------------------------------------- the table a person fixes

SHOWN = ("row", "problems", "assumed")  # read-only columns shown beside the person's own


def editor_frame(table: Table, checked: Checked | None) -> pd.DataFrame:
    """The table as a person edits it: each row's number, its problems and what was assumed beside their columns.

    Coordinates columns are always there, so a place that was not found can be given by hand.
    """
    frame = table.frame.copy()
    for column in ("lat", "lon"):
        if column not in frame.columns:
            frame[column] = ""
    rows = range(2, len(frame) + 2)
    said: dict[int, list[str]] = {}
    for p in checked.problems if checked else []:
        if p.file == table.file and p.row is not None and p.row > 1:
            said.setdefault(p.row, []).append(f"{p.column}: {p.message}" if p.column else p.message)
    assumed = checked.completion.assumed_lines() if checked else [""] * len(frame)
    shown = pd.DataFrame({"row": list(rows), "problems": ["; ".join(said.get(r, [])) for r in rows], "assumed": assumed})
    return pd.concat([shown, frame.reset_index(drop=True)], axis=1)


def from_editor(frame: pd.DataFrame, file: str, notes: tuple[str, ...] = ()) -> Table:
    """The person's edited table back as a Table (the shown columns dropped, every cell a string)."""
    own = frame.drop(columns=[c for c in SHOWN if c in frame.columns]).fillna("").astype(str)
    return Table(file, own.map(str.strip).reset_index(drop=True), notes)
