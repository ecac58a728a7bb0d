"""Offline classroom mode: the map's files served by the app itself, and country outlines instead of tiles.

    python -m exilemap.offline      # fetch the files once (make run and make test do it)

Leaflet and Natural Earth's country outlines (the world-atlas package) come
from the npm registry at install time into static/vendor/ (not committed), which
Streamlit serves at /app/static/. Set EXILE_MAP_OFFLINE=1 to use them: the map then
asks for nothing outside the app's own server. Which files the map needs is exilemap.assets's list;
this module only fetches and converts them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from functools import lru_cache
from pathlib import Path

from exilemap.assets import COUNTRIES, ROOT, VENDOR, WORLD_ATLAS, missing, packages

__all__ = ["ENV", "enabled", "fetch_all", "fetch_npm", "missing", "write_outlines"]
ENV = "EXILE_MAP_OFFLINE"


def enabled() -> bool:
    return os.environ.get(ENV, "").strip().lower() in {"1", "true", "yes", "on"}


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


def fetch_all(into: Path = VENDOR) -> list[Path]:
    """Every npm package the map's files come from (exilemap.assets.ALL), fetched once."""
    return [fetch_npm(p, v, into) for p, v in sorted(packages() | {WORLD_ATLAS})]


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


OUTLINES = COUNTRIES.file


def write_outlines() -> Path:
    """Convert world-atlas's TopoJSON to the GeoJSON file the map fetches (once, at install time)."""
    from exilemap.geocode import atomic_write

    if not OUTLINES.is_file():
        atomic_write(OUTLINES, json.dumps(countries_geojson(), separators=(",", ":")))
    return OUTLINES


if __name__ == "__main__":
    for folder in fetch_all():
        print(folder.relative_to(ROOT))
    print(write_outlines().relative_to(ROOT))
    sys.exit(0)
