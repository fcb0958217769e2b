"""The DPO's commands: `lineage`, `notify-list` and `exposure` (registered on import).

Output is JSON by default (the same shapes as the HTTP API); `--format text` prints one
line per share, recipient or subject for reading at a terminal. Each is a read of subjects'
data, recorded in the access log with what was asked (`lineage.cli.read_log`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import click

from lineage.cli.options import db_option, service_for
from lineage.cli.periods import instant, period, period_options
from lineage.cli.read_log import record_cli_read
from lineage.cli.subject_argument import resolve_subject, subject_options
from lineage.investigate import (
    LineageOptions,
    NotifyQuery,
    lineage_json,
    notify_list,
    partner_exposure,
    subject_lineage,
)
from lineage.registry.partners import current_partner

F = TypeVar("F", bound=Callable[..., Any])


def format_option(command: F) -> F:
    return click.option(
        "--format",
        "output",
        type=click.Choice(["json", "text"]),
        default="json",
        show_default=True,
    )(command)


def emit(
    document: dict[str, Any], output: str, as_text: Callable[[dict[str, Any]], list[str]]
) -> None:
    lines = as_text(document) if output == "text" else [json.dumps(document, indent=2)]
    for line in lines:
        click.echo(line)


@click.command("lineage")
@subject_options
@click.option("--as-of", help="What the ledger held then: a date (its end) or an instant.")
@period_options("Shares")
@click.option("--category", "categories", multiple=True, help="Only shares carrying it.")
@click.option("--family", is_flag=True, help="Every subject sharing the family id.")
@click.option("--include-void", is_flag=True, help="Show voided entries too.")
@click.option("--include-refusals", is_flag=True, help="Show decisions not to share too.")
@format_option
@db_option
def lineage_command(
    subject: str | None,
    as_of: str | None,
    start: str | None,
    end: str | None,
    categories: tuple[str, ...],
    family: bool,
    include_void: bool,
    include_refusals: bool,
    output: str,
    database_url: str | None,
    **identifiers: str | None,
) -> None:
    """Where a subject's data has gone: organisations, and every share between them,
    onward shares followed transitively.

    Example: disclosure lineage --local-id LL-100234 --family --format text
    """
    service = service_for(database_url)
    token = resolve_subject(service, subject, identifiers)
    options = LineageOptions(
        as_of=instant(as_of, end_of_day=True),
        period=period(start, end),
        categories=frozenset(categories),
        family=family,
        include_void=include_void,
        include_refusals=include_refusals,
    )
    with service.engine.connect() as conn:
        graph = subject_lineage(
            conn, service.keys, token, council=service.settings.council, options=options
        )
    document = lineage_json(graph)
    seen = {t for edge in document["edges"] for t in edge["subjects"]} | {token}
    asked = {"family": family, "categories": sorted(categories), "as_of": as_of}
    returned = {"status": 200, "edges": len(document["edges"]), "asked": asked}
    record_cli_read(service, "lineage", seen, returned)
    emit(document, output, lineage_text)


def lineage_text(document: dict[str, Any]) -> list[str]:
    lines = [f"lineage of {document['subject']}: {len(document['edges'])} shares"]
    for e in document["edges"]:
        marks = [e["kind"]]
        marks += [f"to {e['destination_country']}"] if e["cross_border"] else []
        marks += ["REFUSED"] if e["decision"] == "refused" else []
        marks += ["VOID"] if e["void"] else []
        lines.append(
            f"{e['occurred_at'][:10]}  {e['from']} -> {e['to']}  [{', '.join(marks)}]  "
            f"{e['purpose']}  {e['lawful_basis'] or '-'}  {', '.join(e['categories'])}  "
            f"{e['entry_id']}"
        )
    return lines


@click.command("notify-list")
@subject_options
@click.option("--category", help="Only recipients of this data category.")
@click.option("--since", help="Only shares on or after this date (its start) or instant.")
@click.option(
    "--notified-since", help="Count only notifications on or after this (the rectification)."
)
@format_option
@db_option
def notify_list_command(
    subject: str | None,
    category: str | None,
    since: str | None,
    notified_since: str | None,
    output: str,
    database_url: str | None,
    **identifiers: str | None,
) -> None:
    """Who must be told of a rectification or erasure (UK GDPR Art 19), and who is still
    outstanding. Record telling them as a `notification` entry.

    Example: disclosure notify-list --local-id LL-100234 --category health --since 2026-01-01
    """
    service = service_for(database_url)
    token = resolve_subject(service, subject, identifiers)
    query = NotifyQuery(category, instant(since), instant(notified_since))
    with service.engine.connect() as conn:
        document = notify_list(conn, token, council=service.settings.council, query=query)
    asked = {"category": category, "since": since, "notified_since": notified_since}
    returned = {"status": 200, "recipients": len(document["recipients"]), "asked": asked}
    record_cli_read(service, "notify-list", [token], returned)
    emit(document, output, notify_text)


def notify_text(document: dict[str, Any]) -> list[str]:
    lines = [f"recipients of {document['subject']}'s data: {len(document['recipients'])}"]
    for r in document["recipients"]:
        state = "notified" if r["notified"] else f"OUTSTANDING ({len(r['outstanding'])})"
        lines.append(f"{r['partner']}  {r['via']}  {state}  {', '.join(r['categories'])}")
    return lines


@click.command("exposure")
@click.argument("partner")
@period_options("Received")
@format_option
@db_option
def exposure_command(
    partner: str, start: str | None, end: str | None, output: str, database_url: str | None
) -> None:
    """Breach impact (UK GDPR Art 33/34): the subjects and categories a partner received
    in a period, directly or onward, and breaches recorded against it.

    Example: disclosure exposure beds-police --from 2026-03-01 --to 2026-03-31
    """
    service = service_for(database_url)
    within = period(start, end)
    with service.engine.connect() as conn:
        if current_partner(conn, partner) is None:
            raise click.ClickException(f"no partner {partner}")
        document = partner_exposure(conn, partner, period=within)
    tokens = [s["token"] for s in document["subjects"]]
    returned = {"status": 200, "subjects": len(tokens), "partner": partner}
    record_cli_read(service, "exposure", tokens, {**returned, "asked": {"from": start, "to": end}})
    emit(document, output, exposure_text)


def exposure_text(document: dict[str, Any]) -> list[str]:
    counts = ", ".join(f"{cls} {n}" for cls, n in document["by_class"].items())
    lines = [f"{document['partner']}: {document['subject_count']} subjects ({counts})"]
    for s in document["subjects"]:
        lines.append(f"{s['token']}  {s['via']}  {', '.join(s['categories'])}")
    for b in document["breaches"]:
        lines.append(f"breach {b['entry_id']} on {b['occurred_at'][:10]}")
    return lines
