"""The map's own clock: the "now" marker, the travelled line, a scrubber and Play/Pause, in the browser.

Moving along the route happens in Leaflet, so scrubbing and playback need no
Streamlit rerun. The page talks to it in both directions: it follows the page's
date slider in the browser as the slider moves (and `SetDate`, placed in
streamlit-folium's `feature_group_to_add`, tells it the date after every rerun),
and it reports where it stopped as an object click whose tooltip reads
`exile-date:YYYY-MM-DD`, which streamlit-folium returns to the page.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from branca.element import MacroElement
from jinja2 import Template

from exilemap.route import Route

TEMPLATES = Path(__file__).resolve().parent / "templates"
REPORT_PREFIX = "exile-date:"
READY = "exile-map-ready"
# The page's date slider (app.py's st.slider with key="date"; Streamlit marks its box st-key-date),
# which the map follows in the browser as the user moves it
PAGE_SLIDER = ".st-key-date"
EPOCH = dt.date(1970, 1, 1)


def days(day: dt.date) -> int:
    return (day - EPOCH).days


def reported_date(tooltip: str | None) -> dt.date | None:
    """The date in a report from the map, or None if the text is not one (e.g. a stop's tooltip)."""
    if not tooltip or not tooltip.strip().startswith(REPORT_PREFIX):
        return None
    try:
        return dt.date.fromisoformat(tooltip.strip()[len(REPORT_PREFIX) :][:10])
    except ValueError:
        return None


def _options(style: dict) -> str:
    names = {"fill_color": "fillColor", "fill_opacity": "fillOpacity", "dash_array": "dashArray", "class_name": "className"}
    return json.dumps({names.get(k, k): v for k, v in style.items()})


class TimeControl(MacroElement):
    """The in-map clock; add it to the base map once."""

    _template = Template((TEMPLATES / "timecontrol.js").read_text(encoding="utf-8"))

    def __init__(self, route: Route, start: dt.date, now_style: dict, travelled_style: dict,
                 days_per_second: int = 90, width: int = 220):  # fmt: skip
        super().__init__()
        self._name = "TimeControl"
        legs = [None, *route.legs]  # the leg reaching each visit (none reaches the first)
        self.visits_json = json.dumps(
            [
                {"id": v.stop.id, "lat": v.stop.lat, "lon": v.stop.lon, "start": days(v.start), "end": days(v.end)}
                | ({"path": [[w.lat, w.lon] for w in leg.waypoints]} if leg and leg.waypoints else {})
                for v, leg in zip(route.visits, legs)
            ]
        )
        self.first, self.last, self.start = days(route.first), days(route.last), days(start)
        self.now_style = _options(now_style | {"class_name": "now-marker"})
        # drawn over the stops, so it must let clicks through to them
        self.travelled_style = _options(travelled_style | {"class_name": "route-travelled", "interactive": False})
        self.days_per_second, self.width = days_per_second, width
        self.ready_text = READY
        self.page_slider = PAGE_SLIDER


class SetView(MacroElement):
    """Centres the map on a place (the tour's step); swapped with the date, so it applies on the first render too."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "map_div.setView({{ this.center|tojson }}, {{ this.zoom }}, {animate: false});"
        "{% endmacro %}"
    )

    def __init__(self, lat: float, lon: float, zoom: int):
        super().__init__()
        self._name = "SetView"
        self.center, self.zoom = [lat, lon], int(zoom)


class SetDate(MacroElement):
    """Tells the in-map clock the page's date; lives in the feature group streamlit-folium swaps."""

    _template = Template(
        "{% macro script(this, kwargs) %}window.exileTime && window.exileTime.setDate({{ this.iso|tojson }});{% endmacro %}"
    )

    def __init__(self, day: dt.date):
        super().__init__()
        self._name = "SetDate"
        self.iso = day.isoformat()
