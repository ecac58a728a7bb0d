"""The standalone HTML export, opened from disk in Chromium with every request blocked: it draws, and its slider and Play work."""

from __future__ import annotations

import re

import pytest

from exilemap import export
from exilemap.gazetteer import load
from exilemap.route import Route

pytestmark = pytest.mark.browser
GZ = load()
ROUTE = Route(GZ)
EVERY_REQUEST = re.compile(r"^(?!file:)")  # anything but the file itself: http(s), ws, data fetches


def test_the_standalone_map_draws_plays_and_scrubs_from_disk_with_every_request_blocked(browser, tmp_path):
    path = tmp_path / export.html_file_name()
    path.write_text(export.standalone_html(GZ, ROUTE), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, offline=True)
    blocked: list[str] = []
    context.route(EVERY_REQUEST, lambda route: (blocked.append(route.request.url), route.abort()))
    page = context.new_page()
    page.goto(path.as_uri())
    marker = page.locator("path.now-marker")
    marker.wait_for(timeout=30_000)
    assert page.evaluate("typeof L") == "object" and page.evaluate("L.version") == "1.9.3"
    drawn = "Array.from(document.querySelectorAll('path.country')).filter(p => p.getAttribute('d') !== 'M0 0').length"
    assert page.evaluate(drawn) > 100, "the country outlines are not drawn"
    assert page.locator("path.stop-marker").count() == len(GZ.stops)
    assert page.evaluate("window.exileTime.day") == ROUTE.first.isoformat()
    first = GZ.stop(ROUTE.visits[0].stop.id)
    assert page.locator(".exile-panel h2").inner_text().startswith("17 January 1928")
    assert first.name in page.locator(".exile-panel").inner_text()
    page.screenshot(path=str(tmp_path / "standalone-1400.png"), full_page=True)

    start = marker.bounding_box()
    page.locator(".playback-toggle").click()
    page.wait_for_function("window.exileTime.day >= '1928-03-01'", timeout=15_000)
    page.locator(".playback-toggle").click()
    assert page.evaluate("window.exileTime.playing") is False
    played = marker.bounding_box()
    assert (played["x"], played["y"]) != (start["x"], start["y"]), "Play did not move the marker"

    # the export's own slider moves its marker and its panel
    slider = page.locator(".playback-range")
    slider.focus()
    slider.evaluate(
        "(el, day) => { el.value = Math.round(Date.parse(day + 'T00:00:00Z') / 86400000); el.dispatchEvent(new Event('input')); }",
        "1937-06-01",
    )
    page.keyboard.press("ArrowRight")
    assert page.evaluate("window.exileTime.day") == "1937-06-02"
    moved = marker.bounding_box()
    assert (moved["x"], moved["y"]) != (played["x"], played["y"]), "the slider did not move the marker"
    blue = GZ.stop("blue-house")
    assert blue.name in page.locator(".exile-panel").inner_text()
    at = page.evaluate("window.exileTime.positionAt(Math.round(Date.parse('1937-06-02T00:00:00Z') / 86400000))")
    assert at["status"] == "at" and (at["lat"], at["lon"]) == pytest.approx((blue.lat, blue.lon))

    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(tmp_path / "standalone-390.png"), full_page=True)
    context.close()
    asked = [u for u in blocked if "tile.openstreetmap.org" not in u]
    assert asked == [], f"the export asked for more than tiles: {asked[:5]}"
