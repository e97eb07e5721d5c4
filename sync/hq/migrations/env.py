"""Alembic environment for HQ's database. The caller (sync.hq.db.migrate) passes a connection."""

from alembic import context

from sync.hq.models import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("HQ migrations run through sync.hq.db.migrate(), with a connection")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
