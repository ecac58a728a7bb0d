"""Sources: each seed text in full, with its metadata and the quoted passages highlighted."""

import streamlit as st

import ui
from exilemap.sources import highlighted_html, md
from ui import _, ngettext

gz = ui.data()[0]

st.title(_("The sources"))
st.caption(_("Each text kept byte for byte. Highlighted passages are the ones the map quotes."))
if not gz.sources:
    st.info(_("This journey has no sources file (sources.csv), so there are no texts to show."))
    st.stop()

left, right = st.columns([1, 1])
source_id = left.selectbox(_("Source"), list(gz.sources), format_func=lambda i: f"{gz.sources[i].title} ({gz.sources[i].author})")
source = gz.sources[source_id]
quoted_places = sorted({q.place_id for q in gz.quotes if q.source_id == source_id}, key=[s.id for s in gz.stops].index)
place = right.selectbox(
    _("Highlight quotes about"), [None, *quoted_places], format_func=lambda i: _("every place") if i is None else gz.stop(i).name
)

st.markdown(f"**{md(source.title)}**  \n{md(source.author)} · {md(source.publisher)} · {md(source.date)} · *{md(source.kind)}*")
st.info(md(source.reliability))
speakers = [v for v in gz.voices.values() if v.source_id == source_id and v.kind != "furniture"]
if len(speakers) > 1:
    with st.expander(_("%(count)s voices speak in this text: who wrote which words") % {"count": len(speakers)}):
        st.markdown("\n".join(f"- *{md(v.label)}*: {md(v.reliability)}" for v in speakers))
quotes = [q for q in gz.quotes if q.source_id == source_id and (place is None or q.place_id == place)]
if source.text is None:
    st.warning(md(ngettext("The text %(file)s was not uploaded, so the %(count)s quote from it is not checked.",
                           "The text %(file)s was not uploaded, so the %(count)s quotes from it are not checked.", len(quotes))
                  % {"file": source.file, "count": len(quotes)}))  # fmt: skip
    st.stop()
st.caption(ngettext("%(count)s quoted passage highlighted · file seeds/%(file)s", "%(count)s quoted passages highlighted · file seeds/%(file)s",
                    len(quotes)) % {"count": len(quotes), "file": md(source.file)})  # fmt: skip
st.html(
    f'<div class="seed-text" style="line-height:1.6;font-family:serif">{highlighted_html(source.text, [q.text for q in quotes])}</div>'
)
