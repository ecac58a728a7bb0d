"""Load the gazetteer: read the data files, build the values, and run every check.

`load()` reads the project's own data/ and seeds/; `load_journey()` reads someone's uploaded files
with the same rules, in memory. Every problem found is reported as a `Problem` naming the file, the
row (counted as a spreadsheet counts them: the header is row 1), the column and what is wrong; all
problems of a load are raised together in one `DataError`.

The value types live in `model`, the column rules in `schemas`, the cross-row rules in `checks`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pandas as pd
import pandera.pandas as pa

from exilemap.checks import check_answers, check_legs, check_quotes, check_references, check_stops, check_voices
from exilemap.model import (  # noqa: F401  (re-exported: the gazetteer's public names)
    Answer,
    Citation,
    DataError,
    Gazetteer,
    Leg,
    Problem,
    Quote,
    Reference,
    Source,
    Stop,
    Topic,
    Voice,
    Waypoint,
    date_bounds,
)
from exilemap.schemas import (  # noqa: F401
    ANSWERS_SCHEMA,
    LEGS_SCHEMA,
    OPTIONAL_IN_UPLOADS,
    PLACES_SCHEMA,
    QUOTES_SCHEMA,
    REFERENCES_SCHEMA,
    SOURCES_SCHEMA,
    SYNONYMS_SCHEMA,
    TOPICS_SCHEMA,
    VOICES_SCHEMA,
    parse_date,
    validate_frame,
)

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SEEDS_DIR = ROOT / "seeds"

# Streamlit's date slider holds microseconds since 1970 in a JavaScript number, exact to 2**53: 285 years either side
SHOWN_FROM, SHOWN_UNTIL = dt.date(1685, 1, 1), dt.date(2254, 12, 31)
MAX_UPLOAD_MB = 5  # each uploaded file, and the tables made from it: the one limit the upload box states
MAX_FILE_BYTES = MAX_UPLOAD_MB * 1024 * 1024  # as Streamlit counts a megabyte

Readable = str | Path | bytes | IO[bytes] | pd.DataFrame


def read_table(source: Readable, name: str) -> pd.DataFrame:
    """Read a CSV into a DataFrame of strings, or raise DataError saying why not.

    `source` is a path, raw bytes or a binary file object (an upload), or a table of strings
    already read (a journey file completed in memory); `name` is what messages call the file.
    """
    if isinstance(source, pd.DataFrame):
        return source
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise DataError([Problem(name, None, None, "file not found")])
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DataError([Problem(name, None, None, too_big(path.stat().st_size))])
        raw = path.read_bytes()
    elif isinstance(source, bytes):
        raw = source
    else:
        raw = source.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise DataError([Problem(name, None, None, too_big(len(raw)))])
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


def write_csv(fieldnames: list[str], rows: Iterable[dict]) -> str:
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


def too_big(size: int) -> str:
    """What a file or table over the upload's limit is told, on every path."""
    return f"is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes ({MAX_FILE_BYTES // 2**20} MB)"


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
            arrived=parse_date(r["arrived"]),
            arrived_precision=r["arrived_precision"],
            departed=parse_date(r["departed"]),
            departed_precision=r["departed_precision"],
            kind=r["kind"],
            summary=r["summary"],
            geocode_query=r["geocode_query"],
            coord_source=r["coord_source"],
            geonames_id=int(r["geonames_id"]) if r["geonames_id"] else None,
            coord_note=r["coord_note"],
            date_refs=Citation.parse_list(r["date_refs"]),
            coord_refs=Citation.parse_list(r["coord_refs"]),
            summary_refs=Citation.parse_list(r["summary_refs"]),
            coord_precision=r["coord_precision"],
            tour=r["tour"],
        )
        for r in iter_records(frame)
    ]


def iter_records(frame: pd.DataFrame) -> Iterator[dict]:
    """The rows as dicts, one at a time: a journey of thousands of rows never has all its dicts at once.

    Quicker than `DataFrame.to_dict("records")` on string columns.
    """
    columns = list(frame.columns)
    for values in zip(*(_shared(frame[c].tolist()) for c in columns)):
        yield dict(zip(columns, values))


def _shared(values: list) -> list:
    """The values with each repeated one made a single object ("day", "stay", "" in every row are one string, not
    thousands): the stops of a large journey keep these for as long as it is shown."""
    one: dict = {}
    return [one.setdefault(v, v) for v in values]


def _with_optional_columns(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """An uploaded file may leave out the columns that name references and voices: they read as empty."""
    defaults = OPTIONAL_IN_UPLOADS.get(name, {})
    missing = {c: value for c, value in defaults.items() if c not in frame.columns}
    return frame.assign(**missing) if missing else frame


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


@dataclass(frozen=True)
class Files:
    """The files of one gazetteer; only places is required."""

    places: Readable
    quotes: Readable | None = None
    sources: Readable | None = None
    topics: Readable | None = None
    voices: Readable | None = None
    references: Readable | None = None
    synonyms: Readable | None = None
    legs: Readable | None = None
    answers: Readable | None = None  # histories.csv: what the published references answer to the questions


def project_files() -> Files:
    return Files(*(DATA_DIR / f for f in ("places.csv", "quotes.csv", "sources.csv", "disagreements.csv", "voices.csv",
                                          "references.csv", "synonyms.csv", "legs.csv", "histories.csv")))  # fmt: skip


def load(
    places: Readable | None = None,
    quotes: Readable | None = None,
    sources: Readable | None = None,
    topics: Readable | None = None,
    seeds: Mapping[str, str] | Path | None = None,
    voices: Readable | None = None,
    references: Readable | None = None,
    synonyms: Readable | None = None,
    legs: Readable | None = None,
    audited: bool = False,
    answers: Readable | None = None,
) -> Gazetteer:
    """Load and validate everything, with our own data's rules (every fact needs a reference, every quote a voice).

    Any file not given is the project's own in data/; seeds default to seeds/. With `audited`, what the audit
    judges for itself (see `JUDGED_BY_THE_AUDIT`) loads even where it falls short, so the audit can say so.
    """
    own = project_files()
    given = Files(places, quotes, sources, topics, voices, references, synonyms, legs, answers)
    files = Files(*(mine if theirs is None else theirs for mine, theirs in zip(own.__dict__.values(), given.__dict__.values())))
    return _assemble(files, SEEDS_DIR if seeds is None else seeds, ours=True, audited=audited)


def load_journey(
    places: bytes | pd.DataFrame,
    quotes: bytes | None = None,
    sources: bytes | None = None,
    topics: bytes | None = None,
    texts: Mapping[str, bytes] | None = None,
    references: bytes | None = None,
    voices: bytes | None = None,
    legs: bytes | None = None,
    audited: bool = False,
) -> Gazetteer:
    """Load someone's own journey from uploaded bytes, in memory, with the same rules as ours.

    Only places are required. Quotes need sources.csv, to say who wrote them; a quote is checked
    verbatim against its source's text when that text is given, and marked unchecked otherwise.
    A fact with no reference still loads: the audit and the panel say it has none. A quote with no
    voice speaks as its source's author; voices.csv, if given, says who else speaks where.
    """
    problems: list[Problem] = []
    decoded: dict[str, str] = {}
    for name, raw in (texts or {}).items():
        if len(raw) > MAX_FILE_BYTES:
            problems.append(Problem(name, None, None, too_big(len(raw))))
            continue
        try:
            decoded[name] = decode_utf8(raw, name)
        except DataError as exc:
            problems += exc.problems
    if quotes is not None and sources is None:
        problems.append(Problem("quotes.csv", None, None, "needs sources.csv too, to say which text each quote comes from"))
    try:
        files = Files(places, quotes, sources, topics, voices, references, DATA_DIR / "synonyms.csv", legs)
        gz = _assemble(files, decoded, ours=False, audited=audited)
    except DataError as exc:
        raise DataError(problems + exc.problems) from None
    problems += [
        Problem("places.csv", row, column, f"{day.year} is outside the years the map's date slider can show "
                f"({SHOWN_FROM.year}–{SHOWN_UNTIL.year}): a journey must lie within them")
        for row, stop in enumerate(gz.stops, start=2)
        for column, day in (("arrived", stop.arrived), ("departed", stop.departed))
        if not SHOWN_FROM <= day <= SHOWN_UNTIL
    ]  # fmt: skip
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


def _valid_records(
    source: Readable | None, schema: pa.DataFrameSchema, name: str, problems: list[Problem], optional_columns: bool = False
) -> list[dict]:
    """The rows of an optional file if it reads and passes its schema; otherwise none, its problems added to `problems`."""
    if source is None:
        return []
    try:
        frame = read_table(source, name)
    except DataError as exc:
        problems += exc.problems
        return []
    if optional_columns:
        frame = _with_optional_columns(frame, name)
    found = validate_frame(frame, schema, name)
    problems += found
    return [] if found else frame.to_dict("records")


# The cross-row rules whose verdicts the audit computes itself (file, column): verbatim and in its voice, stated, and
# referenced. A load for the audit lets these through, so that the audit, not the loader, is what says "no".
JUDGED_BY_THE_AUDIT = frozenset({
    ("quotes.csv", "quote"), ("quotes.csv", "voice_id"), ("quotes.csv", "claim"),
    ("places.csv", "date_refs"), ("places.csv", "coord_refs"), ("places.csv", "summary_refs"),
    ("disagreements.csv", "refs"), ("legs.csv", "refs"), ("histories.csv", "refs"),
})  # fmt: skip


def _refused(problems: list[Problem], audited: bool) -> list[Problem]:
    """The cross-row problems that stop a load: all of them, or for the audit those it does not judge itself."""
    return [p for p in problems if not audited or (p.file, p.column) not in JUDGED_BY_THE_AUDIT]


def _assemble(files: Files, seeds: Mapping[str, str] | Path, ours: bool, audited: bool = False) -> Gazetteer:
    problems: list[Problem] = []
    source_map: dict[str, Source] = {}
    if files.sources is not None:
        try:
            source_map = load_sources(files.sources, seeds, texts_optional=not ours)
        except DataError as exc:
            problems += exc.problems

    stops: list[Stop] = []
    try:
        frame = read_table(files.places, "places.csv")
        if not ours:
            frame = _with_optional_columns(frame, "places.csv")
        found = validate_frame(frame, PLACES_SCHEMA, "places.csv")
        problems += found
        if not found:
            stops = _stops(frame)
            problems += check_stops(stops, "places.csv", overlaps_allowed=not ours)
        elif all(p.row is not None and p.row > 1 for p in found):  # only some rows are bad: check the others too
            bad = {p.row for p in found}
            keep = [i for i in range(len(frame)) if i + 2 not in bad]
            problems += check_stops(_stops(frame.iloc[keep]), "places.csv", [i + 2 for i in keep], not ours)
    except DataError as exc:
        problems += exc.problems

    synonyms = tuple(
        frozenset({r["term"].strip().lower(), *(t.strip().lower() for t in r["same_as"].split(";") if t.strip())})
        for r in _valid_records(files.synonyms, SYNONYMS_SCHEMA, "synonyms.csv", problems)
    )
    voice_list = [Voice(**r) for r in _valid_records(files.voices, VOICES_SCHEMA, "voices.csv", problems)]
    voice_map, found = check_voices(voice_list, source_map, "voices.csv")
    problems += found

    stop_ids = {s.id for s in stops}
    quote_list = [
        Quote(r["id"], r["place_id"], r["source_id"], r["quote"], r["claim"], r["voice_id"], r["context"].strip())
        for r in _valid_records(files.quotes, QUOTES_SCHEMA, "quotes.csv", problems, optional_columns=not ours)
    ]
    if stops and source_map:
        found = check_quotes(quote_list, stop_ids, source_map, voice_map, synonyms, "quotes.csv", claims_required=ours)
        problems += _refused(found, audited)

    topic_list = [
        Topic(r["place_id"], r["key"], r["question"], r["standard_value"], r["standard_account"], Citation.parse_list(r["refs"]))
        for r in _valid_records(files.topics, TOPICS_SCHEMA, "disagreements.csv", problems, optional_columns=not ours)
    ]
    for row, topic in enumerate(topic_list, start=2):
        if stops and topic.place_id not in stop_ids:
            problems.append(Problem("disagreements.csv", row, "place_id", f"unknown place '{topic.place_id}'"))

    reference_map = {
        r["id"]: Reference(**r) for r in _valid_records(files.references, REFERENCES_SCHEMA, "references.csv", problems)
    }
    leg_list = [
        Leg(
            r["to_stop"],
            r["mode"],
            r["vessel"],
            r["course"],
            Waypoint.parse_list(r["waypoints"]),
            Citation.parse_list(r["refs"]),
            r["note"],
        )  # fmt: skip
        for r in _valid_records(files.legs, LEGS_SCHEMA, "legs.csv", problems, optional_columns=not ours)
    ]
    answer_list = [
        Answer(r["place_id"], r["key"], r["value"], Citation.parse_list(r["refs"]))
        for r in _valid_records(files.answers, ANSWERS_SCHEMA, "histories.csv", problems)
    ]
    if stops:
        problems += _refused(check_answers(answer_list, topic_list, stops, reference_map, ours, "histories.csv"), audited)
        problems += _refused(check_references(stops, topic_list, reference_map, quote_list, synonyms, required=ours), audited)
        problems += _refused(check_legs(leg_list, stops, reference_map, "legs.csv"), audited)

    if problems:
        raise DataError(problems)
    legs = {leg.to_stop: leg for leg in leg_list}
    return Gazetteer(tuple(stops), tuple(quote_list), source_map, tuple(topic_list), voice_map, reference_map, synonyms, legs,
                     tuple(answer_list))  # fmt: skip
