"""The app's links, read and written in one place: `?date=YYYY-MM-DD` and `?stop=<id>` on the map, the tour's
`?step=N` (`&tour=detailed`), the embed address (`embed=true`), and a published journey's two links: the pupils'
(`?journey=<id>`, read only) and the teacher's (`&key=<secret>`).

Links for the classroom (QR codes, embed code) take the page's address as the browser sees it (st.context.url:
scheme, host, path, no query), so a link scanned or embedded opens the same server the class is looking at.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode, urlsplit, urlunsplit

from exilemap.gazetteer import Gazetteer
from exilemap.i18n import ENGLISH, PARAM, SOURCE, Translator
from exilemap.route import Route

JOURNEY = "journey"  # the published journey's id; combines with ?date=, ?stop= and ?step=
KEY = "key"  # the teacher's secret: read once, then taken out of the address bar
DETAILED = "detailed"  # ?tour=detailed: the step numbers count every stop, not the short tour's


def date_from_link(
    params: dict[str, str], gazetteer: Gazetteer, route: Route, tr: Translator = ENGLISH
) -> tuple[dt.date, str | None]:
    """The date a shared link asks for (`?date=YYYY-MM-DD` or `?stop=<id>`), or the start and a notice why not."""
    _ = tr.gettext
    raw_date, raw_stop = params.get("date"), params.get("stop")
    if raw_date is not None:
        try:
            day = dt.date.fromisoformat(raw_date) if len(raw_date) == 10 else None
        except ValueError:
            day = None
        if day is None:
            return route.first, _("The link's date '%(date)s' is not a date written YYYY-MM-DD; showing the start.") % {
                "date": raw_date[:40]
            }
        if not route.first <= day <= route.last:
            return route.first, _("The link's date %(date)s is outside the route (%(first)s to %(last)s); showing the start.") % {
                "date": day,
                "first": route.first,
                "last": route.last,
            }
        return day, None
    if raw_stop is not None:
        visit = route.visit_of(raw_stop)
        if visit is not None:
            return visit.start, None
        event = next((s for s in gazetteer.stops if s.id == raw_stop), None)
        if event is not None:
            return event.arrived, None
        return route.first, _("The link names no stop '%(stop)s'; showing the start.") % {"stop": raw_stop[:40]}
    return route.first, None


def language(lang: str | None) -> dict[str, str]:
    """`?lang=` for a link that keeps the session's language; English, the default, needs none."""
    return {PARAM: lang} if lang and lang != SOURCE else {}


def pupil_link(app_url: str, journey_id: str, lang: str | None = None) -> str:
    return f"{app_url.rstrip('/')}/?{urlencode({JOURNEY: journey_id} | language(lang))}"


def teacher_link(app_url: str, journey_id: str, secret: str, lang: str | None = None) -> str:
    return f"{app_url.rstrip('/')}/?{urlencode({JOURNEY: journey_id} | language(lang) | {KEY: secret})}"


def app_url(page_url: str | None, page_path: str) -> str:
    """The app's own address, from the address of one of its pages (st.context.url)."""
    url = (page_url or "").rstrip("/")
    return url.removesuffix("/" + page_path) if page_path else url


def _with_query(page_url: str, path: str | None, params: dict[str, str]) -> str:
    parts = urlsplit(page_url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path if path is None else path, urlencode(params), ""))


def app_root(page_url: str) -> str:
    """The app's address without the page's path: "http://school:8501/tour" → "http://school:8501/"."""
    parts = urlsplit(page_url)
    path = parts.path.rsplit("/", 1)[0] + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _journey(journey_id: str | None) -> dict[str, str]:
    return {JOURNEY: journey_id} if journey_id else {}


def date_link(page_url: str, day: dt.date, journey_id: str | None = None, lang: str | None = None) -> str:
    """The map on a date: "http://school:8501/?date=1936-12-29" (and &journey=<id> for a published journey, &lang=es)."""
    return _with_query(app_root(page_url), None, {"date": day.isoformat()} | _journey(journey_id) | language(lang))


def step_link(tour_url: str, number: int, detailed: bool = False, journey_id: str | None = None, lang: str | None = None) -> str:
    """A step of the guided tour, from the tour page's address: "http://school:8501/Tour?step=3" (&tour=detailed)."""
    params = {"step": str(number)} | ({"tour": DETAILED} if detailed else {}) | _journey(journey_id) | language(lang)
    return _with_query(tour_url, None, params)


def embed_link(link: str) -> str:
    """A link's embeddable form (Streamlit's ?embed=true: no toolbar or padding), keeping its own query."""
    parts = urlsplit(link)
    query = parts.query + ("&" if parts.query else "") + "embed=true"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
