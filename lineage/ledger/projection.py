"""Projection rows derived from an entry's body — the one place that derives them.

The append path inserts these rows; `verify` derives them again from the stored bytes and
compares. Pure: a body in, rows out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final, cast

from sqlalchemy import Table

from models.tables import EntryFlag, EntryLink, EntryVersion, VersionCategory, VersionSubject
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

    def extend(self, other: Projection) -> None:
        for name, _, _ in TABLES:
            getattr(self, name).extend(getattr(other, name))

    def by_table(self) -> list[tuple[Table, list[Row]]]:
        return [(table, getattr(self, name)) for name, table, _ in TABLES]


def _moment(text: str) -> datetime:
    """An instant from a body, in UTC (stored bodies from before UTC was enforced may carry
    another offset). Python 3.11 reads the `Z` suffix itself."""
    return datetime.fromisoformat(text).astimezone(UTC)


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
    return rows


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
