"""Coordinates as people write them: decimal points or commas, degrees-minutes-seconds with symbols or
letters (47°22′37″N, 47 22 37 N, N 47° 22.6′), and one column holding a `lat, lon` pair.

Nothing is swapped or guessed: a latitude outside ±90, or an east-west value in the latitude column, is
refused with what was found.
"""

from __future__ import annotations

import re

AXES = {"lat": ("N", "S", 90), "lon": ("E", "W", 180)}
_DECIMAL = re.compile(r"[+-]?\d+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_DMS = re.compile(
    r"(?P<pre>[NSEW])?\s*(?P<sign>[+-])?(?P<deg>\d+(?:[.,]\d+)?)\s*[°º˚d]?\s*"
    r"(?:(?P<min>\d+(?:[.,]\d+)?)\s*['′’m]?\s*)?(?:(?P<sec>\d+(?:[.,]\d+)?)\s*(?:\"|″|”|''|′′|s)?\s*)?(?P<post>[NSEW])?",
    re.IGNORECASE,
)
_PAIR_SPLIT = re.compile(r"(?<=[NSns])[\s,;]+(?=[EWew\d+-])")


def parse_coordinate(text: str, axis: str) -> tuple[float, bool]:
    """The decimal degrees a cell means, and whether it was converted (so the row can say how it was read).

    ValueError says why a cell is not a coordinate on this axis.
    """
    value = " ".join(str(text).split())
    positive, negative, limit = AXES[axis]
    if _DECIMAL.fullmatch(value):
        number, converted = float(value), False
    elif _DECIMAL_COMMA.fullmatch(value):
        number, converted = float(value.replace(",", ".")), True
    else:
        number, converted = _degrees(value, axis), True
    if not -limit <= number <= limit:
        raise ValueError(f"'{value}' is outside ±{limit}, the range of a {_AXIS_NAME[axis]}")
    return number, converted


_AXIS_NAME = {"lat": "latitude", "lon": "longitude"}


def _degrees(value: str, axis: str) -> float:
    m = _DMS.fullmatch(value)
    if not m or (m["pre"] and m["post"]):
        raise ValueError(f"'{value}' is not a coordinate we can read: write it as 47.3769, 47,3769 or 47°22′37″N")
    hemisphere = (m["pre"] or m["post"] or "").upper()
    positive, negative, _ = AXES[axis]
    if hemisphere and hemisphere not in (positive, negative):
        other = "lon" if axis == "lat" else "lat"
        raise ValueError(
            f"'{value}' is a {_AXIS_NAME[other]} ({hemisphere}), not a {_AXIS_NAME[axis]}: check which column is which"
        )
    if not hemisphere and not (m["min"] or m["sec"]):
        raise ValueError(f"'{value}' is not a coordinate we can read: write it as 47.3769, 47,3769 or 47°22′37″N")
    degrees, minutes, seconds = (float((m[k] or "0").replace(",", ".")) for k in ("deg", "min", "sec"))
    if minutes >= 60 or seconds >= 60:
        raise ValueError(f"'{value}' has minutes or seconds of 60 or more")
    number = degrees + minutes / 60 + seconds / 3600
    return -number if hemisphere == negative or m["sign"] == "-" else number


def parse_pair(text: str) -> tuple[str, str]:
    """One cell holding latitude and longitude ('47.3769, 8.5417', '47°22′37″N 8°32′30″E') as its two parts."""
    value = " ".join(str(text).split())
    parts = _PAIR_SPLIT.split(value, maxsplit=1)
    if len(parts) != 2:
        for separator in (";", ", ", ","):
            if value.count(separator) == 1:
                parts = value.split(separator)
                break
        else:
            parts = value.split(" ") if value.count(" ") == 1 else []
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise ValueError(f"'{value}' is not a latitude and a longitude: write them as 47.3769, 8.5417 (latitude first)")
    return parts[0].strip(" ,;"), parts[1].strip(" ,;")
