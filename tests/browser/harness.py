"""Browser harness shared by tests, benchmarks and screenshots.

The real app under `streamlit run`, Debian's Chromium, and a stand-in for the
internet: this machine has none, so every request that would leave it is
answered here. Leaflet's and jQuery's files come from their npm packages
(fetched from the registry once into static/vendor/, as offline mode does), map tiles get
a blank tile, other CDN assets an empty file. Requests are recorded so callers
can count them.
"""

from __future__ import annotations

import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib
from pathlib import Path
from urllib.parse import urlparse

from exilemap.assets import npm_asset
from exilemap.offline import fetch_npm

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]  # fmt: skip


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


BLANK_TILE = _png(256, 256, (236, 233, 224))  # a plain paper-coloured tile


def map_packages() -> dict[tuple[str, str], Path]:
    """Every npm package behind folium's CDN links that we serve (Leaflet, jQuery), fetched if needed.

    The same copies offline mode serves (static/vendor/, fetched by exilemap.offline).
    """
    import folium

    urls = [src for _, src in folium.Map.default_js] + [href for _, href in folium.Map.default_css]
    wanted = {asset[:2] for asset in map(npm_asset, urls) if asset}
    return {key: fetch_npm(*key) for key in wanted}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(script: str = "app.py", env: dict | None = None, cwd: Path = ROOT, python: str = sys.executable):
    """Start `streamlit run` on a free port; return (process, url) once it answers its health check."""
    port = free_port()
    cmd = [python, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.headless", "true",
           "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]  # fmt: skip
    log = tempfile.NamedTemporaryFile(prefix="streamlit-", suffix=".log", delete=False)
    # a journey published in a test goes to a throwaway store, never to the project's state/ folder
    store = {"EXILE_MAP_DB": f"sqlite:///{tempfile.mkdtemp(prefix='exile-store-')}/journeys.sqlite"}
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **store, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{Path(log.name).read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return proc, url, Path(log.name)
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"streamlit did not start within 60 s:\n{Path(log.name).read_text()}")


def stop_streamlit(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


class Network:
    """Answers every non-local request locally and remembers what was asked."""

    def __init__(self, packages: dict[tuple[str, str], Path]):
        self.packages = packages
        self.requests: list[str] = []

    # Every http(s) address whose host is not this machine. A pattern, not a Python function, so that Playwright
    # stops only these requests: with a function it stops every request (Streamlit's own files too), asks Python
    # about each, and the suite spends much of its CPU on that round trip.
    remote = re.compile(r"^https?://(?!(?:127\.0\.0\.1|localhost)(?:[:/]|$))")

    def handle(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        host, path = urlparse(url).hostname or "", urlparse(url).path
        asset = npm_asset(url)
        if asset and asset[:2] in self.packages and (self.packages[asset[:2]] / asset[2]).is_file():
            body = (self.packages[asset[:2]] / asset[2]).read_bytes()
            route.fulfill(status=200, body=body, content_type="text/css" if path.endswith(".css") else "application/javascript")
        elif "tile" in host or path.endswith(".png"):
            route.fulfill(status=200, body=BLANK_TILE, content_type="image/png")
        elif path.endswith(".css"):
            route.fulfill(status=200, body="", content_type="text/css")
        elif path.endswith(".js"):
            route.fulfill(status=200, body="", content_type="application/javascript")
        else:
            route.fulfill(status=204, body="")

    def tiles(self) -> list[str]:
        return [u for u in self.requests if "tile" in (urlparse(u).hostname or "")]

    def assets(self) -> list[str]:
        return [u for u in self.requests if u.endswith((".js", ".css"))]
