"""Every page loads in Chromium without an exception and shows its content."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "heading", "content"),
    [
        ("/sources", "The sources", "The Assassination Of Communist Leon Trotsky"),
        ("/gazetteer", "The gazetteer", "Download places.csv"),
        ("/disagreements", "Where the sources disagree", "What was the weapon?"),
    ],
)
def test_each_page_loads_with_no_exception(page, app_url, path, heading, content):
    page.goto(app_url + path)
    page.get_by_role("heading", name=heading).wait_for(timeout=60_000)
    page.get_by_text(content).first.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlert"][data-baseweb="notification"]').filter(has_text="error").count() == 0


def test_the_sources_page_marks_the_quoted_passages(page, app_url):
    page.goto(app_url + "/sources")
    page.locator(".seed-text mark").first.wait_for(timeout=60_000)
    assert page.locator(".seed-text mark").count() >= 3
