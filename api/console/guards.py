"""Console guards: `CanX` lets through a signed-in user whose role holds permission X.

They read the same role → permission table as the API (`api.permissions`), so a role sees
in the console exactly what its API key would be allowed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.console.session import ConsoleUser, Forbidden, NotSignedIn, signed_in
from api.permissions import Permission, allows


class Need:
    """A dependency: the signed-in user if their role holds `permission`."""

    def __init__(self, permission: Permission | None) -> None:
        self.permission = permission

    async def __call__(self, request: Request) -> ConsoleUser:
        user = signed_in(request)
        if user is None:
            raise NotSignedIn
        if self.permission is not None and not allows(user.role, self.permission):
            raise Forbidden(f"the {user.role} role may not see this page")
        request.state.principal = user.principal().label
        return user


SignedIn = Annotated[ConsoleUser, Depends(Need(None))]
CanLookUp = Annotated[ConsoleUser, Depends(Need(Permission.LOOKUP_SUBJECT))]
CanSeeLineage = Annotated[ConsoleUser, Depends(Need(Permission.LINEAGE))]
CanReadEntries = Annotated[ConsoleUser, Depends(Need(Permission.READ_ENTRIES))]
CanSeeExceptions = Annotated[ConsoleUser, Depends(Need(Permission.EXCEPTIONS))]
CanReadRegistry = Annotated[ConsoleUser, Depends(Need(Permission.READ_REGISTRY))]
CanReadReports = Annotated[ConsoleUser, Depends(Need(Permission.REPORTS))]
CanReadLedger = Annotated[ConsoleUser, Depends(Need(Permission.READ_LEDGER))]
CanReadAccessLog = Annotated[ConsoleUser, Depends(Need(Permission.READ_ACCESS_LOG))]
CanRecord = Annotated[ConsoleUser, Depends(Need(Permission.APPEND))]
CanSeeCasesDue = Annotated[ConsoleUser, Depends(Need(Permission.CASES_DUE))]
