"""Streamlit glue shared by app.py and views/: cached loading, the session's journey and language, the date panel.

Everything here draws; what it draws is computed in the exilemap package.
"""

from __future__ import annotations

import datetime as dt
import functools
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st

import streamlit_folium_private
from exilemap import assets, embed, export, i18n, links, mapview, memory, offline, panel, translations
from exilemap import timeline as timeline_spec
from exilemap.gazetteer import DataError, Gazetteer, Quote, load
from exilemap.route import Position, Route
from exilemap.sources import Disagreement, md
from exilemap.timecontrol import epoch_ms

# ---------------------------------------------------------------- the session's language

LANG_KEY = "lang"  # the session's language, kept across pages and reruns (never a module-level or process language)
MENU_KEY = "lang_menu"


def lang() -> str:
    return st.session_state.get(LANG_KEY, i18n.SOURCE)


def tr() -> i18n.Translator:
    """This session's translator: one per language, shared read-only; which one is the session's own choice."""
    return i18n.translator(lang())


def _(message: str) -> str:
    return tr().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return tr().ngettext(singular, plural, n)


def settle_language() -> None:
    """At the top of every run: `?lang=` if the link gives one we have, else the session's choice, else the browser's."""
    asked = st.query_params.get(i18n.PARAM)
    if asked and i18n.choose(asked, None) == asked.lower():
        st.session_state[LANG_KEY] = asked.lower()
    elif LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = i18n.choose(None, st.context.locale)


def _language_chosen() -> None:
    st.session_state[LANG_KEY] = st.session_state[MENU_KEY]
    if lang() == i18n.SOURCE:
        st.query_params.pop(i18n.PARAM, None)
    else:
        st.query_params[i18n.PARAM] = lang()


def language_menu() -> None:
    """The sidebar's menu of languages, each in its own words; the choice is the session's, and the address keeps it."""
    st.session_state[MENU_KEY] = lang()
    st.sidebar.selectbox(_("Language"), i18n.languages(), format_func=i18n.native_name, key=MENU_KEY,
                         on_change=_language_chosen)  # fmt: skip


def declare_language() -> None:
    """`<html lang>` for the session's language (WCAG 3.1.1): Streamlit has no public setting, so a one-line script.

    The value is one of our own language codes, never the link's text.
    """
    code = lang() if lang() in i18n.languages() else i18n.SOURCE
    st.html(f"<script>document.documentElement.lang = {code!r};</script>", unsafe_allow_javascript=True)


@st.cache_resource(show_spinner=False)
def _load(lang: str = i18n.SOURCE) -> tuple[Gazetteer, Route]:
    """Trotsky's gazetteer in a language, loaded and checked once per server; its translation is checked like data/."""
    gz = translations.in_language(load(), lang)
    return gz, Route(gz)


@dataclass
class Journey:
    """Someone's own uploaded journey: kept in their session only, never on disk or in a shared cache."""

    name: str
    gz: Gazetteer
    route: Route
    rendered: dict = field(default_factory=dict)  # the base map and timeline, rendered once per journey
    published: str | None = None  # its id in the store, when it is a published journey (opened by a link, or published)
    writers: dict[str, panel.Writer] = field(default_factory=dict, repr=False)  # its date panel, one per language shown

    def writer(self, tr: i18n.Translator) -> panel.Writer:
        """The journey's date panel in a language: its stops' and quotes' text written once each, as the date reaches them.

        The journey keeps its author's words; only the panel's own wording is translated.
        """
        if tr.lang not in self.writers:
            self.writers[tr.lang] = panel.Writer(self.gz, self.route, tr)
        return self.writers[tr.lang]

    def once(self, key: str, build: Callable[[Gazetteer, Route], object]):
        """What `build` makes of this journey, made on the first call only (a key per language where words show)."""
        if key not in self.rendered:
            self.rendered[key] = build(self.gz, self.route)
            memory.release()  # a large journey's folium map is a web of cycles: free it now, once per journey
        return self.rendered[key]


JOURNEY_KEY = "own_journey"
# what belongs to the journey on show, forgotten when another journey is shown
_VIEW_STATE = ("date", "link_notice", "tour_step", "tour_notice", "map", "jump", "timeline")


def journey() -> Journey | None:
    return st.session_state.get(JOURNEY_KEY)


def show_journey(value: Journey | None, keep_link: bool = False) -> None:
    """Show this journey (None: Trotsky's) from the next draw on; `keep_link` keeps the link's ?date=, ?stop=, ?step=."""
    for key in _VIEW_STATE:
        st.session_state.pop(key, None)
    if not keep_link:
        st.query_params.clear()  # a date or step from the other journey would not fit this one
    if value is None:
        st.session_state.pop(JOURNEY_KEY, None)
    else:
        st.session_state[JOURNEY_KEY] = value


def published() -> str | None:
    """The published id of the journey on show, which every link to it carries (None: Trotsky's, or not published)."""
    own = journey()
    return own.published if own is not None and own.published else None


def share_link(params: dict[str, str]) -> None:
    """Put the view's own link in the address bar; a published journey's id stays in it, so the address can be shared."""
    st.query_params.from_dict(params | ({links.JOURNEY: published()} if published() else {}) | links.language(lang()))


PAGES: dict[str, st.Page] = {}  # filled by app.py, for links between pages


def default_gazetteer(in_its_own_words: bool = False) -> Gazetteer:
    """Trotsky's gazetteer, whichever journey is on show: in the session's language, or in its own (English) words."""
    try:
        return _load(i18n.SOURCE if in_its_own_words else lang())[0]
    except DataError as exc:
        _stop_with(exc)


def _stop_with(exc: DataError):
    st.error(_("The gazetteer could not be loaded. Fix these problems in data/ and reload:"))
    st.markdown("\n".join(f"- {md(str(p))}" for p in exc.problems[:50]))
    st.stop()
    raise  # st.stop() raises; this line only satisfies type checkers


def data() -> tuple[Gazetteer, Route]:
    """The journey on show: the session's own upload, else Trotsky's, loaded once per server.

    A data error stops the page with a clear message.
    """
    own = journey()
    if own is not None:
        return own.gz, own.route
    try:
        return _load(lang())
    except DataError as exc:
        _stop_with(exc)


def source_data() -> tuple[Gazetteer, Route]:
    """The journey on show in its own words: an upload as written, Trotsky's in English (the data files' language)."""
    return data() if journey() is not None else (default_gazetteer(in_its_own_words=True), _load(i18n.SOURCE)[1])


def language_param() -> dict[str, str]:
    """`lang` for a link between pages, where the session's language is not English."""
    return links.language(lang())


def _standalone_bytes(gz: Gazetteer, route: Route, tr: i18n.Translator) -> bytes:
    return export.standalone_html(gz, route, inline=not assets.missing(), tr=tr).encode("utf-8")


@st.cache_resource(show_spinner=False)
def _default_standalone(lang: str) -> bytes:
    return _standalone_bytes(*_load(lang), i18n.translator(lang))


def standalone_map() -> tuple[bytes, bool]:
    """The journey on show as one standalone HTML file, made once (per server for Trotsky's, per journey for an upload),
    and whether it works offline: not where the map's files were never fetched (a host without npm)."""
    own = journey()
    made = (
        _default_standalone(lang())
        if own is None
        else own.once(f"standalone:{lang()}", lambda gz, route: _standalone_bytes(gz, route, tr()))
    )
    return made, not assets.missing()


def embed_section(link: str, title: str) -> None:
    """The iframe code for the current view, to paste into a course page; call inside a container (an expander)."""
    st.code(embed.iframe_code(link, title), language="html", wrap_lines=True)
    st.caption(_("Paste it into your course page's HTML (Moodle, Canvas, Google Sites: the README says how). Suggested size: "
                 "%(size)s. The frame shows the view you are on now; its own slider and buttons work inside it.")
               % {"size": embed.size_text(tr=tr())})  # fmt: skip


# ---------------------------------------------------------------- the map component

MAP_HEIGHT = 520
MAP_RETURNS = ["last_object_clicked_tooltip"]


def _render_base_map(gz: Gazetteer, route: Route, tr: i18n.Translator) -> dict:
    args = streamlit_folium_private.capture_st_folium(mapview.base_map(gz, route, offline=offline.enabled(), tr=tr), key="map", height=MAP_HEIGHT, use_container_width=True,
                              returned_objects=MAP_RETURNS)  # fmt: skip
    args.pop("on_change", None)
    return args


@st.cache_resource(show_spinner=False)
def _default_base_map_args(lang: str) -> dict:
    return _render_base_map(*_load(lang), i18n.translator(lang))


def _packed_base_map(gz: Gazetteer, route: Route, tr: i18n.Translator) -> dict:
    """An uploaded journey's base map, its script compressed: kept in the session for as long as the journey is shown,
    it is 0.4 MB instead of 3.1 MB at 5,000 stops."""
    args = _render_base_map(gz, route, tr)
    return args | {"script": zlib.compress(args["script"].encode("utf-8"), 1)}


def _base_map_args() -> dict:
    """The base map, rendered once (per server for Trotsky's, per journey for an upload): no rerun renders it again.

    A journey's is unpacked for each full rerun that draws it (about 12 ms at 5,000 stops); a slider move draws none.
    """
    own = journey()
    if own is None:
        return _default_base_map_args(lang())
    packed = own.once(f"map:{lang()}", lambda gz, route: _packed_base_map(gz, route, tr()))
    return packed | {"script": zlib.decompress(packed["script"]).decode("utf-8")}


_ANY_DAY = dt.date(1, 1, 1)  # stands for the day in the rendered layer: "0001-01-01" appears nowhere else in it


@functools.lru_cache(maxsize=256)  # one per tour step (view), and one for the map page
def _moving_layer_template(view: tuple[float, float, int] | None) -> str:
    return streamlit_folium_private.feature_group_script(mapview.moving_layer(_ANY_DAY, view))


def moving_layer_script(day: dt.date, view: tuple[float, float, int] | None = None) -> str:
    """streamlit-folium's script for the moving layer on this day.

    Rendered once (folium and jinja take ~10 ms), then only the date changes: a new day costs a string replace.
    """
    return _moving_layer_template(view).replace(_ANY_DAY.isoformat(), day.isoformat())


def exile_map(day: dt.date, on_change, view: tuple[float, float, int] | None = None) -> dict | None:
    """st_folium for our map, with the base map's rendering cached: only the moving layer changes per rerun.

    `view` (lat, lon, zoom) centres the map there without reloading it, from the very first render
    (st_folium's own center and zoom apply only to later ones).
    """
    if offline.enabled() and offline.missing():
        st.error(_("Offline mode (%(setting)s) needs the map's files, which are missing: %(files)s. "
                   "Run `make run` (or `python -m exilemap.offline`) once while online.")
                 % {"setting": offline.ENV, "files": ", ".join(offline.missing())})  # fmt: skip
        return None
    args = dict(_base_map_args(), feature_group=moving_layer_script(day, view))
    key = args["key"]

    def changed() -> None:
        st.session_state["map"] = st.session_state.get(key, {})
        on_change()

    return streamlit_folium_private.send(**args, on_change=changed)


CONTROLS_HEIGHT = 68  # px: the date slider and jump box above the map, whose place is kept while the map loads
MAP_PATIENCE = dt.timedelta(seconds=4)


def wait_for_map() -> None:
    """Check back until the map has reported that it drew; after MAP_PATIENCE, draw the rest without it.

    A map whose scripts never load (a blocked CDN, say) must not keep the slider, panel and timeline away.
    """

    @st.fragment(run_every=MAP_PATIENCE)
    def check() -> None:
        if st.session_state.get("map_ready"):
            return
        if st.session_state.get("map_waited"):
            st.session_state.map_ready = True
            st.rerun()
        st.session_state.map_waited = True

    check()


# ---------------------------------------------------------------- the timeline


@st.cache_resource(show_spinner=False)
def _default_timeline_spec(lang: str) -> dict:
    return timeline_spec.spec(_load(lang)[1], i18n.translator(lang))


def _timeline_spec() -> dict:
    """The Vega-Lite spec of the stays, built and validated once; each rerun gives only the date."""
    own = journey()
    if own is None:
        return _default_timeline_spec(lang())
    return own.once(f"timeline:{lang()}", lambda gz, route: timeline_spec.spec(route, tr()))


def timeline(day: dt.date, on_select: Callable[[], None]) -> None:
    """The stays as bars and the date as a rule; a click on a bar calls on_select.

    Drawn outside the map page's dated fragment: after a slider move the rule follows in the browser.
    """
    spec = _timeline_spec()
    spec = dict(spec, params=[dict(p, value=epoch_ms(day)) if p["name"] == "day" else p for p in spec["params"]])
    st.vega_lite_chart(spec=spec, width="stretch", on_select=on_select, key="timeline")


def quote_block(gz: Gazetteer, quote: Quote) -> None:
    st.markdown(panel.quote_markdown(gz, quote, tr()))


def disagreement_block(gz: Gazetteer, d: Disagreement) -> None:
    for part in panel.disagreement_parts(gz, d, tr()):
        st.markdown(part)


@st.cache_resource(show_spinner=False)
def _default_writer(lang: str) -> panel.Writer:
    """Trotsky's date panel in a language, shared by every session in it: a stop written for one pupil serves the next."""
    return panel.Writer(*_load(lang), i18n.translator(lang))


def date_panel(position: Position) -> None:
    """Where he is on the chosen date and what the sources say: a heading and one block of text, plus a box per disagreement."""
    own = journey()
    text = (_default_writer(lang()) if own is None else own.writer(tr())).panel(position)
    if text.notice:
        st.info(text.notice)
        return
    st.markdown(f"## {text.heading}\n\n{text.body}")  # one element, not two: a move sends one message fewer
    for dispute in text.disputes:
        with st.container(border=True):
            st.markdown(dispute)  # its title first: the sources disagree, or the histories differ


def chart_date(value) -> dt.date | None:
    """A date from a chart selection: Vega-Lite gives epoch milliseconds or an ISO string."""
    try:
        if isinstance(value, (int, float)):
            return (dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=value)).date()
        return dt.date.fromisoformat(str(value)[:10])
    except (ValueError, OverflowError):
        return None


def clamp(day: dt.date, route: Route) -> dt.date:
    return min(max(day, route.first), route.last)
