"""The exceptions queue: flagged entries and the DPO's disposition of each, recorded in the
ledger as a `review` entry through `Ledger.append` (the one append path), so oversight is
itself evidence. Showing the queue is recorded in the access log with its subjects.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, select
from sqlmodel import col

from api import pagination
from api.console.guards import CanSeeExceptions
from api.console.render import page, refusal
from api.console.session import checked_form
from api.deps import ConnectionDep, WriterDep
from api.read_log import record_subject_read
from lineage.investigate import ExceptionQuery, Period, flagged_count, flagged_entries
from lineage.ledger.canonical import parse_body
from lineage.ledger.requests import Conflict, NotFound
from lineage.ledger.store import Request as Append
from lineage.storage.database import key_chunks
from models.tables import EntryLink, EntryVersion, LedgerEntry
from models.validation import EntryRefused
from models.vocabulary import DISPOSITIONS, EXCEPTION_KINDS

router = APIRouter(include_in_schema=False)
PAGE = 50


def dispositions(conn: Connection, version_seqs: list[int]) -> dict[str, dict[str, Any]]:
    """The newest review of each flagged entry, by entry id (reviews link to the original
    entry's position; the queue lists versions)."""
    found: dict[str, dict[str, Any]] = {}
    for batch in key_chunks(sorted(set(version_seqs))):
        originals = select(col(EntryVersion.target_seq)).where(col(EntryVersion.seq).in_(batch))
        query = (
            select(col(LedgerEntry.body))
            .join(EntryLink, col(LedgerEntry.seq) == col(EntryLink.seq))
            .where(col(EntryLink.relation) == "reviewed", col(EntryLink.target_seq).in_(originals))
            .order_by(col(EntryLink.seq))
        )
        for (body,) in conn.execute(query):
            review = parse_body(bytes(body))
            found[review["entry"]["entry_id"]] = review
    return found


@router.get("/exceptions")
def queue(
    request: Request,
    user: CanSeeExceptions,
    conn: ConnectionDep,
    kind: Annotated[str, Query(max_length=40)] = "",
    partner: Annotated[str, Query(max_length=64)] = "",
    start: Annotated[str, Query(alias="from", max_length=40)] = "",
    end: Annotated[str, Query(alias="to", max_length=40)] = "",
    cursor: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    filters = {"kind": kind, "partner": partner, "from": start, "to": end}
    try:
        period = Period.parse(start or None, end or None)
    except (ValueError, OverflowError):
        return refusal(request, 422, "dates are YYYY-MM-DD, and a period ends after it starts")
    if kind and kind not in EXCEPTION_KINDS:
        return refusal(request, 422, f"no exception kind {kind!r}")
    after = pagination.decode(cursor)
    asked = ExceptionQuery(
        kind or None, period, partner or None, None if after < 0 else after, PAGE
    )
    answer = flagged_entries(conn, asked)
    items = answer["exceptions"]
    reviewed = dispositions(conn, [item["seq"] for item in items])
    tokens = sorted({t for item in items for t in item["subjects"]})
    total = flagged_count(conn, asked)
    returned = {"status": 200, "items": len(items), "total": total}
    record_subject_read(request, user.principal(), tokens, returned)
    following = None if answer["next"] is None else pagination.encode(answer["next"])
    return page(
        request,
        "exceptions.html",
        items=items,
        total=total,
        reviewed=reviewed,
        dispositions=DISPOSITIONS,
        kinds=EXCEPTION_KINDS,
        filters=filters,
        kept=urlencode({k: v for k, v in filters.items() if v}),
        next_cursor=following,
        done=request.query_params.get("done"),
    )


@router.post("/exceptions/{entry_id}/disposition")
async def dispose(
    request: Request, entry_id: str, user: CanSeeExceptions, writer: WriterDep
) -> Response:
    form = await checked_form(request)
    payload = {
        "entry": entry_id,
        "disposition": form.get("disposition", ""),
        "reason": form.get("reason", "").strip(),
    }
    try:
        append = Append.validated("review", payload)
        await writer.append([append], user.principal().label)
    except EntryRefused as refused:
        problems = "; ".join(f"{e.field or 'form'}: {e.message}" for e in refused.errors)
        return refusal(request, 422, f"The disposition was not recorded. {problems}")
    except (NotFound, Conflict) as refused:
        return refusal(request, 422, f"The disposition was not recorded: {refused}")
    return RedirectResponse(f"/exceptions?done={entry_id}", status_code=303)
