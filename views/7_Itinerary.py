"""Itinerary: the whole journey as text, stop by stop, for a screen reader, a phone or a printed handout."""

import streamlit as st

import ui
from exilemap import printing
from exilemap.itinerary import itinerary, map_link
from exilemap.sources import md
from ui import _

gz, route = ui.data()
own = ui.journey()
st.session_state.map_link_pending = True  # the map follows these links' dates within the session (app.py)

st.html(printing.style() + "<style>[class*='st-key-stop-'] blockquote {margin-left: 2.2rem}"  # quotes under their stop
        " [data-testid='stPageLink'] a:focus-visible {outline: 3px solid #1e3a8a; outline-offset: 2px}</style>")  # fmt: skip
st.title(_("Itinerary"))
who = f"“{own.name}”" if own else _("Leon Trotsky's exile, 1928–1940")
st.caption(md(_("%(journey)s: every stop in order, grouped by country, with what the sources say. Each stop opens the map at its date.")
              % {"journey": who}))  # fmt: skip

for stretch in itinerary(gz, route, ui.tr()):
    st.header(md(stretch.heading))
    for entry in stretch.entries:
        with st.container(key=f"stop-{entry.number}"):
            today = f", {md(entry.today)}" if entry.today else ""
            differ = "".join(f"  \n{md(line)}" for line in entry.differ)  # where the histories differ, under what they differ on
            st.markdown(f"{entry.number}. **{md(entry.stop.name)}**{today}  \n*{md(entry.when)}*  \n{md(entry.what)}{differ}")
            for quote in entry.quotes:
                ui.quote_block(gz, quote)
            st.page_link(ui.PAGES["map"], label=_("Open the map at %(date)s") % {"date": ui.tr().date(entry.day)}, query_params=map_link(entry) | ui.language_param(),
                         icon=":material/map:")  # fmt: skip
