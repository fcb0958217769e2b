"""Oversight pages: the ledger's integrity, the board pack, and who looked at a child.

Integrity shows the tree head, the newest signed checkpoint and the last verification run
from the console (an administrator may run one). The board page previews the pack for a
period and downloads it (aggregates only: the board role may see it). The audit page reads
the access log for one subject — itself a read about that subject, so it is logged too.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.console.guards import CanReadAccessLog, CanReadLedger, CanReadReports
from api.console.render import page, refusal
from api.console.session import checked_form
from api.deps import ConnectionDep, ServiceDep
from api.permissions import Permission, allows
from api.read_log import record_subject_read
from lineage.log import checkpoints
from lineage.registry.access_log import read_events
from lineage.reports import Period, board_report
from lineage.settings import Settings
from visualise.documents import board_diagram, board_pack_page
from visualise.render import RenderError, render
from visualise.report_html import inline_svg

router = APIRouter(include_in_schema=False)
LAST_VERIFY = "last-verify.json"


@router.get("/integrity")
def integrity(request: Request, user: CanReadLedger, service: ServiceDep) -> HTMLResponse:
    size, root = service.ledger.head()
    settings = service.settings
    newest, problems = checkpoints.newest(
        settings.resolved_checkpoint_dir(), service.trusted(), settings.origin()
    )
    return page(
        request,
        "integrity.html",
        size=size,
        root=root.hex(),
        newest=newest,
        checkpoint_problems=problems,
        last=last_verification(settings),
        may_verify=allows(user.role, Permission.VERIFY),
        witnesses=[w.name for w in service.witnessing.witnesses],
        quorum=service.witnessing.quorum,
        witnessed=service.anchor() if service.witnessing.witnesses else None,
        behind=service.witness_status().behind,
    )


@router.post("/integrity/verify")
async def verify_now(request: Request, user: CanReadLedger, service: ServiceDep) -> Response:
    await checked_form(request)
    if not allows(user.role, Permission.VERIFY):
        return refusal(request, 403, f"the {user.role} role may not run a verification")
    report = await run_in_threadpool(service.verify)
    outcome = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "by": user.principal().label,
        "ok": report.ok,
        "tree_size": report.tree_size,
        "checkpoints_checked": report.checkpoints_checked,
        "problems": report.problems,
    }
    folder = service.settings.resolved_checkpoint_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / LAST_VERIFY).write_text(json.dumps(outcome))
    return RedirectResponse("/integrity", status_code=303)


def last_verification(settings: Settings) -> dict[str, Any] | None:
    """The outcome of the last verification run from the console, kept beside the
    checkpoints so a restart does not lose it; None if there is none (or it is unreadable)."""
    try:
        found: dict[str, Any] = json.loads(
            (settings.resolved_checkpoint_dir() / LAST_VERIFY).read_text()
        )
    except (OSError, ValueError):
        return None
    return found


def period_of(start: str, end: str) -> tuple[Period | None, str | None]:
    if not start and not end:
        return None, None
    try:
        return Period.parse_days(start, end), None
    except ValueError as wrong:
        return None, str(wrong)


@router.get("/board")
def board(
    request: Request,
    user: CanReadReports,
    service: ServiceDep,
    conn: ConnectionDep,
    start: Annotated[str, Query(alias="from", max_length=10)] = "",
    end: Annotated[str, Query(alias="to", max_length=10)] = "",
) -> HTMLResponse:
    period, error = period_of(start, end)
    context: dict[str, Any] = {"start": start, "end": end, "error": error, "pack": None}
    if period is not None:
        settings = service.settings
        report = board_report(conn, period, settings, anchor=service.anchor())
        diagram = board_diagram(
            report.partner_flows, report.type_flows, period, council=settings.council
        )
        context["pack"] = report.pack
        try:
            context["svg"] = inline_svg(render(diagram, "svg").decode())
        except RenderError as failed:
            context["diagram_error"] = str(failed)
    return page(request, "board.html", status=422 if error else 200, **context)


@router.get("/board/pack")
def board_download(
    request: Request,
    user: CanReadReports,
    service: ServiceDep,
    conn: ConnectionDep,
    start: Annotated[str, Query(alias="from", max_length=10)] = "",
    end: Annotated[str, Query(alias="to", max_length=10)] = "",
) -> Response:
    period, error = period_of(start, end)
    if period is None:
        return refusal(request, 422, error or "give the period's first and last days")
    settings = service.settings
    report = board_report(conn, period, settings, anchor=service.anchor())
    try:
        html = board_pack_page(
            report.pack,
            report.partner_flows,
            report.type_flows,
            period,
            council=settings.council,
        )
    except RenderError as failed:
        return refusal(request, 503, f"The board pack could not be drawn: {failed}")
    name = f"board-pack-{period.first}-{period.last}.html"
    return HTMLResponse(html, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/audit")
def audit(
    request: Request,
    user: CanReadAccessLog,
    conn: ConnectionDep,
    token: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    # The page shows who read, when, where and what came back, not whom else each read named.
    events = read_events(conn, token=token, limit=500, read_tokens=False) if token else []
    if token:
        record_subject_read(
            request, user.principal(), [token], {"status": 200, "events": len(events)}
        )
    return page(request, "audit.html", token=token, events=events)
