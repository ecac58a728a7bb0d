"""folium objects for the map: the base map (built once) and the moving layer (per date).

The base map holds everything that never changes: tiles, the whole route drawn
as 'ahead', and a small marker for every stop. The moving layer holds what a
date changes: the part of the route already travelled and the "now" marker.
streamlit-folium swaps only that layer, so the map is never rebuilt.
"""

from __future__ import annotations

import folium

from exilemap.gazetteer import Gazetteer, Stop
from exilemap.route import Position, Route, format_span
from exilemap.sources import html_text

AHEAD = {"color": "#6b7280", "weight": 2, "dash_array": "6 6", "opacity": 0.8}
TRAVELLED = {"color": "#b22222", "weight": 4, "opacity": 0.9}
STOP_STYLE = {"radius": 5, "color": "#1e3a8a", "weight": 1, "fill": True, "fill_color": "#3b82f6", "fill_opacity": 0.9}
NOW_STYLE = {"radius": 11, "color": "#ffffff", "weight": 3, "fill": True, "fill_color": "#b22222", "fill_opacity": 1.0}


def popup_html(stop: Stop, quote: str | None, cited: str | None) -> str:
    """Escaped popup content: dates, summary and one supporting quote."""
    parts = [
        f"<b>{html_text(stop.name)}</b> <small>({html_text(stop.modern_name)}, {html_text(stop.country_now)})</small>",
        f"<div>{html_text(format_span(stop))}</div>",
        f"<p>{html_text(stop.summary)}</p>",
    ]
    if quote:
        parts.append(f"<blockquote>“{html_text(quote)}”<br><small>— {html_text(cited or '')}</small></blockquote>")
    return f'<div class="stop-popup" style="max-width:280px">{"".join(parts)}</div>'


def base_map(gz: Gazetteer, route: Route, tiles: str | None = "OpenStreetMap") -> folium.Map:
    """The map with everything that does not depend on the date."""
    points = [(v.stop.lat, v.stop.lon) for v in route.visits]
    m = folium.Map(location=[48, 20], zoom_start=3, tiles=tiles, control_scale=True, prefer_canvas=False)
    m.fit_bounds([[min(p[0] for p in points), min(p[1] for p in points)], [max(p[0] for p in points), max(p[1] for p in points)]])
    folium.PolyLine(points, class_name="route-ahead", **AHEAD).add_to(m)
    for stop in gz.stops:
        quotes = gz.quotes_for(stop.id)
        first = quotes[0] if quotes else None
        cited = None
        if first is not None:
            source = gz.sources[first.source_id]
            cited = f"{source.title} ({source.author}, {source.date})"
        folium.CircleMarker(
            (stop.lat, stop.lon),
            tooltip=folium.Tooltip(f"{html_text(stop.name)}<br>{html_text(format_span(stop))}"),
            popup=folium.Popup(folium.Html(popup_html(stop, first.text if first else None, cited), script=True), max_width=300),
            class_name=f"stop-marker stop-{stop.id}",
            **STOP_STYLE,
        ).add_to(m)
    return m


def moving_layer(route: Route, position: Position) -> folium.FeatureGroup:
    """The travelled part of the route and the "where he is now" marker for one date."""
    group = folium.FeatureGroup(name="now")
    travelled = [(v.stop.lat, v.stop.lon) for v in route.visits[: position.index + 1]]
    if position.status == "before":
        travelled = []
    elif position.status == "transit":
        travelled.append((position.lat, position.lon))
    if len(travelled) >= 2:
        folium.PolyLine(travelled, class_name="route-travelled", **TRAVELLED).add_to(group)
    label = {"before": "Before the exile", "after": "After the last stop"}.get(position.status, "Where he is now")
    folium.CircleMarker(
        (position.lat, position.lon),
        tooltip=folium.Tooltip(f"{label}: {position.date.isoformat()}"),
        class_name="now-marker",
        **NOW_STYLE,
    ).add_to(group)
    return group
