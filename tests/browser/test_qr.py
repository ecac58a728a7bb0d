"""QR codes on the projector, read back from a screenshot by a real reader (zbar's zbarimg), and followed."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from test_map_page import MAP_FRAME, open_app, wait_idle
from test_tour_and_links import TOUR, tour_heading

pytestmark = pytest.mark.browser
ZBARIMG = shutil.which("zbarimg")


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


def test_the_tours_qr_code_scans_to_its_step_and_the_maps_to_its_date(page, app_url, tmp_path):
    page.goto(app_url + "/Tour?step=3")
    page.locator(".tour h2").wait_for(timeout=60_000)
    page.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=30_000)
    wait_idle(page)
    code = page.locator("figure.tour-qr img")
    assert code.bounding_box()["width"] >= 280, "too small to scan from the back of a classroom"
    link = f"{app_url}/Tour?step=3"
    assert code.get_attribute("alt") == f"QR code that opens step 3 of the guided tour on a phone: {link}"
    assert page.locator("figure.tour-qr figcaption a").inner_text() == link, "the link is written beside the code"
    page.screenshot(path=str(tmp_path / "tour-1400.png"))
    code.screenshot(path=str(tmp_path / "tour-qr.png"))
    assert read_qr(tmp_path / "tour-qr.png") == link
    # the printed tour: one code per step, each its own step's link
    printed = page.locator(".tour-print figure.qr img")
    assert printed.count() == len(TOUR)
    assert printed.nth(len(TOUR) - 1).get_attribute("alt").endswith(f"{app_url}/Tour?step={len(TOUR)}")
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("figure.tour-qr").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "tour-390.png"))

    phone = page.context.new_page()  # a pupil's phone follows the scanned link
    phone.goto(read_qr(tmp_path / "tour-qr.png"))
    phone.locator(".tour h2").wait_for(timeout=60_000)
    assert tour_heading(phone) == TOUR[2].name
    phone.close()

    page.set_viewport_size({"width": 1400, "height": 1000})
    open_app(page, app_url, "/?date=1932-11-27")
    page.get_by_text("QR code of this date").click()
    figure = page.locator("figure.map-qr")
    figure.wait_for(timeout=30_000)
    wait_idle(page)
    page.get_by_role("heading", name="Exile Map: Leon Trotsky, 1928–1940").scroll_into_view_if_needed()  # clear of the header
    figure.locator("img").screenshot(path=str(tmp_path / "map-qr.png"))
    page.screenshot(path=str(tmp_path / "map-1400.png"))
    assert read_qr(tmp_path / "map-qr.png") == f"{app_url}/?date=1932-11-27"
