"""The DPO's questions over HTTP: a subject's lineage and Art 19 notify list, a partner's
exposure, the transfers register and the flagged entries.

Every answer is recorded in the access log with the tokens it concerns — the subject (and
family), the subjects a partner received, the subjects of the listed entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection

from api import pagination
from api.deps import (
    CanSeeExceptions,
    CanSeeExposure,
    CanSeeLineage,
    CanSeeNotifyList,
    CanSeeTransfers,
    ConnectionDep,
    ServiceDep,
)
from api.diagrams import DIAGRAM_RESPONSES, lineage_drawn
from api.investigation_schemas import (
    ExceptionPage,
    ExposureOut,
    LineageOut,
    NotifyListOut,
    TransferPage,
)
from api.periods import WHEN, instant, period
from api.problems import Problem, refused, responses
from api.read_log import SubjectReadDep, SubjectReadLog
from lineage.investigate import (
    ExceptionQuery,
    LineageOptions,
    NotifyQuery,
    TransferQuery,
    flagged_count,
    flagged_entries,
    lineage_json,
    notify_list,
    partner_exposure,
    subject_known,
    subject_lineage,
    transfers,
)
from lineage.registry.partners import current_partner
from lineage.service import Service
from models.errors import FieldError
from models.strict import QueryFlag
from models.vocabulary import CATEGORIES, EXCEPTION_KINDS

router = APIRouter(tags=["investigations"], responses=responses(401, 403))

AS_OF = "What the ledger held then: a date (the end of that UTC day) or an RFC 3339 instant"
SINCE = "a date (the start of that UTC day) or an RFC 3339 instant"
Token = Annotated[str, Path(max_length=40, description="A subject token")]
PartnerCode = Annotated[str, Path(max_length=64, description="A partner code")]


def page_after(cursor: str | None) -> int | None:
    after = pagination.decode(cursor)
    return None if after < 0 else after


def codes(field: str, given: Iterable[str], known: Iterable[str]) -> frozenset[str]:
    """Codes from repeated or comma-separated parameters; 422 for one not in the vocabulary."""
    found = frozenset(c.strip() for value in given for c in value.split(",") if c.strip())
    unknown = sorted(found - set(known))
    if unknown:
        raise refused([FieldError(field, f"unknown code {code!r}") for code in unknown])
    return found


class LineageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    as_of: str | None = Field(None, max_length=40, description=AS_OF)
    start: str | None = Field(None, alias="from", max_length=40, description=WHEN)
    end: str | None = Field(None, alias="to", max_length=40, description=WHEN)
    categories: list[str] = Field([], max_length=50, description="Shares carrying any of these")
    family: QueryFlag = Field(False, description="Every subject sharing the family id")
    include_void: QueryFlag = False
    include_refusals: QueryFlag = Field(
        False, description="Decisions not to share too, as edges with decision: refused"
    )
    format: Literal["json", "dot", "svg", "png"] = "json"

    def options(self) -> LineageOptions:
        return LineageOptions(
            as_of=instant("as_of", self.as_of, end_of_day=True),
            period=period(self.start, self.end),
            categories=codes("categories", self.categories, CATEGORIES),
            family=self.family,
            include_void=self.include_void,
            include_refusals=self.include_refusals,
        )


@router.get(
    "/v1/subjects/{token}/lineage",
    response_model=LineageOut,
    summary="Where a subject's data went: organisations and shares, onward followed",
    description="Voided entries are left out unless `include_void`, refusals (decisions not "
    "to share, edges with `decision: refused`) unless `include_refusals`; corrections applied. "
    "`format=dot|svg|png` draws it (entry ids and tokens are not drawn). Recorded in the "
    "access log.",
    responses={**DIAGRAM_RESPONSES, **responses(404, 422)},
)
def lineage(
    token: Token,
    principal: CanSeeLineage,
    query: Annotated[LineageQuery, Query()],
    service: ServiceDep,
    conn: ConnectionDep,
    audit: SubjectReadDep,
) -> dict[str, Any] | Response:
    options = query.options()
    graph = subject_lineage(
        conn, service.keys, token, council=service.settings.council, options=options
    )
    answer = lineage_json(graph)
    if not answer["edges"]:  # a subject with shares is known; only an empty answer is asked
        known_subject(conn, service, token, audit)
    seen = {t for edge in answer["edges"] for t in edge["subjects"]} | {token}
    audit(sorted(seen), {"status": 200, "edges": len(answer["edges"]), "format": query.format})
    if query.format == "json":
        return answer
    return lineage_drawn(graph, query.format, family=query.family)


def known_subject(conn: Connection, service: Service, token: str, audit: SubjectReadLog) -> None:
    """404 (the attempt recorded) unless the registry or the ledger knows the token."""
    if not subject_known(conn, service.keys, token):
        audit([], {"status": 404})
        raise Problem(404, "no subject with that token")


class NotifyListQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: str | None = Field(None, max_length=40, description="Only this data category")
    since: str | None = Field(None, max_length=40, description=f"Shares on or after {SINCE}")
    notified_since: str | None = Field(
        None, max_length=40, description=f"Count only notifications on or after {SINCE}"
    )

    def as_query(self) -> NotifyQuery:
        if self.category is not None:
            codes("category", [self.category], CATEGORIES)
        return NotifyQuery(
            self.category,
            instant("since", self.since),
            instant("notified_since", self.notified_since),
        )


@router.get(
    "/v1/subjects/{token}/notify-list",
    response_model=NotifyListOut,
    summary="Who must be told of a rectification or erasure (UK GDPR Art 19)",
    description="Every recipient of the subject's data, directly or onward, and which "
    "entries no `notification` covers yet. Recorded in the access log.",
    responses=responses(404, 422),
)
def notify(
    token: Token,
    principal: CanSeeNotifyList,
    query: Annotated[NotifyListQuery, Query()],
    service: ServiceDep,
    conn: ConnectionDep,
    audit: SubjectReadDep,
) -> dict[str, Any]:
    asked = query.as_query()
    known_subject(conn, service, token, audit)
    answer = notify_list(conn, token, council=service.settings.council, query=asked)
    audit([token], {"status": 200, "recipients": len(answer["recipients"])})
    return answer


class PeriodQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    start: str | None = Field(None, alias="from", max_length=40, description=WHEN)
    end: str | None = Field(None, alias="to", max_length=40, description=WHEN)


@router.get(
    "/v1/partners/{code}/exposure",
    response_model=ExposureOut,
    summary="Breach impact: the subjects and categories a partner received (Art 33/34)",
    description="Directly or onward, in the period, with counts by category class and the "
    "breaches recorded against the partner. Recorded in the access log.",
    responses=responses(404, 422),
)
def exposure(
    code: PartnerCode,
    principal: CanSeeExposure,
    query: Annotated[PeriodQuery, Query()],
    conn: ConnectionDep,
    audit: SubjectReadDep,
) -> dict[str, Any]:
    within = period(query.start, query.end)
    if current_partner(conn, code) is None:
        raise Problem(404, f"no partner {code!r}")
    answer = partner_exposure(conn, code, period=within)
    tokens = [s["token"] for s in answer["subjects"]]
    audit(tokens, {"status": 200, "subjects": len(tokens), "partner": code})
    return answer


class PageQuery(PeriodQuery):
    cursor: str | None = Field(None, max_length=64, description="`next_cursor` of a page")
    limit: int = Field(100, ge=1, le=pagination.MAX_LIMIT)


class TransfersQuery(PageQuery):
    country: str | None = Field(None, min_length=2, max_length=2, description="ISO 3166-1")


@router.get(
    "/v1/transfers",
    response_model=TransferPage,
    summary="The register of transfers outside the UK, with their safeguards",
    description="Each with its mechanism, instrument and whether the destination was on "
    "the UK adequacy list that day. Recorded in the access log.",
    responses=responses(422),
)
def transfer_register(
    principal: CanSeeTransfers,
    query: Annotated[TransfersQuery, Query()],
    conn: ConnectionDep,
    audit: SubjectReadDep,
) -> dict[str, Any]:
    asked = TransferQuery(
        period(query.start, query.end),
        query.country.upper() if query.country else None,
        page_after(query.cursor),
        query.limit,
    )
    items = transfers(conn, asked)["transfers"]
    return listed(items, query.limit, audit)


class ExceptionsQuery(PageQuery):
    kind: str | None = Field(None, max_length=40, description="An exception kind")
    partner: str | None = Field(None, max_length=64, description="Sender or recipient")


@router.get(
    "/v1/exceptions",
    response_model=ExceptionPage,
    summary="Entries flagged for the DPO's review, with the rule that flagged each",
    description="Voided entries are left out; a corrected entry shows the flags of its "
    "current version. `total` counts every matching entry on all pages, as the demo summary "
    "and the board pack count exceptions. Recorded in the access log.",
    responses=responses(422),
)
def exceptions(
    principal: CanSeeExceptions,
    query: Annotated[ExceptionsQuery, Query()],
    conn: ConnectionDep,
    audit: SubjectReadDep,
) -> dict[str, Any]:
    if query.kind is not None:
        codes("kind", [query.kind], EXCEPTION_KINDS)
    asked = ExceptionQuery(
        query.kind,
        period(query.start, query.end),
        query.partner,
        page_after(query.cursor),
        query.limit,
    )
    items = flagged_entries(conn, asked)["exceptions"]
    return {**listed(items, query.limit, audit), "total": flagged_count(conn, asked)}


def listed(items: list[dict[str, Any]], limit: int, audit: SubjectReadLog) -> dict[str, Any]:
    """A page of items, its read recorded with the subjects the items name."""
    tokens = sorted({t for item in items for t in item["subjects"]})
    audit(tokens, {"status": 200, "items": len(items)})
    positions = [item["seq"] for item in items]
    return {"items": items, "next_cursor": pagination.next_cursor(positions, limit)}
