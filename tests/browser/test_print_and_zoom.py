"""Handouts and the projector: the tour and the Itinerary print cleanly; the tour reflows at 200% zoom."""

from __future__ import annotations

import re

import axe
import pytest
from test_map_page import GZ, MAP_FRAME, ROUTE, wait_idle

from exilemap.tour import steps

pytestmark = pytest.mark.browser
TOUR = steps(GZ, ROUTE)
CONTROLS = '[data-testid="stSidebar"], button, iframe, [data-testid="stPageLink"]'


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def visible(page, selector: str) -> int:
    return page.locator(selector).evaluate_all("els => els.filter(e => e.getClientRects().length > 0).length")


def test_the_tour_prints_every_step_on_a_page_of_its_own_with_quotes_and_prompt_and_no_controls(checked_page, app_url):
    page = checked_page
    page.goto(app_url + "/Tour?step=5")
    page.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=60_000)
    wait_idle(page)
    axe.assert_clean(page, "/Tour", frames=2)  # the map, and the arrow keys' helper frame
    assert pdf_pages(page.pdf(format="A4")) == len(TOUR)
    page.emulate_media(media="print")
    sections = page.locator(".tour-print section")
    assert visible(page, ".tour-print section") == len(TOUR)
    assert visible(page, CONTROLS) == 0, "a control or the sidebar would print"
    assert visible(page, ".tour") == 0, "the screen's step would print as well"
    for n, step in enumerate(TOUR):
        text = sections.nth(n).inner_text()
        assert step.stop.name in text and "Discuss:" in text and step.prompt[:40] in text
        if step.quotes:
            assert step.quotes[0].text[:40] in text and GZ.sources[step.quotes[0].source_id].title in text
    breaks = sections.evaluate_all("els => els.map(e => getComputedStyle(e).breakAfter)")
    assert breaks == ["page"] * (len(TOUR) - 1) + ["auto"]


def test_the_itinerary_prints_whole_without_sidebar_or_links(page, app_url):
    page.goto(app_url + "/Itinerary")
    page.get_by_role("link", name="Open the map at 21 August 1940").wait_for(timeout=60_000)
    wait_idle(page)
    assert pdf_pages(page.pdf(format="A4")) >= 5, "the printout stops after Streamlit's first screenful"
    page.emulate_media(media="print")
    assert visible(page, CONTROLS) == 0
    assert visible(page, "ol > li") == len(GZ.stops)
    assert page.get_by_role("heading", name="Itinerary").is_visible()


def test_the_tour_at_200_percent_zoom_reflows_with_no_horizontal_scrolling(browser, network, app_url):
    context = browser.new_context(viewport={"width": 640, "height": 400}, device_scale_factor=2)  # a 1280 px screen at 200%
    context.route(network.remote, network.handle)
    page = context.new_page()
    page.goto(app_url + "/Tour?step=19")
    page.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=60_000)
    wait_idle(page)
    overflow = page.evaluate(
        """() => [document.documentElement, ...document.querySelectorAll('[data-testid="stMain"] *')]
             .filter(e => e.scrollWidth > e.clientWidth + 1 && e.getClientRects().length
                     && (e === document.documentElement || ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)))
             .map(e => `${e.tagName}.${e.className} ${e.scrollWidth} > ${e.clientWidth}`)"""
    )
    assert not overflow, f"scrolls sideways at 200%: {overflow}"
    for selector in (".tour h2", ".tour .prompt", ".tour blockquote"):
        box = page.locator(selector).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 640, f"{selector} does not fit the zoomed width: {box}"
    context.close()
