"""The app's links: the published journey's as the page shows them; a date, a tour step and the embed address from the
page's address as the browser sees it."""

import datetime as dt

from exilemap import links
from exilemap.links import app_url, pupil_link, teacher_link


def test_the_pupils_link_names_the_journey_and_the_teachers_adds_its_key():
    assert pupil_link("http://school:8080", "AbC-_123") == "http://school:8080/?journey=AbC-_123"
    assert teacher_link("http://school:8080/", "AbC-_123", "s3cr-t_") == "http://school:8080/?journey=AbC-_123&key=s3cr-t_"


def test_the_apps_address_is_its_pages_address_without_the_page():
    assert app_url("http://school:8080/Your_journey", "Your_journey") == "http://school:8080"
    assert app_url("http://school:8080/exile/Your_journey", "Your_journey") == "http://school:8080/exile"
    assert app_url(None, "Your_journey") == ""


def test_a_date_link_opens_the_map_page_of_the_same_server():
    assert links.date_link("http://school.example:8501/", dt.date(1936, 12, 29)) == "http://school.example:8501/?date=1936-12-29"
    assert links.date_link("https://x.org/exile/Tour", dt.date(1929, 1, 20)) == "https://x.org/exile/?date=1929-01-20"


def test_a_step_link_keeps_the_tour_pages_address_and_says_which_tour():
    assert links.step_link("http://school.example:8501/Tour", 3) == "http://school.example:8501/Tour?step=3"
    assert links.step_link("http://s/Tour", 12, detailed=True) == "http://s/Tour?step=12&tour=detailed"


def test_a_published_journeys_classroom_links_carry_its_id():
    assert links.date_link("http://s/", dt.date(1900, 1, 2), "AbC-_1") == "http://s/?date=1900-01-02&journey=AbC-_1"
    assert links.step_link("http://s/Tour", 2, journey_id="AbC-_1") == "http://s/Tour?step=2&journey=AbC-_1"


def test_the_embed_link_adds_embed_true_to_the_links_own_query():
    assert links.embed_link("http://s/?date=1936-12-29") == "http://s/?date=1936-12-29&embed=true"
    assert links.embed_link("http://s/Tour") == "http://s/Tour?embed=true"
