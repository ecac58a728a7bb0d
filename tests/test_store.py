"""The published-journey store, against a real SQLite file and a real PostgreSQL cluster: never a mock."""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import textwrap

import pytest
import sqlalchemy as sa
from helpers import ROOT, hostile_journey

from exilemap import journeyfile, readers, store
from exilemap.model import ExileMapError
from exilemap.store import (
    Damaged,
    JourneyFiles,
    LimitReached,
    Limits,
    NotPublished,
    Quota,
    Store,
    StoreUnavailable,
    WrongSecret,
)

TWO = b"name,lat,lon,arrived,departed\nIstanbul,41.01,28.98,1929-02-12,1929-03-05\nPrinkipo,40.87,29.13,1929-03,1933-07\n"


def completed(raw: bytes) -> bytes:
    """The places file as the page publishes it: completed in our full columns (so opening never geocodes)."""
    checked = journeyfile.check(readers.read(raw, "places.csv"))
    assert checked.gazetteer is not None, checked.problems
    return checked.completion.csv_bytes()


def hostile_files() -> JourneyFiles:
    j = hostile_journey()
    return JourneyFiles(j["places"], {"quotes": j["quotes"], "sources": j["sources"], "topics": j["topics"]}, j["texts"])


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return store.sqlite_url(tmp_path / "journeys.sqlite")
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def shop(url):
    s = Store.open(url)
    yield s
    s.close()


def raw_rows(s: Store, table: str) -> list[tuple]:
    with s.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(f"SELECT * FROM {table}"))]


def test_a_published_journey_reads_back_byte_for_byte_and_maps_without_geocoding(shop):
    files = hostile_files()
    receipt = shop.publish("  A <b>bold</b> journey ", files)
    published, gz = shop.load(receipt.id)
    assert published.name == "A <b>bold</b> journey"  # stored as typed (trimmed); escaped where it is shown
    assert published.files == files
    assert [s.id for s in gz.stops] == [f"place-{n}" for n in range(6)]
    assert gz.sources["evil"].text is not None  # the source text came back with it, so quotes are checked verbatim


def test_ids_are_128_random_bits_and_only_a_hash_of_the_secret_is_kept(shop):
    places = completed(TWO)
    receipts = [shop.publish("Trip", JourneyFiles(places)) for _ in range(3)]
    assert len({r.id for r in receipts}) == 3
    for r in receipts:
        assert len(base64.urlsafe_b64decode(r.id + "==")) >= 16
        assert len(base64.urlsafe_b64decode(r.secret + "=")) >= 32
    stored = repr(raw_rows(shop, "journeys")) + repr(raw_rows(shop, "journey_files"))
    assert not any(r.secret in stored for r in receipts)
    assert hashlib.sha256(receipts[0].secret.encode()).hexdigest() in stored


def test_the_teacher_renames_and_replaces_files_with_her_secret(shop):
    receipt = shop.publish("First", JourneyFiles(completed(TWO)))
    shop.replace(receipt.id, receipt.secret, name="Second")
    assert shop.read(receipt.id).name == "Second"
    files = hostile_files()
    shop.replace(receipt.id, receipt.secret, files=files)
    published, gz = shop.load(receipt.id)
    assert (published.name, published.files, len(gz.stops)) == ("Second", files, 6)


@pytest.mark.parametrize("secret", ["wrong", "", None])
def test_a_wrong_or_missing_secret_changes_nothing_and_says_so(shop, secret):
    receipt = shop.publish("Mine", JourneyFiles(completed(TWO)))
    before = raw_rows(shop, "journeys"), raw_rows(shop, "journey_files")
    for attempt in (lambda: shop.replace(receipt.id, secret, name="Theirs"), lambda: shop.unpublish(receipt.id, secret),
                    lambda: shop.replace(receipt.id, secret, files=hostile_files()), lambda: shop.verify(receipt.id, secret)):  # fmt: skip
        with pytest.raises(WrongSecret, match="nothing was changed"):
            attempt()
    assert (raw_rows(shop, "journeys"), raw_rows(shop, "journey_files")) == before


def test_unpublish_deletes_every_row_of_the_journey_and_only_its_own(shop):
    keep = shop.publish("Keep", JourneyFiles(completed(TWO)))
    gone = shop.publish("Gone", hostile_files())
    shop.unpublish(gone.id, gone.secret)
    assert [r[0] for r in raw_rows(shop, "journeys")] == [keep.id]
    assert {r[0] for r in raw_rows(shop, "journey_files")} == {keep.id}
    with pytest.raises(NotPublished):
        shop.read(gone.id)
    with pytest.raises(NotPublished):
        shop.unpublish(gone.id, gone.secret)


@pytest.mark.parametrize("bad_id", ["", "short", "x" * 200, "abc/../../etc", "'; DROP TABLE journeys; --", "a" * 22])
def test_an_unknown_or_mangled_id_is_not_published(shop, bad_id):
    with pytest.raises(NotPublished):
        shop.read(bad_id)


def test_a_row_changed_in_the_database_fails_its_checksum(shop):
    receipt = shop.publish("Mine", JourneyFiles(completed(TWO)))
    with shop.engine.begin() as conn:
        conn.execute(sa.text("UPDATE journey_files SET content = :c WHERE journey_id = :i"),
                     {"c": completed(TWO).replace(b"Prinkipo", b"Prinkipa"), "i": receipt.id})  # fmt: skip
    with pytest.raises(Damaged, match="checksum"):
        shop.read(receipt.id)
    with shop.engine.begin() as conn:
        conn.execute(sa.text("UPDATE journeys SET name = 'Other' WHERE id = :i"), {"i": receipt.id})
    with pytest.raises(Damaged, match="checksum"):
        shop.read(receipt.id)


def test_a_row_rewritten_with_a_matching_checksum_is_still_checked_by_the_uploads_rules(shop):
    """Someone with the database's password can recompute the checksum; the upload's checks still stand in the way."""
    receipt = shop.publish("Mine", JourneyFiles(completed(TWO)))
    broken = JourneyFiles(completed(TWO).replace(b"41.01", b"<script>alert(1)</script>"))
    with shop.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE journey_files SET content = :c WHERE journey_id = :i"), {"c": broken.places, "i": receipt.id}
        )
        conn.execute(
            sa.text("UPDATE journeys SET checksum = :s WHERE id = :i"), {"s": store.checksum("Mine", broken), "i": receipt.id}
        )
    assert shop.read(receipt.id).files == broken  # the checksum now matches ...
    with pytest.raises(Damaged, match="no longer pass the checks"):  # ... but the journey no longer loads
        shop.load(receipt.id)
    with shop.engine.begin() as conn:
        name = "Mine\x1b[2J"
        conn.execute(sa.text("UPDATE journeys SET name = :n, checksum = :s WHERE id = :i"),
                     {"n": name, "s": store.checksum(name, JourneyFiles(completed(TWO))), "i": receipt.id})  # fmt: skip
        conn.execute(
            sa.text("UPDATE journey_files SET content = :c WHERE journey_id = :i"), {"c": completed(TWO), "i": receipt.id}
        )
    with pytest.raises(Damaged, match="control characters"):
        shop.load(receipt.id)


def test_each_limit_is_said_in_a_sentence(url):
    places = completed(TWO)
    small = Store.open(url, Limits(file_bytes=len(places), total_bytes=len(places) * 2))
    try:
        with pytest.raises(LimitReached, match=r"places\.csv is .* bytes; a published file may be at most"):
            small.publish("Big", JourneyFiles(places + b"\n"))
        small.publish("One", JourneyFiles(places))
        small.publish("Two", JourneyFiles(places))
        with pytest.raises(LimitReached, match=r"The store is full .*until some journeys are unpublished\."):
            small.publish("Three", JourneyFiles(places))
        assert small.count() == 2
    finally:
        small.close()


def test_a_session_may_publish_so_many_journeys_an_hour():
    quota = Quota(per_hour=2)
    quota.take(now=1000.0)
    quota.take(now=1001.0)
    with pytest.raises(LimitReached, match="2 journeys in the last hour.*try again in 60 minute"):
        quota.take(now=1002.0)
    quota.take(now=1000.0 + 3600)  # the first has left the hour


def test_with_a_retention_setting_old_journeys_expire_and_are_deleted(url):
    places = completed(TWO)
    kept = Store.open(url, Limits(retention_days=30))
    try:
        old = kept.publish("Old", JourneyFiles(places))
        new = kept.publish("New", JourneyFiles(places))
        with kept.engine.begin() as conn:
            conn.execute(sa.text("UPDATE journeys SET updated_at = published_at - INTERVAL '31 days' WHERE id = :i"
                                 if conn.dialect.name == "postgresql" else
                                 "UPDATE journeys SET updated_at = datetime(published_at, '-31 days') WHERE id = :i"), {"i": old.id})  # fmt: skip
        with pytest.raises(NotPublished):
            kept.read(old.id)
        kept.publish("Newer", JourneyFiles(places))  # a publish deletes what has expired
        assert old.id not in {r[0] for r in raw_rows(kept, "journeys") + raw_rows(kept, "journey_files")}
        assert kept.read(new.id).name == "New"
    finally:
        kept.close()
    assert Limits.from_env({}).retention_days is None  # by default, kept until unpublished
    assert Limits.from_env({"EXILE_MAP_RETENTION_DAYS": "7"}).retention_days == 7


def test_migrations_are_applied_at_open_and_opening_again_changes_nothing(url):
    first = Store.open(url)
    receipt = first.publish("Kept", JourneyFiles(completed(TWO)))
    first.close()
    again = Store.open(url)  # a restart: the migration is already there, the journey too
    try:
        with again.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == "0001"
        assert again.read(receipt.id).name == "Kept"
    finally:
        again.close()


def test_the_errors_share_the_apps_one_base():
    for error in (StoreUnavailable, NotPublished, WrongSecret, LimitReached, Damaged):
        assert issubclass(error, store.StoreError) and issubclass(error, ExileMapError)


def test_sqlite_keeps_its_journal_in_wal_mode(tmp_path):
    s = Store.open(store.sqlite_url(tmp_path / "j.sqlite"))
    try:
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
    finally:
        s.close()


# ---------------------------------------------------------------- faults


KILLED_MID_PUBLISH = textwrap.dedent("""
    import sys, time
    import sqlalchemy as sa
    from exilemap import store

    s = store.Store.open(sys.argv[1])
    @sa.event.listens_for(s.engine, "after_cursor_execute")
    def halfway(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("INSERT INTO JOURNEYS "):  # the journey's row is in, its files not yet
            print("halfway", flush=True)
            time.sleep(60)
    texts = {f"text-{n}.txt": bytes([65 + n % 26]) * 1_500_000 for n in range(8)}
    s.publish("Large", store.JourneyFiles(open(sys.argv[2], "rb").read(), {}, texts))
""")


def test_sigkill_in_the_middle_of_a_publish_leaves_none_of_it_and_the_rest_intact(url, tmp_path):
    places = tmp_path / "places.csv"
    places.write_bytes(completed(TWO))
    before = Store.open(url)
    kept = before.publish("Kept", JourneyFiles(places.read_bytes()))
    before.close()
    child = subprocess.Popen([sys.executable, "-c", KILLED_MID_PUBLISH, url, places], cwd=ROOT, stdout=subprocess.PIPE,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    try:
        assert child.stdout.readline() == b"halfway\n"
    finally:
        child.kill()  # SIGKILL: no rollback, no cleanup, no goodbye to the database
        child.wait()
    after = Store.open(url)
    try:
        assert [r[0] for r in raw_rows(after, "journeys")] == [kept.id]
        assert {r[0] for r in raw_rows(after, "journey_files")} == {kept.id}
        assert after.load(kept.id)[0].name == "Kept"
        assert after.publish("After", JourneyFiles(places.read_bytes())).id  # and the store still takes writes
    finally:
        after.close()


def test_an_unreachable_database_is_unavailable_not_a_crash(postgres):
    with pytest.raises(StoreUnavailable, match="cannot be reached"):
        Store.open(f"postgresql+psycopg://postgres@127.0.0.1:{postgres.port + 1 if postgres.port < 65535 else 1}/none")
    url = postgres.new_database()
    s = Store.open(url)
    receipt = s.publish("Before", JourneyFiles(completed(TWO)))
    postgres.stop()
    try:
        for attempt in (lambda: s.read(receipt.id), lambda: s.publish("During", JourneyFiles(completed(TWO)))):
            with pytest.raises(StoreUnavailable, match="cannot be reached right now"):
                attempt()
    finally:
        postgres.start()
    assert s.read(receipt.id).name == "Before"  # the server came back: the same store reconnects by itself
    assert s.count() == 1
    s.close()
