"""The in-map clock: same positions as Python, playback in the browser, and the page following it."""

from __future__ import annotations

import datetime as dt

import pytest
from test_map_page import GZ, MAP_FRAME, ROUTE, map_frame, open_app, panel_text, set_date, slider_date, wait_idle

from exilemap.phrases import format_date

pytestmark = pytest.mark.browser
EPOCH = dt.date(1970, 1, 1)


def test_the_browser_computes_the_same_position_as_python(page, app_url):
    frame = open_app(page, app_url)
    days = [ROUTE.first + dt.timedelta(days=n) for n in range(-3, (ROUTE.last - ROUTE.first).days + 4, 37)]
    days += [dt.date(1936, 12, 29), dt.date(1928, 1, 21), dt.date(1929, 4, 15)]
    js = frame.evaluate("days => days.map(d => window.exileTime.positionAt(d))", [(d - EPOCH).days for d in days])
    for day, got in zip(days, js, strict=True):
        expected = ROUTE.position(day)
        assert got["status"] == expected.status, day
        assert (got["lat"], got["lon"]) == pytest.approx((expected.lat, expected.lon), abs=1e-9), day
        assert got["index"] == expected.index, day

    # The travelled line is drawn in two parts, the legs behind him and the leg under way: together, Python's line
    # (on the clock's own dates: it shows no date outside the route's).
    days = [min(max(day, ROUTE.first), ROUTE.last) for day in days[::3] + days[-3:]]
    parts = frame.evaluate(
        """days => days.map(d => { window.exileTime.setDate(d);
            const part = name => { let found = null; map.eachLayer(l => {
                if ((l.options.className || '').split(' ').includes(name)) found = l.getLatLngs().map(p => [p.lat, p.lng]); });
                return found; };
            return [part('travelled-behind'), part('travelled-under')]; })""",
        [d.isoformat() for d in days],
    )  # fmt: skip
    for day, (behind, under) in zip(days, parts, strict=True):
        position = ROUTE.position(day)
        drawn = behind + under[1:] if under else behind
        assert bool(under) == (position.status == "transit"), day
        if under:
            assert under[0] == pytest.approx(behind[-1], abs=1e-9), f"{day}: the two parts do not meet"
        expected = [c for point in ROUTE.travelled(position) for c in point]
        assert [c for point in drawn for c in point] == pytest.approx(expected, abs=1e-9), day


def test_playback_animates_in_the_browser_and_the_page_follows_where_it_stops(page, app_url):
    """How fast and how smoothly it plays is measured by `make bench` (bench/slider.py), not here."""
    frame = open_app(page, app_url, "?date=1929-01-01")
    panel_before = panel_text(page)
    toggle = page.frame_locator(MAP_FRAME).locator(".playback-toggle")
    # Watch from before Play: at 90 days a second the clock leaves 1 January 1929 and reaches Constantinople
    # in half a second, then rests at Prinkipo for years. A watcher that started after a busy half second saw
    # only that stay, where the marker rightly stands still.
    frame.evaluate(
        """() => { window.__stepsDone = new Promise(resolve => { const days = []; const marks = [];
            const tick = () => { const d = window.exileTime.day;  // one step = the clock shows a new day
                if (d !== days[days.length - 1]) { days.push(d); marks.push(document.querySelector('path.now-marker').getAttribute('d')); }
                if (days.length < 40) requestAnimationFrame(tick);
                else { window.__steps = {days, marks, count: document.querySelectorAll('path.now-marker').length}; resolve(); } };
            tick(); }); }"""
    )
    toggle.click()
    frame.wait_for_function("window.exileTime.playing", timeout=5_000)
    frame.evaluate("window.__stepsDone")
    assert panel_text(page) == panel_before, "the page reran during playback: it should play in the browser alone"
    toggle.click()
    stopped = dt.date.fromisoformat(frame.evaluate("window.exileTime.day"))
    steps = frame.evaluate("window.__steps")
    assert steps["days"] == sorted(steps["days"]) and len(set(steps["days"])) == 40, "the clock did not step forward"
    assert len(set(steps["marks"])) > 1, (
        f"the marker did not move while playing from {steps['days'][0]} to {steps['days'][-1]}: {steps['marks'][0]}"
        f" ({steps['count']} now-markers in the map's document)"
    )
    assert stopped > dt.date(1929, 1, 1)
    page.wait_for_function(
        "iso => document.querySelector('[data-testid=\"stSlider\"] input[type=range]')"
        ".getAttribute('aria-valuetext') !== null", arg=stopped.isoformat(), timeout=10_000,
    )  # fmt: skip
    wait_idle(page)
    page.wait_for_timeout(500)
    wait_idle(page)
    assert slider_date(page) == stopped, "the page slider did not follow the map"
    position = ROUTE.position(stopped)
    expected = position.stop.name if position.stop else f"On the way from {position.previous.name}"
    assert expected in panel_text(page)


def test_scrubbing_the_map_moves_the_marker_at_once_and_the_page_after_release(page, app_url):
    connection = HeldConnection()
    page.route_web_socket("**/_stcore/stream", connection.route)
    frame = open_app(page, app_url, "?date=1936-12-20")
    scrubber = page.frame_locator(MAP_FRAME).locator(".playback-range")
    before = frame.evaluate("document.querySelector('path.now-marker').getAttribute('d')")
    scrubber.focus()
    connection.hold()  # the server hears nothing, so no rerun (nor a late one's date) can move the marker meanwhile
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    assert frame.evaluate("document.querySelector('path.now-marker').getAttribute('d')") != before
    assert frame.evaluate("window.exileTime.day") == "1936-12-25"
    scrubber.dispatch_event("change")
    assert connection.release(page), "the map reported nothing to the page"
    # the held reports arrive together: the page may draw an earlier day's before the last one's rerun (seen once in
    # a fresh-clone run: 22 December, then 25); what matters is where it comes to rest
    target = dt.date(1936, 12, 25) - EPOCH
    page.wait_for_function(f"Number(document.querySelector('[data-testid=stSlider] input[type=range]')?.value) === {target // dt.timedelta(microseconds=1)}",
                           timeout=15_000)  # fmt: skip
    wait_idle(page)
    assert slider_date(page) == dt.date(1936, 12, 25)


def test_the_timeline_loads_after_the_map_and_a_click_on_a_stay_moves_the_date(page, app_url):
    open_app(page, app_url)
    chart = page.locator('[data-testid="stVegaLiteChart"]')
    chart.wait_for(timeout=30_000)
    canvas = chart.locator("canvas, svg").first
    canvas.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    box = canvas.bounding_box()
    # Prinkipo's long stay fills the middle of its first years, on the row of its country (rows in order of first visit).
    visit = ROUTE.visit_of("prinkipo")
    span = (ROUTE.last - ROUTE.first).days
    assert GZ.stop("prinkipo").country_then == "Turkey"
    plot_left, plot_width = box["x"] + box["width"] * 0.055, box["width"] * 0.94
    middle = visit.start + (visit.end - visit.start) / 2
    x = plot_left + plot_width * (middle - ROUTE.first).days / span
    rows = page.locator('[data-testid="stVegaLiteChart"]')
    countries = list(dict.fromkeys(v.stop.country_then for v in ROUTE.visits))
    row = countries.index("Turkey")
    page.mouse.click(x, box["y"] + box["height"] * ((row + 0.5) / len(countries)) * 0.78)
    page.wait_for_timeout(500)
    wait_idle(page)
    assert slider_date(page) in {ROUTE.visit_of("prinkipo").start, ROUTE.visit_of("constantinople").start}, rows.count()
    map_frame(page).wait_for_function(
        f"window.exileTime.day === {slider_date(page).isoformat()!r}", timeout=10_000
    )  # the map too


RULE_AND_YEARS = """() => { const chart = document.querySelector('[data-testid="stVegaLiteChart"]');
  const x = el => Number(/translate\\(([-\\d.e]+)/.exec(el.getAttribute('transform'))[1]);
  return {rule: [...chart.querySelectorAll('.mark-rule line')].map(x),
          label: [...chart.querySelectorAll('.mark-rule line')].map(line => line.getAttribute('aria-label')),
          years: Object.fromEntries([...chart.querySelectorAll('.role-axis-label text')]
            .filter(t => /^\\d{4}$/.test(t.textContent)).map(t => [t.textContent, x(t)]))}; }"""


def rule_and_axis(page, day: dt.date) -> tuple[float, float]:
    """Where the timeline's date rule stands, and where the chart's own year ticks put `day` (px)."""
    drawn = page.evaluate(RULE_AND_YEARS)
    assert drawn["label"] == [f"The date shown: {format_date(day)}"], drawn  # its words, for a screen reader
    year = dt.date(day.year, 1, 1)
    start, end = drawn["years"][str(day.year)], drawn["years"][str(day.year + 1)]
    return drawn["rule"][0], start + (end - start) * (day - year).days / (dt.date(day.year + 1, 1, 1) - year).days


def test_the_timelines_rule_follows_the_slider_in_the_browser_to_where_its_axis_puts_the_date(page, app_url):
    open_app(page, app_url, "?date=1929-06-01")
    rows = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] .role-axis-label text')]
      .filter(t => !/^\\d{4}$/.test(t.textContent)).map(t => [t.textContent, t.getAttribute('opacity')])""")
    countries = list(dict.fromkeys(v.stop.country_then for v in ROUTE.visits))
    assert rows == [[c, "1"] for c in countries], "every country's row is named (Vega hides a label that would overlap)"
    for day in (dt.date(1929, 6, 1), dt.date(1937, 3, 10), dt.date(1932, 11, 27)):
        if day != slider_date(page):
            set_date(page, day)  # by pointer, then keys: reruns of the slider's fragment only
            page.wait_for_timeout(300)
        rule, axis = rule_and_axis(page, day)
        assert rule == pytest.approx(axis, abs=0.5), f"the rule stands at {rule:.1f} px, the axis puts {day} at {axis:.1f} px"


class HeldConnection:
    """The page's websocket to Streamlit, passed through, except that while held the page's messages wait."""

    def __init__(self) -> None:
        self.held: list | None = None

    def route(self, ws) -> None:
        server = ws.connect_to_server()
        ws.on_message(lambda message: self.held.append(message) if self.held is not None else server.send(message))
        server.on_message(ws.send)
        self.server = server

    def hold(self) -> None:
        self.held = []

    def release(self, page) -> list:
        """Pass on what the page sent while held, once it has sent something (Streamlit's slider may wait a little)."""
        for _ in range(50):
            if self.held:
                break
            page.wait_for_timeout(100)
        held, self.held = self.held, None
        for message in held:
            self.server.send(message)
        return held


def test_the_page_slider_moves_the_marker_in_the_browser_before_any_rerun(page, app_url):
    connection = HeldConnection()
    page.route_web_socket("**/_stcore/stream", connection.route)
    frame = open_app(page, app_url, "?date=1936-12-29")
    before = frame.evaluate("document.querySelector('path.now-marker').getAttribute('d')")
    connection.hold()  # from here on the server hears nothing: no rerun can move the marker
    page.locator(".st-key-date input[type=range]").focus()
    page.keyboard.press("End")
    page.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=5_000)
    frame.wait_for_function("window.exileTime.day === '1940-08-21'", timeout=5_000)
    assert frame.evaluate("document.querySelector('path.now-marker').getAttribute('d')") != before
    assert "On the way from" in panel_text(page), "the panel changed, so a rerun happened"
    assert connection.release(page), "the slider sent nothing to the server"
    page.get_by_role("heading", name="Mexico City (Cruz Verde hospital)").wait_for(timeout=10_000)
    wait_idle(page)
    assert frame.evaluate("window.exileTime.day") == "1940-08-21"
    # An arrow key moves the marker before Streamlit has even handled the key: on the slider's own input (the key's
    # target, heard after the page's capture and before React's handlers) the map already shows the day before
    # while the input still holds the old value.
    page.evaluate("""() => { const input = document.querySelector('.st-key-date input[type=range]');
        window.__seen = null;
        input.addEventListener('keydown', () => { window.__seen = [input.value,
            document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentWindow.exileTime.day]; }, {once: true}); }""")
    page.locator(".st-key-date input[type=range]").focus()
    page.keyboard.press("ArrowLeft")
    seen_value, seen_day = page.evaluate("window.__seen")
    assert EPOCH + dt.timedelta(microseconds=int(seen_value)) == dt.date(1940, 8, 21)
    assert seen_day == "1940-08-20"
    page.get_by_role("heading", name="Mexico City (Cruz Verde hospital)").wait_for(timeout=10_000)
    wait_idle(page)
    assert slider_date(page) == dt.date(1940, 8, 20) and frame.evaluate("window.exileTime.day") == "1940-08-20"
    # A key the slider never takes (stopped, and its default too, before Streamlit or the input hears it): the marker
    # goes back to the slider's day.
    page.evaluate("""() => document.querySelector('.st-key-date input[type=range]')
        .addEventListener('keydown', e => { e.preventDefault(); e.stopPropagation(); }, {once: true})""")
    page.keyboard.press("ArrowLeft")
    assert frame.evaluate("window.exileTime.day") == "1940-08-19"
    frame.wait_for_function("window.exileTime.day === '1940-08-20'", timeout=5_000)
    assert slider_date(page) == dt.date(1940, 8, 20)
    connection.hold()  # and with the pointer: a click on the slider's track, a quarter of the way along
    track = page.locator('.st-key-date [role="group"] > div').first.bounding_box()
    page.mouse.click(track["x"] + track["width"] / 4, track["y"] + track["height"] / 2)
    frame.wait_for_function("window.exileTime.day < '1932-01-01'", timeout=5_000)
    assert "Mexico City" in panel_text(page), "the panel changed, so a rerun happened"
    assert connection.release(page)


def test_a_map_that_never_draws_does_not_keep_the_slider_panel_and_timeline_away(page, app_url):
    page.route("**/leaflet.js", lambda route: route.abort())  # a blocked CDN: the map's script never runs
    page.goto(app_url + "/?date=1930-06-15")
    page.get_by_role("heading", name="Prinkipo").wait_for(timeout=30_000)
    page.locator(".st-key-date input[type=range]").wait_for(timeout=20_000)
    page.locator('[data-testid="stVegaLiteChart"]').wait_for(timeout=20_000)
    assert slider_date(page) == dt.date(1930, 6, 15)
    assert not page.frame_locator(MAP_FRAME).locator("path.now-marker").count()
    assert not page.locator('[data-testid="stException"]').count()


def test_playback_started_at_once_goes_on_when_the_page_draws_its_slider(page, app_url):
    page.goto(app_url + "/?date=1929-01-01")
    toggle = page.frame_locator(MAP_FRAME).locator(".playback-toggle")
    toggle.click()  # before the map has reported: the page's slider, panel and timeline come after this
    page.locator(".st-key-date input[type=range]").wait_for(timeout=30_000)
    wait_idle(page)
    frame = next(f for f in page.frames if "st_folium" in f.url)
    assert frame.evaluate("window.exileTime.playing"), "a slider drawn by a rerun stopped playback"
    day = frame.evaluate("window.exileTime.day")
    page.wait_for_timeout(300)
    assert frame.evaluate("window.exileTime.day") > day
