"""The body of a `registry` entry: a recorded change to API keys or the subject registry.

The change is applied to its table inside the entry's transaction; the events it made (key
ids, roles, key hashes, subject tokens and row fingerprints, never identifiers) become the
entry's `registry` member (see `Ledger.append`), and `why` is sealed under the subjects'
keys (the office key for API keys).
"""

from __future__ import annotations

from typing import Any

from lineage.ledger.bodies import Body, envelope, refuse
from lineage.ledger.context import AppendContext
from lineage.ledger.free_text import sealed
from lineage.ledger.requests import NotFound
from lineage.registry import apikeys, subject_changes
from models.registry_changes import (
    ApiKeyCreated,
    ApiKeyRevoked,
    ApiKeyRoleChanged,
    IdentifierSet,
    SubjectsMerged,
)


def registry_body(ctx: AppendContext, change: Any, *, seq: int, entry_id: str) -> Body:
    """Apply `change` and describe it; refusals name the field (`EntryRefused`, 409, 404)."""
    tokens = _apply(ctx, change)
    body = envelope(ctx, seq=seq, entry_id=entry_id, kind="registry")
    body.update(action=change.action, reason=sealed(ctx, change.reason, entry_id, tokens))
    return body


def _apply(ctx: AppendContext, change: Any) -> list[str]:
    """Change the table; the subject tokens the change concerns."""
    if isinstance(change, ApiKeyCreated):
        _create_key(ctx, change)
    elif isinstance(change, ApiKeyRevoked):
        if not apikeys.revoke_row(ctx.conn, change.key_id, ctx.recorded_at):
            raise NotFound(f"no active API key {change.key_id}")
        _key_event(ctx, change.action, change.key_id)
    elif isinstance(change, ApiKeyRoleChanged):
        if not apikeys.set_role_row(ctx.conn, change.key_id, change.role):
            raise NotFound(f"no active API key {change.key_id}")
        _key_event(ctx, change.action, change.key_id, role=change.role)
    elif isinstance(change, SubjectsMerged):
        subject_changes.merge(ctx.registry, change.into, list(change.merged))
        return [change.into, *change.merged]
    else:
        assert isinstance(change, IdentifierSet)
        subject_changes.set_identifier(ctx.registry, change.subject, change.field, change.value)
        return [change.subject]
    return []


def _create_key(ctx: AppendContext, change: ApiKeyCreated) -> None:
    digest = bytes.fromhex(change.key_hash)
    if apikeys.key_hash_used(ctx.conn, digest):
        raise refuse("key_hash", "this key is already issued")
    key_id = apikeys.insert_key(
        ctx.conn, role=change.role, name=change.name, digest=digest, at=ctx.recorded_at
    )
    _key_event(
        ctx, change.action, key_id, role=change.role, name=change.name, key_hash=digest.hex()
    )


def _key_event(ctx: AppendContext, action: str, key_id: int, **detail: Any) -> None:
    ctx.registry.events.append({"action": action, "target": str(key_id), **detail})
