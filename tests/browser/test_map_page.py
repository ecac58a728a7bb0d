"""The map page in a real headless Chromium, served by `streamlit run app.py`."""

from __future__ import annotations

import datetime as dt

import pytest

from exilemap.gazetteer import load
from exilemap.route import Route

pytestmark = pytest.mark.browser

GZ = load()
ROUTE = Route(GZ)
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
EPOCH = dt.date(1970, 1, 1)


def open_app(page, url: str, query: str = ""):
    page.goto(url + query)
    page.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=60_000)
    page.locator('[data-testid="stVegaLiteChart"]').wait_for(timeout=30_000)  # the map said it is ready; the page reran
    wait_idle(page)
    return map_frame(page)


def map_frame(page):
    return next(f for f in page.frames if "st_folium" in f.url)


def wait_idle(page) -> None:
    """Wait until Streamlit has finished the rerun the last action started.

    Streamlit's status widget shows only runs longer than half a second; the app's root element
    carries the script's state on every run (the attribute Streamlit's own browser tests wait on).
    """
    page.wait_for_timeout(150)
    page.wait_for_function(
        "document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning'", timeout=30_000
    )
    page.wait_for_timeout(150)


def slider_date(page) -> dt.date:
    value = int(page.locator('[data-testid="stSlider"] input[type=range]').input_value())
    return EPOCH + dt.timedelta(microseconds=value)


def set_date(page, target: dt.date) -> None:
    """Move the slider as a user would: click the track near the date, then arrow keys to the exact day."""
    group = page.locator('[data-testid="stSlider"] [role="group"] > div').first
    box = group.bounding_box()
    fraction = (target - ROUTE.first).days / (ROUTE.last - ROUTE.first).days
    page.mouse.click(box["x"] + fraction * box["width"], box["y"] + box["height"] / 2)
    wait_idle(page)
    slider = page.locator('[data-testid="stSlider"] input[type=range]')
    for _ in range(3):
        gap = (target - slider_date(page)).days
        if gap == 0:
            break
        slider.focus()
        for _ in range(abs(gap)):
            page.keyboard.press("ArrowRight" if gap > 0 else "ArrowLeft")
        wait_idle(page)
    assert slider_date(page) == target


def marker_centre(page) -> tuple[float, float]:
    box = page.frame_locator(MAP_FRAME).locator("path.now-marker").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def stop_centre(page, stop_id: str) -> tuple[float, float]:
    box = page.frame_locator(MAP_FRAME).locator(f"path.stop-{stop_id}").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def panel_text(page) -> str:
    return page.locator('[data-testid="stColumn"]').nth(3).inner_text()


def test_the_map_really_renders_with_every_stop_and_the_now_marker(page, app_url, network):
    frame = open_app(page, app_url)
    assert frame.evaluate("typeof L !== 'undefined' && L.version") == "1.9.3"
    container = page.frame_locator(MAP_FRAME).locator(".leaflet-container")
    box = container.bounding_box()
    assert box["width"] > 400 and box["height"] > 400
    assert page.frame_locator(MAP_FRAME).locator("path.stop-marker").count() == len(GZ.stops)
    assert page.frame_locator(MAP_FRAME).locator("path.now-marker").is_visible()
    modes = {leg.mode for leg in Route(GZ).legs}  # one line per mode of travel, each through all its legs
    assert page.frame_locator(MAP_FRAME).locator("path.route-ahead").count() == len(modes) >= 4
    assert page.frame_locator(MAP_FRAME).locator("path.leg-ship").count() == 1
    assert network.tiles(), "the map asked for no tiles: it is not drawing"
    assert not page.locator('[data-testid="stException"]').count()


def test_the_first_view_on_a_laptop_screen_shows_no_grey_beyond_the_edge_of_the_world(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 800})  # zoom 1: the world is 512 px tall, about the map's height
    frame = open_app(page, app_url)
    view = frame.evaluate(
        "(() => { const b = map.getPixelBounds(), world = map.getPixelWorldBounds();"
        " return {top: world.min.y - b.min.y, bottom: b.max.y - world.max.y, height: map.getSize().y,"
        " world: world.max.y - world.min.y}; })()"
    )
    beyond = max(0, view["top"]) + max(0, view["bottom"])
    assert beyond <= max(0, view["height"] - view["world"]) + 1, f"grey beyond the world's edge in the first view: {view}"
    assert page.frame_locator(MAP_FRAME).locator("path.stop-marker").first.is_visible()


COUNTRIES = [("1928-07-01", "Alma-Ata", "USSR"), ("1930-06-15", "Prinkipo", "Turkey"), ("1934-11-01", "Domène", "France"),
             ("1936-02-01", "Hønefoss", "Norway"), ("1938-01-20", "Coyoacán (the Blue House)", "Mexico")]  # fmt: skip


def test_moving_the_slider_into_each_country_moves_the_marker_and_names_the_place(page, app_url):
    open_app(page, app_url)  # one page for the whole route, as a student moves through it
    for day, place, country in COUNTRIES:
        before = marker_centre(page)
        set_date(page, dt.date.fromisoformat(day))
        page.get_by_role("heading", name=place).wait_for(timeout=10_000)
        after = marker_centre(page)
        assert after != pytest.approx(before, abs=2), f"{day}: the marker did not move"
        stop = ROUTE.position(dt.date.fromisoformat(day)).stop
        assert stop.country_then == country and stop.name == place
        assert after == pytest.approx(stop_centre(page, stop.id), abs=2), f"{day}: the marker is not on {place}"
        assert place in panel_text(page)


def test_a_date_in_transit_puts_the_marker_between_two_stops(page, app_url):
    open_app(page, app_url)
    day = dt.date(1936, 12, 29)  # at sea on the tanker Ruth, Norway -> Mexico
    position = ROUTE.position(day)
    assert position.status == "transit"
    set_date(page, day)
    heading = f"On the way from {position.previous.name} to {position.next.name}, by sea"
    page.get_by_role("heading", name=heading).wait_for(timeout=10_000)
    (x, y), (ax, _), (bx, _) = marker_centre(page), stop_centre(page, position.previous.id), stop_centre(page, position.next.id)
    assert min(ax, bx) + 5 < x < max(ax, bx) - 5
    # where the route's own rules put him (along the Ruth's waypoints, in proportion to distance), in the map's pixels
    frame = map_frame(page)
    origin = page.frame_locator(MAP_FRAME).locator(".leaflet-container").bounding_box()
    px, py = frame.evaluate(
        f"(() => {{ const p = map.latLngToContainerPoint([{position.lat}, {position.lon}]); return [p.x, p.y]; }})()"
    )
    assert (x, y) == pytest.approx((origin["x"] + px, origin["y"] + py), abs=3), "the marker is not where the route puts it"
    assert "plausible, not recorded" in panel_text(page) and "tanker Ruth" in panel_text(page)


def test_moving_the_slider_never_reloads_the_map_nor_loses_zoom_and_pan(page, app_url, network):
    frame = open_app(page, app_url)
    frame.evaluate("window.__probe = 'still here'; map.setView([45, 10], 5, {animate: false})")
    page.wait_for_timeout(500)
    tiles_before, assets_before = len(network.tiles()), len(network.assets())
    set_date(page, dt.date(1930, 1, 1))
    set_date(page, dt.date(1930, 1, 3))
    frame = map_frame(page)
    assert frame.evaluate("window.__probe") == "still here", "the map iframe was reloaded"
    assert frame.evaluate("map.getZoom()") == 5
    assert frame.evaluate("[map.getCenter().lat, map.getCenter().lng]") == pytest.approx([45, 10], abs=0.01)
    assert len(network.tiles()) == tiles_before, "tiles were fetched again"
    assert len(network.assets()) == assets_before, "map assets were fetched again"


def test_where_the_sources_disagree_the_panel_shows_both_quotes(page, app_url):
    open_app(page, app_url, "?date=1940-08-20")  # by link: moving the slider is proven in the tests above
    panel = panel_text(page)
    assert "The sources disagree" in panel
    assert "On August 20, 1940, Mercader was able to arrange a private meeting with Trotsky." in panel
    assert "killing him with a pickaxe on 21 August 1940" in panel
    assert "Stalin and Trotsky Feud" in panel  # the citation names the source


def test_choosing_a_stop_in_the_jump_box_moves_the_slider_there(page, app_url):
    open_app(page, app_url)
    page.locator(".st-key-jump [data-testid=stSelectbox]").click()
    page.keyboard.type("Tampico")  # the list is long: type to find, as a user would
    page.get_by_role("option", name="Tampico").click()
    # the rerun's own result first: on a busy machine the rerun may not have begun when wait_idle first looks
    page.get_by_role("heading", name="Tampico").wait_for(timeout=15_000)
    wait_idle(page)
    assert slider_date(page) == dt.date(1937, 1, 9)
    # a jump reruns the whole page, the map with it (a slider move reruns only the slider's fragment)
    map_frame(page).wait_for_function("window.exileTime.day === '1937-01-09'", timeout=10_000)


def test_a_click_on_a_stop_already_travelled_opens_its_popup(page, app_url):
    open_app(page, app_url, "?date=1938-01-20")  # the travelled line runs through every stop up to Coyoacán
    x, y = stop_centre(page, "copenhagen")
    page.mouse.click(x, y)  # a real click at the stop's centre, where the line crosses it
    popup = page.frame_locator(MAP_FRAME).locator(".stop-popup")
    popup.wait_for(timeout=5_000)
    assert "Copenhagen" in popup.inner_text()
