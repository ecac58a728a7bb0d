"""The app's own links, written in one place: a date on the map, a step of the tour, and the embed address.

Each takes the page's address as the browser sees it (Streamlit's st.context.url: scheme, host, path, no query),
so a link copied, scanned or embedded opens the same server the class is looking at.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode, urlsplit, urlunsplit

DETAILED = "detailed"  # ?tour=detailed: the step numbers count every stop, not the short tour's


def _with_query(page_url: str, path: str | None, params: dict[str, str]) -> str:
    parts = urlsplit(page_url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path if path is None else path, urlencode(params), ""))


def app_root(page_url: str) -> str:
    """The app's address without the page's path: "http://school:8501/tour" → "http://school:8501/"."""
    parts = urlsplit(page_url)
    path = parts.path.rsplit("/", 1)[0] + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def date_link(page_url: str, day: dt.date) -> str:
    """The map on a date: "http://school:8501/?date=1936-12-29"."""
    return _with_query(app_root(page_url), None, {"date": day.isoformat()})


def step_link(tour_url: str, number: int, detailed: bool = False) -> str:
    """A step of the guided tour, from the tour page's address: "http://school:8501/Tour?step=3" (&tour=detailed)."""
    return _with_query(tour_url, None, {"step": str(number)} | ({"tour": DETAILED} if detailed else {}))


def embed_link(link: str) -> str:
    """A link's embeddable form (Streamlit's ?embed=true: no toolbar or padding), keeping its own query."""
    parts = urlsplit(link)
    query = parts.query + ("&" if parts.query else "") + "embed=true"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
