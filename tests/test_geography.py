"""Honest geography: ships at sea, legs drawn by mode, uncertainty said in words and carried in the exports."""

from __future__ import annotations

import datetime as dt

import pytest
import shapely
from shapely.geometry import Point, shape

from exilemap import offline
from exilemap.gazetteer import load
from exilemap.mapview import popup_html
from exilemap.phrases import uncertainty_lines
from exilemap.route import Route

GZ = load()
ROUTE = Route(GZ)


@pytest.fixture(scope="module")
def land():
    """Natural Earth's 1:10m land (world-atlas, fetched for offline mode): fine enough for the Bosphorus and the Dardanelles."""
    try:
        features = offline.natural_earth("land-10m.json", "land", unwrap=False)["features"]
    except FileNotFoundError as exc:
        pytest.fail(f"Natural Earth's land shapes are missing ({exc}): `make test` fetches them with npm")
    parts = shapely.get_parts([shape(feature["geometry"]) for feature in features])
    parts = parts[
        shapely.intersects(parts, shapely.box(-110, 10, 40, 70))
    ]  # the route's part of the world: Mexico to Central Asia's edge
    invalid = ~shapely.is_valid(parts)  # the Americas, and Eurasia with Africa (unwrapped at the antimeridian)
    # GEOS's "structure" repair: the same land as the default "linework" repair here, in a tenth of its time
    parts[invalid] = shapely.make_valid(parts[invalid], method="structure")
    polygons = [g for g in shapely.get_parts(shapely.get_parts(parts)) if g.geom_type == "Polygon"]
    shapely.prepare(polygons)
    tree = shapely.STRtree(polygons)
    return lambda lat, lon: any(polygons[i].contains(Point(lon, lat)) for i in tree.query(Point(lon, lat)))


def sea_days():
    """Every day he was at sea: the days strictly between leaving port and reaching the next, on a ship's leg."""
    for index, leg in enumerate(ROUTE.legs):
        if leg.mode == "ship":
            left, reached = ROUTE.visits[index].end, ROUTE.visits[index + 1].start
            for n in range(1, (reached - left).days):
                yield leg.to_stop, left + dt.timedelta(days=n)


def test_there_are_sea_days_to_check():
    days = list(sea_days())
    assert len(days) >= 40 and {stop for stop, _ in days} >= {"cassis", "tampico", "marseille-1932"}


def test_every_sea_day_puts_him_at_sea(land):
    on_land = []
    for to_stop, day in sea_days():
        p = ROUTE.position(day)
        assert p.status == "transit" and p.leg.mode == "ship"
        if land(p.lat, p.lon):
            on_land.append(f"{day} on the way to {to_stop}: {p.lat:.3f}, {p.lon:.3f}")
    assert not on_land, on_land


def test_the_land_check_can_fail(land):
    """The same check finds a straight line across Greece and Italy on land: Prinkipo to Cassis without waypoints."""
    a, b = GZ.stop("prinkipo-return"), GZ.stop("cassis")
    from exilemap.route import along

    assert sum(land(*along([(a.lat, a.lon), (b.lat, b.lon)], n / 50)) for n in range(1, 50)) > 10


@pytest.mark.parametrize(("day", "near"), [("1933-07-19", "cassis"), ("1932-11-16", "marseille-1932"), ("1936-12-29", "tampico")])
def test_the_issues_three_days_are_at_sea_on_a_named_ship(day, near):
    p = ROUTE.position(dt.date.fromisoformat(day))
    assert p.status == "transit" and p.next.id == near and p.leg.mode == "ship" and p.leg.vessel


def test_uncertain_dates_and_places_are_said_in_words():
    assert "Arrived some day in April 1929 (the day is not known)." in uncertainty_lines(GZ.stop("prinkipo"))
    assert "Place: town-level: the house is not known." in uncertainty_lines(GZ.stop("prinkipo"))
    assert "Left some day between 4 May and 31 December 1934 (the month is not known)." in uncertainty_lines(GZ.stop("chamonix"))
    assert uncertainty_lines(GZ.stop("blue-house"))[-1] == "Place: the point marks the building itself."
    popup = popup_html(GZ.stop("frunze"), None, None)
    assert "some day in January 1929 (the day is not known)" in popup and "town-level: the house is not known" in popup


def test_every_new_stop_and_every_leg_names_references_that_exist():
    for leg in GZ.legs.values():
        assert leg.refs and all(c.ref_id in GZ.references for c in leg.refs), leg.to_stop
    for stop in GZ.stops:
        if stop.tour == "detail":
            assert all(stop.refs(f) for f in ("dates", "coordinates", "summary")), stop.id
    assert sum(1 for s in GZ.stops if s.tour == "detail") >= 15


def test_an_uploaded_journey_takes_legs_with_only_the_columns_it_needs():
    from helpers import DATA, write_rows

    from exilemap.gazetteer import DataError, load_journey

    legs = write_rows(
        ["to_stop", "mode", "waypoints"], [{"to_stop": "cassis", "mode": "ship", "waypoints": "37.9,16.3 Ionian; 41.0,12.3"}]
    )
    gz = load_journey((DATA / "places.csv").read_bytes(), references=(DATA / "references.csv").read_bytes(), legs=legs)
    leg = gz.leg_to("cassis")
    assert (leg.mode, leg.course, [w.name for w in leg.waypoints]) == ("ship", "direct", ["Ionian", ""])
    assert gz.leg_to("tampico").mode == "unknown"  # a move the file does not describe
    bad = write_rows(["to_stop", "mode"], [{"to_stop": "nowhere", "mode": "balloon"}])
    with pytest.raises(DataError) as caught:
        load_journey((DATA / "places.csv").read_bytes(), references=(DATA / "references.csv").read_bytes(), legs=bad)
    assert {(p.file, p.row, p.column) for p in caught.value.problems} >= {("legs.csv", 2, "mode")}


def test_the_return_of_1932_is_on_the_adria_with_a_night_aboard_at_istanbul_and_the_island_reached_later_that_month():
    # Writings of Leon Trotsky (1932), p. 346: the AP dispatch from Istanbul, 11 December 1932
    assert GZ.leg_to("istanbul-1932").vessel == "the steamer Adria"
    istanbul, island = GZ.stop("istanbul-1932"), GZ.stop("prinkipo-return")
    assert (istanbul.arrived, istanbul.arrived_precision) == (dt.date(1932, 12, 11), "day")
    assert (island.arrived, island.arrived_precision) == (dt.date(1932, 12, 1), "month")
    assert ROUTE.visit_of("prinkipo-return").start > dt.date(1932, 12, 11)  # not the night he spent aboard
    assert "Campidiglio" in GZ.stop("marseille-1932-back").summary  # as the published telegram writes it
    assert GZ.leg_to("frunze").vessel.endswith("then a car")
