"""Published journeys: a journey's files kept in a database, opened by anyone with its id, changed only with its secret.

One schema (SQLAlchemy Core), two engines: an SQLite file by default, PostgreSQL for replicas or a host whose disk
does not last (EXILE_MAP_DB=postgresql+psycopg://...). Alembic's migrations run when the store is opened.

What is kept: the journey's name and files (the completed places table, so opening never geocodes again, and the
other files as uploaded), a hash of its secret, a checksum, its size and two timestamps. Nothing about the person.
A read checks the checksum, then checks the files again by the rules of an upload (`load`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event, exc

from exilemap.gazetteer import MAX_FILE_BYTES, ROOT, Gazetteer
from exilemap.i18n import ENGLISH, N_, Translator
from exilemap.model import DataError, ExileMapError


class StoreError(ExileMapError):
    """The store refused a request; the message says why in a sentence a teacher or pupil can act on.

    The sentence is a catalogue message with its facts apart, so the page can say it in the reader's language.
    """

    def __init__(self, message: str, **facts: object) -> None:
        super().__init__(message % facts if facts else message)
        self.message, self.facts = message, facts

    def said(self, tr: Translator = ENGLISH) -> str:
        text = tr.gettext(self.message)
        return text % self.facts if self.facts else text


class StoreUnavailable(StoreError):
    """The database cannot be reached or did not answer."""


class NotPublished(StoreError):
    """No journey has this id: it was never published, is mistyped, was unpublished or has expired."""


class WrongSecret(StoreError):
    """The secret given is not this journey's: nothing was changed."""


class LimitReached(StoreError):
    """A limit for a public demo was reached: a file's size, publishes per hour, or the store's total size."""


class Damaged(StoreError):
    """A stored journey no longer matches its checksum, or no longer passes the upload's checks (a row edited by hand)."""


ENV_URL = "EXILE_MAP_DB"
STATE_DIR = ROOT / "state"  # git-ignored
DEFAULT_SQLITE = STATE_DIR / "journeys.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
OTHERS = ("quotes", "sources", "topics", "references", "voices", "legs")  # the optional files, by their upload's name
MAX_NAME = 80  # the upload form's limit
MAX_TEXTS = 200
ID_BYTES = 16  # 128 bits
SECRET_BYTES = 32  # 256 bits: sha256 of it is enough, no slow hash needed
_ID = re.compile(r"[A-Za-z0-9_-]{22,64}")

METADATA = sa.MetaData()
JOURNEYS = sa.Table(
    "journeys",
    METADATA,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("checksum", sa.String(64), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("published_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)
FILES = sa.Table(
    "journey_files",
    METADATA,
    sa.Column("journey_id", sa.String(64), sa.ForeignKey("journeys.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),  # places, one of OTHERS, or text
    sa.Column("name", sa.String(255), primary_key=True),
    sa.Column("content", sa.LargeBinary, nullable=False),
)


@dataclass(frozen=True)
class JourneyFiles:
    """What a journey is published with: its completed places.csv, the optional files by name, and the source texts."""

    places: bytes
    others: Mapping[str, bytes] = field(default_factory=dict)
    texts: Mapping[str, bytes] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, str, bytes]]:
        """(kind, file name, content), in one fixed order: the checksum is taken over them."""
        rows = [("places", "places.csv", self.places)]
        rows += [(kind, f"{kind}.csv", self.others[kind]) for kind in OTHERS if kind in self.others]
        rows += [("text", name, self.texts[name]) for name in sorted(self.texts)]
        return rows

    @classmethod
    def from_rows(cls, rows: list[tuple[str, str, bytes]]) -> JourneyFiles:
        places = next((content for kind, _, content in rows if kind == "places"), b"")
        others = {kind: content for kind, _, content in rows if kind in OTHERS}
        return cls(places, others, {name: content for kind, name, content in rows if kind == "text"})

    @property
    def size(self) -> int:
        return sum(len(content) for _, _, content in self.rows())


@dataclass(frozen=True)
class Published:
    """A journey as read back from the store, its checksum verified."""

    id: str
    name: str
    files: JourneyFiles
    published_at: dt.datetime
    updated_at: dt.datetime
    checksum: str  # verified: the sha256 of exactly these bytes


@dataclass(frozen=True)
class Receipt:
    """What publishing returns: the id for the pupils' link and the secret for the teacher's, which only she is given."""

    id: str
    secret: str


@dataclass(frozen=True)
class Limits:
    """The limits a public demo needs. Each is read from the environment; the defaults suit a classroom."""

    file_bytes: int = MAX_FILE_BYTES
    publishes_per_hour: int = 10  # from one session
    total_bytes: int = 500_000_000
    retention_days: int | None = None  # None: kept until unpublished

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Limits:
        days = environ.get("EXILE_MAP_RETENTION_DAYS", "").strip()
        return cls(
            publishes_per_hour=int(environ.get("EXILE_MAP_PUBLISHES_PER_HOUR", cls.publishes_per_hour)),
            total_bytes=int(float(environ.get("EXILE_MAP_STORE_MAX_MB", cls.total_bytes / 1e6)) * 1_000_000),
            retention_days=int(days) if days else None,
        )


@dataclass
class Quota:
    """One session's publishes in the last hour, kept in that session: `take` refuses the one too many."""

    per_hour: int
    times: list[float] = field(default_factory=list)

    def take(self, now: float | None = None) -> None:
        now = time.time() if now is None else now
        self.times = [t for t in self.times if now - t < 3600]
        if len(self.times) >= self.per_hour:
            wait = int(3600 - (now - self.times[0])) // 60 + 1
            raise LimitReached(
                N_("This session has published %(most)s journeys in the last hour, the most a public demo allows; "
                   "try again in %(wait)s minute(s)."), most=self.per_hour, wait=wait
            )  # fmt: skip
        self.times.append(now)


def checksum(name: str, files: JourneyFiles) -> str:
    """sha256 over the name and every file, each part prefixed by its length so no two journeys share a checksum."""
    digest = hashlib.sha256()
    for part in [name.encode("utf-8")] + [p for row in files.rows() for p in (row[0].encode(), row[1].encode(), row[2])]:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)  # naive UTC: both engines store it alike


def url_from_env(environ: Mapping[str, str] = os.environ) -> str | None:
    return environ.get(ENV_URL, "").strip() or None


def sqlite_url(path: Path = DEFAULT_SQLITE) -> str:
    return f"sqlite:///{path}"


def _engine(url: str) -> sa.Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 3})
    if parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(parsed, connect_args={"timeout": 15})

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's recipe: we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # a committed publish survives power loss too, not only a crash
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(conn) -> None:
        # a write takes the write lock at once: its size check and its insert see the same store
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine


class Store:
    """The published journeys in one database. Open it with `Store.open(url)`; every method is one transaction."""

    def __init__(self, engine: sa.Engine, limits: Limits):
        self.engine = engine
        self.limits = limits
        self._writer = engine.execution_options(write=True)

    @classmethod
    def open(cls, url: str | None = None, limits: Limits | None = None) -> Store:
        """The store at `url` (an SQLite file by default), its migrations applied; StoreUnavailable if it cannot be reached."""
        store = cls(_engine(url or sqlite_url()), limits or Limits())
        store.migrate()
        return store

    @property
    def where(self) -> str:
        """Where the journeys are kept, password hidden: printed at start."""
        url = self.engine.url
        return f"SQLite file {url.database}" if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=True)

    def migrate(self) -> None:
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self._write() as conn:
            if conn.dialect.name == "postgresql":  # two replicas starting at once: one migrates, the other waits
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(2201)"))
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        with _reachable(), self._writer.begin() as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with _reachable(), self.engine.begin() as conn:
            yield conn

    # ------------------------------------------------------------ writing

    def publish(self, name: str, files: JourneyFiles) -> Receipt:
        """Store a journey in one transaction: all of its rows, or (on any failure) none."""
        name = _clean_name(name)
        self._check_files(files)
        receipt = Receipt(secrets.token_urlsafe(ID_BYTES), secrets.token_urlsafe(SECRET_BYTES))
        now = _now()
        with self._write() as conn:
            self._serialize(conn)
            self._expire(conn, now)
            self._check_room(conn, files.size)
            conn.execute(JOURNEYS.insert().values(id=receipt.id, name=name, secret_hash=_hash(receipt.secret),
                                                  checksum=checksum(name, files), size=files.size, published_at=now, updated_at=now))  # fmt: skip
            conn.execute(FILES.insert(), _file_rows(receipt.id, files))
        return receipt

    def replace(self, journey_id: str, secret: str, name: str | None = None, files: JourneyFiles | None = None) -> None:
        """Rename the journey, or replace its files, or both: one transaction, and only with its secret."""
        with self._write() as conn:
            self._serialize(conn)
            row = self._authorise(conn, journey_id, secret)
            old = self._files(conn, journey_id)
            new_name = row.name if name is None else _clean_name(name)
            new_files = old if files is None else files
            if files is not None:
                self._check_files(files)
                self._check_room(conn, files.size - row.size)
                conn.execute(FILES.delete().where(FILES.c.journey_id == journey_id))
                conn.execute(FILES.insert(), _file_rows(journey_id, files))
            conn.execute(JOURNEYS.update().where(JOURNEYS.c.id == journey_id).values(
                name=new_name, checksum=checksum(new_name, new_files), size=new_files.size, updated_at=_now()))  # fmt: skip

    def unpublish(self, journey_id: str, secret: str) -> None:
        """Delete the journey's rows (its files first), with its secret only."""
        with self._write() as conn:
            self._authorise(conn, journey_id, secret)
            _delete(conn, journey_id)

    def verify(self, journey_id: str, secret: str) -> None:
        """Nothing if `secret` is this journey's; WrongSecret or NotPublished otherwise."""
        with self._read() as conn:
            self._authorise(conn, journey_id, secret)

    # ------------------------------------------------------------ reading

    def read(self, journey_id: str) -> Published:
        """The journey exactly as it was stored, its checksum verified; NotPublished if there is none with this id."""
        _check_id(journey_id)
        with self._read() as conn:
            row = conn.execute(sa.select(JOURNEYS).where(JOURNEYS.c.id == journey_id)).first()
            if row is None or self._expired(row, _now()):
                raise NotPublished(N_("No journey is published under this link: it may be mistyped, unpublished or expired."))
            files = self._files(conn, journey_id)
        if not hmac.compare_digest(checksum(row.name, files), row.checksum):
            raise Damaged(N_("This published journey cannot be opened: its stored files no longer match their checksum."))
        return Published(row.id, row.name, files, row.published_at, row.updated_at, row.checksum)

    def load(self, journey_id: str) -> tuple[Published, Gazetteer]:
        """The journey read back and checked again by the rules of an upload, ready to map."""
        published = self.read(journey_id)
        return published, validate(published.name, published.files)

    def ping(self) -> None:
        """Nothing if the database answers; StoreUnavailable if not (a store opened earlier may have gone away since)."""
        with self._read() as conn:
            conn.execute(sa.text("SELECT 1"))

    def total_bytes(self) -> int:
        with self._read() as conn:
            return int(conn.execute(sa.select(sa.func.coalesce(sa.func.sum(JOURNEYS.c.size), 0))).scalar_one())

    def count(self) -> int:
        with self._read() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(JOURNEYS)).scalar_one())

    # ------------------------------------------------------------ the rules

    def _check_files(self, files: JourneyFiles) -> None:
        for kind, name, content in files.rows():
            if len(content) > self.limits.file_bytes:
                raise LimitReached(
                    N_("%(name)s is %(size)s bytes; a published file may be at most %(most)s bytes."),
                    name=name, size=f"{len(content):,}", most=f"{self.limits.file_bytes:,}",
                )  # fmt: skip
            if kind == "text" and (not name or len(name) > 255):
                raise StoreError(N_("A source text's file name must be 1 to 255 characters long."))
        if len(files.texts) > MAX_TEXTS:
            raise LimitReached(N_("A published journey may have at most %(most)s source texts; this one has %(count)s."),
                               most=MAX_TEXTS, count=len(files.texts))  # fmt: skip

    def _check_room(self, conn: sa.Connection, extra: int) -> None:
        used = int(conn.execute(sa.select(sa.func.coalesce(sa.func.sum(JOURNEYS.c.size), 0))).scalar_one())
        if extra > 0 and used + extra > self.limits.total_bytes:
            raise LimitReached(
                N_("The store is full (%(used)s MB of %(most)s MB): nothing more can be published until some journeys are "
                   "unpublished."), used=f"{used / 1e6:.2f}", most=f"{self.limits.total_bytes / 1e6:.2f}",
            )  # fmt: skip

    def _authorise(self, conn: sa.Connection, journey_id: str, secret: str):
        _check_id(journey_id)
        row = conn.execute(sa.select(JOURNEYS).where(JOURNEYS.c.id == journey_id)).first()
        if row is None or self._expired(row, _now()):
            raise NotPublished(N_("No journey is published under this id: it may have been unpublished already."))
        if not hmac.compare_digest(_hash(secret or ""), row.secret_hash):
            raise WrongSecret(N_("The key does not match this journey's: nothing was changed."))
        return row

    def _files(self, conn: sa.Connection, journey_id: str) -> JourneyFiles:
        rows = conn.execute(sa.select(FILES.c.kind, FILES.c.name, FILES.c.content).where(FILES.c.journey_id == journey_id))
        return JourneyFiles.from_rows([(k, n, bytes(c)) for k, n, c in rows])

    def _expired(self, row, now: dt.datetime) -> bool:
        days = self.limits.retention_days
        return days is not None and row.updated_at < now - dt.timedelta(days=days)

    def _expire(self, conn: sa.Connection, now: dt.datetime) -> None:
        """Delete the journeys older than the retention setting (none, by default)."""
        if self.limits.retention_days is None:
            return
        cutoff = now - dt.timedelta(days=self.limits.retention_days)
        for (journey_id,) in conn.execute(sa.select(JOURNEYS.c.id).where(JOURNEYS.c.updated_at < cutoff)).all():
            _delete(conn, journey_id)

    @staticmethod
    def _serialize(conn: sa.Connection) -> None:
        """PostgreSQL: writes one at a time, so two replicas' publishes cannot both pass the size check."""
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(2202)"))


def validate(name: str, files: JourneyFiles) -> Gazetteer:
    """The stored journey checked by the upload's rules (readers.read and journeyfile.check): Damaged if it no longer passes."""
    from exilemap import journeyfile, readers  # the store's writing needs neither

    _clean_name(name, Damaged)
    try:
        table = readers.read(files.places, "places.csv")
        checked = journeyfile.check(table, **dict(files.others), texts=dict(files.texts))
    except DataError as error:
        problems = error.problems
    else:
        if checked.gazetteer is not None:
            return checked.gazetteer
        problems = checked.problems
    raise Damaged(N_("This published journey cannot be opened: its stored files no longer pass the checks (%(problem)s)."),
                  problem=problems[0])  # fmt: skip


def _clean_name(name: str, error: type[StoreError] = StoreError) -> str:
    clean = (name or "").strip()
    if not clean or len(clean) > MAX_NAME or any(ord(c) < 32 or ord(c) == 127 for c in clean):
        raise error(N_("A journey's name must be 1 to %(most)s characters long, with no control characters."), most=MAX_NAME)
    return clean


def _check_id(journey_id: str) -> None:
    if not isinstance(journey_id, str) or not _ID.fullmatch(journey_id):
        raise NotPublished(N_("This link's journey id is not one this app makes: check that the whole link was copied."))


def _file_rows(journey_id: str, files: JourneyFiles) -> list[dict]:
    return [{"journey_id": journey_id, "kind": kind, "name": name, "content": content} for kind, name, content in files.rows()]


def _delete(conn: sa.Connection, journey_id: str) -> None:
    conn.execute(FILES.delete().where(FILES.c.journey_id == journey_id))  # not left to the cascade: SQLite may not enforce it
    conn.execute(JOURNEYS.delete().where(JOURNEYS.c.id == journey_id))


@contextmanager
def _reachable() -> Iterator[None]:
    """A database that cannot be reached, or fails mid-transaction, as StoreUnavailable (the transaction is rolled back)."""
    try:
        yield
    except (exc.OperationalError, exc.InterfaceError) as error:
        raise StoreUnavailable(
            N_("The journey store cannot be reached right now (%(why)s)."), why=type(error.orig).__name__
        ) from None
    except exc.DBAPIError as error:
        raise StoreError(N_("The journey store refused the request (%(why)s)."), why=type(error.orig).__name__) from None
