"""Opening an Art 19 worklist from the subject's notify list: every recipient still owed a
notice of the rectification or erasure (`lineage.investigate.notify`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from lineage.investigate.notify import NotifyQuery, notify_list
from lineage.registry.keys import KeyRing
from lineage.registry.subjects import SubjectRegistry
from models.cases import WorklistOpened
from models.errors import EntryRefused, FieldError
from models.payload import validate_or_refuse
from models.period import parse_instant
from models.vocabulary import CATEGORIES


def worklist_opening(
    conn: Connection, keys: KeyRing, payload: Mapping[str, Any], *, council: str
) -> dict[str, Any]:
    """The `opened` step for `payload` (`subject`, optional `source`, `on`, `recipients`,
    and `category`/`since` to narrow the notify list): without `recipients`, those the
    notify list says are owed a notice. Raises `EntryRefused` naming a wrong field."""
    fields = {k: v for k, v in payload.items() if k not in ("category", "since")}
    fields.setdefault("on", datetime.now(UTC).date().isoformat())
    if fields.get("recipients"):
        return fields
    step = validate_or_refuse(
        WorklistOpened,
        {**fields, "case_kind": "art19", "step": "opened", "recipients": ["placeholder"]},
    )
    token = _known_token(conn, keys, step.subject)
    category, since = _category(payload.get("category")), _since(payload.get("since"))
    query = NotifyQuery(category=category, since=since)
    listed = notify_list(conn, token, council=council, query=query)
    fields["recipients"] = [r["partner"] for r in listed["recipients"] if r["outstanding"]]
    return fields


def _known_token(conn: Connection, keys: KeyRing, subject: Any) -> str:
    """The subject's token, read only (never registering someone new)."""
    registry = SubjectRegistry(conn, keys)
    if subject.token is not None:
        token = subject.token if registry.exists(subject.token) else None
    else:
        token = registry.lookup("local_id", subject.local_id)
    if token is None:
        raise EntryRefused([FieldError("subject", "unknown subject")])
    return str(token)


def _category(code: Any) -> str | None:
    if code is None or (isinstance(code, str) and code in CATEGORIES):
        return code
    raise EntryRefused([FieldError("category", "unknown category")])


def _since(text: Any) -> datetime | None:
    if text is None:
        return None
    try:
        return parse_instant(str(text))
    except (ValueError, OverflowError):
        raise EntryRefused([FieldError("since", "give a date or an RFC 3339 instant")]) from None
