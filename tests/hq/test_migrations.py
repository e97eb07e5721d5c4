"""The Alembic migrations own HQ's schema; the models must describe exactly what they create."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

from sync.hq.db import current_revision, head_revision, migrate
from sync.hq.models import metadata


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == []
    assert migrate(engine) == (head_revision(), head_revision())  # running it again does nothing
