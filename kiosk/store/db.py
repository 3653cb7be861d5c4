"""The database handle: one engine, short transactions, writers serialised.

SQLite allows one writer at a time. A deferred transaction that reads and then
writes can fail at once with SQLITE_BUSY when another writer got there first
(busy_timeout does not help there), so write transactions start with
BEGIN IMMEDIATE and wait their turn. Reads use plain BEGIN; WAL lets them run
beside the writer. Other databases get ordinary transactions; the unique
constraints in models.py keep them correct and `write_retrying` retries a
transaction that lost a race on one of them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)
T = TypeVar("T")
_WRITE = "motcua_write"


def _sqlite_pragmas(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN instead of pysqlite.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
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
        self.is_sqlite = make_url(url).get_backend_name() == "sqlite"
        self.engine = create_engine(url, pool_pre_ping=not self.is_sqlite)
        if self.is_sqlite:
            _sqlite_pragmas(self.engine, busy_timeout_ms)
        # Same pool; connections taken through it begin IMMEDIATE on SQLite.
        self.write_engine: Engine = self.engine.execution_options(**{_WRITE: True})
        self._write = sessionmaker(bind=self.write_engine, expire_on_commit=False)
        self._read = sessionmaker(bind=self.engine, expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction committed on success and rolled back on any error."""
        with self._write.begin() as session:
            yield session

    def write_retrying(self, work: Callable[[Session], T], attempts: int = 5) -> T:
        """Run `work` in a write transaction, again when it loses a uniqueness race."""
        for attempt in range(1, attempts + 1):
            try:
                with self.write() as session:
                    return work(session)
            except IntegrityError:
                if attempt == attempts:
                    raise
                log.info("write lost a uniqueness race, retrying (%d/%d)", attempt, attempts)
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()
