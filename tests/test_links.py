"""The app's links: a date, a tour step and the embed address, from the page's address as the browser sees it."""

from __future__ import annotations

import datetime as dt

from exilemap import links


def test_a_date_link_opens_the_map_page_of_the_same_server():
    assert links.date_link("http://school.example:8501/", dt.date(1936, 12, 29)) == "http://school.example:8501/?date=1936-12-29"
    assert links.date_link("https://x.org/exile/Tour", dt.date(1929, 1, 20)) == "https://x.org/exile/?date=1929-01-20"


def test_a_step_link_keeps_the_tour_pages_address_and_says_which_tour():
    assert links.step_link("http://school.example:8501/Tour", 3) == "http://school.example:8501/Tour?step=3"
    assert links.step_link("http://s/Tour", 12, detailed=True) == "http://s/Tour?step=12&tour=detailed"


def test_the_embed_link_adds_embed_true_to_the_links_own_query():
    assert links.embed_link("http://s/?date=1936-12-29") == "http://s/?date=1936-12-29&embed=true"
    assert links.embed_link("http://s/Tour") == "http://s/Tour?embed=true"
