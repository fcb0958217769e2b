"""Field types of the input models: codes checked against the vocabularies, identifiers.

Each code type refuses an unknown code with a message naming the vocabulary, e.g.
"unknown category 'foo'". Optional text fields treat a blank string as absent, so that
an empty CSV column means the same as a missing JSON key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Final

from pydantic import AfterValidator, BeforeValidator, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from models.countries import COUNTRIES
from models.identifiers import (
    is_valid_nhs_number,
    is_valid_upn,
    normalise_nhs_number,
    normalise_upn,
)
from models.schedule1 import SCHEDULE1_CONDITIONS
from models.strict import CleanText
from models.vocabulary import (
    ANNEX1_CONDITIONS,
    CATEGORIES,
    CONSENT,
    DECISIONS,
    LAWFUL_BASES,
    METHODS,
    PARTNER_ROLES,
    PARTNER_TYPES,
    PURPOSES,
    SPECIAL_CATEGORY_CONDITIONS,
    SUBJECT_ROLES,
    TRANSFER_MECHANISMS,
)

PARTNER_CODE_PATTERN: Final = re.compile(r"[a-z0-9][a-z0-9-]{1,63}")


def known(vocabulary: Mapping[str, object], noun: str) -> Callable[[str], str]:
    """A validator accepting only the codes of `vocabulary`."""

    def check(code: str) -> str:
        if code not in vocabulary:
            raise PydanticCustomError("unknown_code", f"unknown {noun} '{{code}}'", {"code": code})
        return code

    return check


def listed(vocabulary: Mapping[str, object]) -> WithJsonSchema:
    """The JSON schema of a code field: a string from the vocabulary's codes."""
    return WithJsonSchema({"type": "string", "enum": list(vocabulary)})


def blank_is_none(value: Any) -> Any:
    """A blank string stands for an absent value."""
    return None if isinstance(value, str) and not value.strip() else value


def _partner_code(code: str) -> str:
    if PARTNER_CODE_PATTERN.fullmatch(code) is None:
        raise PydanticCustomError(
            "partner_code",
            "not a partner code: 2-64 lowercase letters, digits and hyphens",
        )
    return code


def _country(code: str) -> str:
    code = code.strip().upper()
    if code not in COUNTRIES:
        raise PydanticCustomError(
            "unknown_code", "unknown country code '{code}' (ISO 3166-1 alpha-2)", {"code": code}
        )
    return code


def _nhs_number(value: str) -> str:
    if not is_valid_nhs_number(value):
        raise PydanticCustomError(
            "nhs_number",
            "not a valid NHS number: ten digits with a correct check digit, "
            "in an issued or the test range",
        )
    return normalise_nhs_number(value)


def _upn(value: str) -> str:
    if not is_valid_upn(value):
        raise PydanticCustomError(
            "upn", "not a valid unique pupil number: check letter and twelve characters"
        )
    return normalise_upn(value)


BlankIsNone = BeforeValidator(blank_is_none)
"""Put on an optional field (`Annotated[X | None, BlankIsNone]`): blank means absent."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), CleanText]
AgreementId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), CleanText
]
PartnerCode = Annotated[
    str,
    AfterValidator(_partner_code),
    WithJsonSchema({"type": "string", "pattern": f"^{PARTNER_CODE_PATTERN.pattern}$"}),
]
CountryCode = Annotated[str, AfterValidator(_country), listed(COUNTRIES)]
NhsNumber = Annotated[str, AfterValidator(_nhs_number)]
Upn = Annotated[str, AfterValidator(_upn)]

CategoryCode = Annotated[str, AfterValidator(known(CATEGORIES, "category")), listed(CATEGORIES)]
PurposeCode = Annotated[str, AfterValidator(known(PURPOSES, "purpose")), listed(PURPOSES)]
LawfulBasisCode = Annotated[
    str, AfterValidator(known(LAWFUL_BASES, "lawful basis")), listed(LAWFUL_BASES)
]
Annex1Code = Annotated[
    str, AfterValidator(known(ANNEX1_CONDITIONS, "Annex 1 condition")), listed(ANNEX1_CONDITIONS)
]
SpecialConditionCode = Annotated[
    str,
    AfterValidator(known(SPECIAL_CATEGORY_CONDITIONS, "special category condition")),
    listed(SPECIAL_CATEGORY_CONDITIONS),
]
Schedule1Code = Annotated[
    str,
    AfterValidator(known(SCHEDULE1_CONDITIONS, "Schedule 1 condition")),
    listed(SCHEDULE1_CONDITIONS),
]
TransferMechanismCode = Annotated[
    str,
    AfterValidator(known(TRANSFER_MECHANISMS, "transfer mechanism")),
    listed(TRANSFER_MECHANISMS),
]
MethodCode = Annotated[str, AfterValidator(known(METHODS, "method")), listed(METHODS)]
ConsentCode = Annotated[str, AfterValidator(known(CONSENT, "consent")), listed(CONSENT)]
DecisionCode = Annotated[str, AfterValidator(known(DECISIONS, "decision")), listed(DECISIONS)]
SubjectRoleCode = Annotated[
    str, AfterValidator(known(SUBJECT_ROLES, "subject role")), listed(SUBJECT_ROLES)
]
PartnerTypeCode = Annotated[
    str, AfterValidator(known(PARTNER_TYPES, "partner type")), listed(PARTNER_TYPES)
]
PartnerRoleCode = Annotated[
    str, AfterValidator(known(PARTNER_ROLES, "partner role")), listed(PARTNER_ROLES)
]
