"""Every page loads in Chromium without an exception and shows its content."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "heading", "content"),
    [
        ("/Sources", "The sources", "The Assassination Of Communist Leon Trotsky"),
        ("/Gazetteer", "The gazetteer", "Linked Places (LPF)"),
        ("/Disagreements", "Where the sources disagree", "What was the weapon?"),
    ],
)
def test_each_page_loads_with_no_exception(page, app_url, path, heading, content):
    page.goto(app_url + path)
    page.get_by_role("heading", name=heading).wait_for(timeout=60_000)
    page.get_by_text(content).first.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Page not found").count() == 0, "the page's URL was not recognised"
    assert page.locator('[data-testid="stAlert"][data-baseweb="notification"]').filter(has_text="error").count() == 0


def test_the_sources_page_marks_the_quoted_passages(page, app_url):
    page.goto(app_url + "/Sources")
    page.locator(".seed-text mark").first.wait_for(timeout=60_000)
    assert page.locator(".seed-text mark").count() >= 3
