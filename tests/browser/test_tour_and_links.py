"""The tour's arrow keys and the deep links, in Chromium."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_map_page import MAP_FRAME, open_app, slider_date, wait_idle

from exilemap.gazetteer import load

pytestmark = pytest.mark.browser
GZ = load()
TOUR = [s for s in GZ.stops if s.tour == "main"]  # the short tour's stops, in order (exilemap.tour.steps)


def tour_heading(page) -> str:
    return page.locator(".tour h2").inner_text()


def wait_heading(page, name: str) -> None:
    """Wait for the tour to show this stop; a timeout says what the page was doing."""
    try:
        page.wait_for_function(f"document.querySelector('.tour h2')?.innerText === {name!r}", timeout=15_000)
    except PlaywrightTimeout as exc:
        state = page.evaluate(
            "({url: location.href, heading: document.querySelector('.tour h2')?.innerText,"
            " run: document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState,"
            " focus: document.activeElement?.tagName, keys: typeof document.__exileTourKeys,"
            " buttons: [...document.querySelectorAll('button')].filter(b => /Previous|Next/.test(b.innerText))"
            ".map(b => b.innerText.trim() + (b.disabled ? ' (disabled)' : ''))})"
        )
        raise AssertionError(f"the tour did not reach {name!r}: {state}") from exc


def test_the_tour_follows_the_arrow_keys_and_its_link_also_after_leaving_and_coming_back(page, app_url):
    page.goto(app_url + "/Tour?step=3")
    page.locator(".tour h2").wait_for(timeout=60_000)
    assert tour_heading(page) == TOUR[2].name
    page.wait_for_function("typeof document.__exileTourKeys === 'function'", timeout=30_000)
    page.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=30_000)
    wait_idle(page)  # the map's ready report reruns the page once: a key pressed during that rerun can be lost
    page.mouse.click(700, 120)  # focus the page, outside any input
    page.keyboard.press("ArrowRight")
    wait_heading(page, TOUR[3].name)
    assert "step=4" in page.url
    page.keyboard.press("ArrowLeft")
    wait_heading(page, TOUR[2].name)
    page.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=30_000)

    # To the map and back: the tour's helper frame is a new one, and the keys must still work.
    wait_idle(page)
    page.evaluate("() => { window.__firstKeys = document.__exileTourKeys; }")
    page.get_by_role("link", name="Map", exact=True).click()
    page.locator('[data-testid="stSlider"]').wait_for(timeout=30_000)
    wait_idle(page)
    page.get_by_role("link", name="Guided tour", exact=True).click()
    wait_heading(page, TOUR[2].name)  # the tour remembers its step
    page.wait_for_function("typeof document.__exileTourKeys === 'function' && document.__exileTourKeys !== window.__firstKeys",
                           timeout=30_000)  # fmt: skip
    page.mouse.click(700, 120)
    page.keyboard.press("ArrowRight")
    wait_heading(page, TOUR[3].name)
    assert "step=4" in page.url


def test_a_tour_link_opens_the_map_centred_on_its_stop_from_the_first_render(page, app_url):
    page.goto(app_url + "/Tour?step=15")
    page.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=60_000)
    frame = next(f for f in page.frames if "st_folium" in f.url)
    frame.wait_for_function("window.map && window.map.getZoom() === 5", timeout=15_000)
    lat, lon = frame.evaluate("[window.map.getCenter().lat, window.map.getCenter().lng]")
    tampico = GZ.stop("tampico")
    assert abs(lat - tampico.lat) < 0.5 and abs(lon - tampico.lon) < 0.5
    page.get_by_role("button", name="Next →").click()
    wait_heading(page, TOUR[15].name)
    frame.wait_for_function(f"Math.abs(window.map.getCenter().lng - ({TOUR[15].lon})) < 0.5", timeout=15_000)


@pytest.mark.parametrize(
    ("query", "expected"), [("?date=1936-12-29", dt.date(1936, 12, 29)), ("?stop=tampico", dt.date(1937, 1, 9))]
)
def test_a_link_opens_the_map_at_its_date_or_stop_and_the_url_follows_the_slider(page, app_url, query, expected):
    open_app(page, app_url, query)
    assert slider_date(page) == expected
    page.locator('[data-testid="stSlider"] input[type=range]').focus()
    page.keyboard.press("ArrowRight")
    wait_idle(page)
    assert f"date={(expected + dt.timedelta(days=1)).isoformat()}" in page.url


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/?date=[x](javascript:alert(1))", "[x](javascript:alert(1))"),
        ("/?stop=<img src=x onerror=alert(2)>**b**", "<img src=x onerror=alert(2)>**b**"),
        ("/Tour?step=[s](javascript:alert(3))", "[s](javascript:alert(3))"),
        ("/?date=1999-01-01", "1999-01-01"),  # a real date, outside the route
        ("/Tour?step=<b>99</b>", "<b>99</b>"),
    ],
)
def test_a_bad_or_hostile_link_shows_a_notice_literally_and_the_start_never_a_traceback(page, app_url, path, shown):
    """Every kind of bad value: test_route, test_app; here each kind of link, in Chromium."""
    page.goto(app_url + path)
    page.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=60_000)
    wait_idle(page)  # after the rerun the map's ready report starts, which once lost the notice
    notice = page.locator('[data-testid="stAlert"]').first
    notice.wait_for(timeout=30_000)
    assert shown[:20] in notice.inner_text()
    assert notice.locator("a, img, strong, b").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0
    if path.startswith("/Tour"):  # the tour starts at its beginning
        assert tour_heading(page) == TOUR[0].name
        assert page.get_by_text("is not a number from 1 to").is_visible()
    else:  # the map at the route's start
        page.locator('[data-testid="stSlider"]').wait_for(timeout=30_000)
        assert slider_date(page) == dt.date(1928, 1, 17)
