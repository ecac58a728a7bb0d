"""The browser harness's stand-in for the internet stops only requests that would leave this machine."""

from __future__ import annotations

import pytest
from harness import Network


@pytest.mark.parametrize(
    "url",
    [
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
        "https://tile.openstreetmap.org/3/4/2.png",
        "http://code.jquery.com/jquery-3.7.1.min.js",
        "http://127.0.0.1.example.com/app.js",  # looks local, is not
        "https://localhost.example.org:8443/",
    ],
)
def test_a_request_off_this_machine_is_answered_by_the_harness(url):
    assert Network.remote.search(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8501/static/js/index.js",
        "http://127.0.0.1:8501/_stcore/health",
        "http://localhost:8501/?date=1936-12-29",
        "http://localhost/",
        "http://127.0.0.1",
        "data:image/png;base64,AAAA",
    ],
)
def test_a_request_to_this_machine_goes_through_untouched(url):
    assert not Network.remote.search(url)
