"""Exports: the gazetteer with its quotes as CSV, GeoJSON, Linked Places (LPF), and a standalone HTML map.

    python -m exilemap.export {csv,geojson,lpf,html} [-o FILE]

Everything is built from the loaded gazetteer, so an export says exactly what the app says.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from exilemap.gazetteer import PLACES_SCHEMA, QUOTES_SCHEMA, SOURCES_SCHEMA, Gazetteer, Stop, date_bounds, load, write_csv
from exilemap.route import Route

LPF_CONTEXT = "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld"
BASE_URI = "https://github.com/exile-map/exile-map/places/"
STOP_FIELDS = ["id", "name", "modern_name", "country_then", "country_now", "lat", "lon", "arrived", "arrived_precision",
               "departed", "departed_precision", "kind", "summary", "coord_source", "coord_note", "date_reference"]  # fmt: skip
QUOTE_FIELDS = ["quote_id", "source_title", "source_author", "source_date", "quote", "claim"]


def _stop_row(stop: Stop) -> dict:
    row = {name: getattr(stop, name) for name in STOP_FIELDS}
    return row | {"arrived": stop.arrived.isoformat(), "departed": stop.departed.isoformat()}


def places_csv(gz: Gazetteer) -> str:
    """The stops in places.csv's own columns, so the file loads back as it is."""
    rows = [
        {name: getattr(stop, name) for name in PLACES_SCHEMA.columns}
        | {"arrived": stop.arrived.isoformat(), "departed": stop.departed.isoformat(),
           "geonames_id": "" if stop.geonames_id is None else stop.geonames_id}
        for stop in gz.stops
    ]  # fmt: skip
    return write_csv(list(PLACES_SCHEMA.columns), rows)


def templates(gz: Gazetteer, stops: int = 2) -> dict[str, str]:
    """Starter files for someone's own journey: our first stops, their quotes and sources, in the app's columns."""
    kept = gz.stops[:stops]
    quotes = [q for s in kept for q in gz.quotes_for(s.id)]
    used = [gz.sources[i] for i in dict.fromkeys(q.source_id for q in quotes)]
    return {
        "places.csv": places_csv(Gazetteer(kept, (), {})),
        "quotes.csv": write_csv(list(QUOTES_SCHEMA.columns), [{"id": q.id, "place_id": q.place_id, "source_id": q.source_id,
                                                               "quote": q.text, "claim": q.claim} for q in quotes]),
        "sources.csv": write_csv(list(SOURCES_SCHEMA.columns), [{name: getattr(s, name) for name in SOURCES_SCHEMA.columns}
                                                                for s in used]),
    }  # fmt: skip


def gazetteer_csv(gz: Gazetteer) -> str:
    """One row per quote, with its stop's columns; a stop no source mentions gets one row with no quote."""
    rows = []
    for stop in gz.stops:
        quotes = gz.quotes_for(stop.id)
        if not quotes:
            rows.append(_stop_row(stop))
        for q in quotes:
            source = gz.sources[q.source_id]
            rows.append(_stop_row(stop) | {"quote_id": q.id, "source_title": source.title, "source_author": source.author,
                                            "source_date": source.date, "quote": q.text, "claim": q.claim})  # fmt: skip
    return write_csv(STOP_FIELDS + QUOTE_FIELDS, rows)


def geojson(gz: Gazetteer, route: Route) -> dict:
    """A FeatureCollection: a Point for every stop and a LineString for the route, in order."""
    features = [
        {
            "type": "Feature",
            "id": stop.id,
            "geometry": {"type": "Point", "coordinates": [stop.lon, stop.lat]},
            "properties": _stop_row(stop)
            | {
                "quotes": [
                    {"source": gz.sources[q.source_id].title, "quote": q.text, "claim": q.claim} for q in gz.quotes_for(stop.id)
                ]
            },  # fmt: skip
        }
        for stop in gz.stops
    ]
    features.append(
        {
            "type": "Feature",
            "id": "route",
            "geometry": {"type": "LineString", "coordinates": [[v.stop.lon, v.stop.lat] for v in route.visits]},
            "properties": {
                "kind": "route",
                "stops": [v.stop.id for v in route.visits],
                "start": route.first.isoformat(),
                "end": route.last.isoformat(),
            },  # fmt: skip
        }
    )
    return {"type": "FeatureCollection", "features": features}


def _lpf_time(value, precision: str) -> dict:
    if precision == "day":
        return {"in": value.isoformat()}
    earliest, latest = date_bounds(value, precision)
    return {"earliest": earliest.isoformat(), "latest": latest.isoformat()}


def linked_places(gz: Gazetteer) -> dict:
    """The stops in Linked Places Format, the World Historical Gazetteer's interchange format."""
    features = []
    for stop in gz.stops:
        names = [{"toponym": stop.name, "citations": [{"label": stop.date_reference}]}]
        if stop.modern_name != stop.name:
            names.append({"toponym": stop.modern_name, "citations": [{"label": "modern name"}]})
        features.append(
            {
                "@id": BASE_URI + stop.id,
                "type": "Feature",
                "properties": {"title": stop.name},
                "names": names,
                "types": [{"label": stop.kind}],
                "geometry": {
                    "type": "Point",
                    "coordinates": [stop.lon, stop.lat],
                    "certainty": "certain" if stop.coord_source != "manual" else "less-certain",
                },  # fmt: skip
                "when": {
                    "timespans": [
                        {
                            "start": _lpf_time(stop.arrived, stop.arrived_precision),
                            "end": _lpf_time(stop.departed, stop.departed_precision),
                        }
                    ]
                },
                "descriptions": [{"value": stop.summary, "lang": "en"}]
                + [{"value": f"“{q.text}” ({gz.sources[q.source_id].title})", "lang": "en"} for q in gz.quotes_for(stop.id)],
            }
        )
    return {"type": "FeatureCollection", "@context": LPF_CONTEXT, "features": features}


def standalone_html(gz: Gazetteer, route: Route) -> str:
    """The map as one HTML file with its own clock (scrubber and Play), working from disk with no server."""
    from exilemap import mapview

    m = mapview.base_map(gz, route)
    return m.get_root().render()


FORMATS = {
    "csv": lambda gz, route: gazetteer_csv(gz),
    "geojson": lambda gz, route: json.dumps(geojson(gz, route), ensure_ascii=False, indent=1),
    "lpf": lambda gz, route: json.dumps(linked_places(gz), ensure_ascii=False, indent=1),
    "html": standalone_html,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m exilemap.export", description="Export the gazetteer.")
    parser.add_argument("format", choices=sorted(FORMATS))
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    gz = load()
    text = FORMATS[args.format](gz, Route(gz))
    if args.output:
        from exilemap.geocode import atomic_write

        atomic_write(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
