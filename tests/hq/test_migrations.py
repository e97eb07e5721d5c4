"""The Alembic migrations own HQ's schema; the models must describe exactly what they create."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text

from sync.hq.db import _alembic_config, current_revision, head_revision, make_engine, migrate
from sync.hq.models import metadata


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == []
    assert migrate(engine) == (head_revision(), head_revision())  # running it again does nothing


def test_certificates_held_before_0002_stay_valid_after_it(database_url: str) -> None:
    """0002 adds columns to ``certificate``: rows already there get defaults, nothing is lost."""
    engine = make_engine(database_url)
    try:
        config = _alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
            connection.execute(
                text(
                    "INSERT INTO certificate (id, number, event_id, participant_id, office_code, "
                    "desk_id, printed_name, issued_on, mode, key_id, issued_at, revoked_reason) "
                    "VALUES ('c1', 'N-1', 'e1', 'p1', 'SULTENG', 'd1', 'Ahmad', '2026-03-13', "
                    "'luring', 'k1', '2026-03-13 01:00:00+00:00', '')"
                )
            )
        assert migrate(engine) == ("0001", head_revision())
        with engine.connect() as connection:
            row = connection.execute(
                text(
                    "SELECT number, template_version, payload_hash, revocation_id "
                    "FROM certificate WHERE id = 'c1'"
                )
            ).one()
        assert tuple(row) == ("N-1", 0, "", None)
    finally:
        engine.dispose()
