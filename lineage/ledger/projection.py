"""Projection rows derived from an entry's body — the one place that derives them.

The append path inserts these rows; `verify` derives them again from the stored bytes and
compares. Pure: a body in, rows out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, cast

from sqlalchemy import Table

from lineage.ledger.canonical import canonical_bytes
from models.dates import utc
from models.tables import (
    EntryFlag,
    EntryLink,
    EntryVersion,
    RegistryEvent,
    VersionCategory,
    VersionSubject,
)
from models.vocabulary import CATEGORIES

Row = dict[str, Any]


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


TABLES: Final[tuple[tuple[str, Table, str], ...]] = (
    ("versions", _table(EntryVersion), "seq"),
    ("subjects", _table(VersionSubject), "version_seq"),
    ("categories", _table(VersionCategory), "version_seq"),
    ("flags", _table(EntryFlag), "seq"),
    ("links", _table(EntryLink), "seq"),
    ("registry", _table(RegistryEvent), "seq"),
)
"""Each kind of projection row: its `Projection` field, its table and its entry's seq column.
The store inserts them and `verify` re-derives and compares them from this one list."""


@dataclass
class Projection:
    versions: list[Row] = field(default_factory=list)
    subjects: list[Row] = field(default_factory=list)
    categories: list[Row] = field(default_factory=list)
    flags: list[Row] = field(default_factory=list)
    links: list[Row] = field(default_factory=list)
    registry: list[Row] = field(default_factory=list)

    def extend(self, other: Projection) -> None:
        for name, _, _ in TABLES:
            getattr(self, name).extend(getattr(other, name))

    def by_table(self) -> list[tuple[Table, list[Row]]]:
        return [(table, getattr(self, name)) for name, table, _ in TABLES]


def _moment(text: str) -> datetime:
    """An instant from a body, in UTC (stored bodies from before UTC was enforced may carry
    another offset). Python 3.11 reads the `Z` suffix itself."""
    return utc(datetime.fromisoformat(text))


def project(seq: int, body: dict[str, Any]) -> Projection:
    """The projection rows of one entry."""
    kind = body["kind"]
    rows = Projection()
    rows.flags = [
        {"seq": seq, "kind": f["kind"], "detail": f["detail"]} for f in body.get("exceptions", [])
    ]
    if kind in ("disclosure", "onward", "correction"):
        _project_version(seq, body, rows)
    elif kind == "breach":
        rows.links = [
            _link(seq, "breach_of", e["seq"], partner=body["partner"]) for e in body["entries"]
        ]
    elif kind == "notification":
        rows.links = [
            _link(seq, "notified", e["seq"], partner=body["recipient"], token=body["subject"])
            for e in body["entries"]
        ]
    elif kind == "review":
        rows.links = [_link(seq, "reviewed", body["entry"]["seq"])]
    elif kind == "erasure":
        rows.links = [_link(seq, "erased", seq, token=body["subject"])]
    elif kind == "legal_hold":
        relation = "hold_placed" if body["action"] == "place" else "hold_released"
        rows.links = [_link(seq, relation, seq, token=body["subject"])]
    elif kind == "resolution":
        rows.links = [_link(seq, "resolves", body["decision_seq"])]
    elif kind == "case":
        rows.links = _case_links(seq, body)
    rows.registry = registry_rows(seq, body)
    return rows


def registry_rows(seq: int, body: dict[str, Any]) -> list[Row]:
    """The registry changes an entry records: its `registry` member's events in order, for
    an erasure the subject's destruction (`subject.erase`), and for a legal hold its placing
    or release (`subject.hold`, `subject.release`)."""
    events = list(body.get("registry", []))
    if body["kind"] == "erasure":
        events.append({"action": "subject.erase", "target": body["subject"]})
    if body["kind"] == "legal_hold":
        action = "subject.hold" if body["action"] == "place" else "subject.release"
        events.append({"action": action, "target": body["subject"]})
    return [
        {
            "seq": seq,
            "position": position,
            "action": event["action"],
            "target": str(event["target"]),
            "detail": canonical_bytes(
                {k: v for k, v in event.items() if k not in ("action", "target")}
            ).decode(),
        }
        for position, event in enumerate(events)
    ]


def _case_links(seq: int, body: dict[str, Any]) -> list[Row]:
    """A step's link to its case's opening (`case`; `case_closed` for the closing step), and
    a complaint's links to the disclosures it is about (`complained_of`)."""
    case_seq = body["case_seq"]
    links = [_link(seq, "case_closed" if body["step"] == "closed" else "case", case_seq)]
    if body["case_kind"] == "complaint":
        links += [_link(seq, "complained_of", e["seq"]) for e in body.get("entries", [])]
    return links


def _link(
    seq: int, relation: str, target: int, *, partner: str | None = None, token: str | None = None
) -> Row:
    return {
        "seq": seq,
        "relation": relation,
        "target_seq": target,
        "partner": partner,
        "token": token,
    }


def _project_version(seq: int, body: dict[str, Any], rows: Projection) -> None:
    d = body["disclosure"]
    correction = body["kind"] == "correction"
    target = body["corrects_seq"] if correction else seq
    rows.versions = [
        {
            "seq": seq,
            "target_seq": target,
            "entry_id": body["corrects"] if correction else body["entry_id"],
            "kind": body.get("target_kind", body["kind"]),
            "recorded_at": _moment(body["recorded_at"]),
            "occurred_at": _moment(d["occurred_at"]),
            "sender": d["sender"],
            "recipient": d["recipient"],
            "purpose": d["purpose"],
            "lawful_basis": d.get("lawful_basis"),
            "agreement": d.get("agreement"),
            "method": d.get("method"),
            "decision": d.get("decision", "shared"),
            "cross_border": bool(d.get("cross_border", False)),
            "destination_country": d.get("destination_country"),
            "transfer_mechanism": d.get("transfer_mechanism"),
            "derived_from_seq": d.get("derived_from_seq"),
            "void": bool(body.get("void", False)),
            "retention_class": body["retention_class"],
        }
    ]
    rows.subjects = [
        {"version_seq": seq, "token": s["token"], "role": s["role"]} for s in d["subjects"]
    ]
    rows.categories = [
        {"version_seq": seq, "category": c, "category_class": CATEGORIES[c].cls}
        for c in d["categories"]
    ]
    if correction:
        rows.links = [_link(seq, "corrects", target)]
