"""Fill or refresh the gazetteer's coordinates with geopy's Nominatim client.

    python -m exilemap.geocode [--dry-run] [--refresh]

Rules: at least one second between requests (Nominatim's usage policy), retries
on timeouts and service errors, a persistent cache so no query is ever sent
twice, rows whose coordinates are `manual` are never touched, and every file is
written atomically, so a failure leaves the old one intact. places.csv is
rewritten only when every query got an answer from the service.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from geopy.adapters import AdapterHTTPError
from geopy.exc import GeocoderParseError, GeocoderRateLimited, GeocoderTimedOut, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from exilemap.gazetteer import DATA_DIR

USER_AGENT = "exile-map/0.1 (educational gazetteer of Leon Trotsky's exile, 1928-1940)"
DEFAULT_CACHE = DATA_DIR / "geocode-cache.json"


class GeocodeError(RuntimeError):
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


def make_geocoder(
    domain: str = "nominatim.openstreetmap.org",
    scheme: str = "https",
    timeout: float = 10.0,
    min_delay: float = 1.0,
    retries: int = 2,
    error_wait: float = 5.0,
) -> Callable:
    """geopy's Nominatim behind its RateLimiter, raising (not swallowing) final errors."""
    nominatim = Nominatim(user_agent=USER_AGENT, domain=domain, scheme=scheme, timeout=timeout)
    if domain.startswith("nominatim."):
        min_delay = max(min_delay, 1.0)  # the public service's usage policy
    return RateLimiter(
        nominatim.geocode,
        min_delay_seconds=min_delay,
        max_retries=retries,
        error_wait_seconds=max(error_wait, min_delay),
        swallow_exceptions=False,
    )


def explain(exc: Exception) -> str:
    """Say in plain words what went wrong with a request, then geopy's own words."""
    text = str(exc)
    if isinstance(exc, GeocoderRateLimited) or "429" in text:
        reason = "the service refused: too many requests (HTTP 429)"
    elif isinstance(exc, GeocoderTimedOut) and "status code" not in text or "timed out" in text.lower():
        reason = "the service did not answer in time"
    elif isinstance(exc, GeocoderParseError):
        reason = "the service's answer was not valid JSON"
    else:
        reason = "the service is unavailable or unreachable"
    return f"{reason} ({type(exc).__name__}: {text[:200]})"


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
        query = r["geocode_query"]
        if query in cache.entries and not refresh:
            status = "cached"
        else:
            try:
                location = geocode(query)
            except (GeopyError, AdapterHTTPError) as exc:
                raise GeocodeError(f"places.csv row {row} ('{r['id']}'): query '{query}' failed: {explain(exc)}") from None
            cache.entries[query] = (
                None
                if location is None
                else {"lat": round(location.latitude, 5), "lon": round(location.longitude, 5), "display_name": location.address}
            )
            cache.save()
            status = "fetched"
        hit = cache.entries[query]
        progress(f"[{done}/{len(targets)}] {r['id']}: {query} ({status}{'' if hit else ', no result'})")
        if hit is None:
            missing.append(f"places.csv row {row} ('{r['id']}'): no result for '{query}'")
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


def to_csv(fieldnames: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


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
        print(f"warning: {m}; the row keeps its coordinates", file=out)
    if not changes:
        print("nothing to change", file=out)
    elif not dry_run:
        atomic_write(places, to_csv(fieldnames, apply(rows, changes)))
        print(f"wrote {places}", file=out)
    return 1 if missing else 0


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
    parser.add_argument("--retries", type=int, default=2)
    parser.add_argument("--error-wait", type=float, default=5.0, help="seconds to wait before retrying after an error")
    args = parser.parse_args(argv)
    geocode = make_geocoder(args.domain, args.scheme, args.timeout, args.min_delay, args.retries, args.error_wait)
    return run(args.places, args.cache, geocode, args.dry_run, args.refresh)


if __name__ == "__main__":
    sys.exit(main())
