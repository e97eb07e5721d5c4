"""Alembic environment for the desk database. The caller passes an open connection."""

from alembic import context
from sqlmodel import SQLModel

import desktop.core.certificates.models  # certificate tables (issue 4)
import desktop.core.models
import desktop.core.operators  # noqa: F401
import sync.desk.outbox  # noqa: F401

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("desk migrations run through desktop.core.db.migrate(), with a connection")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
)
with context.begin_transaction():
    context.run_migrations()
