"""The app's links, read and written in one place: `?date=YYYY-MM-DD` and `?stop=<id>` on the map, and a published
journey's two links: the pupils' (`?journey=<id>`, read only) and the teacher's (`&key=<secret>`)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from exilemap.gazetteer import Gazetteer
from exilemap.route import Route

JOURNEY = "journey"  # the published journey's id; combines with ?date=, ?stop= and ?step=
KEY = "key"  # the teacher's secret: read once, then taken out of the address bar


def date_from_link(params: dict[str, str], gazetteer: Gazetteer, route: Route) -> tuple[dt.date, str | None]:
    """The date a shared link asks for (`?date=YYYY-MM-DD` or `?stop=<id>`), or the start and a notice why not."""
    raw_date, raw_stop = params.get("date"), params.get("stop")
    if raw_date is not None:
        try:
            day = dt.date.fromisoformat(raw_date) if len(raw_date) == 10 else None
        except ValueError:
            day = None
        if day is None:
            return route.first, f"The link's date '{raw_date[:40]}' is not a date written YYYY-MM-DD; showing the start."
        if not route.first <= day <= route.last:
            return route.first, f"The link's date {day} is outside the route ({route.first} to {route.last}); showing the start."
        return day, None
    if raw_stop is not None:
        visit = route.visit_of(raw_stop)
        if visit is not None:
            return visit.start, None
        event = next((s for s in gazetteer.stops if s.id == raw_stop), None)
        if event is not None:
            return event.arrived, None
        return route.first, f"The link names no stop '{raw_stop[:40]}'; showing the start."
    return route.first, None


def pupil_link(app_url: str, journey_id: str) -> str:
    return f"{app_url.rstrip('/')}/?{urlencode({JOURNEY: journey_id})}"


def teacher_link(app_url: str, journey_id: str, secret: str) -> str:
    return f"{app_url.rstrip('/')}/?{urlencode({JOURNEY: journey_id, KEY: secret})}"


def app_url(page_url: str | None, page_path: str) -> str:
    """The app's own address, from the address of one of its pages (st.context.url)."""
    url = (page_url or "").rstrip("/")
    return url.removesuffix("/" + page_path) if page_path else url
