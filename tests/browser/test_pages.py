"""Pages in Chromium: the Disagreements page's credits, deep links on a fresh server (every page's load, content and axe
check: test_languages, one walk per language)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_the_disagreements_page_credits_the_2006_introduction_to_its_editors_not_the_eyewitness(page, app_url):
    page.goto(app_url + "/Disagreements")
    page.get_by_role("heading", name="What was the weapon?").wait_for(timeout=60_000)
    page.get_by_text("ice pick", exact=False).first.wait_for(timeout=30_000)
    main = page.locator('[data-testid="stMain"]')
    cards = main.locator('[data-testid="stLayoutWrapper"]')
    attack = [
        cards.filter(has=page.get_by_role("heading", name=q)) for q in ("What was the weapon?", "On what day was he attacked?")
    ]
    for card in attack:
        text = card.last.inner_text()  # the innermost container that holds the question
        assert "AWL editors, introduction (2006) to Sedova's article" in text, text
        sides = [line for line in text.splitlines() if " — " in line and not line.startswith("—")]
        assert sides and not any("Natalia Sedova" in line or "Sedova, author" in line for line in sides), sides
        assert "Natalia Sedova, author (1947)" not in text, "a side credits the eyewitness with the attack"
    # where the histories differ: both answers with the works behind them, rendered as plain text, and the one the map uses
    prinkipo = cards.filter(has=page.get_by_role("heading", name="When did he move to Prinkipo?")).last.inner_text()
    assert "The histories differ: 8 March 1929 (Kotkin 2017) or April 1929 (Wikipedia)." in prinkipo, prinkipo
    assert "The map uses April 1929." in prinkipo and "\\" not in prinkipo, prinkipo


def test_a_deep_link_is_the_first_request_of_a_fresh_server_and_opens_inside_the_apps_navigation(browser, network):
    """Streamlit runs a page alone, outside app.py's st.navigation, if a fresh server finds a pages/ folder."""
    from harness import start_streamlit, stop_streamlit

    from exilemap.gazetteer import ROOT

    assert not (ROOT / "pages").exists(), "a pages/ folder beside app.py starts Streamlit's legacy multipage mode"
    proc, url, log = start_streamlit()
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.route(network.remote, network.handle)
        page = context.new_page()
        page.goto(url + "/Tour?step=3")
        page.locator(".tour h2").wait_for(timeout=60_000)
        nav = page.locator('[data-testid="stSidebarNav"]')
        nav.get_by_role("link", name="Guided tour", exact=True).wait_for(timeout=10_000)  # app.py's titles, not the file names
        assert nav.get_by_role("link", name="Map", exact=True).count() == 1
        # the step's counter, waited for: a rerun (the map's report) may be drawing the page again at this moment
        page.get_by_text(re.compile(r"^Step 3 of \d+")).first.wait_for(timeout=10_000)
        assert page.url.endswith("/Tour?step=3")
        assert page.locator('[data-testid="stException"]').count() == 0, log.read_text()
        context.close()
    finally:
        stop_streamlit(proc)
