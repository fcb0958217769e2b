"""The bulk path's rows: what `as_stored` hands the driver, and that inserting them round-trips,
on both backends, for one column and for several."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import Column, DateTime, Integer, LargeBinary, MetaData, String, Table, select

from lineage.storage.bulk import as_stored, insert_rows
from lineage.storage.database import make_engine, write_transaction

METADATA = MetaData()
ONE = Table("bulk_one", METADATA, Column("name", String, primary_key=True))
SEVERAL = Table(
    "bulk_several",
    METADATA,
    Column("seq", Integer, primary_key=True),
    Column("name", String),
    Column("at", DateTime(timezone=True)),
)
BLOBS = Table(
    "bulk_blobs", METADATA, Column("seq", Integer, primary_key=True), Column("data", LargeBinary)
)


def test_rows_are_tuples_in_the_order_of_the_columns_asked_for(database_url: str) -> None:
    engine = make_engine(database_url)
    rows = [{"seq": 2, "name": "b", "at": None}, {"name": "a", "seq": 1, "at": None}]
    with engine.connect() as conn:
        assert as_stored(conn, SEVERAL, ["name", "seq"], rows) == [("b", 2), ("a", 1)]
        assert as_stored(conn, SEVERAL, ["seq"], rows) == [(2,), (1,)]
        assert as_stored(conn, ONE, ["name"], [{"name": "x"}]) == [("x",)]
    engine.dispose()


def test_inserted_rows_read_back_as_given(database_url: str) -> None:
    engine = make_engine(database_url)
    METADATA.create_all(engine)
    at = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    several = [{"seq": i, "name": f"n{i}", "at": at if i % 2 else None} for i in range(5)]
    with write_transaction(engine) as conn:
        insert_rows(conn, ONE, [{"name": "only"}, {"name": "other"}])
        insert_rows(conn, SEVERAL, several)
    with engine.connect() as conn:
        assert sorted(conn.execute(select(ONE.c.name)).scalars()) == ["only", "other"]
        stored = conn.execute(select(SEVERAL).order_by(SEVERAL.c.seq)).all()
    assert [(seq, name) for seq, name, _ in stored] == [(r["seq"], r["name"]) for r in several]
    for (_, _, kept), row in zip(stored, several, strict=True):
        if row["at"] is None:
            assert kept is None
        else:  # SQLite keeps the UTC wall clock, without an offset
            assert kept.replace(tzinfo=kept.tzinfo or UTC) == at
    engine.dispose()


def test_bytes_go_to_the_driver_as_they_are_and_read_back_the_same(database_url: str) -> None:
    engine = make_engine(database_url)
    METADATA.create_all(engine)
    rows = [{"seq": 1, "data": b"\x00\xff body"}, {"seq": 2, "data": b""}, {"seq": 3, "data": None}]
    with write_transaction(engine) as conn:
        values = as_stored(conn, BLOBS, ["seq", "data"], rows)
        insert_rows(conn, BLOBS, rows)
    assert values == [(1, b"\x00\xff body"), (2, b""), (3, None)]
    assert [type(data) for _, data in values] == [bytes, bytes, type(None)]  # not wrapped
    with engine.connect() as conn:
        stored = conn.execute(select(BLOBS).order_by(BLOBS.c.seq)).all()
    assert [(seq, data) for seq, data in stored] == [(1, b"\x00\xff body"), (2, b""), (3, None)]
    engine.dispose()
