"""Benchmark: someone's own journey at any size, in headless Chromium.  Run: make bench

For journeys of 100, 1,000, 5,000 and 15,000 stops, written as a teacher writes them (five
columns: name, lat, lon, arrived, departed), the same 5,000 stops as WHG's LP-TSV and as a Google
Earth KML, and for our own 21-stop journey written the same way (with its kind column, for its
events), in the same run against one app server:
- upload and validation: from choosing the file (the browser sends it) to "loaded" on the page;
- map visible: from the click on "See it on the map" to the "now" marker drawn, as the page clocks it;
- a slider move: from the key press on the page's date slider to the marker standing elsewhere (median
  of MOVES moves), and to the date panel redrawn by the rerun;
- the server's memory (RSS) growth for that one session, from before the upload to the map drawn, and at
  5,000 stops, per session for three more sessions that hold the journey at once (what each further pupil costs:
  the first one also grows the allocator's pools, which the later ones reuse);
and in this process, without a browser, read + check (journeyfile) and the map's page size.

Targets for 5,000 stops: upload and validation <= 3 s, map visible <= 3 s, slider move <= 50 ms,
memory <= 20 MB per session. Absolute times drift with the machine; the ratios to our own
journey are the figures to quote.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

import psutil
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests" / "browser")]
from harness import CHROMIUM, LAUNCH_ARGS, Network, map_packages, start_streamlit, stop_streamlit  # noqa: E402
from slider import MAP_FRAME, MARKER, MARKER_CLOCK, map_frame, timed_move  # noqa: E402

from exilemap import journeyfile, mapview, readers  # noqa: E402
from exilemap.gazetteer import MAX_UPLOAD_MB, load, write_csv  # noqa: E402
from exilemap.phrases import format_date  # noqa: E402
from exilemap.route import Route  # noqa: E402

SIZES = (100, 1_000, 5_000, 15_000)
MOVES = 8  # our own journey's first transit (Moscow to Alma-Ata) gives eight
START = dt.date(1850, 1, 1)
TARGETS = {"upload_s": 3.0, "map_s": 3.0, "move_ms": 50.0, "memory_mb": 20.0}


def written(day: dt.date, precision: str) -> str:
    return {"year": str(day.year), "month": f"{day.year}-{day.month:02d}"}.get(precision, day.isoformat())


def our_journey() -> bytes:
    """Our own stops in a teacher's columns (and kind, for the events), dates written to their precision."""
    gz = load()
    rows = [{"name": s.name, "lat": s.lat, "lon": s.lon, "arrived": written(s.arrived, s.arrived_precision),
             "departed": written(s.departed, s.departed_precision), "kind": s.kind} for s in gz.stops]  # fmt: skip
    return write_csv(["name", "lat", "lon", "arrived", "departed", "kind"], rows).encode()


def synthetic(n: int, seed: int = 13) -> bytes:
    """n one-day stops, two days apart, on a random walk across Europe: every day moves the marker."""
    rng = random.Random(seed)
    lat, lon, rows = 48.0, 10.0, []
    for k in range(n):
        lat = min(70.0, max(36.0, lat + rng.uniform(-0.6, 0.6)))
        lon = min(40.0, max(-10.0, lon + rng.uniform(-0.9, 0.9)))
        day = (START + dt.timedelta(days=3 * k)).isoformat()
        rows.append({"name": f"Stop {k + 1}", "lat": f"{lat:.5f}", "lon": f"{lon:.5f}", "arrived": day, "departed": day})
    return write_csv(["name", "lat", "lon", "arrived", "departed"], rows).encode()


def as_lp_tsv(raw: bytes) -> bytes:
    """The same stops in WHG's LP-TSV (tab-delimited, WHG's column names, a title_source and fclasses on every row)."""
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(raw.decode())))
    header = ["id", "title", "title_source", "start", "end", "fclasses", "lon", "lat"]
    lines = ["\t".join(header)] + ["\t".join([f"s{k}", r["name"], "Bench gazetteer (synthetic)", r["arrived"], r["departed"], "P",
                                              r["lon"], r["lat"]]) for k, r in enumerate(rows, start=1)]  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


def as_kml(raw: bytes) -> bytes:
    """The same stops as Google Earth writes them: a Placemark each, with a TimeSpan and a Point."""
    import csv
    import io
    from xml.sax.saxutils import escape

    marks = [f"<Placemark><name>{escape(r['name'])}</name><TimeSpan><begin>{r['arrived']}</begin><end>{r['departed']}</end>"
             f"</TimeSpan><Point><coordinates>{r['lon']},{r['lat']},0</coordinates></Point></Placemark>"
             for r in csv.DictReader(io.StringIO(raw.decode()))]  # fmt: skip
    return ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
            + "".join(marks) + "</Document></kml>").encode()  # fmt: skip


FILE_NAMES = {"LP-TSV": "journey.tsv", "KML": "journey.kml"}


def file_name(label: str) -> str:
    return next((name for kind, name in FILE_NAMES.items() if kind in label), "journey.csv")


def in_process(raw: bytes, name: str = "journey.csv") -> dict:
    """Read + check, and the map page's size, in this process (no browser, no server)."""
    began = time.perf_counter()
    checked = journeyfile.check(readers.read(raw, name))
    check_s = time.perf_counter() - began
    gz = checked.gazetteer
    began = time.perf_counter()
    html = mapview.base_map(gz, Route(gz)).get_root().render()
    return {"check_s": check_s, "map_build_s": time.perf_counter() - began, "map_kb": len(html.encode()) / 1024}


def _session(browser, packages, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    network = Network(packages)
    context.route(network.remote, network.handle)
    context.add_init_script(MARKER_CLOCK)
    page = context.new_page()
    page.goto(f"{url}/Your_journey")
    page.get_by_role("heading", name="Map your own journey").wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    return context, network, page


def _upload_and_map(page, name: str, raw: bytes, file: str = "journey.csv") -> tuple[float, float]:
    """Upload a journey and open it on the map, as a teacher does: seconds to "loaded", then to the map drawn."""
    page.get_by_label("Name of the journey").fill(name)
    began = time.perf_counter()
    box = page.get_by_role("region", name=f"Places (required, {MAX_UPLOAD_MB} MB each)")
    box.locator("input[type=file]").set_input_files([{"name": file, "mimeType": "application/octet-stream", "buffer": raw}])
    box.get_by_text(file).wait_for(timeout=60_000)
    page.get_by_role("button", name="Map my journey").click()
    page.get_by_text("loaded:").wait_for(timeout=120_000)
    upload_s = time.perf_counter() - began

    clicked_at = page.evaluate("performance.timeOrigin + performance.now()")
    page.get_by_role("link", name="See it on the map").click()
    page.frame_locator(MAP_FRAME).locator(MARKER).first.wait_for(state="visible", timeout=120_000)
    map_s = (map_frame(page).evaluate("window.__markerAt") - clicked_at) / 1000
    page.locator('[data-testid="stSlider"] input[type=range]').wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    return upload_s, map_s


def further_sessions(browser, packages, url: str, pid: int, raw: bytes, n: int = 3) -> float:
    """MB per session when n more sessions hold the same journey at once (all open): what each further pupil costs."""
    opened = [_session(browser, packages, url) for _ in range(n)]
    rss_before = psutil.Process(pid).memory_info().rss
    for k, (_, _, page) in enumerate(opened):
        _upload_and_map(page, f"pupil {k + 1}", raw)
    rss_after = psutil.Process(pid).memory_info().rss
    for context, _, _ in opened:
        context.close()
    return (rss_after - rss_before) / n / 2**20


def in_browser(browser, packages, url: str, pid: int, name: str, raw: bytes) -> dict:
    context, network, page = _session(browser, packages, url)
    rss_before = psutil.Process(pid).memory_info().rss
    upload_s, map_s = _upload_and_map(page, name, raw, file_name(name))
    slider = page.locator('[data-testid="stSlider"] input[type=range]')
    rss_after = psutil.Process(pid).memory_info().rss

    # from the first day, over the first MOVES days on which the marker moves (in a stay it stands still),
    # the map fitted to where they go so that each move shows
    route = Route(journeyfile.check(readers.read(raw, file_name(name))).gazetteer)
    days = [route.first + dt.timedelta(days=n) for n in range(4 * MOVES)]
    spots = [(p.lat, p.lon) for p in map(route.position, days)]
    moving = [n for n in range(1, len(days)) if spots[n] != spots[n - 1]][:MOVES]
    shown = [spots[n] for n in range(moving[-1] + 1)]
    bounds = [[min(p[0] for p in shown), min(p[1] for p in shown)], [max(p[0] for p in shown), max(p[1] for p in shown)]]
    map_frame(page).evaluate(f"() => {{ map.fitBounds({bounds}, {{padding: [40, 40], animate: false}}); }}")
    page.wait_for_timeout(300)
    moves, panels = [], []
    for n in range(1, moving[-1] + 1):
        slider.focus()
        if n not in moving:  # a day in a stay: the marker stays put; move on without timing it
            page.keyboard.press("ArrowRight")
            page.get_by_text(format_date(days[n])).first.wait_for(timeout=30_000)
            page.wait_for_timeout(300)
            continue
        ms, _, _, panel_ms = timed_move(page, network, page.main_frame, format_date(days[n]))
        moves.append(ms)
        panels.append(panel_ms)
    context.close()
    return {"upload_s": upload_s, "map_s": map_s, "move_ms": statistics.median(moves),
            "panel_ms": statistics.median(panels),
            "memory_mb": (rss_after - rss_before) / 2**20}  # fmt: skip


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or SIZES  # e.g. `python bench/journeys.py 5000` for one size
    journeys = [("our 21-stop journey", our_journey())] + [(f"{n:,} stops", synthetic(n)) for n in sizes]
    if 5_000 in sizes:  # the same 5,000 stops as the field writes them
        journeys += [("5,000 stops, LP-TSV", as_lp_tsv(synthetic(5_000))), ("5,000 stops, KML", as_kml(synthetic(5_000)))]
    packages = map_packages()
    results, further = {}, None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        proc, url, _ = start_streamlit("app.py", env={"EXILE_MAP_NOMINATIM": "off"})
        try:
            in_browser(browser, packages, url, proc.pid, "warm-up", journeys[0][1])  # the server's first map page: not counted
            for label, raw in journeys:
                results[label] = in_process(raw, file_name(label)) | in_browser(browser, packages, url, proc.pid, label, raw)
                print(f"measured {label}", file=sys.stderr)
            if 5_000 in sizes:
                further = further_sessions(browser, packages, url, proc.pid, synthetic(5_000))
                print("measured 3 further sessions of 5,000 stops", file=sys.stderr)
        finally:
            stop_streamlit(proc)
            browser.close()
    ours = results["our 21-stop journey"]
    lines = [
        "| journey | upload + check (s) | map visible (s) | slider move (ms) | panel redrawn (ms) | memory (MB) "
        "| check in process (s) | map page (KB) | vs ours: upload / map / move |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, r in results.items():
        ratios = " / ".join(f"{r[k] / ours[k]:.2f}" for k in ("upload_s", "map_s", "move_ms"))
        lines.append(f"| {label} | {r['upload_s']:.2f} | {r['map_s']:.2f} | {r['move_ms']:.1f} | {r['panel_ms']:.0f} | "
                     f"{r['memory_mb']:.1f} | {r['check_s']:.2f} | {r['map_kb']:.0f} | {ratios} |")  # fmt: skip
    met = "; ".join(
        f"{label}: " + ", ".join(f"{k} {'yes' if r[k] <= bound else 'NO'} ({r[k]:.2f} <= {bound})" for k, bound in TARGETS.items())
        for label, r in results.items() if label.startswith("5,000 stops")
    ) or "not measured"  # fmt: skip
    extra = [] if further is None else [
        f"memory (MB) is the first 5,000-stop session's growth; each further session holding it, with 3 open at once: "
        f"{further:.1f} MB (target {TARGETS['memory_mb']:.0f})"]  # fmt: skip
    report = "\n".join(lines + ["", f"targets at 5,000 stops: {met}", *extra])
    print(report)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "journeys.md").write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
