"""The database handle: one engine, short transactions, writers serialised.

SQLite allows one writer at a time. A deferred transaction that reads and then
writes can fail at once with SQLITE_BUSY when another writer got there first
(busy_timeout does not help there), so write transactions start with
BEGIN IMMEDIATE and wait their turn. Reads use plain BEGIN; WAL lets them run
beside the writer.

PostgreSQL runs writers side by side (READ COMMITTED): the unique constraints in
models.py keep them correct, `write_retrying` retries a transaction that lost a
race on one of them (or a deadlock), a read-then-write on one row locks it first
(SELECT ... FOR UPDATE) and `Database.lock` serialises the writers of one named
thing (a transaction-scoped advisory lock). Only these two databases are supported.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)
T = TypeVar("T")
_WRITE = "motcua_write"
BACKENDS = ("sqlite", "postgresql")
SQLITE_POOL_SIZE = 40  # the threads of the request thread pool (anyio's default)
# PostgreSQL aborts one of two deadlocked transactions, or a serializable one that
# lost a race; running it again is the documented remedy.
_RETRY_SQLSTATES = frozenset({"40P01", "40001"})


def advisory_lock(connection: Connection | Session, name: str) -> None:
    """On PostgreSQL, wait for the lock `name` and hold it to the end of the transaction.

    Elsewhere nothing: SQLite already runs one write transaction at a time.
    """
    bind = connection.get_bind() if isinstance(connection, Session) else connection
    if bind.dialect.name == "postgresql":
        digest = hashlib.blake2b(f"motcua:{name}".encode(), digest_size=8).digest()
        key = int.from_bytes(digest, "big", signed=True)
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _lost_race(error: DBAPIError) -> bool:
    return isinstance(error, IntegrityError) or (
        getattr(error.orig, "sqlstate", None) in _RETRY_SQLSTATES
    )


def _enter_wal(cursor: Any, busy_timeout_ms: int) -> None:
    """Switch the file to WAL, waiting while another process holds it.

    Changing the journal mode needs the file to itself and SQLite answers "database
    is locked" at once rather than calling the busy handler, so several processes
    opening one new file together retry here for up to busy_timeout.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_pragmas(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN instead of pysqlite.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        _enter_wal(cursor, busy_timeout_ms)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """Sessions for reading and for writing; every write is one transaction."""

    def __init__(self, url: str, *, busy_timeout_ms: int = 15_000) -> None:
        backend = make_url(url).get_backend_name()
        if backend not in BACKENDS:
            raise ValueError(f"database {backend!r} is not supported: use SQLite or PostgreSQL")
        self.is_sqlite = backend == "sqlite"
        # A SQLite file connection is cheap to keep and dear to open (the PRAGMAs below): keep
        # one per thread-pool thread rather than open and close overflow ones under load.
        on_file = self.is_sqlite and make_url(url).database not in (None, "", ":memory:")
        pool: dict[str, Any] = (
            {"pool_size": SQLITE_POOL_SIZE, "max_overflow": 10} if on_file else {}
        )
        self.engine = create_engine(url, pool_pre_ping=not self.is_sqlite, **pool)
        if self.is_sqlite:
            _sqlite_pragmas(self.engine, busy_timeout_ms)
        # Same pool; connections taken through it begin IMMEDIATE on SQLite.
        self.write_engine: Engine = self.engine.execution_options(**{_WRITE: True})
        self._write = sessionmaker(bind=self.write_engine, expire_on_commit=False)
        self._read = sessionmaker(bind=self.engine, expire_on_commit=False)
        # SQLite's busy handler polls with sleeps of up to 100 ms; writers of this process
        # queue on a lock instead and start the moment the previous one commits. Other
        # processes (a second worker, the import command) still meet busy_timeout.
        self._writer: AbstractContextManager[Any] = (
            threading.RLock() if self.is_sqlite else nullcontext()
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction committed on success and rolled back on any error."""
        with self._writer, self._write.begin() as session:
            yield session

    def write_retrying(self, work: Callable[[Session], T], attempts: int = 5) -> T:
        """Run `work` in a write transaction, again when it loses a uniqueness race
        (or, on PostgreSQL, a deadlock)."""
        for attempt in range(1, attempts + 1):
            try:
                with self.write() as session:
                    return work(session)
            except DBAPIError as error:
                if attempt == attempts or not _lost_race(error):
                    raise
                log.info("write lost a race, retrying (%d/%d)", attempt, attempts)
        raise AssertionError("unreachable")

    def lock(self, session: Session, name: str) -> None:
        """Make the writers of `name` (a queue counter, ...) run in turn: see advisory_lock."""
        advisory_lock(session, name)

    def dispose(self) -> None:
        self.engine.dispose()
