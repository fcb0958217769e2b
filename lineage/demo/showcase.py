"""A child worth looking up in a fresh demo: the one whose data travelled furthest."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import col

from lineage.registry.subjects import SubjectRegistry
from lineage.service import Service
from models.tables import EntryVersion, VersionSubject


def showcase_child(service: Service) -> str | None:
    """The local id of the child in the most shares that were passed on, or None."""
    onward = select(col(EntryVersion.derived_from_seq)).where(col(EntryVersion.kind) == "onward")
    token, shares = col(VersionSubject.token), func.count(col(VersionSubject.version_seq))
    query = (
        select(token, shares)
        .where(col(VersionSubject.role) == "child", col(VersionSubject.version_seq).in_(onward))
        .group_by(token)
        .order_by(shares.desc(), token)
        .limit(1)
    )
    with service.engine.connect() as conn:
        row = conn.execute(query).first()
        if row is None:
            return None
        identifiers = SubjectRegistry(conn, service.keys).identifiers(row[0]) or {}
    local_id = identifiers.get("local_id")
    return str(local_id) if local_id else None
