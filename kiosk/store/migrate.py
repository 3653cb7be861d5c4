"""Apply the Alembic migrations from code (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from kiosk.store.db import advisory_lock

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` in one transaction.

    Replicas starting together migrate in turn: the first holds a lock (PostgreSQL:
    an advisory lock; SQLite: the write engine's BEGIN IMMEDIATE) and the others
    then find the schema up to date.
    """
    config = alembic_config()
    with engine.begin() as connection:
        advisory_lock(connection, "migrations")
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
