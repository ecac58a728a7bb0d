"""The geocoding command, run with geopy's real Nominatim client against a local HTTP server."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import threading

import pytest
from helpers import DATA

from exilemap import geocode

BASE = ("Almaty, Kazakhstan", 43.25, 76.92, "Алматы, Казахстан")


@pytest.fixture
def places(tmp_path):
    path = tmp_path / "places.csv"
    shutil.copy(DATA / "places.csv", path)
    return path


def _geocoder(server, **kw):
    options = {"scheme": "http", "timeout": 1.0, "min_delay": 0.0, "retries": 0, "error_wait": 0.0} | kw
    return geocode.make_geocoder(server.domain, **options)


def _answer_all(server, places):
    for r in csv.DictReader(places.open(encoding="utf-8")):
        if r["coord_source"] != "manual":
            server.answers[r["geocode_query"]] = server.result(
                float(r["lat"]) + 0.01,
                float(r["lon"]) - 0.01,
                f"{r['modern_name']} (local)",
                geocode.country_code(r["country_now"]),
            )


def _rows(path):
    return {r["id"]: r for r in csv.DictReader(path.open(encoding="utf-8"))}


def test_a_run_fills_coordinates_from_the_service_and_keeps_manual_rows(nominatim, places, tmp_path):
    _answer_all(nominatim, places)
    before = _rows(places)
    out = io.StringIO()
    status = geocode.run(places, tmp_path / "cache.json", _geocoder(nominatim), out=out)
    after = _rows(places)
    assert status == 0, out.getvalue()
    assert float(after["alma-ata"]["lat"]) == pytest.approx(float(before["alma-ata"]["lat"]) + 0.01)
    assert after["alma-ata"]["coord_source"] == "nominatim" and "Almaty (local)" in after["alma-ata"]["coord_note"]
    for stop_id in ("blue-house", "viena-house", "saint-palais"):
        assert after[stop_id] == before[stop_id]
    assert all(req["path"] == "/search" and req["agent"] == geocode.USER_AGENT for req in nominatim.requests)
    assert "[1/" in out.getvalue() and "wrote" in out.getvalue()


def test_no_query_is_sent_twice_thanks_to_the_cache(nominatim, places, tmp_path):
    _answer_all(nominatim, places)
    cache = tmp_path / "cache.json"
    geocode.run(places, cache, _geocoder(nominatim), out=io.StringIO())
    distinct = {r["geocode_query"] for r in _rows(places).values() if r["coord_source"] != "manual"}
    assert len(nominatim.requests) == len(distinct) < len([r for r in _rows(places).values() if r["coord_source"] != "manual"])
    geocode.run(places, cache, _geocoder(nominatim), out=io.StringIO())
    assert len(nominatim.requests) == len(distinct)
    assert json.loads(cache.read_text(encoding="utf-8"))["Almaty, Kazakhstan"]["lat"] > 43


def test_dry_run_shows_changes_and_writes_nothing(nominatim, places, tmp_path):
    _answer_all(nominatim, places)
    before = places.read_bytes()
    out = io.StringIO()
    geocode.run(places, tmp_path / "cache.json", _geocoder(nominatim), dry_run=True, out=out)
    assert places.read_bytes() == before
    assert "would change alma-ata" in out.getvalue()


def test_a_query_with_no_result_is_reported_and_its_row_kept(nominatim, places, tmp_path):
    _answer_all(nominatim, places)
    nominatim.answers["Hurum, Norway"] = []
    before = places.read_bytes()
    out = io.StringIO()
    status = geocode.run(places, tmp_path / "cache.json", _geocoder(nominatim), out=out)
    assert status == 1
    row = next(n for n, r in enumerate(csv.DictReader(places.open(encoding="utf-8")), start=2) if r["id"] == "sundby")
    assert "no result for 'Hurum, Norway'" in out.getvalue() and f"row {row}" in out.getvalue()
    assert places.read_bytes() == before, "places.csv changes only when every row got an acceptable answer"
    assert "was not changed" in out.getvalue()


def test_a_timeout_leaves_places_untouched_and_keeps_earlier_answers(nominatim, places, tmp_path):
    _answer_all(nominatim, places)
    nominatim.answers["Istanbul, Turkey"] = "timeout"
    nominatim.delay = 2.0  # past the timeout below, and no longer: each waiting request holds the test up
    before = places.read_bytes()
    out = io.StringIO()
    cache = tmp_path / "cache.json"
    # 1.5 s leaves the other answers room on a loaded machine: with 0.5 s a CI run, and with 1 s a run at a load
    # average of 15, timed out on another query first
    status = geocode.run(places, cache, _geocoder(nominatim, timeout=1.5, retries=1), out=out)
    said = out.getvalue()
    assert status == 2, said
    assert "query 'Istanbul, Turkey' failed: the service did not answer in time" in said and "was not changed" in said, [
        line for line in said.splitlines() if "failed" in line or "not changed" in line
    ]  # what it said instead (CI cuts the rest)
    assert places.read_bytes() == before
    # it retried once, as asked, and nothing under it retried too: geopy's default HTTP adapter sent three requests a try
    assert nominatim.requests_for("Istanbul, Turkey") == 2
    assert "Almaty, Kazakhstan" in json.loads(cache.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("answer", "error"), [(503, "unavailable or unreachable"), (429, "too many requests"), ("garbage", "not valid JSON")]
)
def test_service_faults_are_reported_and_nothing_is_written(nominatim, places, tmp_path, answer, error):
    nominatim.answers["Almaty, Kazakhstan"] = answer
    before = places.read_bytes()
    out = io.StringIO()
    assert geocode.run(places, tmp_path / "cache.json", _geocoder(nominatim), out=out) == 2
    assert error in out.getvalue() and "row 3" in out.getvalue()  # the first row geocoded (Moscow's is a manual point)
    assert places.read_bytes() == before


def test_requests_are_spaced_as_the_server_sees_them(nominatim, places, tmp_path):
    _answer_all(nominatim, places)
    geocode.run(places, tmp_path / "cache.json", _geocoder(nominatim, min_delay=0.15), out=io.StringIO())
    gaps = [b - a for a, b in zip(nominatim.times, nominatim.times[1:])]
    # without spacing they arrive milliseconds apart; counted from the end of each answer, no gap is short, however busy
    assert len(gaps) >= 5 and min(gaps) >= 0.15, gaps


def test_slow_answers_are_not_overlapped_by_the_next_request(nominatim):
    nominatim.answers["Slow"], nominatim.delay = "timeout", 0.4  # the server takes 0.4 s, within the client's 1 s
    geocoder = _geocoder(nominatim, min_delay=0.2)
    callers = [threading.Thread(target=geocoder, args=("Slow",)) for _ in range(2)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    assert len(nominatim.times) == 2
    # one request at a time, then the pause: a spacing of starts alone sends the second while the first is unanswered
    assert nominatim.times[1] - nominatim.times[0] >= 0.4 + 0.2


def test_the_public_service_gets_at_least_one_second_between_requests():
    limiter = geocode.make_geocoder("nominatim.openstreetmap.org", min_delay=0.1)
    assert limiter.min_delay_seconds == 1.0


def test_a_failed_write_leaves_the_old_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "places.csv"
    target.write_text("old", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(geocode.os, "replace", broken_replace)
    with pytest.raises(OSError):
        geocode.atomic_write(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]


def test_a_corrupt_cache_is_reported_not_overwritten(nominatim, places, tmp_path):
    cache = tmp_path / "cache.json"
    cache.write_text("{oops", encoding="utf-8")
    out = io.StringIO()
    assert geocode.run(places, cache, _geocoder(nominatim), out=out) == 2
    assert "cache is not valid JSON" in out.getvalue()
    assert cache.read_text(encoding="utf-8") == "{oops"


def test_the_command_line_runs_against_the_local_server(nominatim, places, tmp_path, capsys):
    _answer_all(nominatim, places)
    argv = ["--places", str(places), "--cache", str(tmp_path / "c.json"), "--domain", nominatim.domain, "--scheme", "http",
            "--min-delay", "0", "--dry-run"]  # fmt: skip
    assert geocode.main(argv) == 0
    assert "would change" in capsys.readouterr().out


def test_a_result_in_the_wrong_country_is_refused_and_nothing_written(nominatim, places, tmp_path):
    _answer_all(nominatim, places)
    nominatim.answers["Odesa, Ukraine"] = nominatim.result(46.2, -75.6, "Odessa, Ontario, Canada", "ca")
    before = places.read_bytes()
    out = io.StringIO()
    assert geocode.run(places, tmp_path / "cache.json", _geocoder(nominatim), out=out) == 1
    assert (
        "row 6 ('odessa'): the result for 'Odesa, Ukraine' is in CA (Odessa, Ontario, Canada), not in Ukraine (UA)"
        in out.getvalue()
    )
    assert places.read_bytes() == before
    asked = next(r for r in nominatim.requests if r.get("q") == "Odesa, Ukraine")
    assert asked["countrycodes"] == "ua" and asked["addressdetails"] == "1" and asked["accept-language"] == "en"


def test_transient_faults_are_retried_with_growing_waits_until_an_answer(nominatim, places, tmp_path):
    _answer_all(nominatim, places)
    good = nominatim.answers["Almaty, Kazakhstan"]
    nominatim.answers["Almaty, Kazakhstan"] = (503, 429, 502, good)
    geocoder = _geocoder(nominatim, retries=3, error_wait=0.05)
    out = io.StringIO()
    assert geocode.run(places, tmp_path / "cache.json", geocoder, out=out) == 0, out.getvalue()
    assert nominatim.requests_for("Almaty, Kazakhstan") == 4
    assert geocoder.waits == [0.05, 0.1, 0.2]
    times = [t for r, t in zip(nominatim.requests, nominatim.times) if r.get("q") == "Almaty, Kazakhstan"]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert all(gap >= wait for gap, wait in zip(gaps, geocoder.waits, strict=True)), f"it did not wait: {gaps}"


def test_a_client_error_is_not_retried(nominatim, places, tmp_path):
    nominatim.answers["Almaty, Kazakhstan"] = 403
    geocoder = _geocoder(nominatim, retries=3, error_wait=0.05)
    assert geocode.run(places, tmp_path / "cache.json", geocoder, out=io.StringIO()) == 2
    assert nominatim.requests_for("Almaty, Kazakhstan") == 1 and geocoder.waits == []


def test_no_network_is_reported_and_nothing_written(places, tmp_path):
    before = places.read_bytes()
    out = io.StringIO()
    # a port held bound but never listening refuses every connection, and no other test's server can take it meanwhile
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        geocoder = geocode.make_geocoder(
            f"127.0.0.1:{closed.getsockname()[1]}", scheme="http", timeout=1, min_delay=0, retries=1, error_wait=0.01
        )
        assert geocode.run(places, tmp_path / "cache.json", geocoder, out=out) == 2
    assert "unavailable or unreachable" in out.getvalue() and geocoder.waits == [0.01]
    assert places.read_bytes() == before
