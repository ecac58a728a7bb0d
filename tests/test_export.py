"""Exports: round trips, and the Linked Places export against the World Historical Gazetteer's schemas."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest

from exilemap import export
from exilemap.gazetteer import load
from exilemap.route import Route

GZ = load()
ROUTE = Route(GZ)


def test_the_csv_export_round_trips_every_stop_and_quote():
    rows = list(csv.DictReader(io.StringIO(export.gazetteer_csv(GZ))))
    assert {r["quote_id"] for r in rows if r["quote_id"]} == {q.id for q in GZ.quotes}
    assert {r["id"] for r in rows} == {s.id for s in GZ.stops}
    by_quote = {r["quote_id"]: r for r in rows}
    for q in GZ.quotes:
        row = by_quote[q.id]
        stop = GZ.stop(q.place_id)
        assert row["quote"] == q.text and row["id"] == stop.id and float(row["lat"]) == stop.lat
        assert row["arrived"] == stop.arrived.isoformat() and row["source_title"] == GZ.sources[q.source_id].title


def test_the_geojson_export_has_every_stop_and_the_route_in_order():
    data = json.loads(json.dumps(export.geojson(GZ, ROUTE)))
    assert data["type"] == "FeatureCollection"
    points = [f for f in data["features"] if f["geometry"]["type"] == "Point"]
    route = [f for f in data["features"] if f["id"] == "route"]
    legs = [f for f in data["features"] if f["properties"].get("kind") == "leg"]
    assert [f["id"] for f in points] == [s.id for s in GZ.stops]
    for feature, stop in zip(points, GZ.stops, strict=True):
        assert feature["geometry"]["coordinates"] == [stop.lon, stop.lat]  # GeoJSON is lon, lat
        assert feature["properties"]["coord_precision"] == stop.coord_precision
    assert len(route) == 1 and len(route[0]["geometry"]["coordinates"]) == len(ROUTE.line()) > len(ROUTE.visits)
    assert len(legs) == len(ROUTE.visits) - 1
    bulgaria = next(f for f in legs if f["properties"]["to"] == "cassis")
    assert bulgaria["properties"]["mode"] == "ship" and bulgaria["properties"]["course"] == "plausible"
    assert len(bulgaria["geometry"]["coordinates"]) > 10


@pytest.mark.parametrize("schema_file", ["schema_lpf_v1.2.json", "schema_lpf_v1.2.2.json"])
def test_the_linked_places_export_passes_the_whg_schemas(shared_dir, schema_file):
    schema = json.loads((shared_dir / "lpf" / schema_file).read_text(encoding="utf-8"))
    data = json.loads(json.dumps(export.linked_places(GZ)))
    # what WHG's validate_lpf checks of the collection before validating each feature
    assert data["type"] == "FeatureCollection" and data["@context"] and data["features"]
    validator = jsonschema.Draft7Validator(schema)
    for feature in data["features"]:
        errors = [e.message for e in validator.iter_errors(feature)]
        assert not errors, f"{feature['@id']}: {errors}"


def test_the_linked_places_export_keeps_vague_dates_vague(shared_dir):
    frunze = next(f for f in export.linked_places(GZ)["features"] if f["@id"].endswith("/frunze"))
    assert frunze["when"]["timespans"][0]["start"] == {"earliest": "1929-01-01", "latest": "1929-01-31"}


def test_the_linked_places_export_says_what_each_point_marks():
    features = {f["@id"].rsplit("/", 1)[1]: f for f in export.linked_places(GZ)["features"]}
    assert features["blue-house"]["geometry"]["certainty"] == "certain"
    assert features["frunze"]["geometry"]["certainty"] == "less-certain"
    assert features["sundby"]["geometry"]["certainty"] == "uncertain"


def test_a_broken_feature_fails_the_schema(shared_dir):
    """The schema test can fail: a feature without names is rejected."""
    schema = json.loads((shared_dir / "lpf" / "schema_lpf_v1.2.json").read_text(encoding="utf-8"))
    feature = export.linked_places(GZ)["features"][0]
    del feature["names"]
    assert list(jsonschema.Draft7Validator(schema).iter_errors(feature))


def test_the_standalone_html_carries_the_map_and_its_clock():
    page = export.standalone_html(GZ, ROUTE)
    assert page.startswith("<!DOCTYPE html>") and "window.exileTime" in page and "playback-toggle" in page
    assert all(f'"id":"{stop.id}"' in page for stop in GZ.stops), "every stop is in the map's stop layer"


def test_the_command_line_writes_a_file(tmp_path):
    target = tmp_path / "stops.geojson"
    assert export.main(["geojson", "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_the_command_line_makes_the_standalone_map_in_a_language_and_the_data_in_the_gazetteers_own_words(tmp_path):
    target = tmp_path / "map.html"
    assert export.main(["html", "--lang", "es", "-o", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert '<html lang="es">' in page and '"play": "Reproducir"' in page
    assert "Constantinopla" in page  # the stop's name as Spanish wrote it then
    assert '"play": "Play"' not in page
    data = tmp_path / "stops.csv"
    assert export.main(["csv", "-o", str(data)]) == 0
    assert "Constantinople" in data.read_text(encoding="utf-8") and "Constantinopla" not in data.read_text(encoding="utf-8")
