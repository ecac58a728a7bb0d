"""Your own journey: upload places as a person writes them (a few columns, place names, any common file), fix them in
the table, and see them mapped, in this session only."""

import streamlit as st

import sharing
import ui
from exilemap import audit, completion, dates, export, journeyfile, memory, placenames, readers
from exilemap.gazetteer import MAX_UPLOAD_MB, DataError
from exilemap.route import Route
from exilemap.sources import md
from ui import _, ngettext

MAX_LISTED = 100
DRAFT = "journey_draft"  # the uploaded table being fixed: this session only

st.title(_("Map your own journey"))
st.markdown(
    _(
        "Any exile or journey can be told this way: an emigrant ancestor, an expedition, a pilgrimage. Upload a **places** "
        "file with a place name and a date on each row; coordinates, departure dates and everything else are optional. "
        "Your files stay in this browser tab: nothing is saved on the server and nobody else sees them, unless you publish "
        "the journey for your class (below)."
    )
)
st.code(
    "name,lat,lon,arrived,departed\nIstanbul,41.01,28.95,1929-02-12,April 1929\nPrinkipo,40.87,29.13,April 1929,1933-07-17",
    language="csv",
)
st.caption(
    _(
        "Headers may also be written as people write them, in English, Spanish, French, German, Russian or Norwegian: place, "
        "lugar, lieu, Ort, место or sted; latitude or Breite; start, llegada, arrivée or Ankunft; end, salida, départ or Abreise; "
        "a year alone; or one coordinates column. "
        "Dates may be written %(forms)s, with month names in any of those languages; the way a date is written says "
        "how precisely it is known. Coordinates may use decimal commas or degrees, minutes and seconds (47°22′37″N). Rows "
        "without coordinates are looked up by name. Files: %(files)s; the World Historical Gazetteer's LP-TSV too."
    )
    % {"forms": dates.date_forms(ui.lang()), "files": readers.format_names(ui.lang())}
)

with st.expander(_("Templates in all of our columns, with quotes, sources, voices and references")):
    st.caption(_("Our first two stops in the app's full columns. Edit them in a spreadsheet and save as CSV (UTF-8)."))
    gz_default = ui.default_gazetteer(in_its_own_words=True)
    cols = st.columns(5)
    for col, (name, text) in zip(cols, export.templates(gz_default).items(), strict=True):
        col.download_button(
            _("Template %(file)s") % {"file": name}, text, file_name=f"template-{name}", mime="text/csv", width="stretch"
        )

st.header(_("Upload your files"))
MY_JOURNEY = _("My journey")
with st.form("journey"):
    name = st.text_input(_("Name of the journey"), value=MY_JOURNEY, max_chars=80)
    left, right = st.columns(2)
    places = left.file_uploader(_("Places (required, %(size)s MB each)") % {"size": MAX_UPLOAD_MB}, type=list(readers.FORMATS),
                                max_upload_size=MAX_UPLOAD_MB)  # fmt: skip
    quotes = right.file_uploader(_("Quotes (optional)"), type="csv", max_upload_size=MAX_UPLOAD_MB)
    sources = left.file_uploader(_("Sources (needed with quotes)"), type="csv", max_upload_size=MAX_UPLOAD_MB)
    topics = right.file_uploader(_("Disagreements (optional)"), type="csv", max_upload_size=MAX_UPLOAD_MB)
    references = left.file_uploader(_("References (optional: the works your dates and places rest on)"), type="csv",
                                    max_upload_size=MAX_UPLOAD_MB)  # fmt: skip
    voices = right.file_uploader(_("Voices (optional: who speaks where in each text)"), type="csv", max_upload_size=MAX_UPLOAD_MB)
    legs = left.file_uploader(_("Legs (optional: how each stop was reached, in the columns of our legs.csv)"), type="csv",
                              max_upload_size=MAX_UPLOAD_MB,
                              help=_("to_stop, mode (train, ship, car, sledge, foot, unknown), vessel, course, waypoints "
                                     "(lat,lon; lat,lon), refs, note: every column but to_stop and mode may be left out"))  # fmt: skip
    texts = st.file_uploader(
        _("Source texts (optional; .txt, named as in the sources file)"),
        type="txt",
        accept_multiple_files=True,
        max_upload_size=MAX_UPLOAD_MB,
    )
    submitted = st.form_submit_button(_("Map my journey"), type="primary")


def look_up(table: readers.Table) -> placenames.Lookup:
    names = completion.missing_coordinates(table)
    if not names:
        return placenames.Lookup({})
    with st.spinner(
        ngettext("Looking up %(count)s place name…", "Looking up %(count)s place names…", len(names)) % {"count": len(names)}
    ):
        return placenames.finder(placenames.service()).find(names)


def check(draft: dict) -> None:
    """Check the draft's table with what is known of its place names, and show the journey if it is clean."""
    found = draft["lookup"].settled | draft["picked"]
    checked = journeyfile.check(draft["table"], found, draft["lookup"].ambiguous, **draft["others"])
    draft["checked"] = checked.lean()  # the completed table is kept as its CSV only: a journey may have thousands of rows
    draft["version"] += 1
    gz = draft["checked"].gazetteer
    if gz is not None:
        draft["short"] = sum(1 for v in audit.verdicts(gz) if not v.ok)
        ui.show_journey(ui.Journey(draft["name"], gz, Route(gz)))
    memory.release()  # the check's frames: freed now and handed back, once per check


if submitted:
    if places is None:
        st.error(_("Choose a places file first: it is the one file a journey needs."))
    else:
        try:
            table = readers.read(places.getvalue(), places.name)
        except DataError as exc:
            st.session_state.pop(DRAFT, None)
            st.error(md(str(exc.problems[0])))
        else:
            others = {
                "quotes": quotes,
                "sources": sources,
                "topics": topics,
                "references": references,
                "voices": voices,
                "legs": legs,
            }
            draft = {"name": name.strip() or MY_JOURNEY, "table": table, "lookup": look_up(table), "picked": {}, "version": 0,
                     "others": {k: f.getvalue() for k, f in others.items() if f} | {"texts": {t.name: t.getvalue() for t in texts or []}}}  # fmt: skip
            st.session_state[DRAFT] = draft
            check(draft)

draft = st.session_state.get(DRAFT)
if draft is not None:
    table, checked, lookup = draft["table"], draft["checked"], draft["lookup"]
    for note in table.notes + lookup.notes:
        st.caption(md(note))
    ambiguous = {n: c for n, c in lookup.ambiguous.items() if n in completion.missing_coordinates(table)}
    if ambiguous:
        st.markdown(_("**These names fit more than one place: which one do you mean?**"))
        for place, candidates in ambiguous.items():
            labels = {c.label: c for c in candidates}
            chosen = st.selectbox(_("Which %(place)s?") % {"place": place}, list(labels), index=None,
                                  placeholder=_("Choose a place, or give lat and lon in the table"), key=f"pick-{place}-{draft['version']}")  # fmt: skip
            if chosen is not None and draft["picked"].get(place) != labels[chosen].coordinates():
                draft["picked"][place] = labels[chosen].coordinates()
                check(draft)
                st.rerun()
    if checked.gazetteer is None:
        problems = checked.problems
        st.error(ngettext("Your files have %(count)s problem. Fix it in the table below and check again, or upload again.",
                          "Your files have %(count)s problems. Fix them in the table below and check again, or upload again.",
                          len(problems)) % {"count": len(problems)})  # fmt: skip
        st.markdown("\n".join(f"- {md(str(p))}" for p in problems[:MAX_LISTED]))
        if len(problems) > MAX_LISTED:
            st.caption(_("… and %(count)s more.") % {"count": len(problems) - MAX_LISTED})
    elif ui.journey() is None or ui.journey().gz is not checked.gazetteer:
        st.info(_("These rows are checked and clean, but not on show: press Check again to map them."))
    else:
        gz = checked.gazetteer
        unchecked = sum(1 for q in gz.quotes if gz.sources[q.source_id].text is None)
        st.success(
            md(
                _("“%(name)s” loaded: %(stops)s stops, %(quotes)s quotes.")
                % {"name": draft["name"], "stops": len(gz.stops), "quotes": len(gz.quotes)}
            ),
            icon=":material/check_circle:",
        )
        for note in checked.notes:
            st.info(md(note), icon=":material/info:")
        if unchecked:
            st.warning(ngettext("%(count)s quote is not checked word for word, because its source text was not uploaded.",
                                "%(count)s quotes are not checked word for word, because their source texts were not uploaded.",
                                unchecked) % {"count": unchecked})  # fmt: skip
        if draft["short"]:
            st.warning(_("%(count)s fact(s) or claim(s) have no reference or are not stated by their quotes. They are "
                         "shown, marked as such; the How we know page lists them all.") % {"count": draft["short"]})  # fmt: skip
        st.page_link(ui.PAGES["map"], label=_("See it on the map"), icon=":material/map:", query_params=ui.language_param())
    sharing.section(draft)  # publish it for a class, or edit the one published from this session

    st.header(_("Your rows"))
    st.caption(_("Each row's problems and what was assumed for it are beside it. Edit any cell, then check again."))
    shown = journeyfile.editor_frame(table, checked)
    edited = st.data_editor(
        shown,
        column_order=["row", *(c for c in shown.columns if c not in journeyfile.SHOWN), "problems", "assumed"],
        key=f"editor-{draft['version']}",
        hide_index=True,
        disabled=journeyfile.SHOWN,
        column_config={"row": st.column_config.NumberColumn("row", width="small"),
                       "problems": st.column_config.TextColumn("problems", width="medium"),
                       "assumed": st.column_config.TextColumn("assumed", width="medium")},
    )  # fmt: skip
    left, right = st.columns(2)
    if left.button(_("Check again"), icon=":material/refresh:"):
        draft["table"] = journeyfile.from_editor(edited, table.file, table.notes, table.labels)
        missing = [n for n in completion.missing_coordinates(draft["table"]) if n not in draft["lookup"].candidates]
        if missing:
            found = look_up(readers.Table(table.file, draft["table"].frame[draft["table"].frame["name"].isin(missing)]))
            draft["lookup"] = placenames.Lookup(draft["lookup"].candidates | found.candidates, found.notes)
        check(draft)
        st.rerun()
    right.download_button(
        _("Download the completed table (CSV, all our columns)"),
        checked.completion.csv_bytes(),
        file_name="places.csv",
        mime="text/csv",
        disabled=checked.gazetteer is None,
        help=None if checked.gazetteer else _("Fix the problems first: the download is the checked table."),
    )

if ui.journey() is not None and draft is None:
    st.info(md(_("Showing your journey “%(name)s”. Upload again to replace it.") % {"name": ui.journey().name}))

if draft is None:
    sharing.section(None)
