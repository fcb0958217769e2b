"""The ledger body of a casework step (an entry of kind `case`; see `models.cases`).

A step names its case by the id of the entry that opened it; the case must exist, be of the
step's kind and not be closed. Subjects become tokens, linked entries their ids and seqs,
partners must be registered, and free text is sealed to the case's subjects (or the office
key when it names none), as every other entry's free text is.
"""

from __future__ import annotations

from typing import Any, Final

from lineage.cases.records import steps_of
from lineage.ledger.bodies import Body, envelope, linked_entries, refuse
from lineage.ledger.canonical import rfc3339
from lineage.ledger.context import AppendContext
from lineage.ledger.free_text import sealed
from lineage.registry.partners import current_partner
from models.cases import is_opening
from models.validation import EntryRefused

SEALED: Final = ("reason", "summary", "requester", "complainant", "detail", "scope", "reference")
"""Free-text fields: they may name people, so the ledger keeps them sealed."""
_ENVELOPE: Final = {"entry_id", "case", "case_kind", "step"}


def case_tokens(ctx: AppendContext, body: dict[str, Any]) -> list[str]:
    """The subjects a case concerns, from the body that opened it (a breach: the subjects
    of the entries it exposed)."""
    if body["kind"] == "breach":
        found = [ctx.version(e["entry_id"]) for e in body["entries"]]
        return sorted({t for v in found if v is not None for t in v.tokens})
    if "subject" in body:
        return [body["subject"]]
    return list(body.get("subjects", []))


def case_body(ctx: AppendContext, c: Any, *, seq: int, entry_id: str) -> Body:
    """The body of one case step (`c` a validated `models.cases` step)."""
    tokens: list[str] = []
    if is_opening(c):
        case_id, case_seq = entry_id, seq
    else:
        case_id, case_seq, tokens = _open_case(ctx, c)
    fields = c.model_dump(mode="json", exclude=_ENVELOPE, exclude_none=True)
    fields = _resolved(ctx, fields, c)
    tokens = tokens or _tokens_of(fields)
    for name in SEALED:
        if name in fields:
            fields[name] = sealed(ctx, fields[name], entry_id, tokens)
    if "at" in fields:
        fields["at"] = rfc3339(c.at)
    body = envelope(ctx, seq=seq, entry_id=entry_id, kind="case")
    body.update(case=case_id, case_seq=case_seq, case_kind=c.case_kind, step=c.step, **fields)
    if is_opening(c):
        ctx.pending_cases[entry_id] = (seq, body)
    if c.step == "closed":
        ctx.pending_closes.add(case_seq)
    return body


def _open_case(ctx: AppendContext, c: Any) -> tuple[str, int, list[str]]:
    case_id, kind = str(c.case), c.case_kind
    found = ctx.case_opening(case_id)
    if found is None:
        raise refuse("case", f"no case {case_id} in the ledger")
    seq, opening = found
    _check_recipient(c, opening)
    _check_release(ctx, c)
    _check_clock(ctx, c, seq)
    opened_kind = "breach" if opening["kind"] == "breach" else opening["case_kind"]
    if opened_kind != kind:
        raise refuse("case", f"case {case_id} is a {opened_kind} case, not {kind}")
    if ctx.case_closed(seq):
        raise refuse("case", f"case {case_id} is closed")
    return case_id, seq, case_tokens(ctx, opening)


def _check_clock(ctx: AppendContext, c: Any, case_seq: int) -> None:
    """Art 12A: the clock stops only while it runs, and restarts only while stopped, on or
    after the day it stopped (steps earlier in the same transaction are not seen)."""
    if c.step not in ("paused", "restarted"):
        return
    stops = [s for s in steps_of(ctx.conn, [case_seq]).get(case_seq, [])
             if s["step"] in ("paused", "restarted")]  # fmt: skip
    stopped = bool(stops) and stops[-1]["step"] == "paused"
    if c.step == "paused" and stopped:
        raise refuse("step", "the clock is already stopped; restart it first")
    if c.step == "restarted" and not stopped:
        raise refuse("step", "the clock is not stopped")
    if c.step == "restarted" and c.on.isoformat() < stops[-1]["on"]:
        raise refuse("on", f"before the clock stopped on {stops[-1]['on']}")


def _check_release(ctx: AppendContext, c: Any) -> None:
    """A subject access response goes to the data subject or their representative."""
    if c.step != "released":
        return
    partner = current_partner(ctx.conn, c.recipient)
    if partner is not None and partner["type"] != "data_subject":
        raise refuse("recipient", f"{c.recipient!r} is not a data subject or representative")


def _check_recipient(c: Any, opening: dict[str, Any]) -> None:
    """An Art 19 worklist step is about one of the worklist's recipients."""
    on_list = c.case_kind != "art19" or c.recipient in opening["recipients"]
    if c.step in ("notified", "impossible") and not on_list:
        raise refuse("recipient", f"{c.recipient!r} is not on this worklist")


def _resolved(ctx: AppendContext, fields: dict[str, Any], c: Any) -> dict[str, Any]:
    """Subjects as tokens, entries as `{entry_id, seq}`, partners checked."""
    if "subjects" in fields:
        fields["subjects"] = [_token(ctx, s, f"subjects[{i}]") for i, s in enumerate(c.subjects)]
    if "subject" in fields:
        fields["subject"] = _token(ctx, c.subject, "subject")
    for name in ("entries", "entry", "source"):
        if name in fields:
            ids = fields[name] if isinstance(fields[name], list) else [fields[name]]
            linked = [{"entry_id": v.entry_id, "seq": v.seq} for v in _linked(ctx, ids, name)]
            fields[name] = linked if isinstance(fields[name], list) else linked[0]
    for name in ("recipient", "recipients"):
        codes = fields.get(name)
        for i, code in enumerate(codes if isinstance(codes, list) else [codes] if codes else []):
            if not ctx.partner_exists(code):
                where = f"{name}[{i}]" if isinstance(codes, list) else name
                raise refuse(where, f"unknown partner {code!r}")
    return fields


def _linked(ctx: AppendContext, ids: list[Any], name: str) -> list[Any]:
    if name == "entries":
        return linked_entries(ctx, ids, name)
    if name == "source":
        return [_source(ctx, str(ids[0]))]
    try:
        return linked_entries(ctx, ids, "entries")
    except EntryRefused:
        raise refuse(name, f"no disclosure {ids[0]} in the ledger") from None


class _Source:
    def __init__(self, entry_id: str, seq: int) -> None:
        self.entry_id, self.seq = entry_id, seq


def _source(ctx: AppendContext, entry_id: str) -> _Source:
    """The correction or erasure an Art 19 worklist follows from."""
    found = ctx.existing_entry(entry_id)
    if found is None:
        raise refuse("source", f"no entry {entry_id} in the ledger")
    return _Source(entry_id, found[0])


def _token(ctx: AppendContext, subject: Any, field: str) -> str:
    try:
        return ctx.registry.resolve(subject)
    except LookupError as unknown:
        raise refuse(f"{field}.token", str(unknown)) from None


def _tokens_of(fields: dict[str, Any]) -> list[str]:
    if "subject" in fields:
        return [fields["subject"]]
    return list(fields.get("subjects", []))
