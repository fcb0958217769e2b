"""The app factory: everything is built from the `Settings` handed in, nothing at import.

Adding a resource is one line: write `api/routes/<resource>.py` with an `APIRouter` whose
routes take their guard from `api.deps`, and `app.include_router(<resource>.router)` below.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

from fastapi import Depends, FastAPI

from api import console, docs, openapi, problems
from api.deps import plain_request
from api.group_commit import GroupWriter
from api.logs import install_request_ids
from api.middleware import RequestContext
from api.problems import ProblemDetail
from api.routes import (
    agreements_odrl,
    audit,
    breach_cases,
    casework,
    decisions,
    disclosures,
    incidents,
    investigations,
    ledger,
    registry,
    reports,
    sar_documents,
    subjects,
    worklists,
)
from api.routes import retention as retention_routes
from api.schemas import DisclosureBatchIn
from lineage.ledger.retention_daily import RetentionSchedule
from lineage.log.schedule import CheckpointSchedule
from lineage.registry.apikeys import Authenticator
from lineage.service import open_service
from lineage.settings import Settings
from models.decisions import ProposedShare, ResolutionIn
from models.inputs import (
    AgreementIn,
    BreachIn,
    CorrectionIn,
    DisclosureIn,
    NotificationIn,
    PartnerIn,
)

DESCRIPTION: Final = """\
A tamper-evident record of every share of a child's or family's personal data.

Send an API key from `disclosure keys create` as `Authorization: Bearer KEY`. Errors are
`application/problem+json`; every response carries `X-Request-ID`.
"""


BODY_MODELS: Final = (
    ProblemDetail,
    DisclosureIn,
    DisclosureBatchIn,
    CorrectionIn,
    BreachIn,
    NotificationIn,
    PartnerIn,
    AgreementIn,
    ProposedShare,
    ResolutionIn,
)
"""Models of bodies the ledger validates itself (see `api.openapi`), for the document."""


def create_app(settings: Settings) -> FastAPI:
    """A FastAPI app over the ledger the settings name (which must be initialised)."""
    service = open_service(settings)
    writer = GroupWriter(service.ledger)
    install_request_ids()

    schedule = CheckpointSchedule(service, settings.checkpoint_interval_seconds)
    retention = RetentionSchedule(service, settings.retention_interval_seconds)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if settings.checkpoint_interval_seconds > 0:
            schedule.start()  # signed checkpoints outside the database, without being asked
        if settings.retention_interval_seconds > 0:
            retention.start()  # erasure at the end of retention, without being asked
        yield
        retention.stop()
        schedule.stop()
        writer.stop()

    app = FastAPI(
        title="Disclosure Ledger",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        dependencies=[Depends(plain_request)],
        responses=problems.responses(422),  # plain_request may refuse any route's input
        docs_url=None,
        redoc_url=None,
    )
    app.state.service = service
    app.state.writer = writer
    app.state.authenticator = Authenticator(service.engine, settings.api_key_cache_seconds)
    app.state.settings = settings
    app.add_middleware(RequestContext, max_request_bytes=settings.max_request_bytes)
    problems.install(app)
    openapi.install(app, BODY_MODELS)
    docs.install(app)  # Swagger UI and ReDoc from a package, not a CDN

    @app.get("/health", tags=["service"], summary="Liveness and the ledger's size")
    def health() -> dict[str, object]:
        size, _ = service.ledger.head()
        return {"status": "ok", "tree_size": size}

    app.include_router(disclosures.router)
    app.include_router(subjects.router)
    app.include_router(agreements_odrl.router)  # before /v1/agreements/{agreement_id}
    app.include_router(registry.router)
    app.include_router(ledger.router)
    app.include_router(audit.router)
    app.include_router(incidents.router)
    app.include_router(investigations.router)
    app.include_router(reports.router)
    app.include_router(retention_routes.router)
    app.include_router(decisions.router)
    app.include_router(breach_cases.router)
    app.include_router(casework.router)
    app.include_router(worklists.router)
    app.include_router(sar_documents.router)
    console.install(app, service)
    return app
