"""Exceptions for the DPO: shares recorded as they happened, but flagged.

A ledger records what happened, so a share that broke policy is stored and flagged
rather than refused. `flag_exceptions` is pure: the caller looks up the cited agreement
(None when it is not on the register, or none is cited) and, for an onward disclosure,
the agreement of the entry it derives from.

A recorded decision not to share (`decision: refused`) disclosed nothing: no agreement,
lawful basis, transfer or onward rule applies to it, so only `late_record` can flag it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final, Protocol
from uuid import UUID

from models.adequacy import is_adequate
from models.citations import cites
from models.countries import COUNTRIES
from models.dates import uk_date
from models.disclosure import DisclosureIn
from models.registry_schemas import AgreementIn
from models.vocabulary import TRANSFER_MECHANISMS

LEGITIMATE_INTERESTS: Final = frozenset({"UKGDPR.6.1.f", "UKGDPR.6.1.ea"})
LATE_AFTER: Final = timedelta(days=30)


class Share(Protocol):
    """What the agreement and transfer rules read of a share: a recorded disclosure, or a
    share proposed to the decision point (`models.decisions.ProposedShare`)."""

    @property
    def recipient(self) -> str: ...
    @property
    def categories(self) -> list[str]: ...
    @property
    def purpose(self) -> str: ...
    @property
    def lawful_basis(self) -> str | None: ...
    @property
    def agreement(self) -> str | None: ...
    @property
    def one_off(self) -> bool: ...
    @property
    def derived_from(self) -> UUID | None: ...
    @property
    def occurred_at(self) -> datetime: ...
    @property
    def cross_border(self) -> bool: ...
    @property
    def destination_country(self) -> str | None: ...
    @property
    def transfer_mechanism(self) -> str | None: ...


@dataclass(frozen=True)
class DecisionState:
    """A recorded decision a disclosure cites: its outcome, and a REVIEW's resolution."""

    id: str
    outcome: str
    recipient: str
    resolved: str | None = None


@dataclass(frozen=True)
class Flag:
    """An exception found in an entry: a stable kind (EXCEPTION_KINDS) and a detail."""

    kind: str
    detail: str


@dataclass(frozen=True)
class AgreementView:
    """What the flag rules need of a sharing agreement; dates inclusive, UK calendar."""

    id: str
    parties: frozenset[str]
    categories: frozenset[str]
    purposes: frozenset[str]
    lawful_bases: frozenset[str]
    valid_from: date
    valid_to: date | None = None
    onward_sharing: bool = False
    onward_recipients: frozenset[str] = frozenset()

    @classmethod
    def of(cls, agreement: AgreementIn) -> AgreementView:
        """The view of a validated agreement."""
        return cls.from_terms(agreement.model_dump())

    @classmethod
    def from_terms(cls, terms: Mapping[str, Any]) -> AgreementView:
        """The view of an agreement as stored: an `AgreementIn` dump, JSON or not.

        Dates may be ISO 8601 strings; keys the rules do not need are ignored.
        """
        return cls(
            id=str(terms["id"]),
            parties=frozenset(terms["parties"]),
            categories=frozenset(terms["categories"]),
            purposes=frozenset(terms["purposes"]),
            lawful_bases=frozenset(terms["lawful_bases"]),
            valid_from=_day(terms["valid_from"]),
            valid_to=_day(terms["valid_to"]) if terms.get("valid_to") else None,
            onward_sharing=bool(terms.get("onward_sharing", False)),
            onward_recipients=frozenset(terms.get("onward_recipients") or ()),
        )


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def flag_exceptions(
    d: DisclosureIn,
    *,
    council: str,
    sender: str,
    agreement: AgreementView | None,
    parent_agreement: AgreementView | None,
    recorded_at: datetime,
    late_after: timedelta = LATE_AFTER,
    decision: DecisionState | None = None,
) -> list[Flag]:
    """Every exception of a disclosure, in the order of EXCEPTION_KINDS.

    `sender` is the effective sender (the council when the entry names none);
    `agreement` is the agreement `d.agreement` cites, None when that is not on the
    register; `parent_agreement` is the agreement of the entry `d.derived_from` names;
    `decision` is the decision `d.decision_id` cites, if any.
    """
    late = late_record(d, recorded_at, late_after)
    if d.is_refusal:
        return late
    return [
        *agreement_flags(d, sender, agreement),
        *legitimate_interests_by_council(d, council, sender),
        *transfer_flags(d, council, sender),
        *late,
        *onward_not_permitted(d, parent_agreement),
        *contrary_to_decision(d, decision),
    ]


@cites("ICO data sharing code: sharing agreements; UK GDPR Art 5(2) accountability")
def agreement_flags(d: Share, sender: str, agreement: AgreementView | None) -> list[Flag]:
    """`no_agreement`, `unknown_agreement` or `outside_agreement` (ICO data sharing code).

    An onward disclosure citing no agreement of its own is judged by its parent's
    agreement alone (`onward_not_permitted`), not flagged as `no_agreement`.
    """
    if d.agreement is None:
        detail = "no sharing agreement cited and not marked one-off"
        exempt = d.one_off or d.derived_from is not None
        return [] if exempt else [Flag("no_agreement", detail)]
    if agreement is None:
        return [Flag("unknown_agreement", f"agreement '{d.agreement}' is not on the register")]
    if agreement.id != d.agreement:
        raise ValueError(f"agreement {agreement.id!r} given for an entry citing {d.agreement!r}")
    reasons = outside_reasons(d, sender, agreement)
    return [Flag("outside_agreement", "; ".join(reasons))] if reasons else []


def outside_reasons(d: Share, sender: str, agreement: AgreementView) -> list[str]:
    """How a disclosure goes beyond its agreement: parties, categories, purpose, basis, dates."""
    reasons = [
        f"{role} '{code}' is not a party"
        for role, code in (("sender", sender), ("recipient", d.recipient))
        if code not in agreement.parties
    ]
    reasons += [
        f"category '{c}' is not covered" for c in d.categories if c not in agreement.categories
    ]
    if d.purpose not in agreement.purposes:
        reasons.append(f"purpose '{d.purpose}' is not covered")
    if d.lawful_basis is not None and d.lawful_basis not in agreement.lawful_bases:
        reasons.append(f"lawful basis '{d.lawful_basis}' is not covered")
    return reasons + _outside_dates(uk_date(d.occurred_at), agreement)


def _outside_dates(on: date, agreement: AgreementView) -> list[str]:
    if on < agreement.valid_from:
        return [f"occurred {on}, before the agreement began on {agreement.valid_from}"]
    if agreement.valid_to is not None and on > agreement.valid_to:
        return [f"occurred {on}, after the agreement ended on {agreement.valid_to}"]
    return []


@cites("UK GDPR Art 6(1), final subparagraph")
def legitimate_interests_by_council(d: Share, council: str, sender: str) -> list[Flag]:
    """Art 6(1)(ea) or (f) relied on by the council (UK GDPR Art 6(1), final subparagraph).

    Neither is available to a public authority processing in the performance of its tasks.
    """
    if sender != council or d.lawful_basis not in LEGITIMATE_INTERESTS:
        return []
    detail = f"{d.lawful_basis} relied on by the council in performing its tasks"
    return [Flag("legitimate_interests_by_council", detail)]


@cites("UK GDPR Art 45 and Art 49(3)")
def transfer_flags(d: Share, council: str, sender: str) -> list[Flag]:
    """`unavailable_derogation` (UK GDPR Art 49(3)) and `not_adequate` (Art 45)."""
    mechanism = TRANSFER_MECHANISMS.get(d.transfer_mechanism or "")
    if not d.cross_border or mechanism is None:
        return []
    flags: list[Flag] = []
    if mechanism.unavailable_to_public_authority and sender == council:
        detail = f"{mechanism.code} is not available to a public authority using its powers"
        flags.append(Flag("unavailable_derogation", detail))
    country, on = d.destination_country, uk_date(d.occurred_at)
    if mechanism.code == "ADEQUACY" and country and not is_adequate(country, on):
        detail = f"{COUNTRIES.get(country, country)} ({country}) was not adequate on {on}"
        flags.append(Flag("not_adequate", detail))
    return flags


@cites("UK GDPR Art 5(2) and Art 30")
def late_record(d: DisclosureIn, recorded_at: datetime, late_after: timedelta) -> list[Flag]:
    """Recorded more than `late_after` after it occurred."""
    if recorded_at.utcoffset() is None:
        raise ValueError("recorded_at must be timezone-aware")
    delay = recorded_at - d.occurred_at
    if delay <= late_after:
        return []
    return [Flag("late_record", f"recorded {delay.days} days after it occurred")]


@cites("ICO data sharing code: onward sharing under the agreement")
def onward_not_permitted(d: Share, parent: AgreementView | None) -> list[Flag]:
    """An onward disclosure its parent's agreement does not permit, or not to this recipient.

    A parent shared under no agreement (one-off, or none cited) permits nothing onward.
    """
    if d.derived_from is None:
        return []
    if parent is None:
        detail = "the entry it derives from cites no agreement permitting onward sharing"
    elif not parent.onward_sharing:
        detail = f"agreement '{parent.id}' does not permit onward sharing"
    elif parent.onward_recipients and d.recipient not in parent.onward_recipients:
        allowed = ", ".join(sorted(parent.onward_recipients))
        detail = f"agreement '{parent.id}' permits onward sharing only to {allowed}"
    else:
        return []
    return [Flag("onward_not_permitted", detail)]


@cites("Working Together to Safeguard Children 2023: record the decision and its reasons")
def contrary_to_decision(d: DisclosureIn, decision: DecisionState | None) -> list[Flag]:
    """A share that follows a DENY, or a REVIEW nobody resolved (or resolved as DENY), or
    goes to another recipient than the decision it cites considered."""
    if decision is None:
        return []
    outcome = decision.resolved or decision.outcome
    if outcome == "DENY":
        detail = f"decision {decision.id} was DENY"
    elif outcome == "REVIEW":
        detail = f"decision {decision.id} was REVIEW and nobody has resolved it"
    elif decision.recipient != d.recipient:
        detail = f"decision {decision.id} was about a share to '{decision.recipient}'"
    else:
        return []
    return [Flag("contrary_to_decision", detail)]


def flag_kinds(flags: Iterable[Flag]) -> list[str]:
    """The distinct kinds of some flags, in order: the `exceptions` of a receipt."""
    return list(dict.fromkeys(flag.kind for flag in flags))
