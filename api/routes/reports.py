"""Reports over HTTP: a subject's access report (UK GDPR Art 15), the aggregated flows of a
period and the governance board pack.

The access report concerns one subject, so every read of it is recorded in the access log.
Flows and the board pack hold organisations and counts only — never a token, identifier
or free text — which is why the board role may read them.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from api.deps import CanReadAccessReport, CanReadReports, ConnectionDep, ServiceDep
from api.diagrams import DIAGRAM_MEDIA_TYPES, drawn, unavailable
from api.periods import DAY, whole_days
from api.problems import MEDIA_TYPE, Problem, responses
from api.read_log import SubjectReadDep
from api.report_schemas import AccessReportOut, FlowsOut
from lineage.investigate import subject_known
from lineage.reports import (
    Period,
    access_report,
    council_node,
    flows,
)
from lineage.reports.board import board_report as build_board_report
from visualise.documents import access_report_page, board_pack_page, flow_dot
from visualise.render import RenderError

router = APIRouter(tags=["reports"], responses=responses(401, 403))

MEDIA_TYPES: Final = {"html": "text/html", **DIAGRAM_MEDIA_TYPES}
Token = Annotated[str, Path(max_length=40, description="A subject token")]


def _alternatives(formats: tuple[str, ...], what: str) -> dict[int | str, dict[str, Any]]:
    content = {MEDIA_TYPES[f]: {"schema": {"type": "string"}} for f in formats}
    unavailable = {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}
    return {
        200: {"description": what, "content": content},
        503: {
            "description": "Graphviz is unavailable or failed",
            "content": {MEDIA_TYPE: unavailable},
        },
    }


class PeriodQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    start: str = Field(alias="from", max_length=10, description=DAY, examples=["2026-01-01"])
    end: str = Field(alias="to", max_length=10, description=DAY, examples=["2026-03-31"])

    def period(self) -> Period:
        """The whole days asked for; 422 naming what is wrong."""
        return whole_days(self.start, self.end)


class FlowsQuery(PeriodQuery):
    by: Literal["partner", "type"] = Field("partner", description="Group by partner or type")
    format: Literal["json", "dot", "svg", "png"] = "json"


@router.get(
    "/v1/reports/flows",
    response_model=FlowsOut,
    summary="Who sent how many disclosures to whom in a period, aggregated",
    description="Counts by sender and recipient (or their types), with how many carried "
    "special category or criminal offence data or went abroad. `format=dot|svg|png` draws "
    "the flow diagram. No subject is named.",
    responses={**_alternatives(("dot", "svg", "png"), "Flows as JSON, or drawn"), **responses(422)},
)
def flow_report(
    principal: CanReadReports,
    query: Annotated[FlowsQuery, Query()],
    service: ServiceDep,
    conn: ConnectionDep,
) -> dict[str, Any] | Response:
    period = query.period()
    rows = flows(conn, period, by=query.by, council=service.settings.council)
    if query.format == "json":
        return {"period": period.as_json(), "by": query.by, "flows": rows}
    council = council_node(conn, service.settings.council, query.by)
    return drawn(
        flow_dot(rows, period, by=query.by, council=council),
        query.format,
        instead="by=type, JSON or DOT",
    )


@router.get(
    "/v1/reports/board",
    response_class=HTMLResponse,
    summary="The governance board pack for a period (one self-contained HTML page)",
    description="Disclosures by type of recipient, class of data, purpose and lawful basis, "
    "transfers abroad and exceptions, each beside the period of equal length before, with "
    "the flow diagram. Aggregates only: no subject is named.",
    responses={**_alternatives(("html",), "The board pack"), **responses(422)},
)
def board_report(
    principal: CanReadReports,
    query: Annotated[PeriodQuery, Query()],
    service: ServiceDep,
    conn: ConnectionDep,
) -> HTMLResponse:
    settings = service.settings
    period = query.period()
    report = build_board_report(conn, period, settings, anchor=service.anchor())
    try:
        page = board_pack_page(
            report.pack,
            report.partner_flows,
            report.type_flows,
            period,
            council=settings.council,
        )
    except RenderError as failed:
        raise unavailable(failed) from None
    return HTMLResponse(page)


class AccessReportQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["json", "html"] = Field("json", description="JSON, or the pack as HTML")


@router.get(
    "/v1/subjects/{token}/access-report",
    response_model=AccessReportOut,
    summary="A subject's access report (UK GDPR Art 15), for an officer to review and release",
    description="Purposes, categories, every recipient, transfers abroad and their "
    "safeguards, sources, retention, rights, a plain-English summary and what needs a "
    "decision before release. `format=html` gives the pack with its lineage diagram. "
    "Recorded in the access log.",
    responses={
        **_alternatives(("html",), "The report as JSON, or the HTML pack"),
        **responses(404),
    },
)
def subject_access_report(
    token: Token,
    principal: CanReadAccessReport,
    query: Annotated[AccessReportQuery, Query()],
    service: ServiceDep,
    conn: ConnectionDep,
    audit: SubjectReadDep,
) -> dict[str, Any] | Response:
    if not subject_known(conn, service.keys, token):
        audit([], {"status": 404})
        raise Problem(404, "no subject with that token")
    settings = service.settings
    report = access_report(
        conn, service.keys, token, council=settings.council, council_name=settings.council_name
    )
    answer: dict[str, Any] | Response = report.document
    if query.format == "html":
        try:
            answer = HTMLResponse(access_report_page(report.document, report.graph))
        except RenderError as failed:
            raise unavailable(failed) from None
    returned = {"status": 200, "format": query.format}
    audit([token], returned | {"recipients": len(report.document["recipients"])})
    return answer
