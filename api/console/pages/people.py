"""Find a person, and the person's page: timeline, lineage diagram, notify list, identifiers.

Every look-up and every view is recorded in the access log through the API's own recorder
(`api.read_log.record_subject_read`), with the tokens shown and never the identifier typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Connection

from api.console.guards import CanLookUp, CanSeeLineage
from api.console.render import page, refusal
from api.deps import ConnectionDep, ServiceDep
from api.permissions import Permission, allows
from api.read_log import record_subject_read
from lineage.investigate import (
    LineageOptions,
    notify_list,
    subject_known,
    subject_lineage,
    subject_tokens,
)
from lineage.investigate.timeline import subject_timeline
from lineage.registry.subjects import SubjectRegistry
from lineage.service import Service
from models.identifiers import (
    is_valid_nhs_number,
    is_valid_upn,
    normalise_nhs_number,
    normalise_upn,
)
from models.period import Period, optional_instant
from models.vocabulary import CATEGORIES
from visualise.documents import lineage_diagram
from visualise.render import RenderError, render
from visualise.report_html import inline_svg

router = APIRouter(include_in_schema=False)
KINDS = ("local_id", "nhs_number", "upn", "family_id")


def normalised(by: str, value: str) -> str | None:
    """The identifier as the registry hashes it, or None if it is not valid."""
    value = value.strip()
    if by == "nhs_number":
        return normalise_nhs_number(value) if is_valid_nhs_number(value) else None
    if by == "upn":
        return normalise_upn(value) if is_valid_upn(value) else None
    return value or None


def tokens_for(conn: Connection, service: Service, by: str, value: str) -> list[str]:
    registry = SubjectRegistry(conn, service.keys)
    if by == "family_id":
        return registry.family_members(value)
    token = registry.lookup(by, value)
    return [] if token is None else [token]


@router.get("/people")
def find(
    request: Request,
    user: CanLookUp,
    service: ServiceDep,
    conn: ConnectionDep,
    by: Annotated[str, Query(max_length=20)] = "local_id",
    value: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    if by not in KINDS:
        return refusal(request, 422, "choose local id, NHS number, UPN or family id")
    given = normalised(by, value)
    if given is None:
        return page(request, "find.html", status=422, by=by, value=value, error="not valid")
    tokens = tokens_for(conn, service, by, given)
    record_subject_read(
        request, user.principal(), tokens, {"status": 200 if tokens else 404, "by": by}
    )
    if len(tokens) == 1 and by != "family_id":
        return RedirectResponse(f"/people/{tokens[0]}", status_code=303)
    return page(
        request, "find.html", status=200 if tokens else 404, by=by, value=value, found=tokens
    )


@dataclass
class PersonFilters:
    """The person page's filters, as typed, and what was wrong with them."""

    as_of: str = ""
    start: str = ""
    end: str = ""
    categories: list[str] = field(default_factory=list)
    family: bool = False
    errors: list[str] = field(default_factory=list)

    def options(self) -> LineageOptions:
        try:
            period = Period(
                optional_instant(self.start), optional_instant(self.end, end_of_day=True)
            )
            as_of = optional_instant(self.as_of, end_of_day=True)
        except (ValueError, OverflowError):
            self.errors.append("Dates are YYYY-MM-DD, and a period ends after it starts.")
            period, as_of = Period(), None
        unknown = sorted(set(self.categories) - set(CATEGORIES))
        if unknown:
            self.errors.append(f"Unknown categories: {', '.join(unknown)}.")
        known = frozenset(self.categories) & frozenset(CATEGORIES)
        return LineageOptions(as_of=as_of, period=period, categories=known, family=self.family)


@router.get("/people/{token}")
def person(
    request: Request,
    token: str,
    user: CanSeeLineage,
    service: ServiceDep,
    conn: ConnectionDep,
    as_of: Annotated[str, Query(max_length=40)] = "",
    start: Annotated[str, Query(alias="from", max_length=40)] = "",
    end: Annotated[str, Query(alias="to", max_length=40)] = "",
    category: Annotated[list[str], Query(max_length=50)] = [],  # noqa: B006 (FastAPI copies it)
    family: bool = False,
) -> HTMLResponse:
    if len(token) > 40 or not subject_known(conn, service.keys, token):
        record_subject_read(request, user.principal(), [], {"status": 404})
        return refusal(request, 404, "no subject with that token")
    filters = PersonFilters(as_of, start, end, category, family)
    view = person_view(conn, service, token, filters, user.role)
    shown = sorted({token, *view["tokens"]})
    record_subject_read(
        request, user.principal(), shown, {"status": 200, "events": len(view["timeline"])}
    )
    return page(request, "person.html", token=token, filters=filters, categories=CATEGORIES, **view)


def person_view(
    conn: Connection, service: Service, token: str, filters: PersonFilters, role: str
) -> dict[str, Any]:
    options = filters.options()
    council = service.settings.council
    graph = subject_lineage(conn, service.keys, token, council=council, options=options)
    members = subject_tokens(conn, service.keys, token, family=filters.family)
    timeline = subject_timeline(conn, members, period=options.period)
    notify = (
        notify_list(conn, token, council=council) if allows(role, Permission.NOTIFY_LIST) else None
    )
    registry = SubjectRegistry(conn, service.keys)
    identifiers = registry.identifiers(token) if allows(role, Permission.LOOKUP_SUBJECT) else None
    svg, diagram_error = drawn(graph, filters.family)
    return {
        "timeline": timeline,
        "svg": svg,
        "diagram_error": diagram_error,
        "edges": graph.number_of_edges(),
        "notify": notify,
        "identifiers": identifiers,
        "may_see_identifiers": allows(role, Permission.LOOKUP_SUBJECT),
        "tokens": set(members),
        "members": members,
    }


def drawn(graph: Any, family: bool) -> tuple[Any, str | None]:
    """The lineage as inline SVG, or why it could not be drawn."""
    if not graph.number_of_edges():
        return None, None
    try:
        return inline_svg(render(lineage_diagram(graph, family=family), "svg").decode()), None
    except RenderError as failed:
        return None, f"The diagram could not be drawn: {failed}"
