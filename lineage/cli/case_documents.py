"""`disclosure cases letter` and `disclosure cases reviewer-pack`: a subject access case's two
documents written as separate files — the letters (one per subject, no reviewer content) and
the SAR officer's pack (free text opened, recorded in the access log)."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

import click

from lineage.cases.sar_documents import case_reports, letter_document, reviewer_pack
from lineage.cases.text import case_opener
from lineage.cases.views import case_view
from lineage.cli.cases import cases, now_utc
from lineage.cli.options import db_option, service_for
from lineage.cli.paths import shown
from lineage.registry import access_log
from lineage.registry.access_log import SubjectRead
from lineage.service import Service
from lineage.storage.database import read_connection
from visualise.documents import access_letter_page, reviewer_pack_page

__all__ = ["cases", "letter", "pack"]
"""`cases` is the group, with these two commands added to it."""


def _record(service: Service, tokens: list[str], returned: dict[str, Any]) -> None:
    read = SubjectRead(
        principal=f"cli:{getpass.getuser()}",
        endpoint="CLI cases",
        tokens=tokens,
        returned={"status": 200, **returned},
    )
    access_log.record(service.engine, read)


def _case(service: Service, case_id: str) -> dict[str, Any]:
    with read_connection(service.engine) as conn:
        opener = case_opener(conn, service.keys)
        view = case_view(conn, "access_request", case_id, now=now_utc(), opener=opener)
    if view is None:
        raise click.ClickException(f"no access request {case_id}")
    return view


@cases.command("letter")
@click.argument("case_id")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write the letters into (made if missing).",
)
@db_option
def letter(case_id: str, out: Path, database_url: str | None) -> None:
    """The letter for each subject of a subject access request (UK GDPR Art 15): the
    report and its diagram with no reviewer content, `letter-1.html` and on.

    Example: disclosure cases letter 3f0c8a0e-… --out sar-letters
    """
    service = service_for(database_url)
    case = _case(service, case_id)
    settings = service.settings
    out.mkdir(parents=True, exist_ok=True)
    with read_connection(service.engine) as conn:
        reports = case_reports(
            conn, service.keys, case, council=settings.council,
            council_name=settings.council_name,
        )  # fmt: skip
    for n, report in enumerate(reports.values(), start=1):
        page = out / f"letter-{n}.html"
        page.write_text(access_letter_page(letter_document(report), report.graph), "utf-8")
        click.echo(f"wrote {shown(page)}")
    _record(service, case["subjects"], {"case": case_id, "document": "letter"})


@cases.command("reviewer-pack")
@click.argument("case_id")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@db_option
def pack(case_id: str, out: Path, database_url: str | None) -> None:
    """The SAR officer's reviewer pack: each item to decide, with its date, recipient,
    categories, the other people it names and its free text opened (recorded in the access
    log). A separate file from the letter; never sent.

    Example: disclosure cases reviewer-pack 3f0c8a0e-… --out reviewer-pack.html
    """
    service = service_for(database_url)
    case = _case(service, case_id)
    settings = service.settings
    with read_connection(service.engine) as conn:
        reports = case_reports(
            conn, service.keys, case, council=settings.council,
            council_name=settings.council_name,
        )  # fmt: skip
        found = reviewer_pack(
            conn, service.keys, case, reports, council_name=settings.council_name, now=now_utc()
        )
    out.write_text(reviewer_pack_page(found), encoding="utf-8")
    opened = found["opened"]
    _record(service, case["subjects"], {"case": case_id, "free_text_opened": opened})
    click.echo(f"wrote {shown(out)} ({len(opened)} item(s) of free text opened)")
