"""`/v1/ledger`: the tree head, signed checkpoints, Merkle proofs and verification."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse

from api.deps import CanCheckpoint, CanReadLedger, CanVerify, ConnectionDep, ServiceDep
from api.problems import refused, responses
from api.schemas import ConsistencyProofOut, InclusionProofOut, LedgerHead, VerifyOut
from lineage.ledger import receipts
from lineage.service import Service
from models.errors import FieldError

router = APIRouter(prefix="/v1/ledger", tags=["ledger"], responses=responses(401, 403))

Position = Annotated[int, Query(ge=0, le=2**62)]
Size = Annotated[int, Query(ge=1, le=2**62)]


@router.get("/head", response_model=LedgerHead, summary="The tree size and root hash")
def head(principal: CanReadLedger, service: ServiceDep) -> dict[str, Any]:
    size, root = service.ledger.head()
    return {"tree_size": size, "root": root.hex()}


@router.get(
    "/checkpoint",
    response_class=PlainTextResponse,
    summary="Sign the current tree head, write it to the checkpoint folder, return the note",
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
def checkpoint(principal: CanCheckpoint, service: ServiceDep) -> PlainTextResponse:
    note = service.checkpoint().read_text(encoding="utf-8")
    return PlainTextResponse(note)


def _within(service: Service, field: str, size: int) -> None:
    current, _ = service.ledger.head()
    if size > current:
        raise refused([FieldError(field, f"must be at most the ledger's size, {current}")])


@router.get(
    "/proofs/inclusion",
    response_model=InclusionProofOut,
    summary="Proof that the entry at `seq` is in the tree of `tree_size` (RFC 9162 §2.1.3)",
    responses=responses(422),
)
def inclusion(
    principal: CanReadLedger,
    seq: Position,
    tree_size: Size,
    service: ServiceDep,
    conn: ConnectionDep,
) -> dict[str, Any]:
    if seq >= tree_size:
        raise refused([FieldError("seq", "must be below tree_size")])
    _within(service, "tree_size", tree_size)
    return receipts.inclusion(conn, seq, tree_size)


@router.get(
    "/proofs/consistency",
    response_model=ConsistencyProofOut,
    summary="Proof that the tree of `first` is a prefix of the tree of `second` (§2.1.4)",
    responses=responses(422),
)
def consistency(
    principal: CanReadLedger, first: Size, second: Size, service: ServiceDep, conn: ConnectionDep
) -> dict[str, Any]:
    if first > second:
        raise refused([FieldError("first", "must not be above second")])
    _within(service, "second", second)
    return receipts.consistency(conn, first, second)


@router.post(
    "/verify",
    response_model=VerifyOut,
    summary="Recompute the ledger, its checkpoints and the access log; name what disagrees",
)
def verify(principal: CanVerify, service: ServiceDep) -> dict[str, Any]:
    return service.verify().as_json()
