"""Streamlit's own floor for a slider move: a fragment holding one date slider and one line of text.

bench/slider.py measures this beside the map page, so the page's CPU per move can be read against
what any Streamlit app pays for a fragment rerun on the same machine and version.
"""

import datetime as dt

import streamlit as st

from exilemap.phrases import format_date

FIRST, LAST = dt.date(1928, 1, 17), dt.date(1940, 8, 21)


@st.fragment
def dated_view() -> None:
    st.slider("Date", min_value=FIRST, max_value=LAST, step=dt.timedelta(days=1), format="D MMM YYYY", key="date")
    with st.container(key="panel"):
        st.markdown(format_date(st.session_state.date))


if "date" not in st.session_state:
    st.session_state.date = dt.date.fromisoformat(st.query_params.get("date", FIRST.isoformat()))
dated_view()
