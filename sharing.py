"""Streamlit glue for published journeys: the store, the pupils' and the teacher's links, the Publish and Edit sections.

What is stored and why lives in exilemap/store.py; this module only draws and keeps the session's hold on it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import streamlit as st

import ui
from exilemap import i18n, links
from exilemap.gazetteer import Gazetteer
from exilemap.route import Route
from exilemap.sources import md
from exilemap.store import (
    Damaged,
    JourneyFiles,
    Limits,
    NotPublished,
    Published,
    Quota,
    Store,
    StoreError,
    StoreUnavailable,
    WrongSecret,
    url_from_env,
    validate,
)
from ui import _

TEACHER = "published_teacher"  # this session's hold on a published journey: its id and secret, never in the address
NOTICE = "published_notice"
QUOTA = "publish_quota"
RETRY_AFTER = 15.0  # seconds: a store that could not be reached is not asked again on every rerun
_down_until = 0.0  # when the store may be tried again (shared by the server's sessions: it says nothing about anyone)
_announced = False


@dataclass
class Teacher:
    """The session holds the secret of this published journey: it may rename it, replace its files or unpublish it."""

    id: str
    secret: str
    name: str
    fresh: bool = False  # just published: the teacher's link is shown this once


def _url() -> str | None:
    """EXILE_MAP_DB, else Streamlit's secrets ([connections.journeys] url = ...), else None: the SQLite file."""
    if url := url_from_env():
        return url
    try:
        return st.secrets["connections"]["journeys"]["url"]
    except (KeyError, FileNotFoundError):
        return None


@st.cache_resource(show_spinner=False)
def _open_store() -> Store:
    opened = Store.open(_url(), Limits.from_env())
    print(f"Published journeys are kept in {opened.where}", flush=True)
    return opened


def store() -> Store:
    """The server's one store; StoreUnavailable while it cannot be reached (tried again after RETRY_AFTER seconds)."""
    global _down_until
    if time.monotonic() < _down_until:
        raise StoreUnavailable(i18n.N_("The journey store cannot be reached right now."))
    try:
        return _open_store()
    except StoreUnavailable:
        _down_until = time.monotonic() + RETRY_AFTER
        raise


@st.cache_resource(max_entries=16, show_spinner=False)
def _checked(journey_id: str, checksum: str, _published: Published) -> tuple[Gazetteer, Route, dict]:
    """A published journey checked by the upload's rules, once per server for each content (its verified sha256).

    Every open reads the rows and verifies their checksum; bytes already checked are not checked again, so a class of
    120 opening one 5,000-stop journey costs one check (about 1 s), not 120. Any change to a row changes the checksum,
    and the changed journey is checked afresh. The map rendered from it (`rendered`) is shared likewise, as Trotsky's is.
    """
    gz = validate(_published.name, _published.files)
    return gz, Route(gz), {}


def announce() -> None:
    """At the server's first run: open the store (applying its migrations) and print where journeys are kept, or why not."""
    global _announced
    if _announced:
        return
    _announced = True
    try:
        store()
    except StoreUnavailable as error:
        # the server's log, in English
        print(f"Published journeys: {error} Trotsky's map and the upload work without it.", flush=True)


def _say(kind: str, text: str) -> None:
    st.session_state[NOTICE] = (kind, text, None)


def notice(page_path: str) -> None:
    """What became of the link's journey, said on the page the link opened and until the reader goes to another."""
    said = st.session_state.get(NOTICE)
    if said is None:
        return
    kind, text, where = said
    if where is None:
        st.session_state[NOTICE] = (kind, text, page_path)
    elif where != page_path:
        del st.session_state[NOTICE]
        return
    (st.warning if kind == "warning" else st.info)(md(text), icon="⚠️" if kind == "warning" else "ℹ️")


def follow_link() -> None:
    """Open the published journey a link names (?journey=<id>), keeping its ?date=, ?stop= or ?step=.

    A teacher's &key= is taken out of the address bar at once and kept in this session only.
    """
    wanted, key = st.query_params.get(links.JOURNEY), st.query_params.get(links.KEY)
    if key is not None:
        del st.query_params[links.KEY]
    if wanted is None:
        return
    own = ui.journey()
    if own is not None and own.published == wanted and key is None:
        return
    try:
        published = store().read(wanted)
        gz, route, rendered = _checked(published.id, published.checksum, published)
    except StoreError as error:
        del st.query_params[links.JOURNEY]
        if own is not None and own.published == wanted:
            ui.show_journey(None, keep_link=True)
        if isinstance(error, StoreUnavailable):
            _say("warning", _("The published journey in this link cannot be opened right now: the journey store cannot be "
                              "reached. Try the link again later; meanwhile, here is Leon Trotsky's exile."))  # fmt: skip
        else:
            kind = "info" if isinstance(error, (NotPublished, Damaged)) else "warning"
            _say(kind, _("%(why)s Showing Leon Trotsky's exile instead.") % {"why": error.said(ui.tr())})
        return
    ui.show_journey(ui.Journey(published.name, gz, route, rendered, published=published.id), keep_link=True)
    if key is not None:
        _take_key(published.id, published.name, key)


def _take_key(journey_id: str, name: str, key: str) -> None:
    try:
        store().verify(journey_id, key)
    except WrongSecret:
        st.session_state.pop(TEACHER, None)
        _say(
            "warning",
            _("The key in this link is not this journey's: nothing can be changed with it. The journey opens read only."),
        )
    except StoreError as error:
        _say("warning", _("%(why)s The journey opens read only.") % {"why": error.said(ui.tr())})
    else:
        st.session_state[TEACHER] = Teacher(journey_id, key, name)


def teacher() -> Teacher | None:
    return st.session_state.get(TEACHER)


def banner(own: ui.Journey) -> None:
    """The sidebar's word on whose journey is on show, above the way back to Trotsky's."""
    holder = teacher()
    if own.published and holder is not None and holder.id == own.published:
        st.info(md(_("Published journey “%(name)s”: you hold its key, so you can edit it on the Your own journey page.")
                   % {"name": own.name}), icon=":material/edit:")  # fmt: skip
    elif own.published:
        st.info(md(_("Published journey “%(name)s” — read only") % {"name": own.name}), icon=":material/visibility:")
    else:
        st.info(
            md(_("Showing your journey “%(name)s”, only in this browser tab.") % {"name": own.name}),
            icon=":material/upload_file:",
        )


# ---------------------------------------------------------------- the Your own journey page


def section(draft: dict | None, page_path: str = "Your_journey") -> None:
    """Publish the journey checked on this page, or (with its key) edit the one published from this session."""
    with st.container(key="share"):
        _section(draft, page_path)


def _section(draft: dict | None, page_path: str) -> None:
    base = links.app_url(st.context.url, page_path)
    holder = teacher()
    files = _publishable(draft)
    st.header(_("Share your journey"))
    if holder is not None:
        _edit(holder, base, files, draft)
        return
    st.markdown(_retention())
    if files is None:
        st.caption(_("Map a journey above first: once its files check clean, it can be published."))
        return
    try:
        live = store()
        live.ping()
    except StoreUnavailable:
        st.warning(_("Publishing is unavailable right now: the journey store cannot be reached. Your journey is still here, "
                     "in this tab; try again in a minute."))  # fmt: skip
        return
    if st.button(_("Publish"), type="primary", icon=":material/publish:"):
        quota = st.session_state.setdefault(QUOTA, Quota(live.limits.publishes_per_hour))
        try:
            quota.take()
            receipt = live.publish(draft["name"], files)
        except StoreError as error:
            st.error(
                _("The journey was not published. %(why)s Your journey is still here, in this tab.")
                % {"why": error.said(ui.tr())}
            )
            return
        st.session_state[TEACHER] = Teacher(receipt.id, receipt.secret, draft["name"], fresh=True)
        ui.journey().published = receipt.id
        st.query_params[links.JOURNEY] = receipt.id
        st.rerun()


def _retention() -> str:
    """What publishing keeps, and for how long."""
    days = Limits.from_env().retention_days
    if days:
        return ui.ngettext("Publish the journey to give your class one link that opens it on every page. Publishing stores "
                           "its name and files on this server, nothing about you, until you unpublish it, or for %(days)s day "
                           "after it was last changed.",
                           "Publish the journey to give your class one link that opens it on every page. Publishing stores "
                           "its name and files on this server, nothing about you, until you unpublish it, or for %(days)s days "
                           "after it was last changed.", days) % {"days": days}  # fmt: skip
    return _(
        "Publish the journey to give your class one link that opens it on every page. Publishing stores its name and "
        "files on this server, nothing about you, until you unpublish it."
    )


def _publishable(draft: dict | None) -> JourneyFiles | None:
    """The draft's files as they would be published, if the draft checked clean and is the journey on show."""
    if draft is None or draft["checked"].gazetteer is None:
        return None
    own = ui.journey()
    if own is None or own.gz is not draft["checked"].gazetteer:
        return None
    others = {k: v for k, v in draft["others"].items() if k != "texts"}
    return JourneyFiles(draft["checked"].completion.csv_bytes(), others, draft["others"].get("texts", {}))


def _edit(holder: Teacher, base: str, files: JourneyFiles | None, draft: dict | None) -> None:
    st.markdown(
        md(
            _("“%(name)s” is published. Give your class the pupils' link: it opens the journey, read only.")
            % {"name": holder.name}
        )
    )
    st.code(links.pupil_link(base, holder.id, ui.lang()), language=None, wrap_lines=True)
    if holder.fresh:
        st.warning(_("Keep the teacher's link below somewhere safe: it is shown only this once, and it is the only way to "
                     "rename, replace or unpublish the journey. Do not give it to the class."), icon=":material/key:")  # fmt: skip
        st.code(links.teacher_link(base, holder.id, holder.secret, ui.lang()), language=None, wrap_lines=True)
        holder.fresh = False
    st.subheader(_("Edit"))
    with st.form("rename"):
        name = st.text_input(_("New name"), value=holder.name, max_chars=80)
        if st.form_submit_button(_("Rename")):
            _change(
                holder,
                lambda s: s.replace(holder.id, holder.secret, name=name),
                _("Renamed to “%(name)s”.") % {"name": name.strip()},
                name=name,
            )
    if files is not None and (ui.journey() is None or ui.journey().published != holder.id):
        if st.button(_("Replace the published files with the journey checked above")):
            if _change(
                holder, lambda s: s.replace(holder.id, holder.secret, files=files), _("The published files are replaced.")
            ):
                ui.journey().published = holder.id
                st.query_params[links.JOURNEY] = holder.id
    else:
        st.caption(_("To replace its files, upload the new ones above: once they check clean, a Replace button appears here."))
    with st.form("unpublish"):
        sure = st.checkbox(_("Delete it from the server: its link will stop working"))
        if st.form_submit_button(_("Unpublish")):
            if not sure:
                st.warning(_("Tick the box first: unpublishing cannot be undone."))
            else:
                _unpublish(holder)


def _change(holder: Teacher, do, done: str, name: str | None = None) -> bool:
    try:
        do(store())
    except StoreError as error:
        st.error(_("Nothing was changed. %(why)s") % {"why": error.said(ui.tr())})
        return False
    if name is not None:
        holder.name = name.strip()
        if (own := ui.journey()) is not None and own.published == holder.id:
            own.name = holder.name
    st.success(md(done))
    return True


def _unpublish(holder: Teacher) -> None:
    try:
        store().unpublish(holder.id, holder.secret)
    except NotPublished:
        pass  # already gone: the outcome asked for
    except StoreError as error:
        st.error(_("The journey is still published. %(why)s") % {"why": error.said(ui.tr())})
        return
    st.session_state.pop(TEACHER, None)
    if (own := ui.journey()) is not None and own.published == holder.id:
        own.published = None  # still in this tab, as an upload is
    st.query_params.pop(links.JOURNEY, None)
    _say(
        "info",
        _("“%(name)s” is unpublished: its rows are deleted from the server, and its links no longer open it.")
        % {"name": holder.name},
    )
    st.rerun()
