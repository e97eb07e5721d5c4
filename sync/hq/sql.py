"""Small SQL helpers shared by HQ's services: dialect-aware upserts and table handles."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    String,
    Table,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.types import TypeDecorator, TypeEngine
from sqlmodel import Session, SQLModel

T = TypeVar("T")
# Keeps IN lists and multi-row statements well below SQLite's 32,766 bound parameters.
CHUNK = 500


def table(model: type[SQLModel]) -> Table:
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


def dialect_name(session: Session) -> str:
    return session.get_bind().dialect.name


def insert(session: Session, model: type[SQLModel]) -> Any:
    """An INSERT that knows ``ON CONFLICT`` (PostgreSQL and SQLite spell it the same way)."""
    if dialect_name(session) == "postgresql":
        return postgresql.insert(table(model))
    return sqlite.insert(table(model))


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_PG_ARRAY_TYPES: list[tuple[type[TypeEngine[Any]], str]] = [
    (BigInteger, "bigint"),
    (Integer, "integer"),
    (Float, "float8"),
    (Boolean, "boolean"),
    (DateTime, "timestamptz"),
    (Date, "date"),
    (String, "text"),
    (LargeBinary, "bytea"),  # an online report's raw file
]


def base_type(column: Column[Any]) -> TypeEngine[Any]:
    """The SQL type under a decorator (SQLModel's ``AutoString`` wraps ``String``)."""
    kind = column.type
    return kind.impl_instance if isinstance(kind, TypeDecorator) else kind


def _pg_array_type(column: Column[Any]) -> str:
    for kind, name in _PG_ARRAY_TYPES:
        if isinstance(base_type(column), kind):
            return name
    raise TypeError(f"no array type for column {column.name} ({column.type})")


def insert_new(session: Session, model: type[SQLModel], rows: Sequence[dict[str, Any]]) -> set[str]:
    """``INSERT ... ON CONFLICT (id) DO NOTHING RETURNING id``: the ids that were new.

    On PostgreSQL the rows travel as one array per column and are unnested server-side: one short
    statement per batch, no per-row SQL to build or parse, which is what lets HQ ingest at several
    times the rate of row-by-row inserts. SQLite gets an executemany.
    """
    if not rows:
        return set()
    target = table(model)
    names = list(rows[0])
    if dialect_name(session) == "postgresql":
        columns = [target.c[name] for name in names]
        arrays = ", ".join(f"%b::{_pg_array_type(column)}[]" for column in columns)
        sql = (
            f'INSERT INTO "{target.name}" ({", ".join(names)}) '
            f"SELECT * FROM unnest({arrays}) ON CONFLICT (id) DO NOTHING RETURNING id"
        )
        # The driver's own cursor, in the session's transaction: binary parameters skip quoting
        # and escaping every JSON payload into a text array literal.
        driver = session.connection().connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor:
            cursor.execute(sql, [[row[name] for row in rows] for name in names])
            return {str(found[0]) for found in cursor.fetchall()}
    inserted: set[str] = set()
    statement_sqlite = insert(session, model).on_conflict_do_nothing(index_elements=["id"])
    for part in chunks(rows):
        result = session.execute(statement_sqlite.returning(target.c.id), list(part))
        inserted.update(result.scalars())
    return inserted
