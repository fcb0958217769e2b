"""How an input names a data subject: the council's own person id, or a known token."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, ModelWrapValidatorHandler, model_validator

from models.errors import Refusal, check_rules
from models.fields import BlankIsNone, NhsNumber, SubjectRoleCode, Text, Upn
from models.raw import given

_EXACTLY_ONE = "give exactly one of local_id or token"


def exactly_one_name(raw: Mapping[str, Any]) -> list[Refusal]:
    """A subject is named by its local id or by its ledger token, never both or neither."""
    named = [key for key in ("local_id", "token") if given(raw, key)]
    return [] if len(named) == 1 else [Refusal((), _EXACTLY_ONE)]


class SubjectRef(BaseModel):
    """A subject named by `local_id` (the council's person id) or by `token`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    local_id: Annotated[Text | None, BlankIsNone] = None
    token: Annotated[Text | None, BlankIsNone] = None

    @model_validator(mode="wrap")
    @classmethod
    def _one_name(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        return check_rules(cls.__name__, data, handler, exactly_one_name)


class SubjectIn(SubjectRef):
    """A subject of a disclosure, with its role and, optionally, national identifiers.

    Identifiers are check-digit validated and normalised (NHS number without spaces,
    UPN in upper case); the store keeps them in the subject registry, never the ledger.
    """

    role: SubjectRoleCode
    nhs_number: Annotated[NhsNumber | None, BlankIsNone] = None
    upn: Annotated[Upn | None, BlankIsNone] = None
    family_id: Annotated[Text | None, BlankIsNone] = None
