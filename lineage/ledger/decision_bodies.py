"""Ledger bodies for decisions (`kind: decision`) and their resolutions (`kind: resolution`).

A decision is made under the writers' lock, from the agreement and partner registry as they
stand at that moment, so the agreement version it names is the one it read. Free text (a
withholding reason, a resolution's reason) is sealed to the subjects, as a disclosure's is.
"""

from __future__ import annotations

import uuid
from typing import Final

from lineage.ledger.bodies import (
    Body,
    check_partners,
    envelope,
    refuse,
    resolved_subjects,
)
from lineage.ledger.canonical import rfc3339
from lineage.ledger.context import AppendContext
from lineage.ledger.free_text import sealed
from models.decision_rules import Consulted, Decision, decide
from models.decisions import ProposedShare, ResolutionIn
from models.flags import AgreementView

SEALED_REASON: Final = "the reason is sealed with the decision (proposal.reason)"


def consulted(ctx: AppendContext, p: ProposedShare, sender: str) -> Consulted:
    """What the decision rules need from the registries, read under the lock."""
    terms = ctx.agreement(p.agreement) if p.agreement else None
    return Consulted(
        agreement=AgreementView.from_terms(terms) if terms else None,
        agreement_version=int(terms["version"]) if terms else None,
        agreement_retired=bool(terms and terms.get("retired")),
        sender_type=ctx.partner_type(sender),
        recipient_type=ctx.partner_type(p.recipient),
    )


def decision_body(ctx: AppendContext, p: ProposedShare, *, seq: int, entry_id: str) -> Body:
    """The decision on a proposed share, and the proposal it answered."""
    sender = p.sender or ctx.settings.council
    check_partners(ctx, sender, p.recipient)
    subjects = resolved_subjects(ctx, p, None) if p.subjects else []
    decision = decide(p, council=ctx.settings.council, consulted=consulted(ctx, p, sender))
    proposal: Body = p.model_dump(
        mode="json", exclude_none=True, exclude={"decision_id", "reason", "subjects"}
    )
    proposal.update(occurred_at=rfc3339(p.occurred_at), sender=sender, subjects=subjects)
    if p.reason is not None:
        proposal["reason"] = sealed(ctx, p.reason, entry_id, [s["token"] for s in subjects])
    body = envelope(ctx, seq=seq, entry_id=entry_id, kind="decision")
    body.update(proposal=proposal, **_outcome(decision, withheld=p.withhold))
    ctx.pending_decisions[entry_id] = (seq, body)
    return body


def _outcome(decision: Decision, *, withheld: bool) -> Body:
    reasons = [r.as_dict() for r in decision.reasons]
    if withheld:  # the practitioner's words are sealed in the proposal, not kept in clear
        reasons[0]["detail"] = SEALED_REASON
    return {
        "outcome": decision.outcome,
        "reasons": reasons,
        "agreement_version": decision.agreement_version,
        "duty_to_share": decision.duty_to_share,
        "consistent_identifier": decision.consistent_identifier,
    }


def resolution_body(
    ctx: AppendContext, r: ResolutionIn, decision_id: str, *, seq: int, entry_id: str
) -> Body:
    """A REVIEW decision resolved by a named person; a decision is resolved once."""
    found = ctx.decision(decision_id)
    if found is None:
        raise LookupError(f"no decision {decision_id} in the ledger")
    decision_seq, decision = found
    if decision["outcome"] != "REVIEW":
        was = decision["outcome"]
        raise refuse("outcome", f"only a REVIEW is resolved; this decision was {was}")
    if ctx.resolution(decision_seq) is not None:
        raise refuse("outcome", f"decision {decision_id} has already been resolved")
    tokens = [s["token"] for s in decision["proposal"]["subjects"]]
    body = envelope(ctx, seq=seq, entry_id=entry_id, kind="resolution")
    body.update(
        decision=decision_id,
        decision_seq=decision_seq,
        resolved_by=r.resolved_by,
        outcome=r.outcome,
        reason=sealed(ctx, r.reason, entry_id, tokens),
    )
    ctx.pending_resolutions[decision_seq] = r.outcome
    return body


def resolution_id(decision_id: str) -> str:
    """The entry id of a decision's one resolution: fixed, so a second one conflicts.

    Raises ValueError if `decision_id` is not a UUID."""
    return str(uuid.uuid5(uuid.UUID(decision_id), "resolution"))
