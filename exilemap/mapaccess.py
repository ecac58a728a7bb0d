"""The map for a keyboard and a screen reader: a name, stops as buttons in route order, visible focus, less motion.

The clock (exilemap.timecontrol) says where he is in words; this gives the rest of the map what a
keyboard or screen-reader user needs. Add it to the base map after the stops and the clock.
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from exilemap.gazetteer import Gazetteer
from exilemap.i18n import ENGLISH, Translator
from exilemap.phrases import format_span
from exilemap.timecontrol import TEMPLATES

FOCUS = "#1e3a8a"
CSS = f"""
.leaflet-container:focus-visible, .leaflet-container a:focus-visible, .exile-time button:focus-visible,
.exile-time input:focus-visible, .leaflet-popup-content:focus-visible {{outline: 3px solid {FOCUS}; outline-offset: 2px}}
path.stop-marker:focus {{outline: none}}
path.stop-marker:focus-visible {{stroke: #000; stroke-width: 4px; stroke-opacity: 1}}
.leaflet-popup-content:focus {{outline: none}}
"""


class MapAccess(MacroElement):
    """Name, keyboard order and focus for the map; its JavaScript is templates/mapaccess.js."""

    _template = Template((TEMPLATES / "mapaccess.js").read_text(encoding="utf-8"))

    def __init__(self, gz: Gazetteer, name: str | None = None, tr: Translator = ENGLISH):
        super().__init__()
        self._name = "MapAccess"
        self.name = name or tr.gettext("Map of the journey")
        story = tr.gettext("%(place)s, %(dates)s: open its story")
        self.labels = {s.id: story % {"place": s.name, "dates": format_span(s, tr)} for s in gz.stops}
        self.css = CSS
