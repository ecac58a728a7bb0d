"""The map's stops: one layer however many there are, escaped, on a canvas when there are many."""

from __future__ import annotations

import datetime as dt
import json
import re

from exilemap import journeyfile, mapview, readers
from exilemap.gazetteer import load
from exilemap.route import Route


def _journey(n: int):
    start = dt.date(1900, 1, 1)
    rows = "".join(f"Stop {k} <b>bold</b>,{40 + k / 1000},{k / 1000},{start + dt.timedelta(days=k)},\n" for k in range(n))
    return journeyfile.check(readers.read(f"name,lat,lon,arrived,departed\n{rows}".encode(), "x.csv")).gazetteer


def _layer_data(html: str) -> dict:
    found = re.search(r"L\.geoJSON\((\{.*?\}), \{\s*pointToLayer", html, re.S)
    return json.loads(found.group(1))


def test_every_stop_is_one_feature_of_one_layer_not_a_folium_object_each():
    gz = load()
    m = mapview.base_map(gz, Route(gz))
    html = m.get_root().render()
    assert html.count("L.geoJSON(") == 1 and "L.circleMarker" in html
    assert not [child for child in m._children.values() if type(child).__name__ == "CircleMarker"]
    assert [f["id"] for f in _layer_data(html)["features"]] == [s.id for s in gz.stops]


def test_the_layers_text_is_escaped_and_closes_no_tag_of_the_page():
    gz = _journey(3)
    html = mapview.base_map(gz, Route(gz)).get_root().render()
    feature = _layer_data(html.replace("<\\/", "</"))["features"][0]
    assert feature["properties"]["tooltip"].startswith("Stop 0 &lt;b&gt;bold&lt;/b&gt;<br>")
    layer = html[html.index("L.geoJSON(") : html.index("pointToLayer")]
    assert "</" not in layer


def test_a_journey_of_thousands_of_stops_is_drawn_on_a_canvas():
    small, large = _journey(mapview.StopLayer.CANVAS_FROM - 1), _journey(mapview.StopLayer.CANVAS_FROM)
    assert "L.canvas(" not in mapview.base_map(small, Route(small)).get_root().render()
    assert "L.canvas(" in mapview.base_map(large, Route(large)).get_root().render()
