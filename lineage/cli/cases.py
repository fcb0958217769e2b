"""`disclosure cases`: breaches, subject access requests, complaints and Art 19 worklists
from the command line — open one, record each step, list, show, and what is due.

Fields are given as `NAME=VALUE` (a VALUE that reads as JSON is taken as JSON, so
`report=false`, `months=2`, `systems='["Mosaic"]'`, `subject='{"local_id": "LL-1"}'`) or
all at once with `--json FILE` (`-` for standard input). Refusals name each wrong field.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from lineage.cases.art19 import worklist_opening
from lineage.cases.due import due_cases
from lineage.cases.steps import step_unit, unit_errors
from lineage.cases.text import case_opener
from lineage.cases.views import case_tokens, case_view, case_views
from lineage.cli.options import db_option, service_for
from lineage.cli.read_log import record_cli_read
from lineage.ledger.requests import BatchRefused
from lineage.service import Service
from lineage.storage.database import read_connection
from models.cases import CASE_KINDS
from models.errors import EntryRefused, FieldError

KIND = click.Choice(CASE_KINDS)


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def fields_of(pairs: tuple[str, ...], source: str | None) -> dict[str, Any]:
    """The step's fields from `--json` and `NAME=VALUE` pairs (pairs win)."""
    found: dict[str, Any] = {}
    if source is not None:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        try:
            loaded = json.loads(text)
        except ValueError:
            loaded = None
        if not isinstance(loaded, dict):
            raise click.BadParameter("the JSON must be an object", param_hint="--json")
        found.update(loaded)
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{pair!r}: give NAME=VALUE", param_hint="FIELDS")
        found[name] = _value(value)
    return found


def _refusal(errors: list[FieldError]) -> click.ClickException:
    return click.ClickException(
        "refused: " + "; ".join(f"{e.field or '(body)'}: {e.message}" for e in errors)
    )


def append_step(
    service: Service, kind: str, case_id: str | None, fields: dict[str, Any], by: str
) -> dict[str, Any]:
    """Append one step (or open a case) and return its receipt (and a release's)."""
    try:
        unit = step_unit(service, kind, case_id, fields)
        appended = service.ledger.append([unit], recorded_by=by)[0].get()
    except EntryRefused as refused:
        raise _refusal(refused.errors) from None
    except BatchRefused as batch:
        raise _refusal(unit_errors(batch)) from None
    answer = appended[0].receipt.as_json()
    if len(appended) > 1:
        answer["disclosure"] = appended[1].receipt.as_json()
    return answer


def _emit(document: Any) -> None:
    click.echo(json.dumps(document, indent=2))


def now_utc() -> datetime:
    return datetime.now(UTC)


@click.group("cases")
def cases() -> None:
    """Breaches (Art 33/34), subject access (Art 15), complaints (DPA 2018 s.164A) and
    Art 19 worklists: open, step, list, show, and what is due.

    Example: disclosure cases due --within-days 14
    """


@cases.command("open")
@click.argument("kind", type=KIND)
@click.argument("pairs", nargs=-1, metavar="[FIELDS]...")
@click.option("--json", "source", help="A JSON object of fields (a file, or - for stdin).")
@click.option("--by", "recorded_by", default="cli", show_default=True, help="Who records it.")
@db_option
def open_case(
    kind: str, pairs: tuple[str, ...], source: str | None, recorded_by: str,
    database_url: str | None,
) -> None:  # fmt: skip
    """Open a case: a breach (as `POST /v1/breaches`), an access request, a complaint, or an
    Art 19 worklist (without `recipients`: the subject's outstanding notify list). Prints
    the receipt; its `entry_id` is the case id.

    Example: disclosure cases open complaint complainant="Mr B" channel=phone
    received=2026-07-02 summary="Shared without telling me"
    """
    service = service_for(database_url)
    fields = fields_of(pairs, source)
    if kind == "art19":
        with read_connection(service.engine) as conn:
            try:
                fields = worklist_opening(
                    conn, service.keys, fields, council=service.settings.council
                )
            except EntryRefused as refused:
                raise _refusal(refused.errors) from None
    _emit(append_step(service, kind, None, fields, recorded_by))


@cases.command("step")
@click.argument("kind", type=KIND)
@click.argument("case_id")
@click.argument("step")
@click.argument("pairs", nargs=-1, metavar="[FIELDS]...")
@click.option("--json", "source", help="A JSON object of fields (a file, or - for stdin).")
@click.option("--by", "recorded_by", default="cli", show_default=True, help="Who records it.")
@db_option
def step_command(
    kind: str, case_id: str, step: str, pairs: tuple[str, ...], source: str | None,
    recorded_by: str, database_url: str | None,
) -> None:  # fmt: skip
    """Record a step of a case (see `models.cases` for each step's fields): for a breach
    ico_decision, ico_reported, subjects_decision, communication; for an access request
    identity_confirmed, paused, restarted, extended, searched, item_reviewed, released; for
    a complaint acknowledged, entries_linked, outcome; for a worklist notified, impossible;
    closed for any.

    Example: disclosure cases step access_request 3f0c… paused on=2026-06-12
    reason="Asked which years are wanted"
    """
    service = service_for(database_url)
    fields = {**fields_of(pairs, source), "step": step}
    _emit(append_step(service, kind, case_id, fields, recorded_by))


@cases.command("list")
@click.argument("kind", type=KIND)
@click.option("--status", type=click.Choice(["open", "closed"]), help="Only these.")
@db_option
def list_command(kind: str, status: str | None, database_url: str | None) -> None:
    """Every case of a kind, oldest first, with its clock (JSON, as the API answers).

    Example: disclosure cases list breach --status open
    """
    service = service_for(database_url)
    with read_connection(service.engine) as conn:
        views = case_views(conn, kind, now=now_utc(), opener=case_opener(conn, service.keys))
    shown = [v for v in views if status is None or v["status"] == status]
    tokens = [t for view in shown for t in case_tokens(view)]
    record_cli_read(service, "cases list", tokens, {"case_kind": kind, "cases": len(shown)})
    _emit(shown)


@cases.command("show")
@click.argument("kind", type=KIND)
@click.argument("case_id")
@db_option
def show(kind: str, case_id: str, database_url: str | None) -> None:
    """One case with its steps and its clock.

    Example: disclosure cases show access_request 3f0c8a0e-…
    """
    service = service_for(database_url)
    with read_connection(service.engine) as conn:
        view = case_view(conn, kind, case_id, now=now_utc(), opener=case_opener(conn, service.keys))
    if view is None:
        raise click.ClickException(f"no {kind} case {case_id}")
    record_cli_read(service, "cases show", case_tokens(view), {"case": case_id})
    _emit(view)


@cases.command("due")
@click.option("--within-days", default=7, show_default=True, type=click.IntRange(0, 366))
@click.option("--kind", "kinds", multiple=True, type=KIND, help="Only these kinds.")
@db_option
def due(within_days: int, kinds: tuple[str, ...], database_url: str | None) -> None:
    """Casework overdue, and due within the days given, for each case kind: the breach
    report to the ICO (72 hours), subject access responses (a month, as extended and
    paused), complaint acknowledgements (30 days), Art 19 recipients still to tell.

    Example: disclosure cases due --within-days 14 --kind access_request
    """
    service = service_for(database_url)
    with read_connection(service.engine) as conn:
        found = due_cases(conn, now=now_utc(), kinds=kinds or CASE_KINDS, within_days=within_days)
    _emit(found)
