"""Gazetteer: every stop as a sortable table, with where its coordinates came from, and the CSV."""

import pandas as pd
import streamlit as st

import ui
from exilemap.gazetteer import DATA_DIR

gz, _ = ui.data()

st.title("The gazetteer")
st.caption("One row per stop or event. Click a column header to sort. Coordinates name their source.")

table = pd.DataFrame([s.__dict__ for s in gz.stops])
columns = ["id", "name", "modern_name", "country_then", "country_now", "arrived", "arrived_precision", "departed",
           "departed_precision", "kind", "lat", "lon", "coord_source", "coord_note", "date_reference", "summary"]  # fmt: skip
st.dataframe(table[columns], hide_index=True, width="stretch", height=560)
st.download_button(
    "Download places.csv", (DATA_DIR / "places.csv").read_bytes(), file_name="exile-map-places.csv", mime="text/csv"
)
