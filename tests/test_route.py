"""Where he was on a given day."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exilemap.gazetteer import load
from exilemap.route import Route, _mercator, interpolate, timeline

GZ = load()
ROUTE = Route(GZ)
D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("day", "stop_id", "country"),
    [("1928-06-01", "alma-ata", "USSR"), ("1930-05-01", "prinkipo", "Turkey"), ("1934-01-10", "barbizon", "France"),
     ("1936-01-01", "honefoss", "Norway"), ("1938-03-01", "blue-house", "Mexico"), ("1940-08-21", "hospital", "Mexico")],
)  # fmt: skip
def test_a_day_inside_a_stay_puts_him_at_that_place(day, stop_id, country):
    p = ROUTE.position(D(day))
    assert p.status == "at" and p.stop.id == stop_id and p.stop.country_then == country
    assert (p.lat, p.lon) == (p.stop.lat, p.stop.lon)


def test_a_day_in_transit_lies_between_the_two_stops_in_proportion():
    alma, moscow = GZ.stop("alma-ata"), GZ.stop("moscow")
    # Moscow 17 Jan 1928 -> Alma-Ata 25 Jan 1928: the 21st is half way in time
    p = ROUTE.position(D("1928-01-21"))
    assert p.status == "transit" and p.previous.id == "moscow" and p.next.id == "alma-ata"
    assert p.fraction == pytest.approx(0.5)
    assert min(moscow.lon, alma.lon) < p.lon < max(moscow.lon, alma.lon)
    assert min(moscow.lat, alma.lat) < p.lat < max(moscow.lat, alma.lat)
    x, _ = _mercator(p.lat, p.lon)
    assert x == pytest.approx((_mercator(*_latlon(moscow))[0] + _mercator(*_latlon(alma))[0]) / 2)


def _latlon(stop):
    return stop.lat, stop.lon


def test_before_the_first_and_after_the_last_stop_are_said_so():
    assert ROUTE.position(D("1927-12-31")).status == "before"
    assert ROUTE.position(D("1940-08-22")).status == "after"
    assert ROUTE.first == D("1928-01-17") and ROUTE.last == D("1940-08-21")


def test_vague_dates_resolve_inside_the_window_their_neighbours_leave():
    visits = {v.stop.id: v for v in ROUTE.visits}
    assert D("1929-01-22") <= visits["frunze"].start <= visits["frunze"].end <= D("1929-01-31")
    assert D("1929-02-01") <= visits["odessa"].start <= visits["odessa"].end < D("1929-02-12")
    assert visits["constantinople"].end == visits["prinkipo"].start  # left one and reached the next the same vague month


def test_events_are_found_during_the_stay_where_they_happened():
    events = Route.events_during(GZ, ROUTE.visit_of("viena-house"))
    assert [e.id for e in events] == ["assault", "attack"]


DAYS = st.dates(min_value=D("1927-06-01"), max_value=D("1941-06-01"))


@settings(max_examples=300, deadline=None)
@given(DAYS, DAYS)
def test_the_position_moves_monotonically_along_the_route(a, b):
    early, late = sorted((a, b))
    p, q = ROUTE.position(early), ROUTE.position(late)
    assert (p.index, p.fraction if p.status == "transit" else 0.0) <= (q.index, q.fraction if q.status == "transit" else 0.0) or (
        p.status == "before"
    )


@settings(max_examples=300, deadline=None)
@given(DAYS)
def test_the_position_is_always_on_the_route(day):
    p = ROUTE.position(day)
    if p.status == "transit":
        expected = interpolate(p.previous, p.next, p.fraction)
        assert (p.lat, p.lon) == pytest.approx(expected)
        assert 0 < p.fraction < 1
    else:
        stop = p.stop or p.previous or p.next
        assert (p.lat, p.lon) == (stop.lat, stop.lon)


def test_the_timeline_never_runs_backwards():
    days = [d for v in timeline(GZ.route_stops) for d in (v.start, v.end)]
    assert days == sorted(days)


def test_the_binary_search_finds_the_same_visit_as_reading_every_visit():
    """Every day of the route, and days shared by two visits (the later wins), as the linear rule says."""
    for gz in (GZ, _shared_days_journey()):
        route = Route(gz)
        day = route.first - dt.timedelta(days=2)
        while day <= route.last + dt.timedelta(days=2):
            position = route.position(day)
            if position.status in ("at", "transit"):
                assert position.index == max(i for i, v in enumerate(route.visits) if v.start <= day), day
            day += dt.timedelta(days=1)


def _shared_days_journey():
    from exilemap import journeyfile

    rows = (
        "name,lat,lon,arrived,departed\nA,1,1,1930-01-01,1930-01-05\nB,2,2,1930-01-05,1930-01-05\nC,3,3,1930-01-05,1930-01-09\n"
    )
    return journeyfile.check(journeyfile.read(rows.encode(), "x.csv")).gazetteer
