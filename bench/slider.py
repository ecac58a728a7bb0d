"""Benchmark: our map against the plain approach, in headless Chromium.  Run: make bench

For each app (ours, and bench/baseline_app.py which rebuilds the whole folium map on
every rerun) it measures
- per slider move (arrow key on the date slider): time from the key press until the
  "now" marker stands at its new position, over MOVES moves (median, p95), and the
  tile and asset requests each move caused; for our page's slider also the time until
  the rerun has redrawn the date panel (the marker moves in the browser before that);
- time from navigation to the first visible marker;
and for our app, the server side: its CPU time per page-slider move (from /proc, over 5
rounds of 30 moves in Chromium; target at most 1.3x Streamlit's own floor, bench/floor_app.py, in the same run), one rerun's time and profile (cProfile through
Streamlit's AppTest), and the server process's memory with one and with ten sessions.
`--cpu-only` measures the CPU per move alone.
Also the playback frame rate of the in-map Play control, and a date move's server CPU in English and in Spanish
(`--languages-only`; target: Spanish at most 10% more).

Everything runs on this machine: tiles and CDN assets are answered locally, as in the
browser tests. Absolute times drift with the machine; the ratios are the figures to quote.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import statistics
import sys
import threading
import time
from pathlib import Path

import psutil
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from harness import CHROMIUM, LAUNCH_ARGS, Network, map_packages, start_streamlit, stop_streamlit  # noqa: E402

from exilemap import i18n  # noqa: E402
from exilemap.gazetteer import load  # noqa: E402
from exilemap.phrases import format_date  # noqa: E402
from exilemap.route import Route  # noqa: E402


def longest_leg() -> tuple[dt.date, int, tuple[float, float]]:
    """The first day on the way in the route's longest journey between two stays, its days on the way, and its middle.

    Every day on the way moves the marker; in a stay it stands still. Taken from data/ so that a
    corrected date there (Lagny's stay, found in April 1934, once put START inside a stay) cannot
    leave the bench timing a marker that never moves.
    """
    visits = Route(load()).visits
    a, b = max(zip(visits, visits[1:]), key=lambda pair: (pair[1].start - pair[0].end).days)
    return (
        a.end + dt.timedelta(days=1),
        (b.start - a.end).days - 1,
        ((a.stop.lat + b.stop.lat) / 2, (a.stop.lon + b.stop.lon) / 2),
    )


START, ON_THE_WAY, LEG_MIDDLE = longest_leg()  # today Chamonix to Domène, June to July 1934
MOVES = min(40, ON_THE_WAY - 1)
LOADS = 7
STUTTER_MS = 150  # playback: a longer gap between two steps is a visible stutter (the playback test once held this bound)
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKER = "path.now-marker"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


WATCH = """() => {
    window.__movedAt = null;
    window.__watched = true;
    const m = document.querySelector('path.now-marker');
    const start = m ? m.getBoundingClientRect() : null;
    const moved = () => {
        const now = document.querySelector('path.now-marker');
        const r = now && now.getBoundingClientRect();
        // a new marker element (the map was rebuilt) or the same one standing elsewhere
        return r && r.width && (now !== m || Math.abs(r.x - start.x) > 0.5 || Math.abs(r.y - start.y) > 0.5);
    };
    const done = () => { if (window.__movedAt === null && moved()) { window.__movedAt = performance.timeOrigin + performance.now(); obs.disconnect(); } };
    const obs = new MutationObserver(done);
    obs.observe(document.body, {subtree: true, childList: true, attributes: true});
}"""
# The key press's own time (the event's timeStamp: when the browser received it, so waiting to be handled counts),
# heard first in the window's capture phase, before any listener of the page or the app.
KEYDOWN = """() => { window.__keyAt = null; window.addEventListener('keydown',
    e => { if (window.__keyAt === null) window.__keyAt = performance.timeOrigin + e.timeStamp; }, {capture: true, once: true}); }"""


def map_frame(page):
    return next(f for f in page.frames if "st_folium" in f.url)


# In the page: the moment the date panel first shows the given text (the rerun has drawn the new date).
PANEL_WATCH = """text => {
    window.__panelAt = null;
    const panel = document.querySelector('.st-key-panel');
    const done = () => { if (window.__panelAt === null && panel.textContent.includes(text)) {
        window.__panelAt = performance.timeOrigin + performance.now(); obs.disconnect(); } };
    const obs = new MutationObserver(done);
    obs.observe(panel, {subtree: true, childList: true, characterData: true});
}"""


def timed_move(page, network, target_frame, panel_text: str | None = None) -> tuple[float, int, int, float | None]:
    """Press ArrowRight on the focused slider.

    Returns (ms from keydown to the marker moved, tiles, assets, ms from keydown to the panel
    showing panel_text, if given). If the map's iframe is replaced (the baseline rebuilds it),
    the moment is when the new frame first shows its marker, found by polling: that overstates
    the baseline by at most one poll (a few ms), never understates it.
    """
    n_tiles, n_assets = len(network.tiles()), len(network.assets())
    map_frame(page).evaluate(WATCH)
    target_frame.evaluate(KEYDOWN)
    if panel_text is not None:
        page.evaluate(PANEL_WATCH, panel_text)
    page.keyboard.press("ArrowRight")
    moved_at, deadline = None, time.perf_counter() + 30
    while moved_at is None and time.perf_counter() < deadline:
        for frame in [f for f in page.frames if "st_folium" in f.url]:
            try:  # the watched document, or a new one (the map was rebuilt) once its marker shows
                moved_at = frame.evaluate(
                    "window.__watched ? window.__movedAt"
                    " : (document.querySelector('path.now-marker') ? performance.timeOrigin + performance.now() : null)"
                )
            except Exception:  # a frame detached while we looked
                continue
            if moved_at is not None:
                break
        else:
            page.wait_for_timeout(1)
    if moved_at is None:
        raise TimeoutError("the marker did not move within 30 s")
    key_at = target_frame.evaluate("window.__keyAt")
    panel_ms = None
    if panel_text is not None:
        page.wait_for_function("window.__panelAt !== null", timeout=30_000)
        panel_ms = page.evaluate("window.__panelAt") - key_at
    page.wait_for_timeout(300)  # let any rerun settle before the next move
    return moved_at - key_at, len(network.tiles()) - n_tiles, len(network.assets()) - n_assets, panel_ms


def measure_moves(browser, packages, url: str, control: str = "page", prepare=None) -> dict:
    """Slider moves on an app already running at url; control is "page" (Streamlit's slider) or "map" (the in-map clock).

    `prepare(context, page)`, if given, sets the page up before it loads (bench/school_laptop.py throttles it).
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    network = Network(packages)
    context.route(network.remote, network.handle)
    page = context.new_page()
    if prepare:
        prepare(context, page)
    page.goto(f"{url}/?date={START.isoformat()}")
    page.frame_locator(MAP_FRAME).locator(MARKER).first.wait_for(state="visible", timeout=60_000)
    page.locator('[data-testid="stSlider"] input[type=range]').wait_for(timeout=60_000)  # ours draws it after the map
    page.wait_for_timeout(1500)
    map_frame(page).evaluate(
        f"map.setView([{LEG_MIDDLE[0]}, {LEG_MIDDLE[1]}], 8, {{animate: false}})"
    )  # one day moves the marker visibly
    page.wait_for_timeout(500)
    has_panel = page.locator(".st-key-panel").count() > 0
    if control == "map":
        target, focus = map_frame(page), lambda: page.frame_locator(MAP_FRAME).locator(".playback-range").focus()
    else:
        target, focus = page.main_frame, lambda: page.locator('[data-testid="stSlider"] input[type=range]').focus()
    target.evaluate(NEXT_PAINT)
    times, tiles, assets, panel = [], [], [], []
    for n in range(MOVES):
        focus()
        # the page slider's rerun redraws the panel; the map's scrubber tells the page only on release
        text = format_date(START + dt.timedelta(days=n + 1)) if has_panel and control == "page" else None
        ms, n_tiles, n_assets, panel_ms = timed_move(page, network, target, text)
        times.append(ms)
        tiles.append(n_tiles)
        assets.append(n_assets)
        if panel_ms is not None:
            panel.append(panel_ms)
    page.wait_for_timeout(500)
    paints = target.evaluate("window.__paints")  # keydowns whose next paint came in under 16 ms are not reported: 0
    paints += [0.0] * (MOVES - len(paints))
    context.close()
    return {"median_ms": statistics.median(times), "p95_ms": percentile(times, 0.95),
            "tiles_per_move": statistics.mean(tiles), "assets_per_move": statistics.mean(assets),
            "paint_median_ms": statistics.median(paints), "paints_under_16": paints.count(0),
            "panel_median_ms": statistics.median(panel) if panel else None,
            "panel_p95_ms": percentile(panel, 0.95) if panel else None}  # fmt: skip


# The browser's own figure for each key press (Event Timing, as Interaction to Next Paint reads it): from the key's
# timestamp to the next paint after its handlers ran, rounded to 8 ms. Reported only from 16 ms up.
NEXT_PAINT = """() => { window.__paints = [];
    new PerformanceObserver(list => { for (const e of list.getEntries()) if (e.name === 'keydown') window.__paints.push(e.duration); })
        .observe({type: 'event', durationThreshold: 16}); }"""


# In every frame from its start: the moment a visible "now" marker first appears, stamped by the page itself
# (Playwright's own waiting polls every 500 ms after a while, too coarse to compare two apps).
MARKER_CLOCK = """(() => {
    // polled, not observed: streamlit-folium rewrites its frame's document, which drops observers and animation frames
    const timer = setInterval(() => {
        const m = document.querySelector('path.now-marker');
        if (m && m.getBoundingClientRect().width > 0) {
            window.__markerAt = performance.timeOrigin + performance.now();
            clearInterval(timer);
        }
    }, 5);
})();"""


def first_marker_times(browser, packages, urls: list[str], loads: int = LOADS, prepare=None) -> list[list[float]]:
    """Seconds from navigation to the first visible marker, per app, in fresh browser sessions, as the page clocks it.

    The apps' loads alternate (after one warm-up each), so drift in the machine's speed
    falls on both alike.
    """
    times: list[list[float]] = [[] for _ in urls]
    for n in range(loads + 1):
        for which, url in enumerate(urls):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            network = Network(packages)
            context.route(network.remote, network.handle)
            page = context.new_page()
            context.add_init_script(MARKER_CLOCK)
            finish = prepare(context, page) if prepare else None
            page.goto(f"{url}/?date={START.isoformat()}")
            page.frame_locator(MAP_FRAME).locator(MARKER).first.wait_for(state="visible", timeout=60_000)
            marker_at = map_frame(page).evaluate("window.__markerAt")
            if finish:
                finish(which, n)
            if n:  # the first load warms the server's caches; it is not counted
                times[which].append((marker_at - page.evaluate("performance.timeOrigin")) / 1000)
            context.close()
    return times


def measure_playback(browser, packages, prepare=None, during_load: bool = False) -> dict:
    """Steps a second and the worst gap between two steps over 120 steps of the map's Play.

    On a loaded page (its timeline drawn, its run finished), unless `during_load`: then Play is pressed a second after
    the page's slider shows, while the page may still be drawing the rest (a pupil who presses Play at once).
    """
    proc, url, _ = start_streamlit("app.py")
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        network = Network(packages)
        context.route(network.remote, network.handle)
        page = context.new_page()
        if prepare:
            prepare(context, page)
        page.goto(f"{url}/?date=1929-01-01")
        frame_locator = page.frame_locator(MAP_FRAME)
        frame_locator.locator(".playback-toggle").wait_for(timeout=60_000)
        page.locator('[data-testid="stSlider"]').wait_for(timeout=60_000)  # the page has drawn the rest, as a user sees it
        if not during_load:  # and has finished: the timeline's chart drawn, the run over
            page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg').first.wait_for(
                timeout=120_000
            )
            page.wait_for_function("document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning'",
                                   timeout=120_000)  # fmt: skip
        page.wait_for_timeout(1000)
        frame = next(f for f in page.frames if "st_folium" in f.url)
        frame.evaluate("window.__frames = []; window.__mark = () => { window.__frames.push(performance.now()); }")
        frame_locator.locator(".playback-toggle").click()
        frame.evaluate(
            """() => new Promise((resolve, reject) => {
                setTimeout(() => reject(new Error('playback stopped before 120 steps')), 30000);
                let last = null;
                const tick = () => {
                    const d = window.exileTime.day;  // one step = the clock shows a new day
                    if (d !== last) { window.__frames.push(performance.now()); last = d; }
                    if (window.__frames.length < 120) requestAnimationFrame(tick); else resolve();
                };
                tick();
            })"""
        )
        frame_locator.locator(".playback-toggle").click()
        stamps = frame.evaluate("window.__frames")
        gaps = [b - a for a, b in zip(stamps[1:], stamps[2:], strict=False)]
        context.close()
        return {"steps_per_s": 1000 / statistics.mean(gaps), "worst_gap_ms": max(gaps)}
    finally:
        stop_streamlit(proc)


def server_side() -> dict:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["map_ready"] = True  # as after the map's first report: the slider is drawn
    at.run()
    days = [START + dt.timedelta(days=i) for i in range(20)]
    t = time.perf_counter()
    for day in days:
        at.slider[0].set_value(day).run()
    per_rerun = (time.perf_counter() - t) / len(days) * 1000
    profiler = cProfile.Profile()

    def profile_script_thread(*_):  # AppTest runs the script in a new thread for each run
        sys.setprofile(None)
        profiler.enable()

    threading.setprofile(profile_script_thread)
    for day in days:
        at.slider[0].set_value(day + dt.timedelta(days=1)).run()
    threading.setprofile(None)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(
        r"exilemap|streamlit_folium|streamlit/elements|ui\.py|app\.py", 12
    )
    return {"rerun_ms": per_rerun, "profile": out.getvalue()}


CPU_MOVES = 30
CPU_ROUNDS = 5
CPU_TARGET_RATIO = 1.3  # server CPU per page-slider move: at most 1.3x Streamlit's own floor (bench/floor_app.py), same run
LANGUAGE_TARGET_RATIO = 1.10  # a move in Spanish costs at most 10% more than in English


def server_cpu_per_move(browser, packages, script: str = "app.py", moves: int = CPU_MOVES, rounds: int = CPU_ROUNDS,
                        lang: str = "en") -> dict:  # fmt: skip
    """The streamlit server's CPU time (user + system, from /proc/<pid>/stat) per move of the page's date slider.

    In Chromium, as a pupil does it: focus the slider, press the right arrow, wait until the rerun
    has redrawn the panel with the new date, again, `moves` times: one round. Each round is counted
    from just before its first key press to a second after its last redraw, so everything its moves
    caused is in it. The figure is the CPU of all rounds over all their moves (/proc counts in 10 ms
    ticks, so one round of 30 moves alone would be read to 0.3 ms); the rounds' range is reported
    beside it, and so is the idle server's own CPU over a round's span (measured first), not subtracted.
    `script` bench/floor_app.py gives Streamlit's own floor: one slider and one line of text. `lang` is the page's
    language (?lang=), its panel's date written as that language writes it.
    """
    tr = i18n.translator(lang)
    proc, url, _ = start_streamlit(script)
    try:
        server = psutil.Process(proc.pid)

        def cpu_s() -> float:
            times = server.cpu_times()
            return times.user + times.system

        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        network = Network(packages)
        context.route(network.remote, network.handle)
        page = context.new_page()
        page.goto(f"{url}/?date={START.isoformat()}" + (f"&lang={lang}" if lang != "en" else ""))
        if script == "app.py":
            page.frame_locator(MAP_FRAME).locator(MARKER).first.wait_for(state="visible", timeout=60_000)
        slider = page.locator('[data-testid="stSlider"] input[type=range]')
        slider.wait_for(timeout=60_000)
        page.wait_for_timeout(2000)
        idle_from, idle_at = cpu_s(), time.perf_counter()
        page.wait_for_timeout(3000)
        idle_per_s = (cpu_s() - idle_from) / (time.perf_counter() - idle_at)
        slider.focus()
        per_move, spans, spent, day = [], [], 0.0, START
        for _ in range(rounds):
            began, began_at = cpu_s(), time.perf_counter()
            for _ in range(moves):
                day += dt.timedelta(days=1)
                page.evaluate(PANEL_WATCH, format_date(day, tr=tr))
                page.keyboard.press("ArrowRight")
                page.wait_for_function("window.__panelAt !== null", timeout=30_000)
            page.wait_for_timeout(1000)
            round_s = cpu_s() - began
            spent += round_s
            per_move.append(round_s / moves * 1000)
            spans.append(time.perf_counter() - began_at)
        context.close()
        return {"cpu_ms_per_move": spent / (moves * rounds) * 1000, "low": min(per_move), "high": max(per_move),
                "idle_ms_per_move": idle_per_s * statistics.median(spans) / moves * 1000, "moves": moves, "rounds": rounds}  # fmt: skip
    finally:
        stop_streamlit(proc)


def server_memory(browser, packages) -> dict:
    proc, url, _ = start_streamlit("app.py")
    try:
        rss = {}
        contexts = []
        for n in range(1, 11):
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            network = Network(packages)
            context.route(network.remote, network.handle)
            page = context.new_page()
            page.goto(f"{url}/?date=1930-01-01")
            page.frame_locator(MAP_FRAME).locator(MARKER).first.wait_for(timeout=60_000)
            contexts.append(context)
            if n in (1, 10):
                page.wait_for_timeout(1000)
                rss[n] = psutil.Process(proc.pid).memory_info().rss / 2**20
        for context in contexts:
            context.close()
        return {"rss_1_mb": rss[1], "rss_10_mb": rss[10]}
    finally:
        stop_streamlit(proc)


def cpu_report(cpu: dict, floor: dict) -> str:
    ratio = cpu["cpu_ms_per_move"] / floor["cpu_ms_per_move"]
    ok = "yes" if ratio <= CPU_TARGET_RATIO else "NO"
    return (f"- server CPU per page-slider move ({cpu['rounds']} rounds of {cpu['moves']} moves in Chromium, /proc): "
            f"{cpu['cpu_ms_per_move']:.2f} ms (rounds {cpu['low']:.1f} to {cpu['high']:.1f} ms; idle server over the same span: "
            f"{cpu['idle_ms_per_move']:.2f} ms per move)\n"
            f"- Streamlit's own floor on this machine (bench/floor_app.py: a fragment with one slider and one line): "
            f"{floor['cpu_ms_per_move']:.2f} ms per move; the map page costs {ratio:.2f}x that; target <= {CPU_TARGET_RATIO}x: {ok}")  # fmt: skip


def language_cost(browser, packages) -> dict:
    """A date move's server CPU in English and in Spanish, measured English, Spanish, English, Spanish in one run, so
    the machine's drift falls on both alike; the ratio is of the pooled figures."""
    runs = {"en": [], "es": []}
    for lang in ("en", "es", "en", "es"):
        runs[lang].append(server_cpu_per_move(browser, packages, lang=lang)["cpu_ms_per_move"])
    en, es = statistics.mean(runs["en"]), statistics.mean(runs["es"])
    return {"en": en, "es": es, "ratio": es / en, "runs": runs}


def language_report(cost: dict) -> str:
    ok = "yes" if cost["ratio"] <= LANGUAGE_TARGET_RATIO else "NO"
    runs = "; ".join(f"{lang} {', '.join(f'{v:.2f}' for v in values)}" for lang, values in cost["runs"].items())
    return (
        f"- a date move's server CPU, English | Spanish: {cost['en']:.2f} ms | {cost['es']:.2f} ms (runs: {runs}); "
        f"Spanish costs {cost['ratio']:.3f}x English; target <= {LANGUAGE_TARGET_RATIO}x: {ok}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cpu-only", action="store_true", help="measure only the server CPU per slider move")
    parser.add_argument("--languages-only", action="store_true", help="measure only a move's cost in English and in Spanish")
    args = parser.parse_args()
    packages = map_packages()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        if args.languages_only:
            print(language_report(language_cost(browser, packages)))
            return
        cpu = server_cpu_per_move(browser, packages)
        floor = server_cpu_per_move(browser, packages, "bench/floor_app.py")
        languages = language_cost(browser, packages)
        if args.cpu_only:
            browser.close()
            print(cpu_report(cpu, floor))
            print(language_report(languages))
            return
        (our_proc, our_url, _), (base_proc, base_url, _) = start_streamlit("app.py"), start_streamlit("bench/baseline_app.py")
        try:
            our_loads, base_loads = first_marker_times(browser, packages, [our_url, base_url])
            ours = measure_moves(browser, packages, our_url, control="map") | {"first_marker_s": statistics.median(our_loads)}
            ours_page = measure_moves(browser, packages, our_url, control="page")
            base = measure_moves(browser, packages, base_url) | {"first_marker_s": statistics.median(base_loads)}
        finally:
            stop_streamlit(our_proc)
            stop_streamlit(base_proc)
        playback = measure_playback(browser, packages)
        memory = server_memory(browser, packages)
        browser.close()
    server = server_side()
    rows = [
        ("map slider move, median (ms)", ours["median_ms"], base["median_ms"]),
        ("map slider move, p95 (ms)", ours["p95_ms"], base["p95_ms"]),
        ("page slider move, median (ms)", ours_page["median_ms"], base["median_ms"]),
        ("page slider move, p95 (ms)", ours_page["p95_ms"], base["p95_ms"]),
        ("page slider move to panel redrawn (rerun), median (ms)", ours_page["panel_median_ms"], base["median_ms"]),
        ("page slider move to panel redrawn (rerun), p95 (ms)", ours_page["panel_p95_ms"], base["p95_ms"]),
        (
            "tile requests per move (map / page slider)",
            ours["tiles_per_move"] + ours_page["tiles_per_move"],
            base["tiles_per_move"],
        ),
        (
            "asset requests per move (map / page slider)",
            ours["assets_per_move"] + ours_page["assets_per_move"],
            base["assets_per_move"],
        ),
        ("navigation to first marker (s)", ours["first_marker_s"], base["first_marker_s"]),
    ]
    lines = ["| measure | Exile Map | baseline | ratio |", "|---|---:|---:|---:|"]
    for name, a, b in rows:
        ratio = f"{a / b:.3f}" if b else "—"
        lines.append(f"| {name} | {a:.2f} | {b:.2f} | {ratio} |")
    lines += [
        "",
        f"- playback: {playback['steps_per_s']:.0f} marker steps per second, worst gap {playback['worst_gap_ms']:.0f} ms",
        f"- server, one rerun (AppTest, mean of 20): {server['rerun_ms']:.0f} ms",
        cpu_report(cpu, floor),
        language_report(languages),
        f"- server memory (RSS): {memory['rss_1_mb']:.0f} MiB with one session, {memory['rss_10_mb']:.0f} MiB with ten",
        "",
        f"targets: median <= 1/6 of baseline: map slider {'yes' if ours['median_ms'] <= base['median_ms'] / 6 else 'NO'}, "
        f"page slider {'yes' if ours_page['median_ms'] <= base['median_ms'] / 6 else 'NO'}; "
        f"no tile refetched: {'yes' if ours['tiles_per_move'] + ours_page['tiles_per_move'] == 0 else 'NO'}; "
        f"first marker faster: {'yes' if ours['first_marker_s'] < base['first_marker_s'] else 'NO'}; "
        f"playback >= 20 steps/s: {'yes' if playback['steps_per_s'] >= 20 else 'NO'}; "
        f"no stutter (worst gap < {STUTTER_MS} ms): {'yes' if playback['worst_gap_ms'] < STUTTER_MS else 'NO'}",
    ]
    report = "\n".join(lines)
    print(report)
    print("\nwhere one rerun's time goes (cProfile, cumulative):\n" + server["profile"])
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.md").write_text(report + "\n\n```\n" + server["profile"] + "\n```\n", encoding="utf-8")


if __name__ == "__main__":
    main()
