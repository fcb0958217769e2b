"""`/v1/partners` and `/v1/agreements`: versioned registries, never destructive.

Create (409 if the code is taken), list, read (current version and `history`), put a new
version, retire (a new version marked retired). Nothing is ever deleted or overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Path
from sqlalchemy import Connection

from api.deps import CanManageRegistry, CanReadRegistry, ConnectionDep, JsonObject, ServiceDep
from api.examples import AGREEMENT, PARTNER
from api.openapi import json_body
from api.problems import Problem, refused, responses
from api.schemas import (
    AgreementDetail,
    AgreementList,
    AgreementOut,
    PartnerDetail,
    PartnerList,
    PartnerOut,
)
from lineage.registry import partners as registries
from lineage.service import Service
from lineage.storage.database import write_transaction
from models.dates import utc_now
from models.errors import FieldError
from models.registry_schemas import AgreementIn, PartnerIn
from models.validation import validate_agreement, validate_partner

router = APIRouter(tags=["registry"], responses=responses(401, 403))

Code = Annotated[str, Path(min_length=1, max_length=64, description="The partner code")]
AgreementId = Annotated[str, Path(min_length=1, max_length=64, description="The agreement id")]


@dataclass(frozen=True)
class Registry:
    """One versioned registry: how its records are validated, stored and read."""

    noun: str
    key: str
    validate: Callable[[Mapping[str, Any]], Any]
    put: Callable[..., registries.Stored]
    current: Callable[[Connection, str], dict[str, Any] | None]
    history: Callable[[Connection, str], list[dict[str, Any]]]

    def validated(self, payload: Mapping[str, Any], key: str | None = None) -> dict[str, Any]:
        """The record as the registry stores it; its key must match the path's, if given."""
        if key is not None:
            if payload.get(self.key, key) != key:
                raise refused([FieldError(self.key, f"must be {key!r}, as in the path")])
            payload = {**payload, self.key: key}
        record: dict[str, Any] = self.validate(payload).model_dump(mode="json")
        return record

    def existing(self, conn: Connection, key: str) -> dict[str, Any]:
        """The current version; 404 if there is none."""
        current = self.current(conn, key)
        if current is None:
            raise Problem(404, f"no {self.noun} {key!r}")
        return current

    def store(
        self, service: Service, record: dict[str, Any], by: str, *, new: bool
    ) -> dict[str, Any]:
        """Put `record` as a new version (if it changed); 409 or 404 if `new` says otherwise."""
        key = record[self.key]
        with write_transaction(service.engine) as conn:
            if not new:
                self.existing(conn, key)
            elif self.current(conn, key) is not None:
                raise Problem(409, f"{self.noun} {key!r} exists: PUT a new version instead")
            self.put(conn, record, by=by, at=utc_now())
            return self.existing(conn, key)

    def retire(self, service: Service, key: str, by: str) -> dict[str, Any]:
        """Mark retired with a new version (once); earlier versions stay."""
        with write_transaction(service.engine) as conn:
            current = self.existing(conn, key)
            if not current["retired"]:
                record = {k: v for k, v in current.items() if k not in ("version", "retired")}
                self.put(conn, record, by=by, at=utc_now(), retired=True)
            return self.existing(conn, key)

    def detail(self, conn: Connection, key: str) -> dict[str, Any]:
        """The current version with every version as `history`."""
        return {**self.existing(conn, key), "history": self.history(conn, key)}


PARTNERS = Registry(
    "partner",
    "code",
    validate_partner,
    registries.put_partner,
    registries.current_partner,
    registries.partner_history,
)
AGREEMENTS = Registry(
    "agreement",
    "id",
    validate_agreement,
    registries.put_agreement,
    registries.current_agreement,
    registries.agreement_history,
)

CREATED = responses(409, 413, 422)
UPDATED = responses(404, 413, 422)


@router.post(
    "/v1/partners",
    response_model=PartnerOut,
    summary="Add a partner",
    openapi_extra=json_body(PartnerIn, example=PARTNER),
    status_code=201,
    responses=CREATED,
)
def create_partner(
    principal: CanManageRegistry, payload: JsonObject, service: ServiceDep
) -> dict[str, Any]:
    return PARTNERS.store(service, PARTNERS.validated(payload), principal.label, new=True)


@router.get("/v1/partners", response_model=PartnerList, summary="Every partner's current version")
def list_partners(principal: CanReadRegistry, conn: ConnectionDep) -> dict[str, Any]:
    return {"items": registries.list_partners(conn)}


@router.get(
    "/v1/partners/{code}",
    response_model=PartnerDetail,
    summary="A partner's current version and its history",
    responses=responses(404, 422),
)
def read_partner(principal: CanReadRegistry, code: Code, conn: ConnectionDep) -> dict[str, Any]:
    return PARTNERS.detail(conn, code)


@router.put(
    "/v1/partners/{code}",
    response_model=PartnerOut,
    summary="Record a new version of a partner (unchanged: no new version)",
    openapi_extra=json_body(PartnerIn, example=PARTNER),
    responses=UPDATED,
)
def replace_partner(
    principal: CanManageRegistry, code: Code, payload: JsonObject, service: ServiceDep
) -> dict[str, Any]:
    return PARTNERS.store(service, PARTNERS.validated(payload, code), principal.label, new=False)


@router.post(
    "/v1/partners/{code}/retire",
    response_model=PartnerOut,
    summary="Retire a partner (a new version marked retired; history kept)",
    responses=responses(404, 422),
)
def retire_partner(principal: CanManageRegistry, code: Code, service: ServiceDep) -> dict[str, Any]:
    return PARTNERS.retire(service, code, principal.label)


@router.post(
    "/v1/agreements",
    response_model=AgreementOut,
    summary="Add a sharing agreement",
    openapi_extra=json_body(AgreementIn, example=AGREEMENT),
    status_code=201,
    responses=CREATED,
)
def create_agreement(
    principal: CanManageRegistry, payload: JsonObject, service: ServiceDep
) -> dict[str, Any]:
    return AGREEMENTS.store(service, AGREEMENTS.validated(payload), principal.label, new=True)


@router.get(
    "/v1/agreements", response_model=AgreementList, summary="Every agreement's current version"
)
def list_agreements(principal: CanReadRegistry, conn: ConnectionDep) -> dict[str, Any]:
    return {"items": registries.list_agreements(conn)}


@router.get(
    "/v1/agreements/{agreement_id}",
    response_model=AgreementDetail,
    summary="An agreement's current version and its history",
    responses=responses(404, 422),
)
def read_agreement(
    principal: CanReadRegistry, agreement_id: AgreementId, conn: ConnectionDep
) -> dict[str, Any]:
    return AGREEMENTS.detail(conn, agreement_id)


@router.put(
    "/v1/agreements/{agreement_id}",
    response_model=AgreementOut,
    summary="Record a new version of an agreement (unchanged: no new version)",
    openapi_extra=json_body(AgreementIn, example=AGREEMENT),
    responses=UPDATED,
)
def replace_agreement(
    principal: CanManageRegistry,
    agreement_id: AgreementId,
    payload: JsonObject,
    service: ServiceDep,
) -> dict[str, Any]:
    record = AGREEMENTS.validated(payload, agreement_id)
    return AGREEMENTS.store(service, record, principal.label, new=False)


@router.post(
    "/v1/agreements/{agreement_id}/retire",
    response_model=AgreementOut,
    summary="Retire an agreement (a new version marked retired; history kept)",
    responses=responses(404, 422),
)
def retire_agreement(
    principal: CanManageRegistry, agreement_id: AgreementId, service: ServiceDep
) -> dict[str, Any]:
    return AGREEMENTS.retire(service, agreement_id, principal.label)
