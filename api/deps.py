"""Dependencies as `Annotated` aliases: the service, a read connection, the caller, guards.

A route states what it needs in its signature:

    def lineage(token: str, conn: ConnectionDep, principal: CanSeeLineage) -> …

Each `Can…` guard (one per `Permission`, see `guard`) authenticates the caller (401 without
a valid key) and refuses a role that lacks the permission (403); its value is the
`Principal`, which routes pass on as `recorded_by` and to the access log (`api.read_log`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool

from api.group_commit import GroupWriter
from api.permissions import SUBJECT_READS, Permission, allows
from api.problems import Problem, refused
from lineage.registry import access_log
from lineage.registry.access_log import SubjectRead
from lineage.registry.apikeys import Authenticator, Principal
from lineage.service import Service
from lineage.storage import database
from models.errors import EntryRefused, FieldError, escaped
from models.payload import parse_json
from models.strict import control_character, control_message

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="An API key from `disclosure keys create`, sent as `Authorization: Bearer KEY`.",
)
CHALLENGE = {"WWW-Authenticate": "Bearer"}


async def get_service(request: Request) -> Service:
    """The ledger service the app was built over."""
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(get_service)]


async def get_authenticator(request: Request) -> Authenticator:
    """The app's API key look-up (see `Authenticator` for how long it keeps a valid key)."""
    authenticator: Authenticator = request.app.state.authenticator
    return authenticator


AuthenticatorDep = Annotated[Authenticator, Depends(get_authenticator)]


async def get_writer(request: Request) -> GroupWriter:
    """The app's group-commit writer for ledger appends."""
    writer: GroupWriter = request.app.state.writer
    return writer


WriterDep = Annotated[GroupWriter, Depends(get_writer)]


def read_connection(service: ServiceDep) -> Iterator[Connection]:
    """A connection for reads, closed when the response is ready."""
    with database.read_connection(service.engine) as conn:
        yield conn


ConnectionDep = Annotated[Connection, Depends(read_connection)]


async def json_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object, its fields not yet validated (the ledger does).

    Already refused here (422): invalid JSON and nesting deeper than
    `models.payload.MAX_DEPTH`; the validators refuse control characters, with the rest.
    """
    try:
        value = parse_json(await request.body())
    except EntryRefused as refusal:
        if refusal.errors[0].message.startswith("not valid JSON"):
            raise refused([FieldError("", "the body is not valid JSON")]) from None
        raise
    if not isinstance(value, dict):
        raise refused([FieldError("", "the body must be a JSON object")])
    return value


JsonObject = Annotated[dict[str, Any], Depends(json_object)]


async def plain_request(request: Request) -> None:
    """422 naming each path segment or query parameter holding a control character.

    Run before every route (an app dependency), so no filter or identifier carrying a NUL
    reaches the database (PostgreSQL cannot compare text with one) or a log line.
    """
    parts = [*request.path_params.items(), *request.query_params.multi_items()]
    errors: list[FieldError] = []
    for name, value in parts:
        for text in (name, str(value)):
            found = control_character(text)
            error = FieldError(escaped(name), control_message(found)) if found else None
            if error is not None and error not in errors:
                errors.append(error)
    if errors:
        raise refused(errors)


async def get_principal(
    request: Request,
    authenticator: AuthenticatorDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """The caller, from `Authorization: Bearer KEY`; 401 if missing, unknown or revoked.

    A key kept from an earlier request is answered from memory, here; a key that must be
    looked up is looked up in a worker thread, so the event loop never waits on the database.
    """
    if credentials is None:
        raise Problem(401, "send an API key as `Authorization: Bearer KEY`", headers=CHALLENGE)
    key = credentials.credentials
    principal = authenticator.kept(key) or await run_in_threadpool(authenticator, key)
    if principal is None:
        raise Problem(401, "the API key is unknown or revoked", headers=CHALLENGE)
    request.state.principal = principal.label
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def endpoint_of(request: Request) -> str:
    """`METHOD /path/{template}`: the route, never the concrete query string."""
    path = getattr(request.scope.get("route"), "path", None) or "(unrouted)"
    return f"{request.method} {path}"


class Guard:
    """A dependency that lets through only roles holding `permission` (else 403).

    A refused attempt at a subject-level read (`SUBJECT_READS`) is recorded in the access
    log as refused, with the subject token the path named, if any.
    """

    def __init__(self, permission: Permission) -> None:
        self.permission = permission

    async def __call__(self, request: Request, principal: PrincipalDep) -> Principal:
        if not allows(principal.role, self.permission):
            if self.permission in SUBJECT_READS:
                await run_in_threadpool(self._record_refusal, request, principal)
            raise Problem(
                403, f"the {principal.role} role lacks the {self.permission.value!r} permission"
            )
        return principal

    def _record_refusal(self, request: Request, principal: Principal) -> None:
        token = request.path_params.get("token")
        read = SubjectRead(
            principal=principal.label,
            endpoint=endpoint_of(request),
            tokens=[token] if isinstance(token, str) else [],
            returned={"status": 403, "refused": self.permission.value},
            request_id=getattr(request.state, "request_id", None),
        )
        access_log.record(request.app.state.service.engine, read)

    def __repr__(self) -> str:
        return f"Guard({self.permission.value})"


_GUARDS = {permission: Guard(permission) for permission in Permission}


def guard(permission: Permission) -> Guard:
    """The one guard instance for `permission` (FastAPI then resolves it once per request)."""
    return _GUARDS[permission]


CanAppend = Annotated[Principal, Depends(guard(Permission.APPEND))]
CanCorrect = Annotated[Principal, Depends(guard(Permission.CORRECT))]
CanRecordIncident = Annotated[Principal, Depends(guard(Permission.RECORD_INCIDENT))]
CanReadEntries = Annotated[Principal, Depends(guard(Permission.READ_ENTRIES))]
CanLookUpSubject = Annotated[Principal, Depends(guard(Permission.LOOKUP_SUBJECT))]
CanSeeLineage = Annotated[Principal, Depends(guard(Permission.LINEAGE))]
CanSeeNotifyList = Annotated[Principal, Depends(guard(Permission.NOTIFY_LIST))]
CanSeeExposure = Annotated[Principal, Depends(guard(Permission.EXPOSURE))]
CanSeeTransfers = Annotated[Principal, Depends(guard(Permission.TRANSFERS))]
CanSeeExceptions = Annotated[Principal, Depends(guard(Permission.EXCEPTIONS))]
CanReadAccessReport = Annotated[Principal, Depends(guard(Permission.ACCESS_REPORT))]
CanReadReports = Annotated[Principal, Depends(guard(Permission.REPORTS))]
CanReadRegistry = Annotated[Principal, Depends(guard(Permission.READ_REGISTRY))]
CanManageRegistry = Annotated[Principal, Depends(guard(Permission.MANAGE_REGISTRY))]
CanReadLedger = Annotated[Principal, Depends(guard(Permission.READ_LEDGER))]
CanCheckpoint = Annotated[Principal, Depends(guard(Permission.CHECKPOINT))]
CanVerify = Annotated[Principal, Depends(guard(Permission.VERIFY))]
CanReadAccessLog = Annotated[Principal, Depends(guard(Permission.READ_ACCESS_LOG))]
CanManageSubjects = Annotated[Principal, Depends(guard(Permission.MANAGE_SUBJECTS))]
CanHandleBreaches = Annotated[Principal, Depends(guard(Permission.BREACH_CASES))]
CanHandleAccessRequests = Annotated[Principal, Depends(guard(Permission.ACCESS_REQUESTS))]
CanHandleComplaints = Annotated[Principal, Depends(guard(Permission.COMPLAINTS))]
CanHandleArt19 = Annotated[Principal, Depends(guard(Permission.ART19_WORKLISTS))]
CanSeeCasesDue = Annotated[Principal, Depends(guard(Permission.CASES_DUE))]


def guard_of(dependency: Any) -> Guard | None:
    """The guard a dependency callable is, if it is one (for tests and the OpenAPI notes)."""
    return dependency if isinstance(dependency, Guard) else None
