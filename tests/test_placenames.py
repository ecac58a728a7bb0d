"""Place names in, coordinates out: Nominatim (a local server in its format), GeoNames offline, never a silent guess."""

from __future__ import annotations

from exilemap import geocode, placenames
from exilemap.placenames import PlaceFinder, geonames_candidates


def _finder(server, **kw) -> PlaceFinder:
    options = {"scheme": "http", "timeout": 1.0, "min_delay": 0.0, "retries": 0, "error_wait": 0.0} | kw
    return PlaceFinder(geocode.make_geocoder(server.domain, **options))


def _answer(server, query: str, *places: tuple[float, float, str, str, str | None]) -> None:
    results = []
    for lat, lon, display, country, population in places:
        [found] = server.result(lat, lon, display)
        found["address"] = {"country": country}
        if population:
            found["extratags"] = {"population": population}
        results.append(found)
    server.answers[query] = results


def test_an_unambiguous_name_is_settled_by_nominatim_and_marked_so(nominatim):
    _answer(nominatim, "Coyoacán", (19.35, -99.16, "Coyoacán, Mexico City, Mexico", "Mexico", None))
    lookup = _finder(nominatim).find(["Coyoacán"])
    where = lookup.settled["Coyoacán"]
    assert (where.lat, where.lon, where.source, where.country) == (19.35, -99.16, "nominatim", "Mexico")
    assert where.note == "Nominatim: Coyoacán, Mexico City, Mexico"
    assert nominatim.requests[0]["agent"] == geocode.USER_AGENT
    assert nominatim.requests[0]["extratags"] and nominatim.requests[0]["limit"] == str(placenames.MAX_CANDIDATES)


def test_an_ambiguous_name_gives_every_candidate_with_country_and_population_and_settles_nothing(nominatim):
    _answer(nominatim, "Paris", (48.85, 2.35, "Paris, Île-de-France, France", "France", "2138551"),
            (48.86, 2.34, "Paris, Île-de-France, France (city boundary)", "France", None),  # the same place: one candidate
            (33.66, -95.55, "Paris, Lamar County, Texas, United States", "United States", None))  # fmt: skip
    lookup = _finder(nominatim).find(["Paris"])
    assert lookup.settled == {}
    labels = [c.label for c in lookup.ambiguous["Paris"]]
    assert labels == ["Paris, Île-de-France, France (population 2,138,551; 48.850, 2.350)",
                      "Paris, Lamar County, Texas, United States (population not known; 33.660, -95.550)"]  # fmt: skip


def test_geonames_offline_lists_the_namesakes_with_country_and_population():
    assert [(c.name, c.country) for c in geonames_candidates("Frankfurt")][:2] == [
        ("Frankfurt am Main", "Germany"), ("Frankfurt (Oder)", "Germany")]  # fmt: skip
    alexandria = geonames_candidates("alexandria")
    assert alexandria[0].country == "Egypt" and alexandria[0].population > 1_000_000
    assert {"Egypt", "United States", "Romania"} <= {c.country for c in alexandria}
    [coyoacan] = geonames_candidates("Coyoacan")  # accents and case do not matter
    assert (coyoacan.country, coyoacan.source, coyoacan.geonames_id) == ("Mexico", "geonames", 3530139)


def test_when_nominatim_fails_the_rest_are_looked_up_in_geonames_and_the_note_says_why(nominatim):
    nominatim.answers["Oslo"] = 503
    lookup = _finder(nominatim).find(["Oslo", "Coyoacán"])
    assert lookup.settled["Oslo"].source == lookup.settled["Coyoacán"].source == "geonames"
    assert nominatim.requests_for("Coyoacán") == 0, "a service that failed is not asked again in the same lookup"
    assert "Nominatim could not be asked" in lookup.notes[0] and "GeoNames" in lookup.notes[0]


def test_a_name_nominatim_does_not_know_is_looked_up_in_geonames(nominatim):
    where = _finder(nominatim).find(["Oslo"]).settled["Oslo"]
    assert (where.source, where.country, where.geonames_id) == ("geonames", "Norway", 3143244)


def test_a_name_nobody_knows_has_no_candidates(nominatim):
    assert _finder(nominatim).find(["Atlantis-under-the-sea"]).candidates == {"Atlantis-under-the-sea": ()}


def test_answers_are_remembered_in_memory_so_no_name_is_asked_twice(nominatim, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _answer(nominatim, "Coyoacán", (19.35, -99.16, "Coyoacán, Mexico City, Mexico", "Mexico", None))
    finder = _finder(nominatim)
    finder.find(["Coyoacán"])
    finder.find(["Coyoacán", "Coyoacán"])
    assert nominatim.requests_for("Coyoacán") == 1
    assert list(tmp_path.iterdir()) == [], "nothing is written to disk"


def test_the_app_finder_keeps_the_projects_one_request_a_second(nominatim):
    finder = placenames.finder(f"http://{nominatim.domain}")
    finder.find(["A place", "Another place"])
    assert nominatim.times[1] - nominatim.times[0] >= 1.0, "a second between arrivals, as Nominatim counts"
    assert placenames.finder(f"http://{nominatim.domain}") is finder, "one finder, so one spacing, per service"


def test_offline_mode_and_off_look_names_up_in_geonames_only(monkeypatch):
    monkeypatch.setenv(placenames.ENV, "off")
    assert placenames.service() is None
    monkeypatch.setenv(placenames.ENV, "http://127.0.0.1:9")
    assert placenames.service() == "http://127.0.0.1:9"
    monkeypatch.setenv("EXILE_MAP_OFFLINE", "1")
    assert placenames.service() is None
