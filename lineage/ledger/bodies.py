"""Turning validated requests into ledger bodies: tokens for subjects, sealed free text,
exceptions flagged, and the references the projections need (seqs of linked entries).

Database-dependent refusals (unknown partner, unknown or mismatched `derived_from`, unknown
entries) are raised here as `EntryRefused`, naming the field.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from lineage.ledger.canonical import rfc3339
from lineage.ledger.context import AppendContext, Version
from lineage.ledger.free_text import SEALED_FIELDS, seal_fields, sealed
from models.errors import IdentifierConflict
from models.flags import AgreementView, DecisionState, flag_exceptions
from models.retention import retention_class_for
from models.validation import EntryRefused, FieldError, validate_corrected_disclosure

Body = dict[str, Any]


def refuse(field: str, message: str) -> EntryRefused:
    return EntryRefused([FieldError(field, message)])


def _agreement_view(terms: dict[str, Any] | None) -> AgreementView | None:
    if terms is None:
        return None
    return AgreementView.from_terms(terms)


def disclosure_state(
    ctx: AppendContext, d: Any, entry_id: str, *, parent: Version | None
) -> tuple[Body, list[dict[str, str]]]:
    """The stored form of a validated disclosure and the exceptions it raises."""
    sender = d.sender or (parent.disclosure["recipient"] if parent else ctx.settings.council)
    check_partners(ctx, sender, d.recipient)
    subjects = resolved_subjects(ctx, d, parent)
    state: Body = d.model_dump(
        mode="json", exclude_none=True, exclude={"entry_id", "subjects", *SEALED_FIELDS}
    )
    state.update(
        occurred_at=rfc3339(d.occurred_at),  # the ledger keeps UTC, whatever offset was sent
        sender=sender,
        subjects=subjects,
    )
    # Absent, not null, when not given: a null member costs the serialiser a second pass.
    given = {f: getattr(d, f) for f in SEALED_FIELDS}
    state.update(seal_fields(ctx, given, entry_id, [s["token"] for s in subjects]))
    if parent is not None:
        state["derived_from_seq"] = parent.seq
    return state, _flags(ctx, d, sender, parent)


def check_partners(ctx: AppendContext, sender: str, recipient: str) -> None:
    errors = [
        FieldError(f, f"unknown partner {code!r}")
        for f, code in (("sender", sender), ("recipient", recipient))
        if not ctx.partner_exists(code)
    ]
    if errors:
        raise EntryRefused(errors)


def resolved_subjects(ctx: AppendContext, d: Any, parent: Version | None) -> list[dict[str, str]]:
    if not d.subjects:
        assert parent is not None, "the validator requires subjects without derived_from"
        return [dict(s) for s in parent.disclosure["subjects"]]
    resolved = []
    for i, subject in enumerate(d.subjects):
        try:
            resolved.append({"token": ctx.registry.resolve(subject), "role": subject.role})
        except LookupError as unknown:
            raise refuse(f"subjects[{i}].token", str(unknown)) from None
        except IdentifierConflict as conflict:  # one identifier, one subject (HTTP 409)
            raise conflict.under(f"subjects[{i}]") from None
    return resolved


def _flags(ctx: AppendContext, d: Any, sender: str, parent: Version | None) -> list[dict[str, str]]:
    agreement = _agreement_view(ctx.agreement(d.agreement)) if d.agreement else None
    parent_agreement = None
    if parent is not None and parent.disclosure.get("agreement"):
        parent_agreement = _agreement_view(ctx.agreement(parent.disclosure["agreement"]))
    flags = flag_exceptions(
        d,
        council=ctx.settings.council,
        sender=sender,
        agreement=agreement,
        parent_agreement=parent_agreement,
        recorded_at=ctx.recorded_at,
        late_after=timedelta(days=ctx.settings.late_record_days),
        decision=cited_decision(ctx, d.decision_id),
    )
    details: dict[str, list[str]] = {}
    for flag in flags:
        details.setdefault(flag.kind, []).append(flag.detail)
    return [{"kind": kind, "detail": "; ".join(d)} for kind, d in sorted(details.items())]


def cited_decision(ctx: AppendContext, decision_id: Any) -> DecisionState | None:
    """The decision a disclosure cites (`decision_id`); refused if it is not in the ledger."""
    if decision_id is None:
        return None
    found = ctx.decision(str(decision_id))
    if found is None:
        raise refuse("decision_id", f"no decision {decision_id} in the ledger")
    seq, body = found
    recipient = body["proposal"]["recipient"]
    return DecisionState(str(decision_id), body["outcome"], recipient, ctx.resolution(seq))


def parent_of(ctx: AppendContext, d: Any) -> Version | None:
    """The entry an onward disclosure derives from; refused if unknown or not received."""
    if d.derived_from is None:
        return None
    parent = ctx.version(str(d.derived_from))
    if parent is None:
        raise refuse("derived_from", f"no disclosure {d.derived_from} in the ledger")
    if d.sender is not None and parent.disclosure["recipient"] != d.sender:
        raise refuse(
            "derived_from",
            f"entry {d.derived_from} was disclosed to "
            f"{parent.disclosure['recipient']!r}, not to the sender {d.sender!r}",
        )
    return parent


def envelope(ctx: AppendContext, *, seq: int, entry_id: str, kind: str) -> Body:
    return {
        "seq": seq,
        "entry_id": entry_id,
        "kind": kind,
        "recorded_at": rfc3339(ctx.recorded_at),
        "recorded_by": ctx.recorded_by,
    }


def disclosure_body(ctx: AppendContext, d: Any, *, seq: int, entry_id: str) -> Body:
    parent = parent_of(ctx, d)
    state, flags = disclosure_state(ctx, d, entry_id, parent=parent)
    kind = "onward" if parent is not None else "disclosure"
    body = envelope(ctx, seq=seq, entry_id=entry_id, kind=kind)
    body.update(
        disclosure=state,
        exceptions=flags,
        retention_class=retention_class_for(state["categories"], state["purpose"]),
    )
    ctx.pending_versions[entry_id] = Version(seq, entry_id, kind, state, False)
    return body


_KEPT = "kept as the corrected entry stored it"
"""Stands in for a stored (sealed or coded) field while a corrected disclosure is validated;
the stored form is put back after, so text is never unsealed to be corrected."""


def _as_request(state: Body) -> Body:
    """An effective state back in the shape a client sends, to merge changes into."""
    request = {k: v for k, v in state.items() if k != "derived_from_seq"}
    request.update({k: _KEPT for k in SEALED_FIELDS if state.get(k) is not None})
    request["subjects"] = [{"token": s["token"], "role": s["role"]} for s in state["subjects"]]
    return request


def _stored_changes(changes: Body, state: Body) -> Body:
    """The changes as the body keeps them: free text in its sealed or coded form, subjects
    as tokens, never as a client typed them."""
    stored = dict(changes)
    for key in changes.keys() & (SEALED_FIELDS | {"subjects"}):
        stored[key] = state.get(key)
    return stored


def correction_body(ctx: AppendContext, c: Any, target_id: str, *, seq: int, entry_id: str) -> Body:
    """A correction (UK GDPR Art 16) of `target_id`: the corrected disclosure is validated
    as a whole, and every refusal of it is named under `changes.` (`changes.recipient`)."""
    target = ctx.version(target_id)
    if target is None:
        raise LookupError(f"no disclosure {target_id} in the ledger")
    body = envelope(ctx, seq=seq, entry_id=entry_id, kind="correction")
    body.update(corrects=target.entry_id, corrects_seq=target.seq, target_kind=target.kind)
    flags: list[dict[str, str]]
    if c.void:
        state, flags = dict(target.disclosure), []
    else:
        state, flags = _corrected_state(ctx, target, c.changes)
        # Lateness belongs to the original recording, not to when it was corrected.
        flags = [f for f in flags if f["kind"] != "late_record"]
        for key in SEALED_FIELDS - c.changes.keys():
            state[key] = target.disclosure.get(key)
        body["changes"] = _stored_changes(c.changes, state)
    body.update(
        void=bool(c.void),
        disclosure={k: v for k, v in state.items() if v is not None},
        reason=sealed(ctx, c.reason, entry_id, [s["token"] for s in state["subjects"]]),
        exceptions=flags,
        retention_class=retention_class_for(state["categories"], state["purpose"]),
    )
    ctx.pending_versions[target.entry_id] = Version(
        target.seq, target.entry_id, target.kind, body["disclosure"], bool(c.void)
    )
    return body


def _corrected_state(
    ctx: AppendContext, target: Version, changes: dict[str, Any]
) -> tuple[Body, list[dict[str, str]]]:
    merged = validate_corrected_disclosure(_as_request(target.disclosure), changes)
    known_subjects(ctx, merged)
    parent = ctx.version(str(merged.derived_from)) if merged.derived_from else None
    try:
        return disclosure_state(ctx, merged, target.entry_id, parent=parent)
    except EntryRefused as refused:
        raise refused.under("changes") from None


def known_subjects(ctx: AppendContext, d: Any) -> None:
    """Refuse a correction naming a subject the ledger has never seen (no new person)."""
    for i, subject in enumerate(d.subjects or []):
        try:
            ctx.registry.resolve_known(subject)
        except LookupError as unknown:
            name = "token" if subject.token is not None else "local_id"
            raise refuse(f"changes.subjects[{i}].{name}", str(unknown)) from None


def linked_entries(ctx: AppendContext, entry_ids: list[Any], field: str) -> list[Version]:
    found = []
    for i, entry_id in enumerate(entry_ids):
        version = ctx.version(str(entry_id))
        if version is None:
            raise refuse(f"{field}[{i}]", f"no disclosure {entry_id} in the ledger")
        found.append(version)
    return found


def breach_body(ctx: AppendContext, b: Any, *, seq: int, entry_id: str) -> Body:
    if not ctx.partner_exists(b.partner):
        raise refuse("partner", f"unknown partner {b.partner!r}")
    linked = linked_entries(ctx, list(b.entries), "entries")
    tokens = sorted({t for v in linked for t in v.tokens})
    body = envelope(ctx, seq=seq, entry_id=entry_id, kind="breach")
    body.update(
        occurred_at=rfc3339(b.occurred_at),
        partner=b.partner,
        entries=[{"entry_id": v.entry_id, "seq": v.seq} for v in linked],
        categories=list(b.categories or []),
        reported_to_ico=b.reported_to_ico,
        nature=sealed(ctx, b.nature, entry_id, tokens),
    )
    if b.aware_at is not None:  # absent, not null: bodies recorded without it stay as they were
        body["aware_at"] = rfc3339(b.aware_at)
    if b.intended_recipient is not None:
        if not ctx.partner_exists(b.intended_recipient):
            raise refuse("intended_recipient", f"unknown partner {b.intended_recipient!r}")
        body["intended_recipient"] = b.intended_recipient
    ctx.pending_cases[entry_id] = (seq, body)
    return body


def notification_body(ctx: AppendContext, n: Any, *, seq: int, entry_id: str) -> Body:
    if not ctx.partner_exists(n.recipient):
        raise refuse("recipient", f"unknown partner {n.recipient!r}")
    try:
        token = ctx.registry.resolve_known(n.subject)
    except LookupError as unknown:
        field = "subject.token" if n.subject.token is not None else "subject.local_id"
        raise refuse(field, str(unknown)) from None
    linked = linked_entries(ctx, list(n.entries), "entries")
    body = envelope(ctx, seq=seq, entry_id=entry_id, kind="notification")
    body.update(
        occurred_at=rfc3339(n.occurred_at),
        recipient=n.recipient,
        subject=token,
        entries=[{"entry_id": v.entry_id, "seq": v.seq} for v in linked],
        method=n.method,
        reason=sealed(ctx, n.reason, entry_id, [token]),
    )
    return body


def erasure_body(ctx: AppendContext, e: Any, *, seq: int, entry_id: str) -> Body:
    """Records that a subject's keys were destroyed; carries no personal data."""
    if not ctx.registry.exists(e.subject):
        raise refuse("subject", f"unknown or already erased subject {e.subject!r}")
    if ctx.registry.on_legal_hold(e.subject):
        raise refuse("subject", "the subject is under a legal hold")
    ctx.registry.erase(e.subject)
    body = envelope(ctx, seq=seq, entry_id=entry_id, kind="erasure")
    body.update(subject=e.subject, ground=e.ground)
    return body


def legal_hold_body(ctx: AppendContext, h: Any, *, seq: int, entry_id: str) -> Body:
    """A legal hold placed or released; the registry's flag follows it (a cache of the
    ledger's state, which `verify` checks against these entries)."""
    if not ctx.registry.exists(h.subject):
        raise refuse("subject", f"unknown or erased subject {h.subject!r}")
    placing = h.action == "place"
    if ctx.registry.on_legal_hold(h.subject) == placing:
        state = "already under" if placing else "not under"
        raise refuse("action", f"the subject is {state} a legal hold")
    ctx.registry.set_legal_hold(h.subject, placing)
    body = envelope(ctx, seq=seq, entry_id=entry_id, kind="legal_hold")
    body.update(subject=h.subject, action=h.action, ground=h.ground)
    if h.note is not None:
        body["note"] = sealed(ctx, h.note, entry_id, [h.subject])
    return body


def review_body(ctx: AppendContext, r: Any, *, seq: int, entry_id: str) -> Body:
    """The DPO's disposition of a flagged entry; the reason sealed to its subjects."""
    reviewed = ctx.version(str(r.entry))
    if reviewed is None:
        raise refuse("entry", f"no disclosure {r.entry} in the ledger")
    body = envelope(ctx, seq=seq, entry_id=entry_id, kind="review")
    body.update(
        entry={"entry_id": reviewed.entry_id, "seq": reviewed.seq},
        disposition=r.disposition,
        reason=sealed(ctx, r.reason, entry_id, sorted(reviewed.tokens)),
    )
    return body
