"""The Itinerary page in Chromium: the journey as numbered text, and its links back to the map within the session."""

from __future__ import annotations

import datetime as dt

import axe
import pytest
from test_map_page import open_app, slider_date, wait_idle

from exilemap.gazetteer import load

pytestmark = pytest.mark.browser
GZ = load()


def test_the_itinerary_numbers_every_stop_and_its_link_opens_the_map_at_that_date(checked_page, app_url):
    page = checked_page
    open_app(page, app_url, "?date=1930-01-01")  # the map first: its date is in the session when the link is followed
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Itinerary").click()
    page.get_by_role("heading", name="Mexico, 1937–1940", level=2).wait_for(timeout=30_000)
    wait_idle(page)  # the page draws its stops as it runs: count them once it has finished
    items = page.locator("ol > li")
    assert items.count() == len(GZ.stops)
    starts = page.locator("ol").evaluate_all("lists => lists.map(l => l.start)")
    assert starts == list(range(1, len(GZ.stops) + 1)), "the numbering runs through the whole journey"
    assert "Prinkipo" in items.nth(6).inner_text() and "today Büyükada, Turkey" in items.nth(6).inner_text()
    wait_idle(page)
    axe.assert_clean(page, "/Itinerary")
    page.get_by_role("link", name="Open the map at 9 January 1937").click()
    page.get_by_role("heading", name="Tampico").wait_for(timeout=30_000)
    wait_idle(page)
    assert slider_date(page) == dt.date(1937, 1, 9)
    assert "date=1937-01-09" in page.url
