"""The standalone HTML export, opened from disk in Chromium with no server: the route, the scrubber and Play work."""

from __future__ import annotations

import pytest

from exilemap import export
from exilemap.gazetteer import load
from exilemap.route import Route

pytestmark = pytest.mark.browser
GZ = load()
ROUTE = Route(GZ)


def test_the_standalone_map_plays_and_scrubs_from_disk_with_no_server(page, tmp_path):
    path = tmp_path / "exile-map.html"
    path.write_text(export.standalone_html(GZ, ROUTE), encoding="utf-8")
    page.goto(path.as_uri())
    marker = page.locator("path.now-marker")
    marker.wait_for(timeout=30_000)
    assert page.locator("path.stop-marker").count() == len(GZ.stops)
    assert page.evaluate("window.exileTime.day") == ROUTE.first.isoformat()
    start = marker.bounding_box()

    page.locator(".playback-toggle").click()
    page.wait_for_function("window.exileTime.day >= '1929-03-01'", timeout=15_000)
    page.locator(".playback-toggle").click()
    assert page.evaluate("window.exileTime.playing") is False
    moved = marker.bounding_box()
    assert (moved["x"], moved["y"]) != (start["x"], start["y"]), "Play did not move the marker"

    day = "1937-06-01"
    page.locator(".playback-range").evaluate(
        "(el, day) => { el.value = Math.round(Date.parse(day + 'T00:00:00Z') / 86400000); el.dispatchEvent(new Event('input')); }",
        day,
    )
    assert page.evaluate("window.exileTime.day") == day
    assert "1937" in page.locator(".playback-date").inner_text()
    at = page.evaluate("window.exileTime.positionAt(Math.round(Date.parse('1937-06-01T00:00:00Z') / 86400000))")
    assert at["status"] == "at" and (at["lat"], at["lon"]) == pytest.approx(
        (GZ.stop("blue-house").lat, GZ.stop("blue-house").lon)
    )
