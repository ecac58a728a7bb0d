"""The map for a screen reader and a keyboard, in Chromium: its words, its announcements, its motion, and a walk-through by keys."""

from __future__ import annotations

import datetime as dt

import axe
import pytest
from playwright.sync_api import expect
from test_map_page import GZ, MAP_FRAME, ROUTE, map_frame, open_app, slider_date, wait_idle

from exilemap import translations
from exilemap.timecontrol import LIVE_EVERY_MS, LIVE_REST_MS, describe

pytestmark = pytest.mark.browser

# Each announcement and each date shown, timed as it is written. (A MutationObserver's callback runs only after
# the rest of the frame's task, so under load its clock reads late by however long the map took to redraw.)
RECORD_LIVE = """() => { window.__said = []; window.__shown = [];
  const text = Object.getOwnPropertyDescriptor(Node.prototype, 'textContent');
  const record = (element, into) => Object.defineProperty(element, 'textContent', {configurable: true,
    get() { return text.get.call(this); },
    set(value) { into.push({t: performance.now(), text: value}); text.set.call(this, value); }});
  record(document.querySelector('.exile-live'), window.__said);  // what was announced
  record(document.querySelector('#exile-where'), window.__shown);  // every date the map showed
}"""


def hurried_past(shown: list[dict]) -> list[str]:
    """The dates the map showed that the next move followed within the quiet spell: never to be announced.
    (One that rested about as long as the spell may go either way, so 50 ms of it are left out.)"""
    return [a["text"] for a, b in zip(shown, shown[1:]) if b["t"] - a["t"] < LIVE_REST_MS - 50]


def test_the_map_has_a_name_and_says_where_he_is_as_python_does_updated_with_the_date(checked_page, app_url):
    page = checked_page
    frame = open_app(page, app_url, "?date=1936-12-29")
    axe.assert_clean(page, "the map's first view", frames=1)
    assert page.locator(MAP_FRAME).get_attribute("aria-label") == "Map of the journey"
    region = page.frame_locator(MAP_FRAME).get_by_role("region", name="Map of the journey")
    assert region.count() == 1
    # The sentence is hidden from layout, yet it is still the map's description, and it follows the date below.
    expect(region).to_have_accessible_description(describe(ROUTE.position(dt.date(1936, 12, 29))))
    where = page.frame_locator(MAP_FRAME).locator("#exile-where")
    assert where.text_content() == describe(ROUTE.position(dt.date(1936, 12, 29)))
    assert (
        where.text_content()
        == "29 December 1936: on the way by sea from Sundby (Hurum), Norway, to Tampico, Mexico, 48% of the way."
    )
    days = [ROUTE.first - dt.timedelta(days=2)] + [ROUTE.first + dt.timedelta(days=n) for n in range(0, 4600, 97)] + [ROUTE.last]
    said = frame.evaluate("days => days.map(d => window.exileTime.describe(d))", [d.isoformat() for d in days])
    assert said == [describe(ROUTE.position(d)) for d in days]

    # Three quick key presses, announced once where they stop. Playwright sends keys one by one, so on a busy
    # machine they can come further apart than the quiet spell (and then each is rightly announced): up to three tries.
    day = dt.date(1936, 12, 29)
    page.locator(".st-key-date input[type=range]").focus()
    for _ in range(3):
        frame.evaluate(RECORD_LIVE)
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        day += dt.timedelta(days=3)
        wait_idle(page)
        expected = describe(ROUTE.position(day))
        frame.wait_for_function(f"document.querySelector('.exile-live').textContent === {expected!r}", timeout=5_000)
        assert where.text_content() == expected
        announced, shown = [s["text"] for s in frame.evaluate("window.__said")], frame.evaluate("window.__shown")
        hurried = hurried_past(shown)
        if hurried:
            break
    else:
        pytest.fail(f"three tries of three key presses all came further apart than {LIVE_REST_MS} ms: {shown}")
    assert not set(hurried) & set(announced), f"a date passed over within {LIVE_REST_MS} ms was announced: {announced}, {shown}"
    assert announced[-1:] == [expected], f"the date it came to rest on was not the last announcement: {announced}"
    expect(region).to_have_accessible_description(expected)
    axe.assert_clean(page, "the map after a date move", frames=1)


def test_playback_is_announced_at_most_once_a_second_and_once_more_where_it_stops(page, app_url):
    frame = open_app(page, app_url, "?date=1929-01-01")
    frame.evaluate(RECORD_LIVE)
    toggle = page.frame_locator(MAP_FRAME).get_by_role("button", name="Play")
    toggle.click()
    page.wait_for_timeout(3_000)
    page.frame_locator(MAP_FRAME).get_by_role("button", name="Pause").click()
    stopped = dt.date.fromisoformat(frame.evaluate("window.exileTime.day"))
    last = describe(ROUTE.position(stopped))
    frame.wait_for_function(f"window.__said.length && window.__said[window.__said.length - 1].text === {last!r}", timeout=5_000)
    said = frame.evaluate("window.__said")
    assert len(said) >= 3, said
    gaps = [b["t"] - a["t"] for a, b in zip(said[:-1], said[1:-1])]
    assert min(gaps) >= LIVE_EVERY_MS - 10, f"announced more than once a second while playing: {gaps}"
    assert said[-1]["text"] == describe(ROUTE.position(stopped)), "the last announcement is not where it stopped"


def test_with_reduced_motion_playback_moves_stop_by_stop_and_the_map_never_glides(page, app_url):
    page.emulate_media(reduced_motion="reduce")
    frame = open_app(page, app_url, "?date=1928-01-17")
    frame.evaluate("""() => { window.__days = [window.exileTime.day];  // the date it shows, then each one it moves to
      new MutationObserver(() => window.__days.push(window.exileTime.day))
        .observe(document.querySelector('#exile-where'), {childList: true, characterData: true, subtree: true}); }""")
    page.frame_locator(MAP_FRAME).get_by_role("button", name="Play").click()
    frame.wait_for_function("new Set(window.__days).size >= 2", timeout=10_000)  # one hop (stop_seconds is 1.5), however busy
    page.frame_locator(MAP_FRAME).get_by_role("button", name="Pause").click()
    shown = [dt.date.fromisoformat(d) for d in dict.fromkeys(frame.evaluate("window.__days"))]
    starts = [v.start for v in ROUTE.visits]
    assert shown[:2] == starts[:2], f"playback did not go stop by stop: {shown}"
    assert set(shown) <= set(starts), shown
    moved = frame.evaluate("() => { const c = map.getCenter(); map.panBy([150, 0]); return map.getCenter().lng - c.lng; }")
    assert moved > 0.5, "the pan was animated: under reduced motion the map must jump"


def focused_in_map(page, selector: str) -> bool:
    if page.evaluate("document.activeElement?.tagName") != "IFRAME":
        return False
    return map_frame(page).evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page, is_there, what: str, presses: int = 60, key: str = "Tab") -> None:
    """Press Tab, as a keyboard user does, until the focus is where `is_there` says."""
    for _ in range(presses):
        page.keyboard.press(key)
        if is_there():
            return
    raise AssertionError(f"{presses} presses of {key} never reached {what}")


def outlined(frame, selector: str) -> bool:
    return frame.evaluate("s => getComputedStyle(document.querySelector(s)).outlineStyle !== 'none'", selector)


@pytest.mark.parametrize("lang", ["es"])  # English's labels: test_tour_and_links and the English walk in test_languages
def test_a_whole_walk_through_by_keyboard_alone(page, app_url, lang):
    """In Spanish, with the class's words: the same keys reach the same controls in every language."""
    gz = translations.in_language(GZ, lang)
    words = {"en": ("Next →", "← Previous"), "es": ("Siguiente →", "← Anterior")}[lang]  # the catalogue's labels
    open_app(page, app_url, "" if lang == "en" else f"?lang={lang}")
    page.locator("body").press("Tab")  # the page's first focusable element; from here on, only keys

    # the page's date slider
    tab_to(page, lambda: page.evaluate("!!document.activeElement?.closest('.st-key-date')"), "the date slider")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    wait_idle(page)
    assert slider_date(page) == ROUTE.first + dt.timedelta(days=3)

    # the jump box
    tab_to(page, lambda: page.evaluate("!!document.activeElement?.closest('.st-key-jump')"), "the jump box")
    page.keyboard.type("Tampico")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Tampico").wait_for(timeout=15_000)  # the rerun's result, before reading the slider
    wait_idle(page)
    assert slider_date(page) == dt.date(1937, 1, 9)

    # the map's own Play/Pause and scrubber
    frame = map_frame(page)
    tab_to(page, lambda: focused_in_map(page, ".playback-toggle"), "the map's Play button")
    assert outlined(frame, ".playback-toggle"), "the focused Play button shows no focus"
    page.keyboard.press("Enter")
    frame.wait_for_function("window.exileTime.playing", timeout=5_000)
    page.keyboard.press("Enter")
    assert not frame.evaluate("window.exileTime.playing")
    page.keyboard.press("Tab")
    assert focused_in_map(page, ".playback-range")
    assert outlined(frame, ".playback-range")
    day = dt.date.fromisoformat(frame.evaluate("window.exileTime.day"))
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert dt.date.fromisoformat(frame.evaluate("window.exileTime.day")) == day + dt.timedelta(days=2)

    # the stops, in route order, each opening its popup with Enter
    first = gz.stops[0]
    tab_to(page, lambda: focused_in_map(page, "path.stop-marker"), "a stop")
    assert focused_in_map(page, f"path.stop-{first.id}"), "the first stop reached is not the route's first"
    assert frame.evaluate("getComputedStyle(document.activeElement).strokeWidth") == "4px", "the focused stop shows no focus"
    page.keyboard.press("Tab")
    assert focused_in_map(page, f"path.stop-{gz.stops[1].id}"), "Tab does not go on to the route's next stop"
    page.keyboard.press("Enter")
    popup = page.frame_locator(MAP_FRAME).locator(".stop-popup")
    popup.wait_for(timeout=5_000)
    assert gz.stops[1].name in popup.inner_text()
    assert focused_in_map(page, ".leaflet-popup-content"), "the popup's text did not take the focus"
    page.keyboard.press("Escape")
    popup.wait_for(state="detached", timeout=5_000)
    assert focused_in_map(page, f"path.stop-{gz.stops[1].id}"), "closing the popup lost the focus"

    # the tour's Previous and Next
    page.goto(app_url + "/Tour?step=2" + ("" if lang == "en" else f"&lang={lang}"))
    page.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=60_000)
    wait_idle(page)
    page.locator("body").press("Tab")
    tab_to(page, lambda: page.evaluate(f"document.activeElement?.innerText?.trim() === {words[0]!r}"), "the tour's Next button")
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelector('.tour h2')?.innerText === {gz.stops[2].name!r}", timeout=15_000)
    wait_idle(page)
    tab_to(page, lambda: page.evaluate(f"document.activeElement?.innerText?.trim() === {words[1]!r}"), "the tour's Previous button",
           key="Shift+Tab")  # fmt: skip
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelector('.tour h2')?.innerText === {gz.stops[1].name!r}", timeout=15_000)
