"""Exile Map: where Leon Trotsky lived in exile, 1928-1940. The map page and the navigation; widgets and layout only."""

import datetime as dt

import streamlit as st

import sharing
import ui
from exilemap import i18n, links, memory, qr
from exilemap.links import date_from_link
from exilemap.phrases import format_date, format_span
from exilemap.sources import md
from exilemap.timecontrol import READY, reported_date
from ui import _

ui.settle_language()  # ?lang=, else the session's choice, else the browser's: before any word is written
st.set_page_config(page_title=_("Exile Map: Trotsky 1928–1940"), page_icon="🗺️", layout="wide")
ui.declare_language()

# Translators: a dayjs format, not Babel's. The browser writes month names (MMM) in English only, so give figures: "D/M/YYYY", "DD.MM.YYYY".
SLIDER_FORMAT = i18n.N_("D MMM YYYY")


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
    day = ui.chart_date(picked[0].get("start")) if picked else None
    if day is not None:
        st.session_state.date = ui.clamp(day, route)


def follow_map() -> None:
    """The map's own clock stopped (scrubber released, playback paused): bring the page to its date."""
    _, route = ui.data()
    report = (st.session_state.get("map") or {}).get("last_object_clicked_tooltip")
    if report == READY:
        st.session_state.map_ready = True
    day = reported_date(report)
    if day is not None:
        st.session_state.date = ui.clamp(day, route)


def map_page() -> None:
    gz, route = ui.data()
    # a shared link on a session's first run, or a page's link here (the Itinerary's) that carries a date
    followed = st.session_state.pop("map_link_pending", False) and "date" in st.query_params
    if "date" not in st.session_state or followed:
        st.session_state.date, st.session_state.link_notice = date_from_link(st.query_params.to_dict(), gz, route, ui.tr())
    notice = st.container()

    own = ui.journey()
    if own is None:
        st.title(_("Exile Map: Leon Trotsky, 1928–1940"))
        st.caption(
            _(
                "Move the date to follow him from Moscow to Coyoacán. Every claim cites a source; where sources disagree, both are shown."
            )
        )
    else:
        st.title(md(f"{own.name}, {route.first.year}–{route.last.year}"))
        first, last = route.visits[0].stop, route.visits[-1].stop
        if own.published:
            caption = _("A published journey, from %(first)s to %(last)s: read only.")
        else:
            caption = _("Your own journey, from %(first)s to %(last)s: shown only in this browser tab.")
        st.caption(md(caption % {"first": first.name, "last": last.name}))

    # The map's first frame comes first: loading the scripts of the slider, the jump box, the
    # panel and the timeline would hold it back. They follow once the map reports that it has
    # drawn; until then their places are kept, so the map does not move when they arrive.
    st.html(f"<style>.st-key-controls {{min-height: {ui.CONTROLS_HEIGHT}px}}</style>")
    controls = st.container(key="controls")
    map_col, panel_col = st.columns([3, 2], gap="medium")
    with map_col:
        ui.exile_map(st.session_state.date, on_change=follow_map)
    if not st.session_state.get("map_ready"):
        share_date(notice, route)
        controls.space(ui.CONTROLS_HEIGHT)
        panel_col.caption(
            md(
                _("What the sources say about %(date)s appears once the map has drawn.")
                % {"date": format_date(st.session_state.date, tr=ui.tr())}
            )
        )
        ui.wait_for_map()
        return

    slider_col, jump_col = controls.columns([4, 1])
    jump_col.selectbox(  # outside the fragment below: a jump reruns the whole page, the map with it
        _("Jump to a stop"),
        [s.id for s in gz.stops],
        index=None,
        placeholder=_("Choose a stop…"),
        format_func=lambda stop_id: f"{gz.stop(stop_id).name} ({format_span(gz.stop(stop_id), ui.tr())})",
        key="jump",
        on_change=jump_to_stop,
    )
    qr_box = panel_col.container()  # above the panel, beside the map: where the back of the class can see it
    panel_box = panel_col.container(height=ui.MAP_HEIGHT, border=False, key="panel")
    # called here, in the page's main block, not inside the slider's column: a fragment rerun restores (deep-copies)
    # the stack of containers it was called in, and the column's four levels cost more than sending the column again
    timeline_box = st.container()
    # the classroom kit, under the timeline; the fragment fills in the current date's embed code
    st.toggle(_("QR code of this date, for phones to follow the projector"), key="map_qr")
    embed_box = st.expander(_("Embed in a course page"), icon=":material/code:")
    dated_view(notice, slider_col, qr_box, panel_box, embed_box)
    # outside the fragment: its date rule follows the slider in the browser, and a click on a stay
    # moves the date elsewhere, so it reruns the whole page, map included
    with timeline_box:
        ui.timeline(st.session_state.date, on_select=jump_from_timeline)
        st.caption(_("Click a bar to move the date to that stay. A faint bar is the window in which a date known only to the "
                     "month or the year falls."))  # fmt: skip


def share_date(notice, route) -> None:
    """The address bar always shares the current view; a shared link's notice lasts until the user moves on."""
    if st.session_state.date != route.first:  # the user has moved on: the notice is done with, even on coming back
        st.session_state.link_notice = None
    if st.session_state.link_notice:
        notice.warning(md(st.session_state.link_notice), icon="⚠️")
    ui.share_link({"date": st.session_state.date.isoformat()})


@st.fragment
def dated_view(notice, slider_col, qr_box, panel_box, embed_box) -> None:
    """The date slider and the panel: a move of the slider reruns only this.

    The map and the timeline's date rule are left out on purpose: they follow the page's slider by
    themselves, in the browser, and sending them again would cost more than the rest of the rerun.
    """
    route = ui.data()[1]
    share_date(notice, route)
    slider_col.slider(  # key "date": the map follows this slider in the browser (exilemap.timecontrol.PAGE_SLIDER)
        _("Date"), min_value=route.first, max_value=route.last, step=dt.timedelta(days=1), format=_(SLIDER_FORMAT), key="date"
    )
    link = links.date_link(st.context.url or "", st.session_state.date, ui.published(), ui.lang())
    day = format_date(st.session_state.date, tr=ui.tr())
    with embed_box:
        own = ui.journey()
        whose = own.name if own else _("Trotsky’s exile")
        ui.embed_section(link, _("Exile Map: %(journey)s, on %(date)s") % {"journey": whose, "date": day})
    if st.session_state.get("map_qr"):  # for the projector: the class opens this date on their phones
        qr_box.html(qr.qr_html(link, _("the map on %(date)s") % {"date": day}, 220, css_class="map-qr", tr=ui.tr()))
    with panel_box:
        ui.date_panel(route.position(st.session_state.date))


sharing.announce()  # once per server: where published journeys are kept
sharing.follow_link()  # ?journey=<id> (and the teacher's &key=) opens a published journey, on whichever page
if (own := ui.journey()) is not None:  # on every page: whose journey this is, and the way back
    with st.sidebar:
        sharing.banner(own)
        st.button(_("Back to Trotsky's exile"), on_click=ui.show_journey, args=(None,), width="stretch")

# The other pages live in views/, not pages/: a pages/ folder beside app.py starts a fresh server in Streamlit's
# legacy multipage mode, which runs a deep-linked page (/Tour?step=3) alone, outside this navigation, until some
# session has run st.navigation. Any other folder name leaves st.navigation in charge from the first request.
ui.PAGES["map"] = st.Page(map_page, title=_("Map"), icon=":material/map:", default=True)
page = st.navigation(
    [
        ui.PAGES["map"],
        st.Page("views/7_Itinerary.py", title=_("Itinerary"), icon=":material/format_list_numbered:"),
        st.Page("views/1_Sources.py", title=_("Sources"), icon=":material/menu_book:"),
        st.Page("views/2_Gazetteer.py", title=_("Gazetteer"), icon=":material/table:"),
        st.Page("views/3_Disagreements.py", title=_("Disagreements"), icon=":material/balance:"),
        st.Page("views/6_How_we_know.py", title=_("How we know"), icon=":material/fact_check:"),
        st.Page("views/4_Tour.py", title=_("Guided tour"), icon=":material/school:"),
        st.Page("views/5_Your_journey.py", title=_("Your own journey"), icon=":material/upload_file:"),
    ]
)
if page.url_path != "" or st.session_state.get("map_ready"):  # on the map, after its first frame, as its widgets are
    ui.language_menu()
sharing.notice(page.url_path)
page.run()
memory.settle()  # once per process, after a first page has run: the collector leaves what it made alone from now on
