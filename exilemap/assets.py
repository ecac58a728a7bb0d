"""The map's files, in one place: what each map feature declares, and how the three builds deliver it.

Each map feature declares the files it needs, as folium's plugins do, in `default_js`/`default_css`
(the map itself: Leaflet) or, for data, in `default_data` (the country outlines). This module knows
every such file (`ALL`: where its npm package keeps it, where the app serves it) and reads a map's
declarations for each build:

- online: folium's CDN links, as declared;
- offline (`serve_locally`): the same files from the app's own server, under /app/static/vendor;
- standalone (`inline`): the files' text written into the page, so it needs no server and no network.

Nothing here builds a map: mapview declares, offline fetches, export inlines; all three read this list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import folium
from branca.element import Element, Figure

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "static" / "vendor"
STATIC_URL = "/app/static/vendor"


@dataclass(frozen=True)
class Asset:
    """One file the map uses: folium's name for it, its CDN address, and where its npm package keeps it."""

    name: str
    url: str  # the online address (folium's own, for Leaflet)
    package: str
    version: str
    path: str  # inside the package; for a file we make at install time, a path under VENDOR
    made: bool = False  # made by exilemap.offline from a package's file, not shipped in it

    @property
    def file(self) -> Path:
        return VENDOR / self.path if self.made else VENDOR / f"{self.package}-{self.version}" / self.path

    @property
    def local_url(self) -> str:
        return f"{STATIC_URL}/{self.file.relative_to(VENDOR).as_posix()}"


def npm_asset(url: str) -> tuple[str, str, str] | None:
    """(package, version, path in the package) for a CDN URL of folium's that an npm package serves."""
    m = re.match(r"https://cdn\.jsdelivr\.net/npm/(leaflet)@([\d.]+)/(.+)$", url)
    if m:
        return m.group(1), m.group(2), m.group(3)
    m = re.match(r"https://code\.jquery\.com/jquery-([\d.]+)\.min\.js$", url)
    if m:
        return "jquery", m.group(1), "dist/jquery.min.js"
    return None


def _folium(name: str, links: list[tuple[str, str]]) -> Asset:
    url = dict(links)[name]
    package, version, path = npm_asset(url)
    return Asset(name, url, package, version, path)


# The map's own: Leaflet, at the version folium links to; not jQuery, bootstrap or icon fonts
LEAFLET_JS = _folium("leaflet", folium.Map.default_js)
LEAFLET_CSS = _folium("leaflet_css", folium.Map.default_css)
WORLD_ATLAS = ("world-atlas", "2.0.2")
# Natural Earth's 1:110m countries, converted from world-atlas's TopoJSON to GeoJSON at install time
COUNTRIES = Asset("countries", f"https://cdn.jsdelivr.net/npm/world-atlas@{WORLD_ATLAS[1]}/countries-110m.json",
                  *WORLD_ATLAS, "countries-110m.geojson", made=True)  # fmt: skip
ALL = (LEAFLET_JS, LEAFLET_CSS, COUNTRIES)
BY_URL = {a.url: a for a in ALL} | {a.local_url: a for a in ALL}  # a map read before or after serve_locally


def packages() -> set[tuple[str, str]]:
    """The npm packages (name, version) the map's files come from."""
    return {(a.package, a.version) for a in ALL}


def missing() -> list[str]:
    """Files the offline and standalone builds need that are not there yet."""
    return [f"static/vendor/{a.file.relative_to(VENDOR).as_posix()}" for a in ALL if not a.file.is_file()]


def features(m: folium.Map):
    """The map and every element under it, in the order folium renders them."""
    yield m
    for child in list(m._children.values()):
        yield from features(child)


def declared(m: folium.Map) -> list[tuple[str, Asset]]:
    """(kind, file) for every file the map's features declare, once each: scripts first, then styles, then data."""
    found: dict[str, tuple[str, Asset]] = {}
    for kind in ("js", "css", "data"):
        for element in features(m):
            for _, url in getattr(element, f"default_{kind}", ()):
                found.setdefault(url, (kind, BY_URL[url]))
    return list(found.values())


def _relink(m: folium.Map, address) -> None:
    """Each feature's links replaced by `address(asset)` (None drops the link); set on the feature, not its class."""
    for element in features(m):
        for kind in ("default_js", "default_css", "default_data"):
            links = getattr(element, kind, None)
            if links:
                kept = [(name, address(BY_URL[url])) for name, url in links]
                setattr(element, kind, [(name, url) for name, url in kept if url is not None])


def serve_locally(m: folium.Map) -> None:
    """Offline mode: every declared file from the app's own server."""
    _relink(m, lambda asset: asset.local_url)


def script_text(text: str) -> str:
    """A file's text made safe to sit inside <script> or <style>: no closing tag can end it early."""
    return re.sub(r"</(script|style)", r"<\\/\1", text, flags=re.I)


def inline(m: folium.Map) -> None:
    """The standalone build: every declared file's text in the page's header, and no link to fetch.

    Data files go to features that accept them (`inline_data`); scripts and styles go to the header
    in the order declared, ahead of the map's own script.
    """
    if missing():
        raise FileNotFoundError(f"the standalone map needs {', '.join(missing())}: run `python -m exilemap.offline` once")
    figure: Figure = m.get_root()
    for kind, asset in declared(m):
        tag = {"js": "script", "css": "style"}.get(kind)
        if tag:
            text = script_text(asset.file.read_text(encoding="utf-8"))
            figure.header.add_child(Element(f"<{tag}>{text}</{tag}>"), name=f"inline_{asset.name}")
    for element in features(m):
        for _, url in getattr(element, "default_data", ()):
            element.inline_data(BY_URL[url].file.read_text(encoding="utf-8"))
    _relink(m, lambda asset: None)
