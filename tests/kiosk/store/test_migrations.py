"""Alembic migrations from an empty database, on SQLite and on PostgreSQL."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

import kiosk.store
from kiosk.store.db import Database
from kiosk.store.migrate import alembic_config, upgrade
from kiosk.store.models import Base

pytestmark = pytest.mark.both_databases


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


def all_models() -> None:
    """Import every module of kiosk.store, so Base.metadata holds every table."""
    for module in pkgutil.iter_modules(kiosk.store.__path__, "kiosk.store."):
        importlib.import_module(module.name)


def tables(db: Database) -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_migrations_build_exactly_the_models_schema(db: Database) -> None:
    assert tables(db) == set()
    upgrade(db.write_engine)
    all_models()
    assert tables(db) == set(Base.metadata.tables) | {"alembic_version"}
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
        assert set(context.get_current_heads()) == heads
        differences = compare_metadata(context, Base.metadata)
    assert differences == [], "models and migrations disagree: add a migration"


def test_revisions_form_one_line() -> None:
    """One head: a new migration has exactly one parent to name."""
    assert ScriptDirectory.from_config(alembic_config()).get_heads() == ["0010"]


def test_downgrade_to_empty_and_up_again(db: Database) -> None:
    upgrade(db.write_engine)
    config = alembic_config()
    with db.write_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert tables(db) <= {"alembic_version"}
    upgrade(db.write_engine)
    all_models()
    assert set(Base.metadata.tables) <= tables(db)


def test_dossier_lookup_failures_move_to_the_one_guard_and_back(db: Database) -> None:
    """0010: failures counted before the upgrade still count after it (a locked code stays
    locked), and a downgrade gives them back."""
    config = alembic_config()
    rows = [("H12.34-251120-0001", "2026-11-23 09:00:00"), ("X", "2026-11-23 09:01:00")]

    def migrate(step: str, revision: str) -> None:
        with db.write_engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, step)(config, revision)

    migrate("upgrade", "0009")
    with db.write_engine.begin() as connection:
        for code, at in rows:
            connection.exec_driver_sql(
                "INSERT INTO dossier_lookup_failures (code, failed_at) VALUES (%(c)s, %(a)s)"
                if db.write_engine.dialect.name == "postgresql"
                else "INSERT INTO dossier_lookup_failures (code, failed_at) VALUES (:c, :a)",
                {"c": code, "a": at},
            )
    migrate("upgrade", "0010")
    assert "dossier_lookup_failures" not in tables(db)
    with db.engine.connect() as connection:
        moved = connection.exec_driver_sql(
            "SELECT kind, code FROM lookup_failures ORDER BY failed_at"
        ).all()
    assert [tuple(r) for r in moved] == [("dossier", code) for code, _ in rows]
    migrate("downgrade", "0009")
    with db.engine.connect() as connection:
        back = connection.exec_driver_sql(
            "SELECT code FROM dossier_lookup_failures ORDER BY failed_at"
        ).all()
        left = connection.exec_driver_sql("SELECT count(*) FROM lookup_failures").scalar()
    assert [r[0] for r in back] == [code for code, _ in rows] and left == 0


# One kiosk replica: open the database and migrate it, at the agreed moment.
REPLICA = """
import sys, time
from kiosk.store.db import Database
from kiosk.store.migrate import upgrade
database = Database(sys.argv[1])
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
upgrade(database.write_engine)
database.dispose()
"""


def test_replicas_starting_together_migrate_once(db: Database, database_url: str) -> None:
    """Kiosk processes opening one new database at the same moment all start."""
    moment = str(time.time() + 2)
    replicas = [
        subprocess.Popen(
            [sys.executable, "-c", REPLICA, database_url, moment],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(3)
    ]
    try:
        outputs = [replica.communicate(timeout=120)[0] for replica in replicas]
    finally:
        for replica in replicas:
            if replica.poll() is None:
                replica.kill()
                replica.communicate()
    for replica, output in zip(replicas, outputs, strict=True):
        assert replica.returncode == 0, output[-3000:]
    all_models()
    assert tables(db) == set(Base.metadata.tables) | {"alembic_version"}
