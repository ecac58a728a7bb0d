"""Offline classroom mode: the map's files served by the app itself, and country outlines instead of tiles.

    python -m exilemap.offline      # fetch the files once (make run and make test do it)

Leaflet and Natural Earth's country outlines (the world-atlas package) come
from the npm registry at install time into static/vendor/ (not committed), which
Streamlit serves at /app/static/. Set EXILE_MAP_OFFLINE=1 to use them: the map then
asks for nothing outside the app's own server.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from functools import lru_cache
from pathlib import Path

import folium
from branca.element import MacroElement
from jinja2 import Template

from exilemap.gazetteer import ROOT

VENDOR = ROOT / "static" / "vendor"
STATIC_URL = "/app/static/vendor"
WORLD_ATLAS = ("world-atlas", "2.0.2")
ENV = "EXILE_MAP_OFFLINE"


def enabled() -> bool:
    return os.environ.get(ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def npm_asset(url: str) -> tuple[str, str, str] | None:
    """(package, version, path in the package) for a CDN URL of folium's that an npm package serves."""
    m = re.match(r"https://cdn\.jsdelivr\.net/npm/(leaflet)@([\d.]+)/(.+)$", url)
    if m:
        return m.group(1), m.group(2), m.group(3)
    m = re.match(r"https://code\.jquery\.com/jquery-([\d.]+)\.min\.js$", url)
    if m:
        return "jquery", m.group(1), "dist/jquery.min.js"
    return None


def fetch_npm(package: str, version: str, into: Path = VENDOR) -> Path:
    """The unpacked npm package, fetched from the registry once and kept under `into`."""
    target = into / f"{package}-{version}"
    if (target / "package.json").is_file():
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(f"npm is needed once to fetch {package}@{version} (Debian: apt-get install npm)")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [npm, "pack", f"{package}@{version}", "--pack-destination", tmp, "--silent"], check=True, capture_output=True
        )
        with tarfile.open(next(Path(tmp).glob("*.tgz"))) as tar:
            tar.extractall(tmp, filter="data")
        staging = Path(tempfile.mkdtemp(dir=into.parent if into.parent.exists() else None))
        shutil.copytree(Path(tmp) / "package", staging / "package")
        into.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(staging / "package", target)  # appears whole or not at all
        except OSError:
            if not (target / "package.json").is_file():
                raise
            # another process (a second test worker) put the same package there first
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return target


def map_assets() -> list[tuple[str, str, str, str]]:
    """(kind, name, package, version, path) for each asset our map uses: Leaflet's JS and CSS."""
    from exilemap.mapview import MAP_CSS, MAP_JS

    found = []
    for kind, assets in (("js", MAP_JS), ("css", MAP_CSS)):
        for name, url in assets:
            package, version, path = npm_asset(url)
            found.append((kind, name, package, version, path))
    return found


def fetch_all(into: Path = VENDOR) -> list[Path]:
    wanted = {(p, v) for _, _, p, v, _ in map_assets()} | {WORLD_ATLAS}
    return [fetch_npm(p, v, into) for p, v in sorted(wanted)]


def missing() -> list[str]:
    """Files offline mode needs that are not there yet."""
    paths = [VENDOR / f"{p}-{v}" / path for _, _, p, v, path in map_assets()]
    paths.append(VENDOR / "countries-110m.geojson")
    return [str(p.relative_to(ROOT)) for p in paths if not p.is_file()]


def use_local_assets(m: folium.Map) -> None:
    """Point the map's JS and CSS at the copies the app serves itself."""
    local = {
        kind: [(name, f"{STATIC_URL}/{p}-{v}/{path}") for k, name, p, v, path in map_assets() if k == kind]
        for kind in ("js", "css")
    }
    m.default_js, m.default_css = local["js"], local["css"]


def _decode_arcs(topology: dict) -> list[list[list[float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([round(x * sx + tx, 4), round(y * sy + ty, 4)])
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list, unwrap: bool = True) -> list:
    ring: list = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points if not ring else points[1:])
    if not unwrap:
        return ring
    # keep rings that cross the antimeridian continuous, or Leaflet draws a band across the world
    for k in range(1, len(ring)):
        lon, previous = ring[k][0], ring[k - 1][0]
        if lon - previous > 180 or lon - previous < -180:
            ring[k] = [lon - 360 if lon - previous > 180 else lon + 360, ring[k][1]]
    return ring


@lru_cache(maxsize=1)
def countries_geojson() -> dict:
    """Natural Earth's 1:110m country outlines (world-atlas's TopoJSON) as a GeoJSON FeatureCollection."""
    return natural_earth("countries-110m.json", "countries")


@lru_cache(maxsize=4)
def natural_earth(file: str, layer: str, unwrap: bool = True) -> dict:
    """A layer of one of world-atlas's TopoJSON files (e.g. land-10m.json, "land") as a GeoJSON FeatureCollection.

    `unwrap` keeps rings that cross the antimeridian continuous, for drawing; geometry tests want them as they are.
    """
    path = VENDOR / f"{WORLD_ATLAS[0]}-{WORLD_ATLAS[1]}" / file
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    features = []
    for geometry in topology["objects"][layer]["geometries"]:
        if geometry.get("type") == "Polygon":
            coordinates = [_ring(r, arcs, unwrap) for r in geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            coordinates = [[_ring(r, arcs, unwrap) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        features.append({"type": "Feature", "properties": {"name": geometry.get("properties", {}).get("name", "")},
                         "geometry": {"type": geometry["type"], "coordinates": coordinates}})  # fmt: skip
    return {"type": "FeatureCollection", "features": features}


OUTLINES = VENDOR / "countries-110m.geojson"


def write_outlines() -> Path:
    """Convert world-atlas's TopoJSON to the GeoJSON file the map fetches (once, at install time)."""
    from exilemap.geocode import atomic_write

    if not OUTLINES.is_file():
        atomic_write(OUTLINES, json.dumps(countries_geojson(), separators=(",", ":")))
    return OUTLINES


class Outlines(MacroElement):
    """Country outlines under everything else, fetched from the app's own server (not embedded in the map)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        fetch({{ this.url|tojson }}).then(function (r) { return r.json(); }).then(function (data) {
          var layer = L.geoJSON(data, {interactive: false, style: {color: "#9a9080", weight: 0.8, fillColor: "#f4efe4",
                                                                      fillOpacity: 1, className: "country"}});
          layer.addTo({{ this._parent.get_name() }});
          layer.bringToBack();
          {{ this._parent.get_name() }}.attributionControl.addAttribution("Country outlines: Natural Earth");
        });
        {% endmacro %}"""
    )

    def __init__(self, url: str = f"{STATIC_URL}/{OUTLINES.name}"):
        super().__init__()
        self._name = "Outlines"
        self.url = url


def make_offline(m: folium.Map) -> None:
    """Serve the map's files from the app and draw country outlines on a plain sea-coloured background."""
    use_local_assets(m)
    Outlines().add_to(m)
    m.get_root().header.add_child(folium.Element("<style>.leaflet-container{background:#cfe0ea}</style>"))


if __name__ == "__main__":
    for folder in fetch_all():
        print(folder.relative_to(ROOT))
    print(write_outlines().relative_to(ROOT))
    sys.exit(0)
