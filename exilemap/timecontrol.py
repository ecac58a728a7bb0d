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
import math
from pathlib import Path

from branca.element import MacroElement
from jinja2 import Template

from exilemap.i18n import ENGLISH, Translator
from exilemap.phrases import mode_phrase
from exilemap.route import Position, Route

TEMPLATES = Path(__file__).resolve().parent / "templates"
REPORT_PREFIX = "exile-date:"
READY = "exile-map-ready"
# The page's date slider (app.py's st.slider with key="date"; Streamlit marks its box st-key-date),
# which the map follows in the browser as the user moves it
PAGE_SLIDER = ".st-key-date"
# The hidden input in the page that this clock keeps at its date (milliseconds since 1970) and that
# the page's timeline binds its date rule to (ui.timeline), so the rule follows the map in the browser
PAGE_DAY = "exile-day"
EPOCH = dt.date(1970, 1, 1)
# The map's polite live region: a date the user moves to is announced once it has rested this long (keys held
# down or repeated are not read out one by one); while playing, at most once in this long
LIVE_REST_MS = 400
LIVE_EVERY_MS = 1000
# While playing, the page's timeline is told the date at most this often: its chart redraws whole for the rule
PAGE_EVERY_MS = 100


def days(day: dt.date) -> int:
    return (day - EPOCH).days


def epoch_ms(day: dt.date) -> int:
    """The day as the clock writes it to PAGE_DAY: milliseconds since 1970 (its `day * DAY`)."""
    return days(day) * 86_400_000


def reported_date(tooltip: str | None) -> dt.date | None:
    """The date in a report from the map, or None if the text is not one (e.g. a stop's tooltip)."""
    if not tooltip or not tooltip.strip().startswith(REPORT_PREFIX):
        return None
    try:
        return dt.date.fromisoformat(tooltip.strip()[len(REPORT_PREFIX) :][:10])
    except ValueError:
        return None


# The sentences the map's script says and announces are handed to it from here (templates/timecontrol.js fills them
# in): one wording, in the session's language, for the text alternative, the live region and describe().
def sentences(tr: Translator) -> dict[str, str]:
    _ = tr.gettext
    return {
        "before": _("%(when)s: before the journey, which starts at %(place)s, %(country)s."),
        "after": _("%(when)s: after the journey, which ended at %(place)s, %(country)s."),
        "transit": _("%(when)s: on the way from %(a)s, %(a_country)s, to %(b)s, %(b_country)s, %(share)s%% of the way."),
        "transit_how": _(
            "%(when)s: on the way %(how)s from %(a)s, %(a_country)s, to %(b)s, %(b_country)s, %(share)s%% of the way."
        ),
        "at": _("%(when)s: at %(place)s, %(country)s."),
    }


def words(tr: Translator) -> dict:
    """Every word the map's own controls show or say, in the session's language, and its dates' forms."""
    _ = tr.gettext
    return {"lang": tr.lang, "play": _("Play"), "pause": _("Pause"), "range": _("Date on the map"),
            "on_the_way": _("On the way: %(date)s"), "where": _("Where he is: %(date)s"),
            "sentences": sentences(tr), "dates": tr.js_dates()}  # fmt: skip


def describe(position: Position, tr: Translator = ENGLISH) -> str:
    """Where he is, as one sentence for a screen reader: the map's text alternative (the browser says the same)."""
    said, when = sentences(tr), tr.date(position.date)
    if position.status == "before":
        return said["before"] % {"when": when, "place": position.next.name, "country": position.next.country_then}
    if position.status == "after":
        return said["after"] % {"when": when, "place": position.previous.name, "country": position.previous.country_then}
    if position.status == "transit":
        a, b, share = position.previous, position.next, math.floor(position.fraction * 100 + 0.5)
        how = mode_phrase(position.leg.mode, tr) if position.leg else ""
        facts = {"when": when, "how": how, "a": a.name, "a_country": a.country_then, "b": b.name, "b_country": b.country_then,
                 "share": share}  # fmt: skip
        return said["transit_how" if how else "transit"] % facts
    return said["at"] % {"when": when, "place": position.stop.name, "country": position.stop.country_then}


def script_json(value) -> str:
    """JSON to place inside a <script>: no '</script>' or '<!--' in a place name can end or bend it."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _options(style: dict) -> str:
    names = {"fill_color": "fillColor", "fill_opacity": "fillOpacity", "dash_array": "dashArray", "class_name": "className"}
    return json.dumps({names.get(k, k): v for k, v in style.items()})


class TimeControl(MacroElement):
    """The in-map clock; add it to the base map once."""

    _template = Template((TEMPLATES / "timecontrol.js").read_text(encoding="utf-8"))

    def __init__(self, route: Route, start: dt.date, now_style: dict, travelled_style: dict,
                 days_per_second: int = 90, width: int = 220, stop_seconds: float = 1.5, tr: Translator = ENGLISH):  # fmt: skip
        super().__init__()
        self._name = "TimeControl"
        legs = [None, *route.legs]  # the leg reaching each visit (none reaches the first)
        self.visits_json = script_json(
            [
                {
                    "id": v.stop.id,
                    "lat": v.stop.lat,
                    "lon": v.stop.lon,
                    "start": days(v.start),
                    "end": days(v.end),
                    "name": v.stop.name,
                    "country": v.stop.country_then,
                }
                | ({"path": [[w.lat, w.lon] for w in leg.waypoints]} if leg and leg.waypoints else {})
                | ({"how": mode_phrase(leg.mode, tr)} if leg and leg.mode != "unknown" else {})
                for v, leg in zip(route.visits, legs)
            ]  # fmt: skip
        )
        self.first, self.last, self.start = days(route.first), days(route.last), days(start)
        self.now_style = _options(now_style | {"class_name": "now-marker"})
        # drawn over the stops, so it must let clicks through to them
        self.travelled_style = _options(travelled_style | {"class_name": "route-travelled", "interactive": False})
        self.days_per_second, self.width = days_per_second, width
        self.stop_ms = int(stop_seconds * 1000)  # under prefers-reduced-motion, playback waits this long at each stop
        self.ready_text = READY
        self.page_slider, self.page_day = PAGE_SLIDER, PAGE_DAY
        self.live_rest_ms, self.live_every_ms = LIVE_REST_MS, LIVE_EVERY_MS
        self.page_every_ms = PAGE_EVERY_MS
        self.words_json = script_json(words(tr))


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
        # + 0.0 writes -0.0 as 0.0: the same place, and caches keyed by the view (0.0 == -0.0) give one rendering
        self.center, self.zoom = [lat + 0.0, lon + 0.0], int(zoom)


class SetDate(MacroElement):
    """Tells the in-map clock the page's date; lives in the feature group streamlit-folium swaps."""

    _template = Template(
        "{% macro script(this, kwargs) %}window.exileTime && window.exileTime.setDate({{ this.iso|tojson }});{% endmacro %}"
    )

    def __init__(self, day: dt.date):
        super().__init__()
        self._name = "SetDate"
        self.iso = day.isoformat()
