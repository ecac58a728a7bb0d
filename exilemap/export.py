"""Exports: the gazetteer with its quotes as CSV, GeoJSON, Linked Places (LPF), KML, and a standalone HTML map.

    python -m exilemap.export {csv,geojson,lpf,kml,html} [-o FILE]

Everything is built from the loaded gazetteer, so an export says exactly what the app says.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import unicodedata
from pathlib import Path

import folium

from exilemap import translations
from exilemap.gazetteer import (
    PLACES_SCHEMA,
    QUOTES_SCHEMA,
    REFERENCES_SCHEMA,
    SOURCES_SCHEMA,
    VOICES_SCHEMA,
    Gazetteer,
    Quote,
    Stop,
    date_bounds,
    load,
    write_csv,
)
from exilemap.i18n import ENGLISH, SOURCE, Translator, languages, translator
from exilemap.model import FACTS
from exilemap.route import Route
from exilemap.sources import cite_quote, cite_references

LPF_CONTEXT = "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld"
BASE_URI = "https://github.com/exile-map/exile-map/places/"
STOP_FIELDS = ["id", "name", "modern_name", "country_then", "country_now", "lat", "lon", "coord_precision", "arrived",
               "arrived_precision", "departed", "departed_precision", "kind", "summary", "coord_source", "coord_note"]  # fmt: skip
# What a point marks, as the World Historical Gazetteer's geometry certainty
LPF_CERTAINTY = {
    "house": "certain",
    "street": "certain",
    "town": "less-certain",
    "region": "uncertain",
    "not stated": "uncertain",
}
REFERENCE_FIELDS = ["date_references", "coord_references", "summary_references"]
DEFAULT_TITLE = "Trotsky’s exile, 1928–1940"
QUOTE_FIELDS = ["quote_id", "source_title", "source_author", "source_date", "voice", "voice_relation", "quote", "claim",
                "claim_context"]  # fmt: skip


def _stop_row(gz: Gazetteer, stop: Stop) -> dict:
    row = {name: getattr(stop, name) for name in STOP_FIELDS}
    cited = {column: cite_references(gz, stop.refs(fact)) for column, fact in zip(REFERENCE_FIELDS, FACTS)}
    return row | cited | {"arrived": stop.arrived.isoformat(), "departed": stop.departed.isoformat()}


def _cell(value) -> str:
    if isinstance(value, tuple):  # citations
        return "; ".join(str(c) for c in value)
    return "" if value is None else str(value)


def places_csv(gz: Gazetteer) -> str:
    """The stops in places.csv's own columns, so the file loads back as it is."""
    rows = [
        {name: _cell(getattr(stop, name)) for name in PLACES_SCHEMA.columns}
        | {"arrived": stop.arrived.isoformat(), "departed": stop.departed.isoformat()}
        for stop in gz.stops
    ]
    return write_csv(list(PLACES_SCHEMA.columns), rows)


def _quote_record(q: Quote) -> dict:
    return {"id": q.id, "place_id": q.place_id, "source_id": q.source_id, "voice_id": q.voice_id, "quote": q.text,
            "claim": q.claim, "context": q.context}  # fmt: skip


def templates(gz: Gazetteer, stops: int = 2) -> dict[str, str]:
    """Starter files for someone's own journey: our first stops, their quotes, sources, voices and references."""
    kept = gz.stops[:stops]
    quotes = [q for s in kept for q in gz.quotes_for(s.id)]
    used = [gz.sources[i] for i in dict.fromkeys(q.source_id for q in quotes)]
    voices = [v for v in gz.voices.values() if v.source_id in {s.id for s in used}]
    cited = dict.fromkeys(c.ref_id for s in kept for fact in FACTS for c in s.refs(fact))
    return {
        "places.csv": places_csv(Gazetteer(kept, (), {})),
        "quotes.csv": write_csv(list(QUOTES_SCHEMA.columns), [_quote_record(q) for q in quotes]),
        "sources.csv": write_csv(list(SOURCES_SCHEMA.columns), [{name: getattr(s, name) for name in SOURCES_SCHEMA.columns}
                                                                for s in used]),
        "voices.csv": write_csv(list(VOICES_SCHEMA.columns), [{name: getattr(v, name) for name in VOICES_SCHEMA.columns}
                                                              for v in voices]),
        "references.csv": write_csv(list(REFERENCES_SCHEMA.columns),
                                    [{name: getattr(gz.references[i], name) for name in REFERENCES_SCHEMA.columns} for i in cited]),
    }  # fmt: skip


def gazetteer_csv(gz: Gazetteer) -> str:
    """One row per quote, with its stop's columns; a stop no source mentions gets one row with no quote."""
    rows = []
    for stop in gz.stops:
        quotes = gz.quotes_for(stop.id)
        if not quotes:
            rows.append(_stop_row(gz, stop))
        for q in quotes:
            source, voice = gz.sources[q.source_id], gz.voice_of(q)
            rows.append(_stop_row(gz, stop) | {"quote_id": q.id, "source_title": source.title, "source_author": source.author,
                                                "source_date": source.date, "voice": voice.name, "voice_relation": voice.relation,
                                                "quote": q.text, "claim": q.claim, "claim_context": q.context})  # fmt: skip
    return write_csv(STOP_FIELDS + REFERENCE_FIELDS + QUOTE_FIELDS, rows)


def geojson(gz: Gazetteer, route: Route) -> dict:
    """A FeatureCollection: a Point for every stop and a LineString for the route, in order."""
    features = [
        {
            "type": "Feature",
            "id": stop.id,
            "geometry": {"type": "Point", "coordinates": [stop.lon, stop.lat]},
            "properties": _stop_row(gz, stop)
            | {
                "quotes": [
                    {"source": gz.sources[q.source_id].title, "voice": gz.voice_of(q).label, "quote": q.text, "claim": q.claim}
                    for q in gz.quotes_for(stop.id)
                ]
            },  # fmt: skip
        }
        for stop in gz.stops
    ]
    for leg, leg_path in zip(route.legs, route.paths):
        features.append(
            {
                "type": "Feature",
                "id": f"leg-{leg.to_stop}",
                "geometry": {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in leg_path]},
                "properties": {"kind": "leg", "to": leg.to_stop, "mode": leg.mode, "vessel": leg.vessel, "course": leg.course,
                               "waypoints": [w.name for w in leg.waypoints if w.name], "references": cite_references(gz, leg.refs),
                               "note": leg.note},
            }
        )  # fmt: skip
    features.append(
        {
            "type": "Feature",
            "id": "route",
            "geometry": {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in route.line()]},
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
    """A date as Linked Places writes time: one day `in`, or the whole month or year it is known to, `earliest` to `latest`
    (as stated, not narrowed by the stop's other date, so that a reader takes back the precision written)."""
    if precision == "day":
        return {"in": value.isoformat()}
    earliest, latest = date_bounds(value, precision)
    return {"earliest": earliest.isoformat(), "latest": latest.isoformat()}


def _lpf_citations(gz: Gazetteer, cites) -> list[dict]:
    """LPF citations: each reference as a label; a stop with none says so."""
    labels = [cite_references(gz, (c,)) for c in dict.fromkeys(cites)]
    return [{"label": label} for label in labels] or [{"label": "no reference given"}]


def linked_places(gz: Gazetteer) -> dict:
    """The stops in Linked Places Format, the World Historical Gazetteer's interchange format."""
    features = []
    for stop in gz.stops:
        names = [{"toponym": stop.name, "citations": _lpf_citations(gz, stop.refs("dates") + stop.refs("summary"))}]
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
                    "certainty": LPF_CERTAINTY[stop.coord_precision],
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
                + [{"value": f"“{q.text}” ({cite_quote(gz, q)})", "lang": "en"} for q in gz.quotes_for(stop.id)],
            }
        )
    return {"type": "FeatureCollection", "@context": LPF_CONTEXT, "features": features}


KML_NS = "http://www.opengis.net/kml/2.2"


def _kml_time(value, precision: str) -> str:
    """A date as KML writes it, no more precise than it is known: 1929-04-12, 1929-04 or 1929."""
    return {"day": value.isoformat(), "month": value.isoformat()[:7]}.get(precision, str(value.year))


def kml(gz: Gazetteer, title: str = "Exile Map") -> str:
    """The stops as KML Placemarks, each with a TimeSpan, so the journey plays on Google Earth's own time slider.

    Every column of places.csv rides along as ExtendedData, so the file loads back here as it was.
    """
    from lxml import etree

    def sub(parent, tag: str, text: str | None = None):
        element = etree.SubElement(parent, f"{{{KML_NS}}}{tag}")
        if text is not None:
            element.text = text
        return element

    root = etree.Element(f"{{{KML_NS}}}kml", nsmap={None: KML_NS})
    document = sub(root, "Document")
    sub(document, "name", title)
    for stop in gz.stops:
        placemark = sub(document, "Placemark")
        sub(placemark, "name", stop.name)
        sub(placemark, "description", stop.summary)
        span = sub(placemark, "TimeSpan")
        sub(span, "begin", _kml_time(stop.arrived, stop.arrived_precision))
        sub(span, "end", _kml_time(stop.departed, stop.departed_precision))
        data = sub(placemark, "ExtendedData")
        for column in PLACES_SCHEMA.columns:
            value = getattr(stop, column)
            cell = value.isoformat() if hasattr(value, "isoformat") else _cell(value)
            field = sub(data, "Data")
            field.set("name", column)
            sub(field, "value", cell)
        point = sub(placemark, "Point")
        sub(point, "coordinates", f"{stop.lon},{stop.lat}")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")


def standalone_html(
    gz: Gazetteer, route: Route, title: str = DEFAULT_TITLE, inline: bool = True, tr: Translator = ENGLISH
) -> str:
    """The map as one HTML file with its own clock (scrubber and Play) and panel, that draws with no network at all.

    Leaflet, its styles and the country outlines are written into the page (exilemap.assets.inline); tiles
    are drawn over the outlines when the computer is online. `inline=False` links Leaflet from its CDN instead
    and has no outlines: for a server that never fetched the files, a map that works online only.
    `tr` is the session's language: the clock, the key and the panel speak it, and the page declares it.
    """
    from exilemap import assets, mapview

    m = mapview.base_map(gz, route, outlines=inline, tr=tr)
    mapview.StopPanel(gz, tr).add_to(m)
    if inline:
        assets.inline(m)
    figure = m.get_root()
    figure.title = html.escape(title)  # branca writes it as it is; a journey's name is the uploader's text
    figure.header.add_child(folium.Element('<meta name="viewport" content="width=device-width, initial-scale=1">'))
    return figure.render().replace("<html>", f'<html lang="{tr.lang}">', 1)


def html_file_name(journey: str = DEFAULT_TITLE, lang: str = SOURCE) -> str:
    """The standalone map's file name, for the journey and its language: "exile-map-trotskys-exile-1928-1940-en.html"."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", journey) if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", plain.replace("’", "").replace("'", "").lower())
    return "-".join(["exile-map", *words[:8], lang]) + ".html"


def size_text(n: int) -> str:
    """A file's size as a reader says it: "612 KB", "1.4 MB"."""
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{max(1, round(n / 1000))} KB"


FORMATS = {
    "csv": lambda gz, route: gazetteer_csv(gz),
    "geojson": lambda gz, route: json.dumps(geojson(gz, route), ensure_ascii=False, indent=1),
    "lpf": lambda gz, route: json.dumps(linked_places(gz), ensure_ascii=False, indent=1),
    "kml": lambda gz, route: kml(gz),
    "html": standalone_html,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m exilemap.export", description="Export the gazetteer.")
    parser.add_argument("format", choices=sorted(FORMATS))
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    parser.add_argument("--lang", default=SOURCE, choices=languages(),
                        help="the standalone map's language (html only; the data formats keep the gazetteer's own words)")  # fmt: skip
    args = parser.parse_args(argv)
    gz = load()
    try:
        if args.format == "html":
            local = translations.in_language(gz, args.lang)
            text = standalone_html(local, Route(local), tr=translator(args.lang))
        else:
            text = FORMATS[args.format](gz, Route(gz))
    except FileNotFoundError as exc:  # the standalone map's files were never fetched
        print(f"python -m exilemap.export: {exc}", file=sys.stderr)
        return 1
    if args.output:
        from exilemap.geocode import atomic_write

        atomic_write(args.output, text)
        size = len(text.encode("utf-8"))
        print(f"wrote {args.output} ({size_text(size)}, {size:,} bytes)", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
