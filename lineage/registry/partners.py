"""The partner and sharing-agreement registries: versioned, never destructive.

A change is a new version; retiring is a new version marked retired; the highest version is
current. Putting a record identical to the current version adds nothing, so re-importing a
file is harmless.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlmodel import col

from models.tables import AgreementVersion, PartnerVersion

PARTNER_FIELDS = ("name", "type", "role", "country", "valid_from", "valid_to")


@dataclass(frozen=True)
class Stored:
    """What a put did: the version now current and whether it was new."""

    version: int
    created: bool


def _partner_record(row: Any) -> dict[str, Any]:
    record = {f: getattr(row, f) for f in ("code", *PARTNER_FIELDS)}
    record["external_codes"] = json.loads(row.external_codes)
    for f in ("valid_from", "valid_to"):
        record[f] = record[f].isoformat() if isinstance(record[f], date) else record[f]
    return {**record, "version": row.version, "retired": row.retired}


def _versions(conn: Connection, model: Any, key: Any, value: str, *, newest: bool) -> Any:
    """A registry record's versions by `key`, oldest first, or only the newest."""
    version = col(model.version)
    query = select(model).where(key == value)
    query = query.order_by(version.desc()).limit(1) if newest else query.order_by(version)
    return conn.execute(query)


def _current(conn: Connection, model: Any, key: Any) -> Any:
    """Every record's newest version (retired ones too), by `key`."""
    version = col(model.version)
    latest = select(key, func.max(version).label("v")).group_by(key).subquery()
    on = (key == latest.c[key.key]) & (version == latest.c.v)
    return conn.execute(select(model).join(latest, on).order_by(key))


def current_partner(conn: Connection, code: str) -> dict[str, Any] | None:
    """The current version of a partner (retired ones included, marked), or None."""
    row = _versions(conn, PartnerVersion, col(PartnerVersion.code), code, newest=True).first()
    return None if row is None else _partner_record(row)


def partner_history(conn: Connection, code: str) -> list[dict[str, Any]]:
    rows = _versions(conn, PartnerVersion, col(PartnerVersion.code), code, newest=False)
    return [_partner_record(r) for r in rows]


def list_partners(conn: Connection) -> list[dict[str, Any]]:
    """Every partner's current version, by code."""
    return [_partner_record(r) for r in _current(conn, PartnerVersion, col(PartnerVersion.code))]


def put_partner(
    conn: Connection, partner: dict[str, Any], *, by: str, at: datetime, retired: bool = False
) -> Stored:
    """Store a partner (a validated `PartnerIn` as a dict) as a new version if it changed."""
    current = current_partner(conn, partner["code"])
    record = {f: partner.get(f) for f in PARTNER_FIELDS}
    record["external_codes"] = partner.get("external_codes") or {}
    if (
        current is not None
        and not retired
        and not current["retired"]
        and all(current[k] == _iso(v) for k, v in record.items())
    ):
        return Stored(current["version"], created=False)
    version = 1 if current is None else current["version"] + 1
    conn.execute(
        insert(PartnerVersion).values(
            code=partner["code"],
            version=version,
            retired=retired,
            recorded_at=at,
            recorded_by=by,
            **{
                **record,
                "external_codes": json.dumps(record["external_codes"], sort_keys=True),
                "valid_from": _day(record["valid_from"]),
                "valid_to": _day(record["valid_to"]),
            },
        )
    )
    return Stored(version, created=True)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _agreement_record(row: Any) -> dict[str, Any]:
    terms: dict[str, Any] = json.loads(row.terms)
    return {**terms, "id": row.id, "version": row.version, "retired": row.retired}


def current_agreement(conn: Connection, agreement_id: str) -> dict[str, Any] | None:
    key = col(AgreementVersion.id)
    row = _versions(conn, AgreementVersion, key, agreement_id, newest=True).first()
    return None if row is None else _agreement_record(row)


def agreement_history(conn: Connection, agreement_id: str) -> list[dict[str, Any]]:
    key = col(AgreementVersion.id)
    rows = _versions(conn, AgreementVersion, key, agreement_id, newest=False)
    return [_agreement_record(r) for r in rows]


def list_agreements(conn: Connection) -> list[dict[str, Any]]:
    rows = _current(conn, AgreementVersion, col(AgreementVersion.id))
    return [_agreement_record(r) for r in rows]


def put_agreement(
    conn: Connection, agreement: dict[str, Any], *, by: str, at: datetime, retired: bool = False
) -> Stored:
    """Store an agreement (a validated `AgreementIn` as a JSON-ready dict) if it changed."""
    terms = {k: v for k, v in agreement.items() if k != "id"}
    current = current_agreement(conn, agreement["id"])
    if current is not None and not retired and not current["retired"]:
        known = {k: v for k, v in current.items() if k not in ("id", "version", "retired")}
        if known == terms:
            return Stored(current["version"], created=False)
    version = 1 if current is None else current["version"] + 1
    conn.execute(
        insert(AgreementVersion).values(
            id=agreement["id"],
            version=version,
            terms=json.dumps(terms, sort_keys=True),
            retired=retired,
            recorded_at=at,
            recorded_by=by,
        )
    )
    return Stored(version, created=True)
