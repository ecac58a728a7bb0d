"""Gazetteer: every stop as a sortable table, with where its coordinates came from, and the exports."""

import json

import pandas as pd
import streamlit as st

import ui
from exilemap import assets, export, i18n
from exilemap.gazetteer import DATA_DIR
from exilemap.model import FACTS
from exilemap.sources import cite_references
from ui import _

gz, route = ui.data()

st.title(_("The gazetteer"))
st.caption(_("One row per stop or event. Click a column header to sort. Coordinates name their source."))

table = pd.DataFrame(
    [
        s.__dict__ | {f"{fact} from": cite_references(gz, s.refs(fact)) or _("no reference given") for fact in FACTS}
        for s in gz.stops
    ]
)
columns = ["id", "name", "modern_name", "country_then", "country_now", "arrived", "arrived_precision", "departed",
           "departed_precision", "kind", "lat", "lon", "coord_source", "coord_note", "summary", "dates from",
           "coordinates from", "summary from"]  # fmt: skip
st.dataframe(table[columns], hide_index=True, width="stretch", height=560)

st.header(_("Downloads"))
gz, route = ui.source_data()  # the data files in the gazetteer's own words, whatever the page's language
cols = st.columns(6)
places = export.places_csv(gz) if ui.journey() else (DATA_DIR / "places.csv").read_bytes()
cols[0].download_button("places.csv", places, file_name="exile-map-places.csv", mime="text/csv",
                        help=_("The gazetteer in the columns the app reads"))  # fmt: skip
cols[1].download_button(_("Stops with quotes (CSV)"), export.gazetteer_csv(gz), file_name="exile-map-stops-quotes.csv", mime="text/csv",
                        help=_("One row per quote, with its stop"))  # fmt: skip
cols[2].download_button("GeoJSON", json.dumps(export.geojson(gz, route), ensure_ascii=False), file_name="exile-map.geojson",
                        mime="application/geo+json", help=_("The stops as points and the route as a line"))  # fmt: skip
cols[3].download_button("Linked Places (LPF)", json.dumps(export.linked_places(gz), ensure_ascii=False), file_name="exile-map-lpf.json",
                        mime="application/json", help=_("For the World Historical Gazetteer"))  # fmt: skip
cols[5].download_button("KML (Google Earth)", export.kml(gz), file_name="exile-map.kml", mime="application/vnd.google-earth.kml+xml",
                        help=_("The stops with their dates, for Google Earth's time slider"))  # fmt: skip
own = ui.journey()
standalone, works_offline = ui.standalone_map()
size = export.size_text(len(standalone))
label = _("Standalone map (HTML, %(size)s)") if works_offline else _("Standalone map (HTML, %(size)s, online only)")
name = export.html_file_name(own.name, ui.lang()) if own else export.html_file_name(lang=ui.lang())
cols[4].download_button(label % {"size": size}, standalone, mime="text/html", file_name=name,
                        help=_("The map with its own time slider, Play button and panel, in one file"))  # fmt: skip
if works_offline:
    st.caption(_("The standalone map is one file of %(size)s (%(bytes)s bytes) with Leaflet, the country outlines "
                 "and every stop's text inside it: it opens from a USB stick or a filtered network with no connection at "
                 "all, and draws map tiles over the outlines only when online.") % {"size": size, "bytes": ui.tr().number(len(standalone))})  # fmt: skip
else:
    st.caption(_("The standalone map is one file of %(size)s, but this server has not fetched the map's files "
                 "(%(files)s), so it loads Leaflet from the internet and draws nothing offline. "
                 "Run `make run` once while online (or `python -m exilemap.offline`) for one that works anywhere.")
               % {"size": size, "files": ", ".join(assets.missing())})  # fmt: skip
st.caption(_("Scripts can make the same files: `python -m exilemap.export {csv,geojson,lpf,kml,html} -o FILE`."))
if ui.lang() != i18n.SOURCE:
    st.caption(
        _(
            "The data files keep the gazetteer's own English text, as the tools that read them expect; the table "
            "and the standalone map are in the language chosen here."
        )
    )
