"""Test helpers: project paths, CSV round-trips, and a local Nominatim-format HTTP server."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def read_rows(name: str) -> tuple[list[str], list[dict]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(fieldnames: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


class FakeNominatim:
    """A real HTTP server on 127.0.0.1 answering /search in Nominatim's JSON format.

    `answers` maps a query to a list of results, to "timeout" (the server sleeps
    past the client's timeout), to an HTTP status code (int), or to "garbage".
    """

    def __init__(self) -> None:
        self.answers: dict[str, object] = {}
        self.requests: list[dict] = []
        self.times: list[float] = []
        self.delay = 3.0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                url = urlparse(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                fake.requests.append({"path": url.path, "agent": self.headers.get("User-Agent"), **params})
                fake.times.append(time.monotonic())
                answer = fake.answers.get(params.get("q", ""), [])
                if answer == "timeout":
                    time.sleep(fake.delay)
                    answer = []
                if isinstance(answer, int):
                    self.send_response(answer)
                    self.end_headers()
                    return
                body = b"{not json" if answer == "garbage" else json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                pass  # a client that timed out and hung up is the point of some tests

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.domain = f"127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @staticmethod
    def result(lat: float, lon: float, name: str) -> list[dict]:
        return [
            {
                "place_id": 1,
                "lat": str(lat),
                "lon": str(lon),
                "display_name": name,
                "boundingbox": [str(lat), str(lat), str(lon), str(lon)],
            }
        ]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
