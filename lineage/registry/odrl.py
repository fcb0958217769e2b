"""Export and import the agreement registry as ODRL 2.2 JSON-LD (`models.odrl`).

Import validates every agreement as `POST /v1/agreements` does and stores each through
`put_agreement`, so an unchanged agreement adds no version: exporting and importing again
changes nothing. Nothing is stored if any agreement is refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from lineage.registry import partners as registries
from models import odrl
from models.errors import EntryRefused
from models.validation import validate_agreement


def export_document(conn: Connection) -> dict[str, Any]:
    """Every agreement's current version (retired ones marked) as one JSON-LD document."""
    return odrl.document(registries.list_agreements(conn))


def import_document(
    conn: Connection, doc: Any, *, by: str, at: datetime
) -> list[tuple[str, registries.Stored]]:
    """Store every agreement of a document; (id, what the put did) for each, in order.

    Raises `EntryRefused` naming each refused field as `@graph[i].field`; the caller's
    transaction then stores nothing.
    """
    parsed = odrl.agreements_of(doc)
    records, errors = [], []
    for i, (raw, retired) in enumerate(parsed):
        try:
            records.append((validate_agreement(raw).model_dump(mode="json"), retired))
        except EntryRefused as refused:
            errors += refused.under(f"@graph[{i}]").errors
    if errors:
        raise EntryRefused(errors)
    return [(record["id"], _put(conn, record, retired, by, at)) for record, retired in records]


def _put(
    conn: Connection, record: dict[str, Any], retired: bool, by: str, at: datetime
) -> registries.Stored:
    current = registries.current_agreement(conn, record["id"])
    if retired and current is not None and current["retired"]:
        return registries.Stored(current["version"], created=False)
    return registries.put_agreement(conn, record, by=by, at=at, retired=retired)
