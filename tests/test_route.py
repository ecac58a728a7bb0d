"""Where he was on a given day."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exilemap.gazetteer import load
from exilemap.phrases import uncertainty_lines
from exilemap.route import Route, _mercator, timeline

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
    assert D("1929-02-10") == visits["odessa"].start <= visits["odessa"].end < D("1929-02-12")
    assert D("1934-05-04") <= visits["chamonix"].end < visits["domene"].start <= D("1934-07-31")  # a year-known departure
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


def _distance_along(points: list[tuple[float, float]], lat: float, lon: float) -> tuple[float, float, float]:
    """(how far along the path the nearest point lies, the path's length, how far off the path), in Mercator units."""
    xy = [_mercator(*q) for q in points]
    target = _mercator(lat, lon)
    best, run, total = (math.inf, 0.0), 0.0, 0.0
    for a, b in zip(xy, xy[1:]):
        length = math.dist(a, b)
        t = (
            0.0
            if length == 0
            else max(0.0, min(1.0, ((target[0] - a[0]) * (b[0] - a[0]) + (target[1] - a[1]) * (b[1] - a[1])) / length**2))
        )
        near = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
        if math.dist(near, target) < best[0]:
            best = (math.dist(near, target), run + t * length)
        run += length
        total += length
    return best[1], total, best[0]


@settings(max_examples=300, deadline=None)
@given(DAYS)
def test_the_position_is_always_on_the_route(day):
    p = ROUTE.position(day)
    if p.status == "transit":
        leg_path = ROUTE.paths[p.index]
        assert leg_path[0] == (p.previous.lat, p.previous.lon) and leg_path[-1] == (p.next.lat, p.next.lon)
        run, total, off = _distance_along(leg_path, p.lat, p.lon)
        assert off < 1e-9, "the marker is off the drawn leg"
        assert run / total == pytest.approx(p.fraction, abs=1e-6), "the marker is not in proportion to distance"
        assert 0 < p.fraction < 1
    else:
        stop = p.stop or p.previous or p.next
        assert (p.lat, p.lon) == (stop.lat, stop.lon)


def test_the_timeline_never_runs_backwards():
    days = [d for v in timeline(GZ.route_stops) for d in (v.start, v.end)]
    assert days == sorted(days)


@pytest.mark.parametrize("to_stop", ["cassis", "tampico", "marseille-1932", "constantinople"])
def test_the_marker_follows_a_legs_waypoints_monotonically(to_stop):
    index = next(i for i, v in enumerate(ROUTE.visits) if v.stop.id == to_stop) - 1
    leg_path = ROUTE.paths[index]
    assert len(leg_path) > 4, "a sea leg passes through its waypoints"
    start, end = ROUTE.visits[index].end, ROUTE.visits[index + 1].start
    runs = []
    for n in range(1, (end - start).days):
        p = ROUTE.position(start + dt.timedelta(days=n))
        run, _, off = _distance_along(leg_path, p.lat, p.lon)
        assert off < 1e-9
        runs.append(run)
    assert runs == sorted(runs) and len(set(runs)) == len(runs)


def test_a_leg_with_no_row_is_of_unknown_mode_and_drawn_straight():
    index = next(i for i, v in enumerate(ROUTE.visits) if v.stop.id == "viena-house") - 1
    assert ROUTE.legs[index].mode == "unknown" and len(ROUTE.paths[index]) == 2


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
    from exilemap import journeyfile, readers

    rows = (
        "name,lat,lon,arrived,departed\nA,1,1,1930-01-01,1930-01-05\nB,2,2,1930-01-05,1930-01-05\nC,3,3,1930-01-05,1930-01-09\n"
    )
    return journeyfile.check(readers.read(rows.encode(), "x.csv")).gazetteer


@pytest.mark.parametrize(
    ("params", "said"),
    [({"date": "1999-01-01"}, "outside the route"), ({"date": "not-a-date"}, "not a date written YYYY-MM-DD"),
     ({"date": "<script>alert(1)</script>"}, "not a date written YYYY-MM-DD"), ({"stop": "nowhere"}, "names no stop")],
)  # fmt: skip
def test_a_bad_link_gives_the_start_and_says_why(params, said):
    from exilemap.links import date_from_link

    day, notice = date_from_link(params, GZ, ROUTE)
    assert day == ROUTE.first and said in notice


def test_the_legs_paths_made_when_asked_for_are_each_legs_points_in_order():
    from exilemap.route import path

    eager = [path(v.stop, w.stop, leg) for v, w, leg in zip(ROUTE.visits, ROUTE.visits[1:], ROUTE.legs)]
    assert len(ROUTE.paths) == len(eager) == len(ROUTE.visits) - 1
    assert list(ROUTE.paths) == eager
    assert ROUTE.paths[3:7] == eager[3:7] and ROUTE.paths[:0] == [] and ROUTE.paths[-1] == eager[-1]
    with pytest.raises(IndexError):
        ROUTE.paths[len(eager)]


def test_an_uncertain_year_is_said_on_screen_and_placed_inside_the_years_either_side():
    from exilemap import journeyfile, readers
    from exilemap.phrases import format_date, uncertainty_lines

    rows = "name,lat,lon,arrived,departed\nA,1,1,1915-06-01,1915-06-02\nB,2,2,c. 1917,c. 1917\nC,3,3,1920-03-01,1920-03-02\n"
    gz = journeyfile.check(readers.read(rows.encode(), "x.csv")).gazetteer
    b = gz.stop("b")
    assert uncertainty_lines(b)[0] == "Arrived about 1917 (the year itself is uncertain)."
    assert format_date(b.arrived, b.arrived_precision) == "c. 1917"
    visit = Route(gz).visits[1]
    assert dt.date(1916, 1, 1) <= visit.start <= visit.end <= dt.date(1918, 12, 31)  # c. 1917: 1916 to 1918


# ---------------------------------------------------------------- dates as intervals


def test_a_month_known_date_is_its_interval_narrowed_by_the_stops_other_date():
    odessa, chamonix, prinkipo = GZ.stop("odessa"), GZ.stop("chamonix"), GZ.stop("prinkipo")
    # arrived on 10 February 1929, left some day in February: the departure is 10-28 February, not from the 1st
    assert (odessa.departure.earliest, odessa.departure.latest) == (D("1929-02-10"), D("1929-02-28"))
    assert (chamonix.departure.earliest, chamonix.departure.latest) == (D("1934-05-04"), D("1934-12-31"))
    assert (prinkipo.arrival.earliest, prinkipo.arrival.latest) == (D("1929-04-01"), D("1929-04-30"))
    assert all(s.departure.latest >= s.arrival.earliest and s.departure.earliest >= s.arrival.earliest for s in GZ.stops)


def test_after_the_fire_of_1931_he_lives_at_kadikoy_and_then_in_a_second_house_on_the_island():
    prinkipo, kadikoy, second = (ROUTE.visit_of(i) for i in ("prinkipo", "kadikoy", "prinkipo-second"))
    # left the burned house's island some day in March 1931 and reached Kadıköy the same vague month
    assert prinkipo.end == kadikoy.start and D("1931-03-01") <= kadikoy.start <= D("1931-03-31")
    # a letter of his is dated at Kadıköy on 29 November 1931; he left the second house on 14 November 1932
    assert D("1931-11-29") < kadikoy.end == second.start < second.end == D("1932-11-14")
    assert ROUTE.position(D("1931-11-29")).stop.id == "kadikoy"
    assert GZ.stop("kadikoy").departed_precision == "circa"  # the move back to the island is not dated in our references


def test_the_route_places_every_date_inside_its_window():
    for v in ROUTE.visits:
        assert v.stop.arrival.earliest <= v.start <= v.stop.arrival.latest, v.stop.id
        assert v.stop.departure.earliest <= v.end <= v.stop.departure.latest, v.stop.id


def test_the_panel_states_a_narrowed_window_in_words():
    assert uncertainty_lines(GZ.stop("odessa"))[0] == "Left some day between 10 and 28 February 1929 (the day is not known)."
    assert (
        uncertainty_lines(GZ.stop("chamonix"))[0] == "Left some day between 4 May and 31 December 1934 (the month is not known)."
    )


@pytest.mark.parametrize(
    ("arrived", "departed", "refused"),
    [(("1929-02-10", "day"), ("1929-02-01", "month"), False), (("1929-02-10", "day"), ("1929-01-01", "month"), True),
     (("1929-03-01", "month"), ("1929-02-20", "day"), True), (("1929-02-10", "day"), ("1929-01-01", "year"), False)],
)  # fmt: skip
def test_the_loader_refuses_a_departure_whose_interval_ends_before_the_arrivals_begins(arrived, departed, refused):
    from helpers import read_rows, write_rows

    from exilemap.gazetteer import DataError, load

    fields, rows = read_rows("places.csv")
    values = {"arrived": arrived[0], "arrived_precision": arrived[1], "departed": departed[0], "departed_precision": departed[1]}
    changed = write_rows(fields, [r | values if r["id"] == "odessa" else r for r in rows])
    if not refused:
        load(places=changed)
        return
    with pytest.raises(DataError, match="ends before the arrival"):
        load(places=changed)
