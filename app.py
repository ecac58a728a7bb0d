"""Exile Map: where Leon Trotsky lived in exile, 1928-1940. The map page and the navigation; widgets and layout only."""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import ui
from exilemap import mapview
from exilemap.route import date_from_link, format_span

st.set_page_config(page_title="Exile Map: Trotsky 1928–1940", page_icon="🗺️", layout="wide")


def jump_to_stop() -> None:
    gz, route = ui.data()
    stop_id = st.session_state.jump
    if stop_id:
        visit = route.visit_of(stop_id)
        st.session_state.date = visit.start if visit else gz.stop(stop_id).arrived
    st.session_state.jump = None


def jump_from_timeline() -> None:
    _, route = ui.data()
    picked = st.session_state.timeline.get("selection", {}).get("pick", [])
    if picked:
        st.session_state.date = ui.clamp(dt.date.fromisoformat(str(picked[0]["start"])[:10]), route)


def timeline_chart(route, day: dt.date) -> alt.LayerChart:
    visits = pd.DataFrame(
        [
            {
                "stop": v.stop.name,
                "country": v.stop.country_then,
                "start": pd.Timestamp(v.start),
                "end": pd.Timestamp(v.end + dt.timedelta(days=1)),
            }
            for v in route.visits
        ]  # fmt: skip
    )
    pick = alt.selection_point(name="pick", fields=["start"], on="click")
    bars = (
        alt.Chart(visits)
        .mark_bar(cornerRadius=2)
        .encode(
            x=alt.X("start:T", title=None),
            x2="end:T",
            y=alt.Y("country:N", sort=list(dict.fromkeys(visits["country"])), title=None),
            color=alt.Color("country:N", legend=None),
            tooltip=["stop", alt.Tooltip("start:T", format="%d %b %Y"), alt.Tooltip("end:T", format="%d %b %Y")],
        )
        .add_params(pick)
    )
    now = alt.Chart(pd.DataFrame({"day": [pd.Timestamp(day)]})).mark_rule(color="#b22222", strokeWidth=2).encode(x="day:T")
    return (bars + now).properties(height=170)


def map_page() -> None:
    gz, route = ui.data()
    if "date" not in st.session_state:  # first run of a session: honour a shared link
        st.session_state.date, notice = date_from_link(st.query_params.to_dict(), gz, route)
        if notice:
            st.warning(notice, icon="⚠️")

    st.title("Exile Map: Leon Trotsky, 1928–1940")
    st.caption(
        "Move the date to follow him from Moscow to Coyoacán. Every claim cites a source; where sources disagree, both are shown."
    )

    slider_col, jump_col = st.columns([4, 1])
    day = slider_col.slider(
        "Date", min_value=route.first, max_value=route.last, step=dt.timedelta(days=1), format="D MMM YYYY", key="date"
    )
    jump_col.selectbox(
        "Jump to a stop",
        [s.id for s in gz.stops],
        index=None,
        placeholder="Choose a stop…",
        format_func=lambda stop_id: f"{gz.stop(stop_id).name} ({format_span(gz.stop(stop_id))})",
        key="jump",
        on_change=jump_to_stop,
    )
    st.query_params.from_dict({"date": day.isoformat()})  # the address bar always shares the current view

    position = route.position(day)
    map_col, panel_col = st.columns([3, 2], gap="medium")
    with map_col:
        st_folium(
            mapview.base_map(gz, route),
            key="map",
            height=520,
            use_container_width=True,
            feature_group_to_add=mapview.moving_layer(route, position),
            returned_objects=[],
        )
    with panel_col, st.container(height=520, border=False):
        ui.date_panel(gz, route, position)

    st.altair_chart(timeline_chart(route, day), width="stretch", on_select=jump_from_timeline, key="timeline")
    st.caption("Click a bar to move the date to that stay.")


st.navigation(
    [
        st.Page(map_page, title="Map", icon=":material/map:", default=True),
        st.Page("pages/1_Sources.py", title="Sources", icon=":material/menu_book:", url_path="sources"),
        st.Page("pages/2_Gazetteer.py", title="Gazetteer", icon=":material/table:", url_path="gazetteer"),
        st.Page("pages/3_Disagreements.py", title="Disagreements", icon=":material/balance:", url_path="disagreements"),
    ]
).run()
