"""The embed code in a course page: a host page on another loopback address (another origin) frames the app."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
import urllib.request
from urllib.parse import urlparse

import axe
import pytest
from test_map_page import MAP_FRAME
from test_tour_and_links import TOUR

from exilemap import embed, links

pytestmark = pytest.mark.browser
HOST = "127.0.0.2"  # a course site: another origin than the app's 127.0.0.1
FRAME = "iframe[title^='Exile Map']"


class CoursePage(http.server.ThreadingHTTPServer):
    """A course page with the app's embed code pasted into it."""

    def __init__(self, body: str):
        page = f"<!DOCTYPE html><html lang='en'><head><title>History 10B</title></head><body><main aria-label='Course page'><h1>History 10B</h1>{body}</main></body></html>"

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                data = page.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_):
                pass

        super().__init__((HOST, 0), Handler)
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_port}/"


def test_the_embedded_app_works_in_a_cross_origin_frame_and_its_frame_is_clean_for_axe(
    browser, network, axe_script, app_url, tmp_path
):
    with urllib.request.urlopen(app_url + "/?embed=true", timeout=10) as response:
        assert response.headers.get("X-Frame-Options") is None, "the app must not forbid framing"
    code = embed.iframe_code(
        links.date_link(app_url + "/", dt.date(1929, 1, 20)), "Exile Map: Trotsky’s exile, on 20 January 1929"
    )
    course = CoursePage(code)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    # axe talks to frames of other origins only when told to (allowedOrigins), in the page and in each frame
    context.add_init_script(script=axe_script + "\naxe.configure({allowedOrigins: ['<unsafe_all_origins>']});")

    def answer(route):  # the course page is served here; the rest of "the internet" as in every browser test
        if urlparse(route.request.url).hostname == HOST:
            route.continue_()
        else:
            network.handle(route)

    context.route(network.remote, answer)
    page = context.new_page()
    try:
        page.goto(course.url)
        app = page.frame_locator(FRAME)
        marker = app.frame_locator(MAP_FRAME).locator("path.now-marker")
        marker.wait_for(timeout=60_000)
        app.locator('[data-testid="stSlider"]').wait_for(timeout=30_000)  # the map reported ready, the page reran
        app_frame = next(f for f in page.frames if f.url.startswith(app_url))
        map_frame = next(f for f in page.frames if "st_folium" in f.url)
        assert map_frame.evaluate("window.exileTime.day") == "1929-01-20"
        assert app_frame.evaluate("window.parent !== window"), "the app is in the course page's frame"
        page.screenshot(path=str(tmp_path / "embed-1400.png"))

        # the page's slider, by keyboard, moves the map's marker
        before = marker.bounding_box()
        app.locator('[data-testid="stSlider"] input[type=range]').focus()
        for _ in range(40):
            page.keyboard.press("ArrowRight")
        map_frame.wait_for_function("window.exileTime.day === '1929-03-01'", timeout=15_000)
        assert marker.bounding_box() != before, "the slider did not move the marker"
        # Play
        app.frame_locator(MAP_FRAME).locator(".playback-toggle").click()
        map_frame.wait_for_function("window.exileTime.day >= '1929-04-01'", timeout=15_000)
        app.frame_locator(MAP_FRAME).locator(".playback-toggle").click()
        assert map_frame.evaluate("window.exileTime.playing") is False

        axe.assert_clean(page, "course page with the embed code", frames=1)

        # the tour, embedded the same way: Next works
        tour_code = embed.iframe_code(links.step_link(app_url + "/Tour", 2), "Exile Map guided tour, step 2")
        page.evaluate("code => { document.querySelector('iframe').outerHTML = code; }", tour_code)
        app.locator(".tour h2").wait_for(timeout=60_000)
        assert app.locator(".tour h2").inner_text() == TOUR[1].name
        app.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=30_000)
        app.get_by_role("button", name="Next →").click()
        app.locator(".tour h2", has_text=TOUR[2].name).wait_for(timeout=30_000)
    finally:
        context.close()
        course.shutdown()
        course.server_close()
