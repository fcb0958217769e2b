"""The access log: hash-chained, verified with the ledger, and tampering is detected."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from lineage.registry import access_log
from lineage.registry.access_log import SubjectRead
from lineage.service import Service
from lineage.storage import guardrails
from lineage.storage.database import write_transaction


def _read(*tokens: str, status: int = 200) -> SubjectRead:
    return SubjectRead("investigator:dpo", "GET /v1/subjects/lookup", tokens, {"status": status})


def _record_three(service: Service) -> None:
    access_log.record(service.engine, _read("sub_aaa", "sub_bbb"))
    access_log.record(service.engine, _read(status=404))
    access_log.record(service.engine, _read("sub_ccc"))


def test_one_row_per_token_chained_in_order(service: Service) -> None:
    _record_three(service)
    with service.engine.connect() as conn:
        events = access_log.read_events(conn)
        assert access_log.verify_access_log(conn) == []
    assert [e["seq"] for e in events] == [0, 1, 2, 3]
    assert [e.get("token") for e in events] == ["sub_aaa", "sub_bbb", None, "sub_ccc"]
    assert events[0]["tokens"] == ["sub_aaa", "sub_bbb"]
    assert events[2]["returned"] == {"status": 404}


def test_a_row_stays_small_however_many_subjects_a_read_names(service: Service) -> None:
    many = [f"sub_{n:05d}" for n in range(2000)]
    access_log.record(service.engine, _read(*many))
    with service.engine.connect() as conn:
        bodies = conn.execute(text("SELECT body FROM access_log ORDER BY seq")).scalars().all()
        events = access_log.read_events(conn, token="sub_01234")
        [bare] = access_log.read_events(conn, token="sub_01234", read_tokens=False)
        assert access_log.verify_access_log(conn) == []
    assert len(bodies) == 2000
    assert max(len(bytes(b)) for b in bodies) < 400  # not 2,000 tokens in each of 2,000 rows
    [event] = events
    assert event["tokens"] == many and event["token"] == "sub_01234"
    assert "tokens" not in bare and bare["read_size"] == 2000


def test_filter_by_token(service: Service) -> None:
    _record_three(service)
    with service.engine.connect() as conn:
        events = access_log.read_events(conn, token="sub_bbb")
    assert [e["seq"] for e in events] == [1]


def test_the_guard_rails_refuse_an_edit(service: Service) -> None:
    _record_three(service)
    with pytest.raises(Exception, match="append-only"), write_transaction(service.engine) as conn:
        conn.execute(text("UPDATE access_log SET principal = 'someone' WHERE seq = 1"))


@pytest.mark.parametrize(
    "tamper, problem",
    [
        (
            "UPDATE access_log SET body = CAST(REPLACE(body, 'sub_bbb', 'sub_zzz') AS BLOB) "
            "WHERE seq = 1",
            "row 1: the chain hash",
        ),
        ("UPDATE access_log SET principal = 'someone' WHERE seq = 2", "row 2: principal"),
        ("DELETE FROM access_log WHERE seq = 1", "row 1 is missing"),
    ],
)
def test_tampering_is_reported_by_verify(service: Service, tamper: str, problem: str) -> None:
    _record_three(service)
    assert service.verify().ok
    with write_transaction(service.engine) as conn:
        guardrails.remove(conn)
        if conn.dialect.name == "postgresql":
            tamper = tamper.replace(
                "CAST(REPLACE(body,", "convert_to(REPLACE(convert_from(body, 'UTF8'),"
            )
            tamper = tamper.replace("AS BLOB)", ", 'UTF8')")
        conn.execute(text(tamper))
    report = service.verify()
    assert not report.ok
    assert any(problem in p for p in report.problems), report.problems
    with service.engine.connect() as conn:
        first = access_log.verify_access_log(conn)[0]
    assert first.seq in (1, 2)
