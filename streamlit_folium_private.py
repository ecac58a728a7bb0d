"""Every call into streamlit-folium's private API, in one place.

Why private: st_folium renders the whole folium map to HTML on every rerun. We render the base map
once, and per rerun send the component only the moving layer's script. These names are not
streamlit-folium's promise: their arguments changed in 0.24, 0.25, 0.26, 0.27 and 0.27.4. So
pyproject.toml bounds streamlit-folium to the minor version proven here, uv.lock pins it, the
contract test (tests/test_app.py) proves that what we send equals what st_folium itself sends, and
`make upgrade-check` runs that test against the newest releases before anyone raises the bound.
"""

from __future__ import annotations

import threading

import folium
import streamlit_folium

_capture_lock = threading.Lock()


def capture_st_folium(fig: folium.Map, **kwargs) -> dict:
    """The arguments st_folium would send to its component for this map, without sending them."""
    captured: dict = {}

    def record(**component_args):
        captured.update(component_args)
        return component_args["default"]

    with _capture_lock:
        original = streamlit_folium._component_func
        streamlit_folium._component_func = record
        try:
            streamlit_folium.st_folium(fig, **kwargs)
        finally:
            streamlit_folium._component_func = original
    return captured


def feature_group_script(layer: folium.FeatureGroup) -> str:
    """The script st_folium sends for `feature_group_to_add=layer` (rendered against a throwaway map)."""
    return streamlit_folium._get_feature_group_string(layer, map=folium.Map(tiles=None), idx=0)


def send(**component_args):
    """Draw the map component with these arguments (as captured, plus a new feature group); returns its value."""
    return streamlit_folium._component_func(**component_args)
