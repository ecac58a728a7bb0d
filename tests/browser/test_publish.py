"""Publishing a journey in Chromium: the teacher publishes, a pupil in another browser opens the link, the key works
only when it is the journey's own, and after unpublishing the link says the journey is gone."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import axe
import pytest
from helpers import ROOT, hostile_journey
from test_journey import assert_nothing_injected, upload_journey
from test_map_page import MAP_FRAME, slider_date, wait_idle

from exilemap.links import pupil_link

sys.path.insert(0, str(ROOT / "deploy"))
from serve_replicas import NGINX, serving  # noqa: E402

pytestmark = pytest.mark.browser
TITLE = "Class trip <b>1931</b> **bold**"  # shown literally, wherever it appears


def fresh_page(browser, network, width: int = 1400):
    context = browser.new_context(viewport={"width": width, "height": 1000})
    context.route(network.remote, network.handle)
    return context.new_page()


def links_on(page) -> tuple[str, str | None]:
    """The pupils' link and (shown once, just after publishing) the teacher's, as the page shows them."""
    page.locator("[data-testid=stCode]", has_text="?journey=").first.wait_for(timeout=30_000)
    shown = [t.strip() for t in page.locator("[data-testid=stCode]", has_text="?journey=").all_inner_texts()]
    pupil = next(t for t in shown if "key=" not in t)
    return pupil, next((t for t in shown if "key=" in t), None)


def test_a_published_journey_opens_for_a_pupil_elsewhere_the_key_is_checked_and_unpublishing_ends_the_link(
    checked_page, browser, network, app_url, tmp_path
):
    page = checked_page
    upload_journey(page, app_url, {"places": hostile_journey()["places"]}, TITLE)
    page.get_by_text("loaded: 6 stops").wait_for(timeout=30_000)
    page.get_by_role("button", name="Publish").click()
    pupil, teacher = links_on(page)
    page.get_by_text("it is shown only this once").wait_for()
    assert re.fullmatch(re.escape(app_url) + r"/\?journey=[A-Za-z0-9_-]{22}", pupil), pupil
    assert teacher is not None and teacher.startswith(pupil + "&key=")
    page.locator(".st-key-share").screenshot(path=tmp_path / "publish-1400.png")
    wait_idle(page)
    axe.assert_clean(page, "the Share your journey section, just published")

    # a pupil, in a browser that has never seen the journey, opens the link at a date
    pupil_page = fresh_page(browser, network)
    pupil_page.goto(pupil + "&date=1932-03-01")
    pupil_page.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=60_000)
    pupil_page.get_by_text(f"Published journey “{TITLE}” — read only").wait_for(timeout=30_000)
    pupil_page.get_by_role("heading", name=f"{TITLE}, 1930–1935").wait_for(timeout=30_000)
    pupil_page.get_by_role("slider").first.wait_for(timeout=30_000)
    wait_idle(pupil_page)
    assert slider_date(pupil_page) == dt.date(1932, 3, 1)
    assert "journey=" in pupil_page.url  # the address still shares the journey, at the pupil's date
    assert pupil_page.get_by_role("button", name="Back to Trotsky's exile").is_visible()
    assert_nothing_injected(pupil_page)
    pupil_page.screenshot(path=tmp_path / "pupil-1400.png")

    # the link opens the journey on any page, with that page's own parameter: the tour at its second step
    pupil_page.goto(pupil.replace("/?", "/Tour?") + "&step=2")
    pupil_page.locator(".tour h2").wait_for(timeout=60_000)
    assert pupil_page.locator(".tour h2").inner_text() == hostile_journey()["names"][1]
    pupil_page.screenshot(path=tmp_path / "pupil-tour-1400.png")

    # the same link with a wrong key: read only, said so, and the key is gone from the address bar
    pupil_page.goto(pupil + "&key=not-the-key")
    pupil_page.get_by_text("The key in this link is not this journey's: nothing can be changed with it").wait_for(timeout=60_000)
    pupil_page.get_by_text(f"Published journey “{TITLE}” — read only").wait_for()
    assert "key=" not in pupil_page.url

    # the teacher's link, in a third browser: the key leaves the address bar at once, and it unpublishes
    teacher_page = fresh_page(browser, network)
    teacher_page.goto(teacher.replace("/?", "/Your_journey?"))
    teacher_page.get_by_role("heading", name="Edit").wait_for(timeout=60_000)
    assert "key=" not in teacher_page.url
    assert teacher_page.get_by_text("you hold its key").is_visible()
    assert teacher_page.get_by_text("it is shown only this once").count() == 0  # shown once: not again
    teacher_page.get_by_role("button", name="Unpublish").click()
    teacher_page.get_by_text("Tick the box first").wait_for(timeout=30_000)
    teacher_page.get_by_text("Delete it from the server").click()
    teacher_page.get_by_role("button", name="Unpublish").click()
    teacher_page.get_by_text("is unpublished: its rows are deleted").wait_for(timeout=30_000)

    pupil_page.goto(pupil)
    pupil_page.get_by_text("No journey is published under this link").wait_for(timeout=60_000)
    pupil_page.get_by_role("heading", name="Exile Map: Leon Trotsky, 1928–1940").wait_for(timeout=30_000)
    assert pupil_page.locator('[data-testid="stException"]').count() == 0
    for p in (pupil_page, teacher_page):
        p.context.close()


def test_a_journey_published_through_one_replica_opens_through_the_other_and_through_nginx(
    browser, network, postgres, monkeypatch
):
    """make serve-replicas with PostgreSQL: the store is shared, so any replica opens what another published."""
    if not Path(NGINX).exists():
        pytest.fail(f"{NGINX} is missing: install Debian's nginx package (.ci/run does)")
    monkeypatch.setenv("EXILE_MAP_DB", postgres.new_database())
    with serving(2, log=lambda _: None) as school:
        first, second = (f"http://127.0.0.1:{replica.port}" for replica in school.pool)
        teacher_page = fresh_page(browser, network)
        upload_journey(teacher_page, first, {"places": hostile_journey()["places"]}, "Across replicas")
        teacher_page.get_by_text("loaded: 6 stops").wait_for(timeout=30_000)
        teacher_page.get_by_role("button", name="Publish").click()
        pupil, _ = links_on(teacher_page)
        journey_id = pupil.rsplit("=", 1)[1]
        for app in (second, school.url):
            pupil_page = fresh_page(browser, network)
            pupil_page.goto(pupil_link(app, journey_id))
            pupil_page.get_by_text("Published journey “Across replicas” — read only").wait_for(timeout=60_000)
            pupil_page.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=30_000)
            pupil_page.context.close()
        teacher_page.context.close()
