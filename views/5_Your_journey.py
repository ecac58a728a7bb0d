"""Your own journey: upload places (and quotes, sources, texts) in our columns and see them mapped, in this session only."""

import streamlit as st

import ui
from exilemap import audit, export
from exilemap.gazetteer import MAX_FILE_BYTES, DataError, load_journey
from exilemap.route import Route
from exilemap.sources import md

MAX_LISTED = 100

st.title("Map your own journey")
st.markdown(
    "Any exile or journey can be told this way. Upload a **places** file in the same columns as ours and the map, the "
    "timeline, the tour and the exports show your journey instead of Trotsky's. Add **quotes** and **sources** (and the "
    "source **texts**, to check every quote word for word) if you have them. Your files stay in this browser tab: "
    "nothing is saved on the server and nobody else sees them."
)

st.header("1. Start from the templates")
st.caption(
    "Our first two stops in the app's columns, with the voices and references they cite. "
    "Edit them in a spreadsheet and save as CSV (UTF-8)."
)
gz_default = ui.default_gazetteer()
cols = st.columns(5)
for col, (name, text) in zip(cols, export.templates(gz_default).items(), strict=True):
    col.download_button(f"Template {name}", text, file_name=f"template-{name}", mime="text/csv", width="stretch")

st.header("2. Upload your files")
limit = f"{MAX_FILE_BYTES // 1_000_000} MB each"
with st.form("journey"):
    name = st.text_input("Name of the journey", value="My journey", max_chars=80)
    left, right = st.columns(2)
    places = left.file_uploader(f"Places (required, {limit})", type="csv")
    quotes = right.file_uploader("Quotes (optional)", type="csv")
    sources = left.file_uploader("Sources (needed with quotes)", type="csv")
    topics = right.file_uploader("Disagreements (optional)", type="csv")
    references = left.file_uploader("References (optional: the works your dates and places rest on)", type="csv")
    voices = right.file_uploader("Voices (optional: who speaks where in each text)", type="csv")
    texts = st.file_uploader(
        "Source texts (optional; .txt, named as in the sources file)", type="txt", accept_multiple_files=True
    )
    submitted = st.form_submit_button("Map my journey", type="primary")

if submitted:
    if places is None:
        st.error("Choose a places file first: it is the one file a journey needs.")
    else:
        try:
            gz = load_journey(
                places.getvalue(),
                quotes.getvalue() if quotes else None,
                sources.getvalue() if sources else None,
                topics.getvalue() if topics else None,
                {t.name: t.getvalue() for t in texts or []},
                references.getvalue() if references else None,
                voices.getvalue() if voices else None,
            )
        except DataError as exc:
            st.error(f"Your files have {len(exc.problems)} problem(s). Nothing was changed; fix them and upload again.")
            shown = exc.problems[:MAX_LISTED]
            st.markdown("\n".join(f"- {md(str(p))}" for p in shown))
            if len(exc.problems) > len(shown):
                st.caption(f"… and {len(exc.problems) - len(shown)} more.")
        else:
            ui.show_journey(ui.Journey(name.strip() or "My journey", gz, Route(gz)))
            unchecked = sum(1 for q in gz.quotes if gz.sources[q.source_id].text is None)
            st.success(md(f"“{name}” loaded: {len(gz.stops)} stops, {len(gz.quotes)} quotes."), icon=":material/check_circle:")
            if unchecked:
                st.warning(f"{unchecked} quote(s) are not checked word for word, because their source texts were not uploaded.")
            short = [v for v in audit.verdicts(gz) if not v.ok]
            if short:
                st.warning(f"{len(short)} fact(s) or claim(s) have no reference or are not stated by their quotes. They are "
                           "shown, marked as such; the How we know page lists them all.")  # fmt: skip
                st.dataframe([{"kind": v.kind, "about": v.subject, "reference": v.referenced, "stated by its words": v.supported}
                              for v in short[:MAX_LISTED]], hide_index=True)  # fmt: skip
            st.page_link(ui.PAGES["map"], label="See it on the map", icon=":material/map:")

if ui.journey() is not None and not submitted:
    st.info(md(f"Showing your journey “{ui.journey().name}”. Upload again to replace it."))
