"""Recorded changes to the mutable registries: API keys and the subject registry.

Each is a `registry` ledger entry, with who made it (`recorded_by`) and why (`reason`,
sealed). The entry carries tokens, key ids and keyed fingerprints, never an identifier.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.entries import EntryId
from models.errors import EntryRefused, FieldError
from models.fields import BlankIsNone, NhsNumber, Text, Upn
from models.payload import validate_or_refuse

ROLES = ("recorder", "investigator", "sar_officer", "board", "admin")
"""The API roles (the API's permission table grants each its permissions)."""
SETTABLE_IDENTIFIERS = ("nhs_number", "upn", "family_id")
HEX_DIGEST = r"^[0-9a-f]{64}$"

Role = Literal["recorder", "investigator", "sar_officer", "board", "admin"]
Token = Annotated[str, Field(min_length=1, max_length=40)]


class _Change(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    entry_id: EntryId = None
    reason: Text


class ApiKeyCreated(_Change):
    """A new API key: its role, its holder's name and the SHA-256 of the key (never the key)."""

    action: Literal["api_key.create"]
    role: Role
    name: Text
    key_hash: Annotated[str, Field(pattern=HEX_DIGEST)]


class ApiKeyRevoked(_Change):
    action: Literal["api_key.revoke"]
    key_id: int


class ApiKeyRoleChanged(_Change):
    action: Literal["api_key.set_role"]
    key_id: int
    role: Role


class SubjectsMerged(_Change):
    """Records of one child joined: each of `merged` now leads to `into` (the survivor)."""

    action: Literal["subject.merge"]
    into: Token
    merged: Annotated[list[Token], Field(min_length=1)]


class IdentifierSet(_Change):
    """A subject's NHS number, UPN or family id added, corrected or (value null) retired."""

    action: Literal["subject.set_identifier"]
    subject: Token
    field: Literal["nhs_number", "upn", "family_id"]
    value: Annotated[str | None, BlankIsNone] = None

    @model_validator(mode="after")
    def _valid_value(self) -> Self:
        if self.value is None or self.field == "family_id":
            return self
        checked = (_NhsCheck if self.field == "nhs_number" else _UpnCheck).model_validate(
            {"value": self.value}
        )
        object.__setattr__(self, "value", checked.value)
        return self


class _NhsCheck(BaseModel):
    value: NhsNumber


class _UpnCheck(BaseModel):
    value: Upn


RegistryChange = ApiKeyCreated | ApiKeyRevoked | ApiKeyRoleChanged | SubjectsMerged | IdentifierSet


class RegistryChangeIn(BaseModel):
    """Any one registry change, told apart by `action`."""

    change: Annotated[RegistryChange, Field(discriminator="action")]


def validate_registry_change(raw: Mapping[str, Any]) -> RegistryChange:
    """A registry change, every wrong field named (`EntryRefused`)."""
    try:
        return validate_or_refuse(RegistryChangeIn, {"change": raw}).change
    except EntryRefused as refused:
        errors = [FieldError(_relative(e.field, raw), e.message) for e in refused.errors]
        raise EntryRefused(errors) from None


def _relative(path: str, raw: Mapping[str, Any]) -> str:
    """`change.api_key.create.role` → `role`; `change` → the whole object."""
    path = path.removeprefix("change")
    path = path.removeprefix(".")
    action = str(raw.get("action", "")) if isinstance(raw, Mapping) else ""
    if action and path.startswith(action):
        path = path.removeprefix(action).removeprefix(".")
    if path.startswith("value."):
        path = "value"
    return path or ("action" if "action" not in raw or not action.count(".") else "")
