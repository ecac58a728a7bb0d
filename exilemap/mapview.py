"""folium objects for the map: the base map (built once) and the moving layer (per date).

The base map holds everything that never changes: tiles, the whole route drawn
as 'ahead', a small marker for every stop, and the in-map clock (TimeControl),
which draws the "now" marker and the travelled line in the browser. The moving
layer holds only what a date changes: a one-line SetDate telling the clock the
page's date. streamlit-folium swaps only that layer, so the map is never rebuilt.
"""

from __future__ import annotations

import datetime as dt
import json

import folium
from branca.element import MacroElement
from jinja2 import Template

from exilemap import assets
from exilemap.gazetteer import Gazetteer, Stop
from exilemap.i18n import ENGLISH, N_, Translator
from exilemap.mapaccess import MapAccess
from exilemap.phrases import format_span, uncertainty_lines
from exilemap.route import Position, Route
from exilemap.sources import cite_quote, html_text
from exilemap.timecontrol import TEMPLATES, SetDate, SetView, TimeControl, _options

AHEAD = {"color": "#6b7280", "weight": 2, "dash_array": "6 6", "opacity": 0.8}
TRAVELLED = {"color": "#b22222", "weight": 4, "opacity": 0.9}
STOP_STYLE = {"radius": 5, "color": "#1e3a8a", "weight": 1, "fill": True, "fill_color": "#3b82f6", "fill_opacity": 0.9}
NOW_STYLE = {"radius": 11, "color": "#ffffff", "weight": 3, "fill": True, "fill_color": "#b22222", "fill_opacity": 1.0}
# Each mode of travel drawn its own way, so a student sees at once which legs were by sea (the legend says which is which)
MODE_STYLE = {
    "ship": {"color": "#1d4ed8", "weight": 3, "dash_array": "10 6", "opacity": 0.85},
    "train": {"color": "#374151", "weight": 2.5, "opacity": 0.85},
    "car": {"color": "#92400e", "weight": 3, "dash_array": "2 6", "opacity": 0.9},
    "sledge": {"color": "#6d28d9", "weight": 3, "dash_array": "4 4", "opacity": 0.9},
    "foot": {"color": "#065f46", "weight": 2, "dash_array": "1 4", "opacity": 0.9},
    "unknown": AHEAD,
}
MODE_LABEL = {"ship": N_("by sea"), "train": N_("by train"), "car": N_("by car"), "sledge": N_("by sledge and road"),
              "foot": N_("on foot"), "unknown": N_("way not known")}  # fmt: skip
# A point that marks a town or a region, not a house, gets a halo of about this radius (metres)
HALO_METRES = {"town": 8_000, "region": 30_000}  # an upload's points say nothing of this, so get none


def popup_html(stop: Stop, quote: str | None, cited: str | None, tr: Translator = ENGLISH) -> str:
    """Escaped popup content: dates, summary and one supporting quote (in its own words, whatever the language)."""
    parts = [
        f"<b>{html_text(stop.name)}</b> <small>({html_text(stop.modern_name)}, {html_text(stop.country_now)})</small>",
        f"<div>{html_text(format_span(stop, tr))}</div>",
        *(f"<div><small>{html_text(line)}</small></div>" for line in uncertainty_lines(stop, tr)),
        f"<p>{html_text(stop.summary)}</p>",
    ]
    if quote:
        parts.append(f"<blockquote>“{html_text(quote)}”<br><small>— {html_text(cited or '')}</small></blockquote>")
    return f'<div class="stop-popup" style="max-width:280px">{"".join(parts)}</div>'


class Legend(MacroElement):
    """The map's key, as text: how each mode of travel is drawn, and what a halo means."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function () { var map = {{ this._parent.get_name() }}, legend = L.control({position: 'topright'});"
        "legend.onAdd = function () { var box = L.DomUtil.create('div', 'exile-legend leaflet-bar');"
        "box.style.cssText = 'background:#fff;padding:2px 8px;font:12px/1.45 sans-serif;color:#111;max-width:210px';"
        "box.innerHTML = '<details><summary style=\\'cursor:pointer\\'>' + {{ this.title|tojson }} + '</summary>' + {{ this.html|tojson }} + '</details>';"
        "box.querySelector('details').open = map.getSize().x > 560;"
        "L.DomEvent.disableClickPropagation(box); return box; };"
        "legend.addTo(map); })();"
        "{% endmacro %}"
    )

    def __init__(self, modes: list[str], tr: Translator = ENGLISH):
        super().__init__()
        self._name = "Legend"
        _ = tr.gettext
        self.title = html_text(_("Map key"))
        rows = []
        for mode in modes:
            style = MODE_STYLE[mode]
            dash = f' stroke-dasharray="{style["dash_array"]}"' if "dash_array" in style else ""
            rows.append(f'<div><svg width="34" height="8" aria-hidden="true"><line x1="0" y1="4" x2="34" y2="4" '
                        f'stroke="{style["color"]}" stroke-width="{style["weight"]}"{dash}/></svg> {html_text(_(MODE_LABEL[mode]))}</div>')  # fmt: skip
        # said outside the f-strings: pybabel does not look inside them
        for note in (_("A faint ring: the place is known only to the town or region."),
                     _("Sea courses are drawn where not recorded: the panel says which.")):  # fmt: skip
            rows.append(f"<div><small>{html_text(note)}</small></div>")
        self.html = "".join(rows)


class FitNow(MacroElement):
    """fitBounds without folium's animated zoom: the view is final at once, so a later setView (the tour's) holds.

    Then the view is nudged, still without animation, so it shows no grey beyond the top or bottom of the world,
    which a route in the northern half would otherwise leave at the top of a wide, zoomed-out map.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, {animate: false})"
        ".panInsideBounds([[-85.0511287798, -1e4], [85.0511287798, 1e4]], {animate: false});"
        "{% endmacro %}"
    )

    def __init__(self, bounds: list[list[float]]):
        super().__init__()
        self._name = "FitNow"
        self.bounds = bounds


class StopLayer(MacroElement):
    """Every stop as one GeoJSON layer, however many there are; drawn on a canvas from CANVAS_FROM stops.

    One folium element and one array of features, not one folium object (and its script) per stop:
    the page stays small and quick to build for a journey of thousands of stops.
    """

    _template = Template((TEMPLATES / "stoplayer.js").read_text(encoding="utf-8"))
    CANVAS_FROM = 1000

    def __init__(self, gz: Gazetteer, style: dict, max_width: int = 300, tr: Translator = ENGLISH):
        super().__init__()
        self._name = "StopLayer"
        features = []
        for stop in gz.stops:
            quotes = gz.quotes_for(stop.id)
            first = quotes[0] if quotes else None
            popup = popup_html(stop, first.text if first else None, cite_quote(gz, first) if first else None, tr)
            features.append({"type": "Feature", "id": stop.id, "geometry": {"type": "Point", "coordinates": [stop.lon, stop.lat]},
                             "properties": {"tooltip": f"{html_text(stop.name)}<br>{html_text(format_span(stop, tr))}",
                                            "popup": popup}})  # fmt: skip
        self.data_json = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
        self.data_json = self.data_json.replace("</", "<\\/")  # never a closing tag inside the page's script
        self.style_json = _options(style)
        self.canvas = len(features) >= self.CANVAS_FROM
        self.max_width = int(max_width)


class Outlines(MacroElement):
    """Country outlines in a pane under the tiles: drawn where tiles are off or cannot load.

    Its data is a declared file (`default_data`): fetched from the app's server offline, written into the page
    when the standalone build inlines it (`inline_data`).
    """

    default_data = [(assets.COUNTRIES.name, assets.COUNTRIES.url)]
    _template = Template(
        """{% macro script(this, kwargs) %}
        (function (map) {
          map.createPane("outlines").style.zIndex = 150;  // under the tile pane (200)
          function draw(data) {
            var layer = L.geoJSON(data, {pane: "outlines", interactive: false, style: {color: "#9a9080", weight: 0.8,
              fillColor: "#f4efe4", fillOpacity: 1, className: "country"}});
            layer.addTo(map);
            map.attributionControl.addAttribution({{ this.attribution|tojson }});
          }
          {% if this.data is not none %}draw({{ this.data }});
          {% else %}fetch({{ this.default_data[0][1]|tojson }}).then(function (r) { return r.json(); }).then(draw);{% endif %}
        })({{ this._parent.get_name() }});
        {% endmacro %}"""
    )

    def __init__(self, tr: Translator = ENGLISH):
        super().__init__()
        self._name = "Outlines"
        self.data: str | None = None
        self.attribution = html_text(tr.gettext("Country outlines: Natural Earth"))

    def inline_data(self, text: str) -> None:
        self.data = assets.script_text(text)


class StopPanel(MacroElement):
    """The panel's text for a map with no page around it (the standalone export): where he is, and that stop's story.

    Below the map, it follows the clock (exileTime.onDay) and shows the stop's popup text: dates, summary, a quote.
    """

    _template = Template(
        """{% macro header(this, kwargs) %}<style>
        .exile-panel{font:15px/1.5 Georgia,serif;color:#111;max-width:760px;margin:12px auto;padding:0 12px}
        .exile-panel h2{font-size:17px;margin:0 0 6px}
        .exile-panel .stop-popup{max-width:none !important}
        </style>{% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
          var stories = {{ this.stories_json }};
          var panel = document.createElement("section");
          panel.className = "exile-panel";
          panel.setAttribute("aria-label", {{ this.label|tojson }});
          var heading = document.createElement("h2"), story = document.createElement("div");
          panel.appendChild(heading); panel.appendChild(story);
          var mapDiv = {{ this._parent.get_name() }}.getContainer();
          mapDiv.style.height = "min(70vh, 640px)";
          mapDiv.parentNode.insertBefore(panel, mapDiv.nextSibling);
          {{ this._parent.get_name() }}.invalidateSize();
          var shown = null;
          window.exileTime.onDay(function (text, visit) {
            heading.textContent = text;
            if (shown !== visit.id) { shown = visit.id; story.innerHTML = stories[visit.id] || ""; }
          });
        })();
        {% endmacro %}"""
    )

    def __init__(self, gz: Gazetteer, tr: Translator = ENGLISH):
        super().__init__()
        self._name = "StopPanel"
        self.label = tr.gettext("Where he is")
        stories = {}
        for stop in gz.stops:
            quotes = gz.quotes_for(stop.id)
            first = quotes[0] if quotes else None
            stories[stop.id] = popup_html(stop, first.text if first else None, cite_quote(gz, first) if first else None, tr)
        self.stories_json = json.dumps(stories, separators=(",", ":")).replace("</", "<\\/")


def base_map(
    gz: Gazetteer,
    route: Route,
    tiles: str | None = "OpenStreetMap",
    plain: bool = False,
    offline: bool = False,
    outlines: bool = False,
    tr: Translator = ENGLISH,
) -> folium.Map:
    """The map with everything that does not depend on the date, the in-map clock, and only the assets it needs.

    `plain` gives folium's defaults and no clock: the plain approach the benchmark compares against.
    `offline` asks for nothing outside the app's server: local assets, country outlines, no tiles.
    `outlines` draws the country outlines under the tiles (the standalone export, for when tiles cannot load).
    `tr` words the clock, the key, the popups and the announcements in the session's language.
    """
    if offline:
        tiles = None
    points = [(v.stop.lat, v.stop.lon) for v in route.visits]
    m = folium.Map(location=[48, 20], zoom_start=3, tiles=tiles, control_scale=True, prefer_canvas=False)
    FitNow(
        [[min(p[0] for p in points), min(p[1] for p in points)], [max(p[0] for p in points), max(p[1] for p in points)]]
    ).add_to(m)
    for mode in dict.fromkeys(leg.mode for leg in route.legs):  # one line per mode, however many legs: any size stays light
        paths = [p for leg, p in zip(route.legs, route.paths) if leg.mode == mode]
        folium.PolyLine(paths, class_name=f"route-ahead leg-{mode}", interactive=False, **MODE_STYLE[mode]).add_to(m)
    for stop in gz.stops:
        if stop.coord_precision in HALO_METRES and not stop.is_event:
            folium.Circle((stop.lat, stop.lon), radius=HALO_METRES[stop.coord_precision], color="#1e3a8a", weight=1,
                          dash_array="3 4", fill=True, fill_opacity=0.06, interactive=False, class_name="place-halo").add_to(m)  # fmt: skip
    if not plain:
        StopLayer(gz, STOP_STYLE, tr=tr).add_to(m)
    for stop in gz.stops if plain else ():
        quotes = gz.quotes_for(stop.id)
        first = quotes[0] if quotes else None
        popup = popup_html(stop, first.text if first else None, cite_quote(gz, first) if first else None, tr)
        folium.CircleMarker(
            (stop.lat, stop.lon),
            tooltip=folium.Tooltip(f"{html_text(stop.name)}<br>{html_text(format_span(stop, tr))}"),
            popup=folium.Popup(folium.Html(popup, script=True), max_width=300),
            class_name=f"stop-marker stop-{stop.id}",
            **STOP_STYLE,
        ).add_to(m)
    if not plain:
        m.default_js = [(assets.LEAFLET_JS.name, assets.LEAFLET_JS.url)]
        m.default_css = [(assets.LEAFLET_CSS.name, assets.LEAFLET_CSS.url)]
        TimeControl(route, route.first, NOW_STYLE, TRAVELLED, tr=tr).add_to(m)
        Legend(sorted({leg.mode for leg in route.legs}, key=list(MODE_STYLE).index), tr).add_to(m)
        MapAccess(gz, tr=tr).add_to(m)
    if offline or outlines:
        Outlines(tr).add_to(m)
        m.get_root().header.add_child(folium.Element("<style>.leaflet-container.leaflet-container{background:#cfe0ea}</style>"))
    if offline:
        assets.serve_locally(m)
    return m


def moving_layer(day: dt.date, view: tuple[float, float, int] | None = None) -> folium.FeatureGroup:
    """What changes with the date: a SetDate that moves the in-map clock (marker, travelled line).

    `view` (lat, lon, zoom) also centres the map there, as the tour does at each step.
    """
    group = folium.FeatureGroup(name="now")
    SetDate(day).add_to(group)
    if view is not None:
        SetView(*view).add_to(group)
    return group


def static_position(route: Route, position: Position) -> folium.FeatureGroup:
    """The travelled line and "now" marker drawn by folium itself, for a map without the clock."""
    group = folium.FeatureGroup(name="now")
    travelled = route.travelled(position)
    if len(travelled) >= 2:
        folium.PolyLine(travelled, class_name="route-travelled", **TRAVELLED).add_to(group)
    folium.CircleMarker((position.lat, position.lon), class_name="now-marker", **NOW_STYLE).add_to(group)
    return group
