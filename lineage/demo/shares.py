"""Building blocks of a demo disclosure: who it is about, on what basis, and the payload.

A payload is exactly what a client would send to `POST /v1/disclosures`; the real validators
judge it and the real flag rules flag it. The helpers here only assemble fields.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from lineage.demo.people import Family, Person
from lineage.ledger.canonical import rfc3339
from models.vocabulary import CATEGORIES

Payload = dict[str, Any]


@dataclass(frozen=True)
class Basis:
    """An Art 6 basis with the Art 9, Schedule 1 and Art 10 conditions that go with it."""

    lawful_basis: str
    special: str | None = None
    schedule1: str | None = None
    criminal: str | None = None

    def fields(self, categories: list[str]) -> Payload:
        """The basis fields a share of these categories needs (conditions only if used)."""
        classes = {CATEGORIES[c].cls for c in categories}
        out: Payload = {"lawful_basis": self.lawful_basis}
        if "special" in classes:
            out["special_category_condition"] = self.special
            out["schedule1_condition"] = self.schedule1
        if "criminal" in classes:
            out["criminal_offence_condition"] = self.criminal
        return {k: v for k, v in out.items() if v is not None}


SAFEGUARDING: Final = Basis("UKGDPR.6.1.e", "UKGDPR.9.2.g", "DPA2018.S1.P2.18", "DPA2018.S1.P2.18")
CARE: Final = Basis("UKGDPR.6.1.e", "UKGDPR.9.2.h", "DPA2018.S1.P1.2", "DPA2018.S1.P2.18")
STATUTORY: Final = Basis("UKGDPR.6.1.c", "UKGDPR.9.2.g", "DPA2018.S1.P2.6", "DPA2018.S1.P2.6")
COURTS: Final = Basis("UKGDPR.6.1.e", "UKGDPR.9.2.f", None, "DPA2018.S1.P3.33")
CRIME: Final = Basis("UKGDPR.6.1.e", "UKGDPR.9.2.g", "DPA2018.S1.P2.10", "DPA2018.S1.P2.10")
PLANNING: Final = Basis("UKGDPR.6.1.e", "UKGDPR.9.2.g", "DPA2018.S1.P2.6", "DPA2018.S1.P2.6")
CONSENTED: Final = Basis("UKGDPR.6.1.a", "UKGDPR.9.2.a", None, "DPA2018.S1.P3.29")
LEGAL_DUTY: Final = Basis("UKGDPR.6.1.c", "UKGDPR.9.2.g", "DPA2018.S1.P2.6", "DPA2018.S1.P2.6")


@dataclass
class Draw:
    """The generator's dice for one event, and the moment the event happened."""

    rng: random.Random
    occurred_at: datetime

    def chance(self, rate: float) -> bool:
        return self.rng.random() < rate

    def entry_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def some(self, options: list[str], rate: float) -> list[str]:
        """Each option kept with probability `rate`."""
        return [o for o in options if self.rng.random() < rate]


def subject(person: Person, family: Family, role: str | None = None) -> Payload:
    """How the case system names a person in a disclosure."""
    named: Payload = {
        "local_id": person.local_id,
        "role": role or person.role,
        "family_id": family.family_id,
    }
    if person.nhs_number:
        named["nhs_number"] = person.nhs_number
    if person.upn:
        named["upn"] = person.upn
    return named


def household(family: Family, focus: Person | None = None, *, adults: bool = True) -> list[Payload]:
    """The children (others as siblings when one is the focus) and, if asked, the adults."""
    people = [
        subject(c, family, "child" if focus in (None, c) else "sibling") for c in family.children
    ]
    if adults:
        people += [subject(a, family) for a in family.parents + family.carers]
    return people


def concerns(family: Family, allowed: set[str]) -> list[str]:
    """The family's recorded concerns that this recipient may receive."""
    return sorted(family.concerns & allowed)


@dataclass
class Case:
    """One piece of casework: its dice, the family, and the fields every share of it has."""

    d: Draw
    family: Family
    common: Payload

    def to(
        self,
        recipient: str,
        categories: list[str],
        *,
        basis: Basis | None,
        method: str | None,
        agreement: str | None = None,
        **more: Any,
    ) -> Payload:
        """The share of this casework with one recipient (the sender defaults to the council)."""
        fields = {**self.common, **more}
        unique = list(dict.fromkeys(categories))
        return disclosure(
            self.d, basis, recipient=recipient, categories=unique, method=method,
            agreement=agreement, **fields,
        )  # fmt: skip


def disclosure(draw: Draw, basis: Basis | None, **fields: Any) -> Payload:
    """A disclosure payload: an entry id, the moment, the basis fields and the rest.

    Fields given as None are left out, as a client would leave them out.
    """
    payload: Payload = {"entry_id": draw.entry_id(), "occurred_at": draw.occurred_at}
    if basis is not None and fields.get("decision", "shared") == "shared":
        payload.update(basis.fields(fields["categories"]))
    payload.update({k: v for k, v in fields.items() if v is not None})
    payload["occurred_at"] = rfc3339(payload["occurred_at"])
    return payload
