"""Published journeys when things go wrong, against the real app: a restart, a row tampered with, a full store, no database."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from harness import free_port, start_streamlit, stop_streamlit
from helpers import hostile_journey
from test_journey import assert_nothing_injected, upload_journey
from test_map_page import MAP_FRAME

from exilemap import store
from exilemap.links import pupil_link

pytestmark = pytest.mark.browser
TROTSKY = "Exile Map: Leon Trotsky, 1928–1940"


def fresh_page(browser, network):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route(network.remote, network.handle)
    return context.new_page()


def test_journeys_outlive_a_killed_server_a_tampered_row_is_refused_and_a_failed_publish_says_why(browser, network, tmp_path):
    url = store.sqlite_url(tmp_path / "journeys.sqlite")
    shop = store.Store.open(url)
    files = store.JourneyFiles(hostile_journey()["places"])
    kept, tampered = shop.publish("Kept through restarts", files), shop.publish("Tampered", files)
    full = {"EXILE_MAP_STORE_MAX_MB": str(shop.total_bytes() / 1e6)}  # the store is full: the next publish must fail
    shop.close()
    with sa.create_engine(url).begin() as conn:  # a hand edit in the database: the checksum no longer matches
        conn.execute(sa.text("UPDATE journey_files SET content = :c WHERE journey_id = :i"),
                     {"c": files.places.replace(b"Place 1", b"<script>alert(1)</script>"), "i": tampered.id})  # fmt: skip

    for attempt in range(2):  # the second server starts after the first was killed (SIGKILL), on the same file
        proc, app, log = start_streamlit(env={"EXILE_MAP_DB": url, **full})
        try:
            page = fresh_page(browser, network)
            page.goto(pupil_link(app, kept.id))
            page.get_by_text("Published journey “Kept through restarts” — read only").wait_for(timeout=60_000)
            page.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=30_000)
            if attempt == 0:
                page.goto(pupil_link(app, tampered.id))
                page.get_by_text("This published journey cannot be opened: its stored files no longer match").wait_for(
                    timeout=60_000
                )
                page.get_by_role("heading", name=TROTSKY).wait_for(timeout=30_000)
                assert_nothing_injected(page)
                # a publish that fails says why, and the teacher's journey stays in her tab
                upload_journey(page, app, {"places": files.places}, "One too many")
                page.get_by_text("loaded: 6 stops").wait_for(timeout=30_000)
                page.get_by_role("button", name="Publish").click()
                page.get_by_text("The journey was not published. The store is full").wait_for(timeout=30_000)
                assert page.get_by_text("Showing your journey “One too many”, only in this browser tab.").is_visible()
            page.context.close()
        finally:
            proc.kill()
            proc.wait()
        assert "Published journeys are kept in SQLite file" in log.read_text()


def test_without_its_database_the_app_serves_trotskys_map_and_the_upload_and_says_publishing_is_unavailable(browser, network):
    closed = free_port()  # nothing listens here: PostgreSQL "down" from the start
    proc, app, _ = start_streamlit(env={"EXILE_MAP_DB": f"postgresql+psycopg://postgres@127.0.0.1:{closed}/journeys"})
    try:
        page = fresh_page(browser, network)
        page.goto(pupil_link(app, "A" * 22) + "&date=1930-01-01")
        page.get_by_text("The published journey in this link cannot be opened right now").wait_for(timeout=60_000)
        page.get_by_role("heading", name=TROTSKY).wait_for(timeout=30_000)
        page.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=30_000)
        upload_journey(page, app, {"places": hostile_journey()["places"]}, "Offline trip")
        page.get_by_text("loaded: 6 stops").wait_for(timeout=30_000)
        page.get_by_text("Publishing is unavailable right now: the journey store cannot be reached").wait_for(timeout=30_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        page.context.close()
    finally:
        stop_streamlit(proc)
