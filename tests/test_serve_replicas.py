"""Serving a school: the real nginx with deploy/nginx.conf, in front of two stand-in replicas that say who they are."""

from __future__ import annotations

import http.server
import shutil
import socket
import sys
import threading
import urllib.request

import pytest

from exilemap.gazetteer import ROOT

sys.path.insert(0, str(ROOT / "deploy"))
from serve_replicas import NGINX, School  # noqa: E402


class Replica(http.server.ThreadingHTTPServer):
    """Answers every request with its own port and the upgrade headers it was given."""

    def __init__(self):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                body = f"{self.server.server_port} {self.headers.get('Upgrade')} {self.headers.get('Connection')}".encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()  # a quick shutdown()


@pytest.fixture
def school():
    from pathlib import Path

    if not Path(NGINX).exists():
        pytest.fail(f"{NGINX} is missing: install Debian's nginx package (.ci/run does)")
    replicas = [Replica(), Replica()]
    school = School(2, log=lambda _: None)
    for stand_in, replica in zip(replicas, school.pool):
        replica.port = stand_in.server_port
    school.start_nginx()
    yield school
    school.stop_nginx()
    shutil.rmtree(school.run_dir, ignore_errors=True)
    for stand_in in replicas:
        stand_in.shutdown()
        stand_in.server_close()


def get(url: str, cookie: str | None = None, headers: dict | None = None) -> tuple[str, str | None]:
    request = urllib.request.Request(url, headers={**({"Cookie": cookie} if cookie else {}), **(headers or {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode(), response.headers.get("Set-Cookie")


def test_a_browser_gets_a_cookie_and_every_later_request_reaches_the_same_replica(school):
    body, set_cookie = get(school.url + "/")
    assert set_cookie and set_cookie.startswith("exile_replica=") and "HttpOnly" in set_cookie
    cookie = set_cookie.split(";")[0]
    first = body.split()[0]
    for path in ["/_stcore/stream", "/_stcore/upload_file/x", "/media/x.csv", "/"] * 5:
        body, again = get(school.url + path, cookie)
        assert body.split()[0] == first and again is None  # same replica; the cookie is not set again


def test_sessions_are_spread_over_every_replica(school):
    reached = {get(school.url + "/")[0].split()[0] for _ in range(40)}
    assert reached == {str(r.port) for r in school.pool}


def test_the_websocket_upgrade_reaches_the_replica(school):
    body, _ = get(school.url + "/_stcore/stream", headers={"Upgrade": "websocket", "Connection": "Upgrade"})
    assert body.split()[1:] == ["websocket", "upgrade"]


def test_a_replica_taken_out_for_a_restart_gets_no_new_sessions_while_the_others_keep_theirs(school):
    kept = {}
    for _ in range(30):
        body, set_cookie = get(school.url + "/")
        kept[set_cookie.split(";")[0]] = body.split()[0]
    draining = school.pool[0]
    draining.down = True
    school._reload()
    others = {cookie: port for cookie, port in kept.items() if port != str(draining.port)}
    assert others and len(others) < len(kept)
    for cookie, port in others.items():
        assert get(school.url + "/", cookie)[0].split()[0] == port  # consistent hashing moves only the drained replica's
    assert all(get(school.url + "/")[0].split()[0] != str(draining.port) for _ in range(20))


def test_nginx_listens_on_loopback_only(school):
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", school.port)) == 0
    assert "listen 127.0.0.1:" in (school.run_dir / "nginx.conf").read_text()


def test_nginx_lets_the_listed_course_sites_frame_the_app_and_forbids_no_framing(school):
    with urllib.request.urlopen(school.url + "/", timeout=10) as response:
        policy = response.headers.get("Content-Security-Policy")
        assert response.headers.get("X-Frame-Options") is None
    assert policy is not None and policy.startswith("frame-ancestors 'self' "), policy
    sites = policy.split()[2:]
    assert "https://sites.google.com" in sites and "https://*.googleusercontent.com" in sites
    assert all(site.startswith("https://") for site in sites), "a course site is named by its https address"
