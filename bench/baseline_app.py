"""The plain approach, for comparison: rebuild the whole folium map on every rerun with st_folium(m).

Same data, same base map and markers as the real app; only the way the map is updated differs.
"""

import datetime as dt

import streamlit as st
from streamlit_folium import st_folium

from exilemap import mapview
from exilemap.gazetteer import load
from exilemap.route import Route

st.set_page_config(page_title="Baseline", layout="wide")
gz = load()
route = Route(gz)
if "date" not in st.session_state:  # start where the benchmark asks, as the real app's deep links do
    st.session_state.date = dt.date.fromisoformat(st.query_params.get("date", route.first.isoformat()))
day = st.slider("Date", min_value=route.first, max_value=route.last, step=dt.timedelta(days=1), format="D MMM YYYY", key="date")
m = mapview.base_map(gz, route, plain=True)
mapview.static_position(route, route.position(day)).add_to(m)
st_folium(m, height=520, use_container_width=True)
