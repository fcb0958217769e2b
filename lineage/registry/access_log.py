"""The access log: who read what about which subject, append-only and hash-chained.

Every read that concerns a subject is one event; it is stored as one row per subject token
(a read about no known subject — an unknown identifier — is one row without a token), so
`access_log.token` answers "who has read about this child". Each row's `body` is canonical
JSON and `chain_hash` = SHA-256(previous chain_hash || body), the first row chaining from 32
zero bytes: editing, removing or reordering a row breaks every hash after it. Identifiers
(NHS number, UPN, local id) never go in: tokens only.

Rows are written in their own short transaction, serialised like ledger writes (SQLite
`BEGIN IMMEDIATE`; on PostgreSQL a transaction-scoped advisory lock), so they never wait on,
or roll back with, the request that caused them.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, cast

from sqlalchemy import Connection, Engine, Table, insert, select

from lineage.ledger.canonical import canonical_bytes, parse_body, rfc3339
from lineage.storage.database import write_transaction
from models.dates import utc, utc_now
from models.tables import AccessLog

LOG: Final = cast(Table, AccessLog.__table__)  # type: ignore[attr-defined]
GENESIS: Final = bytes(32)
PG_LOCK_KEY: Final = 0x6163636573736C67  # "accesslg": the access log's writers' lock
CHUNK: Final = 5000


@dataclass(frozen=True)
class SubjectRead:
    """One read about subjects: who, when, which endpoint, which tokens, what was returned."""

    principal: str
    endpoint: str
    tokens: Sequence[str]
    returned: Mapping[str, Any]
    request_id: str | None = None
    at: datetime = field(default_factory=utc_now)


@dataclass(frozen=True)
class ChainProblem:
    """Where the access log first disagrees with itself."""

    seq: int
    problem: str


def chain(previous: bytes, body: bytes) -> bytes:
    """The chain hash of a row: SHA-256(previous chain hash || body)."""
    return hashlib.sha256(previous + body).digest()


def event_body(
    seq: int, read: SubjectRead, token: str | None, first: int, size: int
) -> dict[str, Any]:
    """The canonical body of one row of a read whose rows are `first` to `first + size - 1`
    (pure). A row names its own token and where its read's rows are, not every token of the
    read: a read of 5,000 subjects writes 5,000 rows, not 5,000 copies of 5,000 tokens."""
    return {
        "seq": seq,
        "at": rfc3339(read.at),
        "principal": read.principal,
        "endpoint": read.endpoint,
        "token": token,
        "read": first,
        "read_size": size,
        "returned": dict(read.returned),
        "request_id": read.request_id,
    }


def record(engine: Engine, read: SubjectRead) -> list[int]:
    """Append `read` to the access log (one row per token) and return the rows' seqs."""
    tokens: list[str | None] = list(dict.fromkeys(read.tokens)) or [None]
    with write_transaction(engine) as conn:
        seq, previous = _lock_tail(conn)
        first, rows = seq, []
        for token in tokens:
            body = canonical_bytes(event_body(seq, read, token, first, len(tokens)))
            previous = chain(previous, body)
            rows.append(_row(seq, body, previous, token, read))
            seq += 1
        conn.execute(insert(LOG), rows)
    return [row["seq"] for row in rows]


def _row(
    seq: int, body: bytes, chain_hash: bytes, token: str | None, read: SubjectRead
) -> dict[str, Any]:
    return {
        "seq": seq,
        "body": body,
        "chain_hash": chain_hash,
        "token": token,
        "at": read.at,
        "principal": read.principal,
    }


def _lock_tail(conn: Connection) -> tuple[int, bytes]:
    """Take the writers' lock, then read the next seq and the last chain hash."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_LOCK_KEY})")
    last = conn.execute(
        select(LOG.c.seq, LOG.c.chain_hash).order_by(LOG.c.seq.desc()).limit(1)
    ).first()
    return (0, GENESIS) if last is None else (int(last[0]) + 1, bytes(last[1]))


def tail(conn: Connection) -> tuple[int, bytes]:
    """(rows, chain hash of the last row): what a checkpoint signs to anchor the log's end."""
    seq, last = conn.execute(
        select(LOG.c.seq, LOG.c.chain_hash).order_by(LOG.c.seq.desc()).limit(1)
    ).first() or (-1, GENESIS)
    return int(seq) + 1, bytes(last)


def check_anchors(conn: Connection, anchors: Iterable[tuple[int, bytes]]) -> list[ChainProblem]:
    """Each signed (rows, last chain hash) must still be in the log: its tail was not cut."""
    problems = []
    for rows, last in sorted(set(anchors)):
        if rows == 0:
            continue
        stored = conn.execute(select(LOG.c.chain_hash).where(LOG.c.seq == rows - 1)).scalar()
        if stored is None or bytes(stored) != last:
            problems.append(
                ChainProblem(
                    rows - 1,
                    f"row {rows - 1}: a signed checkpoint "
                    f"covered {rows} rows, and the log no longer has them",
                )
            )
    return problems


def read_events(
    conn: Connection,
    *,
    token: str | None = None,
    principal: str | None = None,
    after: int = -1,
    limit: int = 100,
    read_tokens: bool = True,
) -> list[dict[str, Any]]:
    """Rows as their bodies say, oldest first, after `after`, filtered by token or principal;
    with `read_tokens`, each with every token its read concerned (`with_tokens`)."""
    query = select(LOG.c.body).where(LOG.c.seq > after)
    if token is not None:
        query = query.where(LOG.c.token == token)
    if principal is not None:
        query = query.where(LOG.c.principal == principal)
    rows = conn.execute(query.order_by(LOG.c.seq).limit(limit)).scalars()
    events = [parse_body(bytes(body)) for body in rows]
    return with_tokens(conn, events) if read_tokens else events


def with_tokens(conn: Connection, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each event with `tokens`, every subject its read concerned, sorted: read from the
    rows of the read (older rows carry the list in their body)."""
    spans = {(e["read"], e["read_size"]) for e in events if "tokens" not in e}
    tokens: dict[int, list[str]] = {}
    for first, size in spans:
        found = conn.execute(
            select(LOG.c.token).where(LOG.c.seq >= first, LOG.c.seq < first + size)
        ).scalars()
        tokens[first] = sorted({t for t in found if t is not None})
    return [e if "tokens" in e else {**e, "tokens": tokens[e["read"]]} for e in events]


def verify_access_log(conn: Connection) -> list[ChainProblem]:
    """Recompute the chain from the stored bodies; problems in order, the first bad seq first."""
    problems: list[ChainProblem] = []
    expected, previous = 0, GENESIS
    for seq, body, chain_hash, token, at, principal in _rows(conn):
        data = body.encode() if isinstance(body, str) else bytes(body)  # tampered as text
        if seq != expected:
            problems.append(ChainProblem(expected, f"row {expected} is missing (next: {seq})"))
        previous = chain(previous, data)
        if not hmac.compare_digest(previous, bytes(chain_hash)):
            problems.append(ChainProblem(seq, f"row {seq}: the chain hash does not match"))
            previous = bytes(chain_hash)  # report each break once, not every row after it
        problems += _check_columns(seq, data, token, at, principal)
        expected = seq + 1
    return problems


def _rows(conn: Connection) -> Iterator[Any]:
    after = -1
    while True:
        rows = conn.execute(
            select(LOG.c.seq, LOG.c.body, LOG.c.chain_hash, LOG.c.token, LOG.c.at, LOG.c.principal)
            .where(LOG.c.seq > after)
            .order_by(LOG.c.seq)
            .limit(CHUNK)
        ).all()
        if not rows:
            return
        yield from rows
        after = rows[-1][0]


def _check_columns(
    seq: int, data: bytes, token: str | None, at: datetime, principal: str
) -> list[ChainProblem]:
    """The indexed columns must say what the hashed body says."""
    try:
        body = parse_body(data)
    except ValueError:
        return [ChainProblem(seq, f"row {seq}: the body is not JSON")]
    stored = {"seq": seq, "token": token, "principal": principal, "at": rfc3339(utc(at))}
    differing = sorted(k for k, v in stored.items() if body.get(k) != v)
    if differing:
        return [ChainProblem(seq, f"row {seq}: {', '.join(differing)} differ from the body")]
    first, size = body.get("read", seq), body.get("read_size", 1)
    if not (isinstance(first, int) and isinstance(size, int) and first <= seq < first + size):
        return [ChainProblem(seq, f"row {seq}: its read's rows do not include it")]
    return []
