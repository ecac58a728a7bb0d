"""The classroom kit in Chromium: the embed code in a course page on another origin, and the QR codes on the projector.

A course page on another loopback address (another origin) frames the app with the Embed section's code; in that frame
the map, the page's slider, Play and the tour's Next work, axe finds it clean, and the QR codes of the map's date and
of the tour's step, read from screenshots by a real reader (zbar's zbarimg), open what they say.
"""

from __future__ import annotations

import datetime as dt
import http.server
import shutil
import subprocess
import threading
import urllib.request
from urllib.parse import urlparse

import axe
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_map_page import MAP_FRAME
from test_tour_and_links import TOUR

from exilemap import embed, links

pytestmark = pytest.mark.browser
ZBARIMG = shutil.which("zbarimg")
HOST = "127.0.0.2"  # a course site: another origin than the app's 127.0.0.1
FRAME = "iframe[title^='Exile Map']"


SETTLED = """selector => new Promise(resolve => {
    let last = null, still = 0;
    const look = () => {
      const box = document.querySelector(selector)?.getBoundingClientRect();
      const now = box ? [box.x, box.y, box.width, box.height].join() : null;
      still = now !== null && now === last ? still + 1 : 0;
      last = now;
      if (still >= 10) resolve(true); else requestAnimationFrame(look);
    };
    look();
})"""


def settle(frame, selector: str) -> None:
    """Wait until the app's run has finished and the element has stood still for ten frames: a screenshot taken while
    the page above it still grows catches half a code (seen: the map's QR code shot with its caption)."""
    frame.wait_for_function("document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning'",
                            timeout=30_000)  # fmt: skip
    frame.wait_for_function(SETTLED, arg=selector, timeout=30_000)


def shoot(page, frame, code, selector: str, path) -> None:
    """The code as the screen shows it: scrolled into view, settled, then the page's own pixels inside its box (an element
    screenshot in a frame inside a frame scrolls again as it shoots, and once caught the map above the code)."""
    code.scroll_into_view_if_needed()
    settle(frame, selector)
    page.screenshot(path=str(path), clip=code.bounding_box())


def read_qr(png) -> str:
    """The text of the one QR code in a PNG file, as zbarimg reads it."""
    if ZBARIMG is None:
        pytest.fail("zbarimg is missing: install Debian's zbar-tools (.ci/run does)")
    out = subprocess.run([ZBARIMG, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
                         capture_output=True, text=True, timeout=30)  # fmt: skip
    assert out.returncode == 0, f"zbarimg found no QR code in {png}: {out.stderr}"
    codes = out.stdout.strip().splitlines()
    assert len(codes) == 1, codes
    return codes[0]


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

        # the map's QR code of its date, for the projector
        app.get_by_text("QR code of this date").click()
        code = app.locator("figure.map-qr img")
        code.wait_for(timeout=30_000)
        shoot(page, app_frame, code, "figure.map-qr img", tmp_path / "map-qr.png")
        assert read_qr(tmp_path / "map-qr.png") == f"{app_url}/?date=1929-01-20"
        assert (
            code.get_attribute("alt") == f"QR code that opens the map on 20 January 1929 on a phone: {app_url}/?date=1929-01-20"
        )
        axe.assert_clean(page, "course page with the embed code", frames=1)

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

        # the tour, embedded the same way: Next works
        tour_code = embed.iframe_code(links.step_link(app_url + "/Tour", 2), "Exile Map guided tour, step 2")
        page.evaluate("code => { document.querySelector('iframe').outerHTML = code; }", tour_code)
        app.locator(".tour h2").wait_for(timeout=60_000)
        assert app.locator(".tour h2").inner_text() == TOUR[1].name
        app.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=30_000)
        app.get_by_role("button", name="Next →").click()
        app.locator(".tour h2", has_text=TOUR[2].name).wait_for(timeout=30_000)

        # the step's QR code: large, its link written beside it, one per step in the printout; a phone follows it
        link = f"{app_url}/Tour?step=3"
        code = app.locator(f'figure.tour-qr img[alt$="{link}"]')  # step 3's own code, not step 2's before the rerun drew it
        tour_frame = next(f for f in page.frames if "/Tour" in f.url)
        try:  # judged in the page itself: a rerun may draw the figure again between a wait and a look from here
            tour_frame.wait_for_function(
                "link => [...document.querySelectorAll('figure.tour-qr img')].some(i => i.alt.endsWith(link)"
                " && i.getBoundingClientRect().width >= 280)", arg=link, timeout=60_000)  # fmt: skip
        except PlaywrightTimeout:
            shown = tour_frame.evaluate("[...document.querySelectorAll('figure.tour-qr img')].map(i => [i.alt, i.width])")
            raise AssertionError(
                f"no code of step 3 at least 280 px wide (too small to scan from the back of a class): {shown}"
            ) from None
        assert code.get_attribute("alt") == f"QR code that opens step 3 of the guided tour on a phone: {link}"
        assert app.locator("figure.tour-qr figcaption a").inner_text() == link, "the link is written beside the code"
        printed = app.locator(".tour-print figure.qr img")
        assert printed.count() == len(TOUR)
        assert printed.nth(len(TOUR) - 1).get_attribute("alt").endswith(f"{app_url}/Tour?step={len(TOUR)}")
        shoot(page, tour_frame, code, f'figure.tour-qr img[alt$="{link}"]', tmp_path / "tour-qr.png")
        phone = context.new_page()
        phone.goto(read_qr(tmp_path / "tour-qr.png"))
        phone.locator(".tour h2").wait_for(timeout=60_000)
        assert phone.locator(".tour h2").inner_text() == TOUR[2].name
    finally:
        context.close()
        course.shutdown()
        course.server_close()
