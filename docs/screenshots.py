"""Take screenshots of the map page at a few dates: python docs/screenshots.py [YYYY-MM-DD ...]

Runs the real app in offline classroom mode (country outlines, no tiles) in Debian's Chromium,
since this machine has no internet for map tiles.
"""

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
from harness import CHROMIUM, LAUNCH_ARGS, Network, map_packages, start_streamlit, stop_streamlit  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

OUT = Path(__file__).resolve().parent


def main(days: list[str]) -> None:
    proc, url, _ = start_streamlit(env={"EXILE_MAP_OFFLINE": "1"})
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 1050}, device_scale_factor=1)
            network = Network(map_packages())
            context.route(network.remote, network.handle)
            page = context.new_page()
            for day in days:
                page.goto(f"{url}/?date={day}")
                page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator("path.now-marker").wait_for(
                    timeout=60_000
                )
                page.locator(".st-key-panel").wait_for(timeout=30_000)  # drawn once the map has reported
                page.wait_for_timeout(1500)
                page.screenshot(path=str(OUT / f"map-{day}.png"))
                print(OUT / f"map-{day}.png")
    finally:
        stop_streamlit(proc)


if __name__ == "__main__":
    main(sys.argv[1:] or [dt.date(1931, 6, 1).isoformat(), "1936-12-29", "1940-08-20"])
