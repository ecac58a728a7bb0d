"""axe-core on the upload page, whose one allowed violation must still be there (the other pages: test_languages and the
tests that load the map, the Itinerary and the tour)."""

from __future__ import annotations

import axe
import pytest
from test_map_page import wait_idle

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "content"),
    [
        ("/Your_journey", "Source texts (optional"),
    ],
)
def test_each_page_is_clean(checked_page, app_url, path, content):
    page = checked_page
    page.goto(app_url + path)
    page.get_by_text(content).first.wait_for(timeout=60_000)
    wait_idle(page)
    found = axe.assert_clean(page, path)
    if path == "/Your_journey":  # the allow-list names a real, present Streamlit violation, not a stale one
        assert {axe.allowed(v) for v in found} == set(axe.ALLOWED)
