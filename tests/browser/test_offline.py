"""Offline classroom mode in Chromium with every request off this machine blocked."""

from __future__ import annotations

import pytest
from harness import Network, start_streamlit, stop_streamlit

from exilemap import offline

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture(scope="module")
def offline_url():
    assert not offline.missing(), "make test fetches the offline files first"
    proc, url, _ = start_streamlit(env={offline.ENV: "1"})
    yield url
    stop_streamlit(proc)


def test_the_map_works_with_no_request_leaving_the_machine(browser, offline_url, tmp_path):
    blocked: list[str] = []
    context = browser.new_context(viewport={"width": 1400, "height": 1000})

    def block(route):
        blocked.append(route.request.url)
        route.abort()

    context.route(Network.remote, block)
    page = context.new_page()
    page.goto(offline_url + "/?date=1936-12-29")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.now-marker").wait_for(timeout=60_000)
    frame.locator("path.country").first.wait_for(state="attached", timeout=30_000)
    map_frame = next(f for f in page.frames if "st_folium" in f.url)
    drawn = "Array.from(document.querySelectorAll('path.country')).filter(p => p.getAttribute('d') !== 'M0 0').length"
    assert map_frame.evaluate(drawn) > 100, "the country outlines are missing"
    assert map_frame.evaluate("L.version") == "1.9.3"
    assert frame.locator(".leaflet-tile").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(tmp_path / "offline.png"))
    context.close()
    assert blocked == [], f"offline mode asked the internet for: {blocked[:5]}"


def test_outlines_decode_to_valid_geojson():
    data = offline.countries_geojson()
    assert len(data["features"]) > 150
    for feature in data["features"]:
        rings = feature["geometry"]["coordinates"] if feature["geometry"]["type"] == "Polygon" else [
            r for polygon in feature["geometry"]["coordinates"] for r in polygon]  # fmt: skip
        for ring in rings:
            assert all(-90 <= y <= 90 for _, y in ring)
            assert all(abs(b[0] - a[0]) <= 180 for a, b in zip(ring, ring[1:], strict=False)), "a ring jumps across the map"
