"""The decision point's rules: may this proposed share go ahead? PERMIT, REVIEW or DENY.

Built on the ledger's own rules, not a copy of them: the refusal rules of
`models.refusals` (Art 9 conditions, Schedule 1 pairing, Chapter V) and the flag rules of
`models.flags` (agreements, the council's lawful basis, transfers) are called here on the
proposal, and each finding becomes a reason `{rule, citation, detail}`.

* DENY: a data protection condition is missing (Art 6 basis, Art 9 condition, Schedule 1
  pairing, Art 10 condition, Annex 1), a transfer has no lawful mechanism (Chapter V), or
  the council relies on a basis it may not use for its tasks (Art 6(1) last subparagraph);
  and a decision not to share (`withhold`), with its reason.
* REVIEW: outside the cited agreement, an agreement not on the register or retired, or no
  agreement and not a one-off.
* PERMIT: otherwise, citing the agreement (and version) or the one-off; a safeguarding
  share between designated persons is PERMIT without an agreement under the duty to share
  (Children Act 2004 s16LA), unless a DENY rule applies.

Pure: the caller looks up the agreement and the partners' types.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from models.citations import citation_of, rule_name
from models.decisions import ProposedShare
from models.errors import Refusal
from models.flags import (
    AgreementView,
    Flag,
    agreement_flags,
    legitimate_interests_by_council,
    transfer_flags,
)
from models.refusals import (
    annex1_condition,
    criminal_offence_condition,
    cross_border_transfer,
    schedule1_pairing,
    shared_needs,
    special_category_condition,
)

CWSA: Final = "inserted by the Children's Wellbeing and Schools Act 2026 s4"
S16LA: Final = f"Children Act 2004 s16LA ({CWSA})"
S16LA_EXCEPTION: Final = (
    f"Children Act 2004 s16LA, exception: sharing more detrimental to the child ({CWSA})"
)
S16LC: Final = f"Children Act 2004 s16LC ({CWSA})"
RECORD_DECISION: Final = (
    "Working Together to Safeguard Children 2023; Information sharing advice for "
    "safeguarding practitioners 2024: record the decision and the reasons"
)
ONE_OFF: Final = "ICO data sharing code: one-off sharing without an agreement"
AGREEMENT_CLAUSE: Final = "parties, categories, purposes, lawful bases and dates"

SAFEGUARDING_PURPOSES: Final = frozenset({"safeguarding", "child_protection"})
DESIGNATED_TYPES: Final = frozenset({"local_authority", "police", "icb_gp", "nhs_trust", "school"})
"""Partner types treated as designated persons under the duty to share (s16LA): the
safeguarding partners (s16E: local authority, integrated care board, police) and the
relevant agencies the duty reaches (NHS trusts and GPs, schools)."""
CONSISTENT_IDENTIFIER: Final = "nhs_number"
"""The consistent identifier for children (s16LC): the NHS number is intended."""


@dataclass(frozen=True)
class Reason:
    """One reason for a decision: the rule, the provision or agreement clause, and why."""

    rule: str
    citation: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "citation": self.citation, "detail": self.detail}


@dataclass(frozen=True)
class Consulted:
    """What the caller looked up: the cited agreement's current version (None when not on
    the register or none cited) and the sender's and recipient's partner types."""

    agreement: AgreementView | None = None
    agreement_version: int | None = None
    agreement_retired: bool = False
    sender_type: str | None = None
    recipient_type: str | None = None


@dataclass(frozen=True)
class Decision:
    """The outcome, every reason, the agreement version consulted, whether the duty to
    share applied and whether the consistent identifier is included."""

    outcome: str
    reasons: list[Reason]
    agreement_version: int | None
    duty_to_share: bool
    consistent_identifier: bool


RefusalRule = Callable[[Mapping[str, Any]], list[Refusal]]

DENY_REFUSAL_RULES: Final[tuple[RefusalRule, ...]] = (
    shared_needs,
    special_category_condition,
    schedule1_pairing,
    criminal_offence_condition,
    annex1_condition,
    cross_border_transfer,
)
"""The ledger's refusal rules that, broken by a proposal, mean DENY. `shared_needs` is read
for the lawful basis only: a proposal need not say yet how it will be sent."""


def decide(p: ProposedShare, *, council: str, consulted: Consulted) -> Decision:
    """The decision on a proposed share; `council` is the council's partner code."""
    duty = duty_applies(p, consulted)
    included = CONSISTENT_IDENTIFIER in p.categories
    notes = [identifier_reason(included)] if duty else []
    version = consulted.agreement_version
    if p.withhold:
        return Decision("DENY", [withheld(p, duty), *notes], version, duty, included)
    deny = deny_reasons(p, council)
    review = [] if duty else review_reasons(p, p.sender or council, consulted)
    if deny:
        outcome, reasons = "DENY", [*deny, *review]
    elif review:
        outcome, reasons = "REVIEW", review
    else:
        outcome, reasons = "PERMIT", permit_reasons(p, p.sender or council, consulted, duty)
    return Decision(outcome, [*reasons, *notes], version, duty, included)


def duty_applies(p: ProposedShare, consulted: Consulted) -> bool:
    """A safeguarding share between designated persons, within the UK (s16LA)."""
    return (
        p.purpose in SAFEGUARDING_PURPOSES
        and not p.cross_border
        and consulted.sender_type in DESIGNATED_TYPES
        and consulted.recipient_type in DESIGNATED_TYPES
    )


def deny_reasons(p: ProposedShare, council: str) -> list[Reason]:
    """Every data protection rule the proposal breaks."""
    raw = p.__dict__
    reasons = [
        Reason(rule_name(rule), citation_of(rule), refusal.message)
        for rule in DENY_REFUSAL_RULES
        for refusal in rule(raw)
        if rule is not shared_needs or refusal.loc == ("lawful_basis",)
    ]
    sender = p.sender or council
    reasons += _from_flags(
        legitimate_interests_by_council(p, council, sender),
        citation_of(legitimate_interests_by_council),
    )
    return reasons + _from_flags(transfer_flags(p, council, sender), citation_of(transfer_flags))


def review_reasons(p: ProposedShare, sender: str, consulted: Consulted) -> list[Reason]:
    """Outside the agreement, an unknown or retired agreement, or none and not a one-off."""
    agreement = consulted.agreement
    citation = citation_of(agreement_flags)
    if agreement is not None:
        citation = f"{_clause(agreement.id, consulted.agreement_version)}; {citation}"
    reasons = _from_flags(agreement_flags(p, sender, agreement), citation)
    if agreement is not None and consulted.agreement_retired:
        detail = f"agreement '{agreement.id}' has been retired"
        reasons.append(Reason("agreement_retired", citation, detail))
    return reasons


def permit_reasons(p: ProposedShare, sender: str, consulted: Consulted, duty: bool) -> list[Reason]:
    """Why the share may go ahead: the duty to share, the agreement, or a one-off."""
    reasons = []
    if duty:
        detail = (
            f"a safeguarding share from a designated person ({consulted.sender_type}) to "
            f"another ({consulted.recipient_type}): the duty to share applies, "
            "with or without a sharing agreement"
        )
        reasons.append(Reason("s16la_duty", S16LA, detail))
    agreement = consulted.agreement
    if agreement is not None and not review_reasons(p, sender, consulted):
        detail = f"within agreement '{agreement.id}': its {AGREEMENT_CLAUSE}"
        clause = _clause(agreement.id, consulted.agreement_version)
        reasons.append(Reason("inside_agreement", clause, detail))
    elif p.one_off:
        reasons.append(Reason("one_off", ONE_OFF, "a one-off share, outside any agreement"))
    return reasons


def withheld(p: ProposedShare, duty: bool) -> Reason:
    """A decision not to share, with its reason; under the duty, its exception."""
    if duty:
        return Reason("s16la_exception", S16LA_EXCEPTION, p.reason or "")
    return Reason("withheld", RECORD_DECISION, p.reason or "")


def identifier_reason(included: bool) -> Reason:
    """Whether the consistent identifier is part of the share (s16LC)."""
    detail = "the NHS number is included" if included else "the NHS number is not included"
    return Reason("consistent_identifier", S16LC, detail)


def _clause(agreement_id: str, version: int | None) -> str:
    suffix = f" version {version}" if version is not None else ""
    return f"agreement {agreement_id}{suffix}: {AGREEMENT_CLAUSE}"


def _from_flags(flags: list[Flag], citation: str) -> list[Reason]:
    return [Reason(flag.kind, citation, flag.detail) for flag in flags]
