"""People trained, kept up to date by PostgreSQL in the writing transaction (issue 19 item 6).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04

Counting distinct people over 1,200,000 certificates takes seconds (4.7 s for the nation alone on
the 2-core test machine), and the national page needs a dozen such counts. So PostgreSQL keeps:

- ``trained_tally``: per person, year, office, mode and month, the certificates in force;
- ``trained_count``: per year, scope ("*" or an office), mode ("*" or one) and month (0: the whole
  year; 1-12: people whose first certificate of the group is of that month), the people, in 16
  shards (a writer adds to its backend's shard, so concurrent ingests do not queue on one row).

Triggers on ``certificate`` and ``participant`` (every statement: an insert, a revocation, a link
that moves a record to another person, COPY too) recompute the tally of the people the statement
touched and add the difference of their contributions to the counts, in the same transaction, so
what a page reads is exact the moment the change commits, in every worker. Per person the work is
serialised by an advisory lock (two desks certifying one person at once); a statement touching
more than 5,000 people takes the tally table's lock instead. The recompute has 64 MB of work_mem
(a bulk load's grouping spilled to disk with the default 4 MB).

SQLite (the embedded, small HQ) has the tables, empty, and counts directly (sync/hq/national.py).
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

REFRESH = """
CREATE OR REPLACE FUNCTION hadir_trained_apply(persons text[], sign integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO trained_count (year, scope, mode, month, shard, people)
    SELECT g.year, g.scope, g.mode, m.month, pg_backend_pid() % 16, sign * count(*)
    FROM (
        SELECT year, coalesce(office_code, '*') AS scope, coalesce(mode, '*') AS mode,
               min(month) AS first_month
        FROM trained_tally
        WHERE person_id IN (SELECT unnest(persons))
        GROUP BY GROUPING SETS (
            (person_id, year), (person_id, year, office_code), (person_id, year, mode),
            (person_id, year, office_code, mode)
        )
    ) AS g
    CROSS JOIN LATERAL (VALUES (0), (g.first_month)) AS m(month)
    GROUP BY g.year, g.scope, g.mode, m.month
    ON CONFLICT (year, scope, mode, month, shard)
    DO UPDATE SET people = trained_count.people + EXCLUDED.people
$$;

CREATE OR REPLACE FUNCTION hadir_trained_refresh(persons text[]) RETURNS void
LANGUAGE plpgsql SET work_mem = '64MB' AS $$
BEGIN
    IF persons IS NULL OR cardinality(persons) = 0 THEN
        RETURN;
    END IF;
    IF cardinality(persons) > 5000 THEN
        LOCK TABLE trained_tally IN SHARE ROW EXCLUSIVE MODE;
    ELSE
        LOCK TABLE trained_tally IN ROW EXCLUSIVE MODE;
        PERFORM pg_advisory_xact_lock(k)
        FROM (SELECT DISTINCT hashtextextended(p, 19) AS k FROM unnest(persons) AS p ORDER BY 1) s;
    END IF;
    PERFORM hadir_trained_apply(persons, -1);
    DELETE FROM trained_tally WHERE person_id IN (SELECT unnest(persons));
    INSERT INTO trained_tally (person_id, year, office_code, mode, month, certificates)
    SELECT p.person_id, extract(year FROM c.issued_on)::integer, c.office_code, c.mode,
           extract(month FROM c.issued_on)::integer, count(*)
    FROM participant AS p
    JOIN certificate AS c ON c.participant_id = p.id
    WHERE p.person_id IN (SELECT unnest(persons)) AND c.revoked_at IS NULL
    GROUP BY 1, 2, 3, 4, 5;
    PERFORM hadir_trained_apply(persons, 1);
END
$$;

CREATE OR REPLACE FUNCTION hadir_trained_certificate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    persons text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT p.person_id) INTO persons
        FROM new_rows AS c JOIN participant AS p ON p.id = c.participant_id
        WHERE c.revoked_at IS NULL;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT p.person_id) INTO persons
        FROM old_rows AS c JOIN participant AS p ON p.id = c.participant_id;
    ELSE
        -- Only what changes a count: the revocation, the day, the office, the mode, the record.
        SELECT array_agg(DISTINCT p.person_id) INTO persons
        FROM (
            SELECT o.participant_id AS a, n.participant_id AS b
            FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id
            WHERE (o.revoked_at IS NULL) IS DISTINCT FROM (n.revoked_at IS NULL)
               OR o.issued_on IS DISTINCT FROM n.issued_on
               OR o.office_code IS DISTINCT FROM n.office_code
               OR o.mode IS DISTINCT FROM n.mode
               OR o.participant_id IS DISTINCT FROM n.participant_id
        ) AS changed
        CROSS JOIN LATERAL (VALUES (changed.a), (changed.b)) AS r(participant_id)
        JOIN participant AS p ON p.id = r.participant_id;
    END IF;
    PERFORM hadir_trained_refresh(persons);
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION hadir_trained_participant() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    persons text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- A record that arrives after its certificates: only those who hold one matter.
        SELECT array_agg(DISTINCT n.person_id) INTO persons
        FROM new_rows AS n
        WHERE EXISTS (SELECT 1 FROM certificate AS c WHERE c.participant_id = n.id);
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT o.person_id) INTO persons FROM old_rows AS o;
    ELSE
        SELECT array_agg(DISTINCT r.person_id) INTO persons
        FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id
        CROSS JOIN LATERAL (VALUES (o.person_id), (n.person_id)) AS r(person_id)
        WHERE o.person_id IS DISTINCT FROM n.person_id;
    END IF;
    PERFORM hadir_trained_refresh(persons);
    RETURN NULL;
END
$$;
"""

TRIGGERS = [
    (table, op_name, function)
    for table, function in (
        ("certificate", "hadir_trained_certificate"),
        ("participant", "hadir_trained_participant"),
    )
    for op_name in ("insert", "update", "delete")
]


def _trigger_sql(table: str, op_name: str, function: str) -> str:
    referencing = {
        "insert": "REFERENCING NEW TABLE AS new_rows",
        "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "delete": "REFERENCING OLD TABLE AS old_rows",
    }[op_name]
    return (
        f"CREATE TRIGGER trained_{table}_{op_name} AFTER {op_name.upper()} ON {table} "
        f"{referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
    )


def upgrade() -> None:
    op.create_table(
        "trained_tally",
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("certificates", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "year", "office_code", "mode", "month"),
    )
    op.create_table(
        "trained_count",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("shard", sa.Integer(), nullable=False),
        sa.Column("people", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("year", "scope", "mode", "month", "shard"),
    )
    # The tally's recompute reads a person's certificates by their records.
    with op.batch_alter_table("certificate") as batch_op:
        batch_op.create_index("ix_certificate_participant_id", ["participant_id"], unique=False)
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(REFRESH)
    for table, op_name, function in TRIGGERS:
        op.execute(_trigger_sql(table, op_name, function))
    # What HQ holds already: every person with a certificate, in one statement.
    op.execute(
        "SELECT hadir_trained_refresh(array_agg(DISTINCT p.person_id)) FROM participant AS p "
        "WHERE EXISTS (SELECT 1 FROM certificate AS c WHERE c.participant_id = p.id)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, op_name, _function in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS trained_{table}_{op_name} ON {table}")
        for function in (
            "hadir_trained_certificate()",
            "hadir_trained_participant()",
            "hadir_trained_refresh(text[])",
            "hadir_trained_apply(text[], integer)",
        ):
            op.execute(f"DROP FUNCTION IF EXISTS {function}")
    with op.batch_alter_table("certificate") as batch_op:
        batch_op.drop_index("ix_certificate_participant_id")
    op.drop_table("trained_count")
    op.drop_table("trained_tally")
