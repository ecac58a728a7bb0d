"""Coordinates as people write them: decimal commas, degrees-minutes-seconds, one column holding a pair; never swapped."""

from __future__ import annotations

import pytest

from exilemap.coordinates import parse_coordinate, parse_pair

# 47°22′37″N = 47 + 22/60 + 37/3600 = 47.376944…; 8°32′30″E = 8.541666…; 22.6′ = 0.376666…°
ZURICH_LAT, ZURICH_LON = 47 + 22 / 60 + 37 / 3600, 8 + 32 / 60 + 30 / 3600


@pytest.mark.parametrize(
    "text, axis, value, converted",
    [
        ("47.3769", "lat", 47.3769, False),
        ("-8.5", "lon", -8.5, False),
        ("47,3769", "lat", 47.3769, True),
        ("47°22′37″N", "lat", ZURICH_LAT, True),
        ("47° 22′ 37″ N", "lat", ZURICH_LAT, True),
        ("47°22'37\"N", "lat", ZURICH_LAT, True),
        ("47 22 37 N", "lat", ZURICH_LAT, True),
        ("N 47° 22.6′", "lat", 47 + 22.6 / 60, True),
        ("8°32′30″E", "lon", ZURICH_LON, True),
        ("34°36′S", "lat", -(34 + 36 / 60), True),
        ("58°22′W", "lon", -(58 + 22 / 60), True),
    ],
)
def test_a_coordinate_is_read_in_decimal_degrees_and_says_whether_it_was_converted(text, axis, value, converted):
    got, was_converted = parse_coordinate(text, axis)
    assert got == pytest.approx(value, abs=1e-9) and was_converted == converted


@pytest.mark.parametrize(
    "text, axis, message",
    [
        ("120", "lat", "'120' is outside ±90, the range of a latitude"),
        ("200", "lon", "'200' is outside ±180, the range of a longitude"),
        ("8°32′30″E", "lat", "is a longitude (E), not a latitude: check which column is which"),
        ("47°22′37″N", "lon", "is a latitude (N), not a longitude"),
        ("47°75′N", "lat", "has minutes or seconds of 60 or more"),
        ("north", "lat", "is not a coordinate we can read"),
    ],
)
def test_a_coordinate_that_cannot_be_read_says_why(text, axis, message):
    with pytest.raises(ValueError) as caught:
        parse_coordinate(text, axis)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "text, pair",
    [
        ("47.3769, 8.5417", ("47.3769", "8.5417")),
        ("47°22′37″N, 8°32′30″E", ("47°22′37″N", "8°32′30″E")),
        ("47°22′37″N 8°32′30″E", ("47°22′37″N", "8°32′30″E")),  # as Wikipedia prints it
        ("47,3769; 8,5417", ("47,3769", "8,5417")),
    ],
)
def test_one_cell_holding_a_pair_is_read_latitude_first(text, pair):
    assert parse_pair(text) == pair


def test_a_cell_that_is_not_a_pair_says_how_to_write_one():
    with pytest.raises(ValueError, match="is not a latitude and a longitude: write them as 47.3769, 8.5417"):
        parse_pair("47,37,8,54")
