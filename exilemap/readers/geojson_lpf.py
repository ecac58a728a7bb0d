"""GeoJSON and Linked Places (LPF v1.2.2, the World Historical Gazetteer's format), as .geojson, .json or .jsonld.

A feature is a stop; in Linked Places a feature whose geometry is a GeometryCollection of Points, each with
its own `when`, is several stops, one a point, in date order. A timespan's `start`/`end` is read from `in`, or
from `earliest`/`latest`, whose interval says how precisely the date is known; `when` may stand on the
geometry, the feature or a name. A point's `certainty` says what it marks.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from exilemap.dates import parse_date
from exilemap.model import PRECISIONS, date_bounds
from exilemap.readers.delimited import decode
from exilemap.readers.spreadsheet import cell_text
from exilemap.readers.table import Table, build, refuse

# What a Linked Places geometry's certainty says of the point (our export writes house and street as certain)
CERTAINTY = {"certain": "street", "less-certain": "town", "uncertain": "region"}
KINDS = ("residence", "transit", "visit", "event")


def read(raw: bytes, file: str) -> Table:
    """The stops of a FeatureCollection, or a DataError saying in one sentence why the file is not one."""
    text, _ = decode(raw, file)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise refuse(file, f"is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise refuse(file, "is JSON but not a GeoJSON FeatureCollection (or Linked Places file) of places")
    rows, labels, skipped = [], [], 0
    for number, feature in enumerate(doc["features"], start=1):
        found = _feature_rows(feature) if isinstance(feature, dict) else []
        skipped += not found
        for point, row in enumerate(found, start=1):
            rows.append(row)
            labels.append(f"feature {number}" + (f", point {point}" if len(found) > 1 else ""))
    if not rows:
        raise refuse(
            file, "has no Point features: each stop must be a Feature with a Point geometry (or a GeometryCollection of Points)"
        )
    notes = [f"{skipped} feature(s) that are not Points (such as a route line) were left out."] if skipped else []
    starts = [_bounds(row.get("arrived", ""), row.get("arrived_precision", "")) for row in rows]
    if any(later[1] < earlier[0] for earlier, later in zip(starts, starts[1:])):  # out of order even as dates of their precision
        order = sorted(range(len(rows)), key=lambda i: starts[i][0])
        rows, labels = [rows[i] for i in order], [labels[i] for i in order]
        notes.append("The points were put in order of their start dates.")
    columns = list(dict.fromkeys(c for r in rows for c in r))
    cells = [columns] + [[r.get(c, "") for c in columns] for r in rows]
    return build(cells, file, notes, tuple(labels), size=len(raw))


def _bounds(text: str, precision: str) -> tuple[dt.date, dt.date]:
    try:
        day, read_as = parse_date(text)
        return date_bounds(day, precision if precision in PRECISIONS else read_as)
    except ValueError:
        return dt.date.max, dt.date.max  # an unreadable date goes after the rest, where its row says what is wrong


def _feature_rows(feature: dict) -> list[dict[str, str]]:
    """A feature as rows: one for a Point, one a point of a GeometryCollection, and one a timespan of a point."""
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        return []
    if geometry.get("type") == "Point":
        points = [geometry]
    elif geometry.get("type") == "GeometryCollection":
        points = [g for g in geometry.get("geometries") or [] if isinstance(g, dict) and g.get("type") == "Point"]
    else:
        return []
    base = _properties(feature)
    rows = []
    for point in points:
        row = dict(base)
        coords = point.get("coordinates") or []
        if isinstance(coords, list) and len(coords) >= 2:
            row["lon"], row["lat"] = cell_text(coords[0]), cell_text(coords[1])
        if point.get("certainty") in CERTAINTY:
            row.setdefault("coord_precision", CERTAINTY[point["certainty"]])
        spans = _timespans(point) or _timespans(feature) or _name_timespans(feature)
        for span in spans or [None]:
            dated = dict(row)
            if span is not None:
                start, end = span.get("start"), span.get("end")
                dated.setdefault("arrived", _time(start))
                if end:
                    dated.setdefault("departed", _time(end))
            rows.append(dated)
    if len(rows) > 1:
        for row in rows:
            row.pop("id", None)  # one place, several stops: each gets an id of its own
    return rows


def _properties(feature: dict) -> dict[str, str]:
    props = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
    row = {k: cell_text(v) for k, v in props.items() if not isinstance(v, (list, dict))}
    if isinstance(props.get("ccodes"), list):
        row["ccodes"] = ";".join(str(c) for c in props["ccodes"])
    if "names" not in feature and "when" not in feature and "@id" not in feature:
        return row  # plain GeoJSON
    if "title" in row and "name" not in row:
        row["name"] = row.pop("title")
    names = [n for n in feature.get("names") or [] if isinstance(n, dict)]
    toponyms = [str(n.get("toponym", "")) for n in names if n.get("toponym")]
    if "name" not in row and toponyms:
        row["name"] = toponyms[0]
    if len(toponyms) > 1:
        row.setdefault("modern_name", toponyms[1])
    citations = [c for n in names[:1] for c in n.get("citations") or [] if isinstance(c, dict) and c.get("label")]
    if citations and citations[0]["label"] != "no reference given":
        row.setdefault("title_source", str(citations[0]["label"]))
    kinds = [t.get("label", "") for t in feature.get("types") or [] if isinstance(t, dict)]
    if kinds and kinds[0] in KINDS:
        row.setdefault("kind", kinds[0])
    descriptions = [d.get("value", "") for d in feature.get("descriptions") or [] if isinstance(d, dict)]
    if descriptions:
        row.setdefault("summary", str(descriptions[0]))
    slug = str(feature.get("@id", "")).rstrip("/").rsplit("/", 1)[-1]
    if re.fullmatch(r"[a-z0-9]+(?:[-_][a-z0-9]+)*", slug):
        row.setdefault("id", slug.replace("_", "-"))
    return row


def _timespans(holder: dict) -> list[dict]:
    when = holder.get("when")
    spans = when.get("timespans") if isinstance(when, dict) else None
    return [s for s in spans or [] if isinstance(s, dict) and isinstance(s.get("start"), dict)]


def _name_timespans(feature: dict) -> list[dict]:
    for name in feature.get("names") or []:
        if isinstance(name, dict) and (spans := _timespans(name)):
            return spans
    return []


def _time(point) -> str:
    """An LPF time point as a date written with its own precision; an interval as the month or year it fills."""
    if not isinstance(point, dict):
        return ""
    if point.get("in"):
        return str(point["in"])
    earliest, latest = str(point.get("earliest", "")), str(point.get("latest", ""))
    if not latest or earliest == latest:
        return earliest
    return interval(earliest, latest)


def interval(earliest: str, latest: str) -> str:
    """An interval as the date that fills it: a whole year, a whole month, c. a year for three years around one;
    otherwise both ends, for the completion to refuse with the row's number."""
    try:
        first, last = dt.date.fromisoformat(_day(earliest, start=True)), dt.date.fromisoformat(_day(latest, start=False))
    except ValueError:
        return f"{earliest}/{latest}"
    whole_years = (first.month, first.day, last.month, last.day) == (1, 1, 12, 31)
    if whole_years and first.year == last.year:
        return str(first.year)
    if whole_years and last.year - first.year == 2:
        return f"c. {first.year + 1}"
    following = dt.date(last.year + last.month // 12, last.month % 12 + 1, 1)
    if first.day == 1 and (first.year, first.month) == (last.year, last.month) and (following - last).days == 1:
        return f"{first.year}-{first.month:02d}"
    return f"{earliest}/{latest}"


def _day(text: str, start: bool) -> str:
    """A partial ISO date ('1917', '1917-04') as its first or last day."""
    text = text[:10]
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-01-01" if start else f"{text}-12-31"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = int(text[:4]), int(text[5:])
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        return f"{text}-01" if start else f"{text}-{last:02d}"
    return text
