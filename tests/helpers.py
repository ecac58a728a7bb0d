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
                if isinstance(answer, tuple):  # a sequence of answers, one per request; the last one repeats
                    answer = answer[min(fake.requests_for(params.get("q", "")) - 1, len(answer) - 1)]
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
        # shutdown() waits for serve_forever's next look at its flag: every 0.5 s by default, half a second per test
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def requests_for(self, query: str) -> int:
        return sum(r.get("q") == query for r in self.requests)

    @staticmethod
    def result(lat: float, lon: float, name: str, country_code: str | None = None) -> list[dict]:
        found = {
            "place_id": 1,
            "lat": str(lat),
            "lon": str(lon),
            "display_name": name,
            "boundingbox": [str(lat), str(lat), str(lon), str(lon)],
        }
        if country_code:
            found["address"] = {"country_code": country_code}
        return [found]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# ------------------------------------------------------------------ hostile text

# Each payload would run script, open a dialog, link to javascript: or restyle the page if rendered unescaped.
PAYLOADS = (
    "<script>alert('script')</script>",
    "<img src=x onerror=\"alert('img')\">",
    "[click me](javascript:alert('link'))",
    "<a href=\"javascript:alert('anchor')\">anchor</a>",
    "${alert('template')} `backtick` \\ <svg onload=alert('svg')>",
    "**bold** _italic_ $x^2$ :red[red] # heading",
)


def hostile_journey() -> dict:
    """A valid journey whose every free-text field carries HTML, script or Markdown tricks."""
    quote = "He wrote <img src=x onerror=\"alert('quote')\"> and [a link](javascript:alert('q')) from here."
    names = [f"Place {n} {p}" for n, p in enumerate(PAYLOADS)]
    places_fields, _ = read_rows("places.csv")
    rows = []
    for n, name in enumerate(names):
        rows.append({
            "id": f"place-{n}", "name": name, "modern_name": f"Modern {PAYLOADS[(n + 1) % len(PAYLOADS)]}",
            "country_then": f"Land <b>{n}</b>", "country_now": f"Now <i>{n}</i>", "lat": str(40 + n), "lon": str(10 + 3 * n),
            "arrived": f"{1930 + n}-01-01", "arrived_precision": "day", "departed": f"{1930 + n}-06-30", "departed_precision": "day",
            "kind": "residence", "summary": f"Summary {PAYLOADS[(n + 2) % len(PAYLOADS)]}", "geocode_query": name,
            "coord_source": "manual", "geonames_id": "", "coord_note": f"Note {PAYLOADS[(n + 3) % len(PAYLOADS)]}",
            "date_refs": "", "coord_refs": "", "summary_refs": "", "coord_precision": "town", "tour": "main",
        })  # fmt: skip
    text = f"A hostile source text.\n{quote}\nAnd {PAYLOADS[0]} in the middle.\n"
    sources = write_rows(
        ["id", "file", "original_file", "title", "author", "publisher", "date", "kind", "reliability"],
        [{"id": "evil", "file": "evil.txt", "original_file": "<script>alert('file')</script>", "title": PAYLOADS[1],
          "author": PAYLOADS[2], "publisher": PAYLOADS[3], "date": PAYLOADS[4], "kind": "secondary",
          "reliability": PAYLOADS[5]}],
    )  # fmt: skip
    quotes = write_rows(
        ["id", "place_id", "source_id", "quote", "claim"],
        [{"id": "q-1", "place_id": "place-1", "source_id": "evil", "quote": quote, "claim": "weapon=<script>alert('claim')</script>"},
         {"id": "q-2", "place_id": "place-1", "source_id": "evil", "quote": "A hostile source text.", "claim": "weapon=[x](javascript:alert(1))"}],
    )  # fmt: skip
    topics = write_rows(
        ["place_id", "key", "question", "standard_value", "standard_account"],
        [{"place_id": "place-1", "key": "weapon", "question": f"Which? {PAYLOADS[1]}", "standard_value": PAYLOADS[0],
          "standard_account": f"{PAYLOADS[2]} {PAYLOADS[3]}"}],
    )  # fmt: skip
    return {
        "places": write_rows(places_fields, rows),
        "quotes": quotes,
        "sources": sources,
        "topics": topics,
        "texts": {"evil.txt": text.encode()},
        "names": names,
    }


# ------------------------------------------------------------------ a throwaway PostgreSQL


def postgres_bin() -> Path | None:
    """Debian's PostgreSQL binaries (package postgresql), the newest version installed, or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


class PostgresCluster:
    """A real PostgreSQL cluster in a temp folder, on a free loopback port, trusted for local connections only.

    initdb refuses to run as root, so under root the cluster belongs to the `postgres` user.
    """

    def __init__(self, bin_dir: Path, folder: Path):
        import os
        import pwd
        import socket

        self.bin = bin_dir
        self.folder = folder
        self.data = folder / "data"
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(folder, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
        self.start()

    def _run(self, tool: str, *args) -> None:
        import subprocess

        subprocess.run([*self.as_user, self.bin / tool, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"
        self._run("pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "server.log", "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database in the cluster; its SQLAlchemy URL."""
        import uuid

        import sqlalchemy as sa

        name = f"t_{uuid.uuid4().hex[:12]}"
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        engine.dispose()
        return self.url(name)
