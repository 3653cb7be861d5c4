"""Alembic environment: runs on the connection that kiosk.store.migrate hands over.

New revision: `alembic.command.revision(config, message, autogenerate=True)` with
`config = kiosk.store.migrate.alembic_config()` and `config.attributes["connection"]`
set to a connection of an up-to-date database.
"""

from __future__ import annotations

from alembic import context

from kiosk.store.analytics import Question  # noqa: F401  (analytics tables)
from kiosk.store.channels import ChannelLink  # noqa: F401  (channel tables)
from kiosk.store.idempotency import IdempotencyKey  # noqa: F401  (idempotency keys)
from kiosk.store.lookups import LookupFailure  # noqa: F401  (lookup attempt limits)
from kiosk.store.models import Base
from kiosk.store.staff import StaffUser  # noqa: F401  (staff tables in the metadata)

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through kiosk.store.migrate.upgrade(engine)")

# Batch mode lets ALTER TABLE work on SQLite too.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
