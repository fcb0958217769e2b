"""The registries' commands: API keys, partners and sharing agreements."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from lineage.cli.agreements_odrl import export, import_odrl
from lineage.cli.options import db_option, err, service_for
from lineage.ledger.ingest import open_lines, records
from lineage.registry import apikeys
from lineage.registry import keys as signing_keys
from lineage.registry import partners as registries
from lineage.service import Service
from lineage.storage.database import write_transaction
from models.dates import utc_now
from models.payload import parse_json
from models.validation import EntryRefused, FieldError, validate_agreement, validate_partner


@click.group()
def keys() -> None:
    """API keys for the HTTP API, and the checkpoint-signing key's rotation.

    Example: disclosure keys create --role investigator --name "DPO"
    """


reason_option = click.option(
    "--reason", required=True, help="Why: recorded (sealed) in the ledger with the change."
)
by_option = click.option(
    "--by", "recorded_by", default="cli", show_default=True, help="Who is making the change."
)


@keys.command("rotate-signing")
@db_option
def keys_rotate_signing(database_url: str | None) -> None:
    """Replace the checkpoint-signing key, keeping the old verifier key as trusted history.

    Signs a last checkpoint with the old key, records the old verifier key with
    `until-size N` in checkpoint-signing.retired (a trusted-keys file) and writes the new
    key. Give auditors the new .pub; restart a running server so it signs with the new key.

    Example: disclosure keys rotate-signing
    """
    service = service_for(database_url)
    last = service.checkpoint()
    size = int(last.stem)
    key_dir = service.settings.resolved_key_dir()
    ring = signing_keys.rotate_signing(key_dir, service.keys.signer_name, size)
    click.echo(f"the old key signed its last checkpoint at size {size}: {last.name}")
    click.echo(f"retired keys: {key_dir / signing_keys.RETIRED_FILE}")
    click.echo(f"new verifier key: {ring.verifier_key()}")


@keys.command("create")
@click.option("--role", required=True, type=click.Choice(apikeys.ROLES))
@click.option("--name", required=True, help="Who or what holds the key.")
@click.option("--reason", default="issued", show_default=True, help="Why, recorded (sealed).")
@by_option
@db_option
def keys_create(
    role: str, name: str, reason: str, recorded_by: str, database_url: str | None
) -> None:
    """Print a new API key once; only its hash is stored, and the ledger records its issue.

    Example: disclosure keys create --role recorder --name "Case system"
    """
    service = service_for(database_url)
    key = apikeys.create(service.ledger, role=role, name=name, by=recorded_by, reason=reason)
    click.echo(key)


@keys.command("revoke")
@click.argument("key_id", type=int)
@click.option("--reason", default="revoked", show_default=True, help="Why, recorded (sealed).")
@by_option
@db_option
def keys_revoke(key_id: int, reason: str, recorded_by: str, database_url: str | None) -> None:
    """Revoke an API key by its id (see `keys list`), recorded in the ledger.

    A running server refuses it within DISCLOSURE_API_KEY_CACHE_SECONDS (1 by default), the
    time it keeps a key it has found valid.

    Example: disclosure keys revoke 3 --reason "left the council"
    """
    ledger = service_for(database_url).ledger
    if not apikeys.revoke(ledger, key_id, by=recorded_by, reason=reason):
        raise click.ClickException(f"no active key {key_id}")
    click.echo(f"key {key_id} revoked")


@keys.command("set-role")
@click.argument("key_id", type=int)
@click.option("--role", required=True, type=click.Choice(apikeys.ROLES))
@reason_option
@by_option
@db_option
def keys_set_role(
    key_id: int, role: str, reason: str, recorded_by: str, database_url: str | None
) -> None:
    """Give an active API key another role, recorded in the ledger with who and why.

    A running server applies it within DISCLOSURE_API_KEY_CACHE_SECONDS.

    Example: disclosure keys set-role 3 --role investigator --reason "now the DPO's deputy"
    """
    ledger = service_for(database_url).ledger
    if not apikeys.set_role(ledger, key_id, role, by=recorded_by, reason=reason):
        raise click.ClickException(f"no active key {key_id}")
    click.echo(f"key {key_id} now has the role {role}")


@keys.command("list")
@db_option
def keys_list(database_url: str | None) -> None:
    """List API keys (ids, names, roles, whether revoked) — never the keys themselves.

    Example: disclosure keys list
    """
    for row in apikeys.list_keys(service_for(database_url).engine):
        state = "revoked" if row["revoked_at"] else "active"
        click.echo(f"{row['id']}\t{row['role']}\t{row['name']}\t{state}")


def _put_registry(service: Service, kind: str, payload: dict[str, Any]) -> str:
    validate, put = {
        "partner": (validate_partner, registries.put_partner),
        "agreement": (validate_agreement, registries.put_agreement),
    }[kind]
    record = validate(payload).model_dump(mode="json")
    with write_transaction(service.engine) as conn:
        stored = put(conn, record, by="cli", at=utc_now())
    key = record.get("code") or record.get("id")
    state = "added" if stored.created else "unchanged"
    return f"{kind} {key} version {stored.version} {state}"


def _registry_group(kind: str, example: str) -> click.Group:
    @click.group(name=f"{kind}s", help=f"The {kind} registry (versioned).\n\nExample: {example}")
    def group() -> None:
        pass

    @group.command(
        "add",
        help=f"Add {_article(kind)} {kind} (or a new version) from a JSON object.\n\n"
        f"Example: {example}",
    )
    @click.argument("json_text")
    @db_option
    def add(json_text: str, database_url: str | None) -> None:
        service = service_for(database_url)
        try:
            record = parse_json(json_text)
            if not isinstance(record, dict):
                raise EntryRefused([FieldError("", "give one JSON object")])
            click.echo(_put_registry(service, kind, record))
        except EntryRefused as refused:
            raise click.ClickException(_errors_text(refused)) from None

    @group.command(
        "import",
        help=f"Import {kind}s from a JSONL or CSV file; a bad line is "
        f"reported and stores nothing.{_ODRL_NOTE if kind == 'agreement' else ''}"
        f"\n\nExample: disclosure {kind}s import {kind}s.jsonl",
    )
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @db_option
    def import_(path: Path, database_url: str | None) -> None:
        if kind == "agreement" and path.suffix == ".jsonld":
            import_odrl(path, database_url)
            return
        service = service_for(database_url)
        failed = 0
        with open_lines(path) as handle:
            for number, record in records(path, handle):
                try:
                    if not isinstance(record, dict):
                        raise click.ClickException(record.message)
                    click.echo(f"line {number}: " + _put_registry(service, kind, record))
                except (EntryRefused, click.ClickException) as error:
                    failed += 1
                    text = _errors_text(error) if isinstance(error, EntryRefused) else str(error)
                    err.print(f"line {number}: {text}", markup=False)
        if failed:
            sys.exit(1)

    @group.command(
        "list", help=f"List current {kind}s as JSON lines.\n\nExample: disclosure {kind}s list"
    )
    @db_option
    def list_(database_url: str | None) -> None:
        service = service_for(database_url)
        lister = registries.list_partners if kind == "partner" else registries.list_agreements
        with service.engine.connect() as conn:
            for record in lister(conn):
                click.echo(json.dumps(record, sort_keys=True))

    return group


_ODRL_NOTE = (
    " A .jsonld file is read as ODRL 2.2 JSON-LD, as `disclosure agreements export` "
    "writes it: all of it, or nothing."
)


def _article(noun: str) -> str:
    return "an" if noun[0] in "aeiou" else "a"


def _errors_text(refused: EntryRefused) -> str:
    return "; ".join(f"{e.field}: {e.message}" if e.field else e.message for e in refused.errors)


partners = _registry_group(
    "partner",
    """disclosure partners add '{"code": "beds-police", "name": "Bedfordshire """
    """Police", "type": "police", "role": "controller", "country": "GB"}'""",
)
agreements = _registry_group("agreement", 'disclosure agreements add "$(cat isa-police.json)"')
agreements.add_command(export)
