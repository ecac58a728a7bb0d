"""A published journey's two links: the pupils' (`?journey=<id>`, read only) and the teacher's (`&key=<secret>`)."""

from __future__ import annotations

from urllib.parse import urlencode

JOURNEY = "journey"  # the published journey's id; combines with ?date=, ?stop= and ?step=
KEY = "key"  # the teacher's secret: read once, then taken out of the address bar


def pupil_link(app_url: str, journey_id: str) -> str:
    return f"{app_url.rstrip('/')}/?{urlencode({JOURNEY: journey_id})}"


def teacher_link(app_url: str, journey_id: str, secret: str) -> str:
    return f"{app_url.rstrip('/')}/?{urlencode({JOURNEY: journey_id, KEY: secret})}"


def app_url(page_url: str | None, page_path: str) -> str:
    """The app's own address, from the address of one of its pages (st.context.url)."""
    url = (page_url or "").rstrip("/")
    return url.removesuffix("/" + page_path) if page_path else url
