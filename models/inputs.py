"""The input models in one place: disclosures, other entries, registries."""

from __future__ import annotations

from models.disclosure import CORRECTABLE_FIELDS, DISCLOSURE_FIELDS, DisclosureIn
from models.entries import BreachIn, CorrectionIn, ErasureIn, NotificationIn, apply_correction
from models.registry_schemas import AgreementIn, PartnerIn
from models.subject_input import SubjectIn, SubjectRef

__all__ = [
    "AgreementIn",
    "BreachIn",
    "CORRECTABLE_FIELDS",
    "CorrectionIn",
    "DISCLOSURE_FIELDS",
    "DisclosureIn",
    "ErasureIn",
    "NotificationIn",
    "PartnerIn",
    "SubjectIn",
    "SubjectRef",
    "apply_correction",
]
