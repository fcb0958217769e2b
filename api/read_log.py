"""Recording reads that concern a subject in the access log — one call for every route.

Any route that answers about a subject (a look-up, a lineage, a report, a disclosure read or a
listing filtered by subject) records who read it, which endpoint, which tokens and what it
returned, before it answers:

    def lineage(token: str, principal: CanSeeLineage, audit: SubjectReadDep) -> …:
        graph = …
        audit([token], {"status": 200, "edges": len(graph.edges)})

or, without the dependency, `record_subject_read(request, principal, tokens, returned)`.
`returned` describes the answer (a status, counts) and never carries identifiers; the
endpoint is the route's path template, so query strings (which may hold an NHS number) are
never logged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from api.deps import PrincipalDep, endpoint_of
from lineage.registry import access_log
from lineage.registry.access_log import SubjectRead
from lineage.registry.apikeys import Principal


def record_subject_read(
    request: Request,
    principal: Principal,
    tokens: Sequence[str],
    returned: Mapping[str, Any],
) -> list[int]:
    """Append one read to the access log (in its own transaction); the rows' seqs."""
    read = SubjectRead(
        principal=principal.label,
        endpoint=endpoint_of(request),
        tokens=list(tokens),
        returned=dict(returned),
        request_id=getattr(request.state, "request_id", None),
    )
    return access_log.record(request.app.state.service.engine, read)


@dataclass(frozen=True)
class SubjectReadLog:
    """`audit(tokens, returned)`: records a read by this request's caller."""

    request: Request
    principal: Principal

    def __call__(self, tokens: Sequence[str], returned: Mapping[str, Any]) -> list[int]:
        return record_subject_read(self.request, self.principal, tokens, returned)


async def subject_read_log(request: Request, principal: PrincipalDep) -> SubjectReadLog:
    """The dependency form: `audit: SubjectReadDep`."""
    return SubjectReadLog(request, principal)


SubjectReadDep = Annotated[SubjectReadLog, Depends(subject_read_log)]
