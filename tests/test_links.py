"""The published journey's links, as the page shows them."""

from exilemap.links import app_url, pupil_link, teacher_link


def test_the_pupils_link_names_the_journey_and_the_teachers_adds_its_key():
    assert pupil_link("http://school:8080", "AbC-_123") == "http://school:8080/?journey=AbC-_123"
    assert teacher_link("http://school:8080/", "AbC-_123", "s3cr-t_") == "http://school:8080/?journey=AbC-_123&key=s3cr-t_"


def test_the_apps_address_is_its_pages_address_without_the_page():
    assert app_url("http://school:8080/Your_journey", "Your_journey") == "http://school:8080"
    assert app_url("http://school:8080/exile/Your_journey", "Your_journey") == "http://school:8080/exile"
    assert app_url(None, "Your_journey") == ""
