"""Take screenshots of the map page at a few dates: python docs/screenshots.py [--lang es] [--phone] [YYYY-MM-DD ...]

Runs the real app in offline classroom mode (country outlines, no tiles) in Debian's Chromium,
since this machine has no internet for map tiles. `--lang` opens it in another language (?lang=), and
`--phone` at a phone's width (390 px) instead of a laptop's.
"""

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
from harness import CHROMIUM, LAUNCH_ARGS, Network, map_packages, start_streamlit, stop_streamlit  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

OUT = Path(__file__).resolve().parent


def main(days: list[str], lang: str = "en", phone: bool = False) -> None:
    proc, url, _ = start_streamlit(env={"EXILE_MAP_OFFLINE": "1"})
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            size = {"width": 390, "height": 844} if phone else {"width": 1400, "height": 1050}
            context = browser.new_context(viewport=size, device_scale_factor=1)
            network = Network(map_packages())
            context.route(network.remote, network.handle)
            page = context.new_page()
            for day in days:
                page.goto(f"{url}/?date={day}" + (f"&lang={lang}" if lang != "en" else ""))
                page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator("path.now-marker").wait_for(
                    timeout=60_000
                )
                page.locator(".st-key-panel").wait_for(timeout=30_000)  # drawn once the map has reported
                page.wait_for_timeout(1500)
                name = "-".join(["map", *([lang] if lang != "en" else []), *(["phone"] if phone else []), day]) + ".png"
                page.screenshot(path=str(OUT / name))
                print(OUT / name)
    finally:
        stop_streamlit(proc)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("days", nargs="*", default=[dt.date(1931, 6, 1).isoformat(), "1936-12-29", "1940-08-20"])
    parser.add_argument("--lang", default="en")
    parser.add_argument("--phone", action="store_true")
    args = parser.parse_args()
    main(args.days, args.lang, args.phone)
