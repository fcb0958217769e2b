"""`/v1/subjects`: from an identifier to the subject's token — recorded in the access log."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from api.deps import CanLookUpSubject, ConnectionDep, ServiceDep
from api.problems import Problem, refused, responses
from api.read_log import SubjectReadDep
from api.schemas import SubjectToken
from lineage.registry.subjects import SubjectRegistry
from models.errors import FieldError
from models.identifiers import (
    is_valid_nhs_number,
    is_valid_upn,
    normalise_nhs_number,
    normalise_upn,
)

router = APIRouter(prefix="/v1/subjects", tags=["subjects"], responses=responses(401, 403))


class LookupQuery(BaseModel):
    """Exactly one identifier."""

    model_config = ConfigDict(extra="forbid")

    local_id: str | None = Field(None, min_length=1, max_length=100, description="Council id")
    nhs_number: str | None = Field(None, max_length=20, examples=["9998765439"])
    upn: str | None = Field(None, max_length=20, examples=["B801200005001"])


def identifier(query: LookupQuery) -> tuple[str, str]:
    """(kind, normalised value); 422 unless exactly one valid identifier is given."""
    given = [(k, v) for k, v in query.model_dump().items() if v is not None]
    if len(given) != 1:
        raise refused([FieldError("", "give exactly one of local_id, nhs_number or upn")])
    kind, value = given[0]
    if kind == "nhs_number":
        if not is_valid_nhs_number(value):
            raise refused([FieldError("nhs_number", "not a valid NHS number")])
        return kind, normalise_nhs_number(value)
    if kind == "upn":
        if not is_valid_upn(value):
            raise refused([FieldError("upn", "not a valid UPN")])
        return kind, normalise_upn(value)
    return kind, value


@router.get(
    "/lookup",
    response_model=SubjectToken,
    summary="Find a subject's token by local id, NHS number or UPN",
    description="Every look-up, found or not, is recorded in the access log (by token; the "
    "identifier itself is never logged).",
    responses=responses(404, 422),
)
def lookup(
    principal: CanLookUpSubject,
    query: Annotated[LookupQuery, Query()],
    service: ServiceDep,
    conn: ConnectionDep,
    audit: SubjectReadDep,
) -> dict[str, Any]:
    kind, value = identifier(query)
    token = SubjectRegistry(conn, service.keys).lookup(kind, value)
    if token is None:
        audit([], {"status": 404, "by": kind})
        raise Problem(404, f"no subject with that {kind}")
    audit([token], {"status": 200, "by": kind})
    return {"token": token}
