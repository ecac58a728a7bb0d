"""The columns of every data file and the rules each cell must meet, as pandera schemas.

One schema per file, and `validate_frame`, which turns pandera's failure cases into `Problem`s
naming the file, the row (the header is row 1), the column and what is wrong.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable

import pandas as pd
import pandera.pandas as pa

from exilemap.model import COORD_PRECISIONS, COORD_SOURCES, COURSES, KINDS, MODES, PRECISIONS, TOUR, VOICE_KINDS, Problem

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
CLAIM = r"^[a-z_]+=\S.*$"
WAYPOINTS = r"^\s*(?:-?\d+(?:\.\d+)?,\s*-?\d+(?:\.\d+)?(?:\s+[^;]*)?\s*(?:;\s*|$))*$"
CITATIONS = r"^\s*(?:[a-z0-9]+(?:-[a-z0-9]+)*(?::[^;]*)?\s*(?:;\s*|$))*$"


def _check(fn: Callable[[str], bool], error: str) -> pa.Check:
    def safe(value: str) -> bool:
        try:
            return bool(fn(value))
        except (ValueError, TypeError):
            return False

    return pa.Check(safe, element_wise=True, error=error)


def parse_date(value: str) -> dt.date:
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
_DATE = _check(parse_date, "must be a date written YYYY-MM-DD")
_CITATIONS = _check(lambda v: re.fullmatch(CITATIONS, v), "must be reference ids from references.csv, each with an optional :locator, separated by ';' (e.g. broue-1988:ch. 49; hoidal-2013)")  # fmt: skip


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
            _check(lambda v: _number(v) is not None, "must be a number"),
            _check(_within(-90, 90), "latitude must be between -90 and 90"),
        ),
        "lon": _text(
            _check(lambda v: _number(v) is not None, "must be a number"),
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
        "coord_precision": _text(_one_of(COORD_PRECISIONS)),
        "tour": _text(_one_of(TOUR)),
        "date_refs": _text(_CITATIONS),
        "coord_refs": _text(_CITATIONS),
        "summary_refs": _text(_CITATIONS),
    },
    strict=True,
)

QUOTES_SCHEMA = pa.DataFrameSchema(
    {
        "id": _text(_SLUG, unique=True),
        "place_id": _text(_NONEMPTY),
        "source_id": _text(_NONEMPTY),
        "voice_id": _text(
            _check(
                lambda v: v == "" or re.fullmatch(SLUG, v), "must be a voice id from voices.csv, or empty for the source's author"
            )
        ),  # fmt: skip
        "quote": _text(_check(lambda v: len(v.strip()) >= 10, "must be a passage of at least 10 characters")),
        "claim": _text(_check(lambda v: re.fullmatch(CLAIM, v), "must be written key=value, e.g. date=1940-08-20")),
        "context": _text(),
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

VOICES_SCHEMA = pa.DataFrameSchema(
    {
        "id": _text(_SLUG, unique=True),
        "source_id": _text(_NONEMPTY),
        "name": _text(_NONEMPTY),
        "relation": _text(_NONEMPTY),
        "kind": _text(_one_of(VOICE_KINDS)),
        "start": _text(_NONEMPTY),
        "end": _text(_NONEMPTY),
        "reliability": _text(_NONEMPTY),
    },
    strict=True,
)

REFERENCES_SCHEMA = pa.DataFrameSchema(
    {
        "id": _text(_SLUG, unique=True),
        "author": _text(_NONEMPTY),
        "title": _text(_NONEMPTY),
        "year": _text(
            _check(lambda v: re.fullmatch(r"\d{4}|n\.d\.", v), "must be a year written YYYY, or n.d. for an undated page")
        ),
        "publisher": _text(_NONEMPTY),
        "locator": _text(),
    },
    strict=True,
)

LEGS_SCHEMA = pa.DataFrameSchema(
    {
        "to_stop": _text(_SLUG, unique=True),
        "mode": _text(_one_of(MODES)),
        "vessel": _text(),
        "course": _text(_one_of(COURSES)),
        "waypoints": _text(
            _check(
                lambda v: re.fullmatch(WAYPOINTS, v),
                "must be points written lat,lon with an optional name, separated by ';' (e.g. 40.20,26.40 Dardanelles; 38.08,24.66)",
            )
        ),  # fmt: skip
        "refs": _text(_CITATIONS),
        "note": _text(),
    },
    strict=True,
)

SYNONYMS_SCHEMA = pa.DataFrameSchema(
    {"term": _text(_NONEMPTY, unique=True), "same_as": _text(_NONEMPTY)},
    strict=True,
)

TOPICS_SCHEMA = pa.DataFrameSchema(
    {
        "place_id": _text(_NONEMPTY),
        "key": _text(_check(lambda v: re.fullmatch(r"[a-z_]+", v), "must be a claim key such as date or weapon")),
        "question": _text(_NONEMPTY),
        "standard_value": _text(_NONEMPTY),
        "standard_account": _text(_NONEMPTY),
        "refs": _text(_CITATIONS),
    },
    strict=True,
)

ANSWERS_SCHEMA = pa.DataFrameSchema(
    {
        "place_id": _text(_NONEMPTY),
        "key": _text(_check(lambda v: re.fullmatch(r"[a-z_]+", v), "must be a claim key such as arrived or weapon")),
        "value": _text(_NONEMPTY),
        "refs": _text(_CITATIONS),
    },
    strict=True,
)

# Columns an uploaded journey may leave out, and what they then read as: what is missing is said, not hidden.
OPTIONAL_IN_UPLOADS = {
    "places.csv": {"date_refs": "", "coord_refs": "", "summary_refs": "", "coord_precision": "not stated", "tour": "main"},
    "quotes.csv": {"voice_id": "", "context": ""},
    "disagreements.csv": {"refs": ""},
    "legs.csv": {"vessel": "", "course": "direct", "waypoints": "", "refs": "", "note": ""},
}


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
