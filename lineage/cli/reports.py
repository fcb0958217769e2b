"""The report commands: `access-report` (UK GDPR Art 15) and `board-report` (registered on
import). Each writes a file: one self-contained HTML page (diagram inline), or JSON.

Reading a subject's access report is a read of their data, so it is recorded in the access
log, as over HTTP, under the name of the person running the command.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click

from lineage.cli.options import db_option, service_for
from lineage.cli.paths import check_writable, shown, write_text
from lineage.cli.periods import whole_days
from lineage.cli.read_log import record_cli_read
from lineage.cli.subject_argument import resolve_subject, subject_options
from lineage.reports import access_report, board_report
from lineage.service import Service
from visualise.documents import access_report_page, board_pack_page
from visualise.render import RenderError


@click.command("access-report")
@subject_options
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The file to write.",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["html", "json"]),
    default="html",
    show_default=True,
    help="The HTML pack to review and release, or the report as JSON.",
)
@db_option
def access_report_command(
    subject: str | None,
    out: Path,
    output: str,
    database_url: str | None,
    **identifiers: str | None,
) -> None:
    """A subject's access report (UK GDPR Art 15): purposes, categories, recipients,
    transfers and safeguards, sources, retention, rights, a plain-English summary, and a
    reviewer section to act on and remove before release.

    Example: disclosure access-report --local-id LL-100234 --out access-report.html
    """
    check_writable(out)
    service = service_for(database_url)
    token = resolve_subject(service, subject, identifiers)
    settings = service.settings
    with service.engine.connect() as conn:
        report = access_report(
            conn, service.keys, token, council=settings.council, council_name=settings.council_name
        )
    if output == "json":
        text = json.dumps(report.document, indent=2, ensure_ascii=False) + "\n"
    else:
        text = _drawn(lambda: access_report_page(report.document, report.graph))
    write_text(out, text)
    _record_read(service, token, output, len(report.document["recipients"]))
    review = len(report.document["review"])
    click.echo(f"wrote {shown(out)} ({review} item(s) for the reviewer before release)")


def _record_read(service: Service, token: str, output: str, recipients: int) -> None:
    returned = {"status": 200, "format": output, "recipients": recipients}
    record_cli_read(service, "access-report", [token], returned)


@click.command("board-report")
@click.option("--from", "start", required=True, help="The first day, YYYY-MM-DD (included).")
@click.option("--to", "end", required=True, help="The last day, YYYY-MM-DD (included).")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write the pack into (made if missing).",
)
@db_option
def board_report_command(start: str, end: str, out: Path, database_url: str | None) -> None:
    """The governance board pack for a period: disclosures by type of recipient, class of
    data, purpose and lawful basis, transfers abroad and exceptions, each beside the period
    before, and the flow diagram. Aggregates only; no subject is named.

    Example: disclosure board-report --from 2026-01-01 --to 2026-03-31 --out board/
    """
    period = whole_days(start, end)
    service = service_for(database_url)
    settings = service.settings
    with service.engine.connect() as conn:
        report = board_report(conn, period, settings, anchor=service.anchor())
    page = _drawn(
        lambda: board_pack_page(
            report.pack,
            report.partner_flows,
            report.type_flows,
            period,
            council=settings.council,
        )
    )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as failed:
        raise click.ClickException(f"cannot make {shown(out)}: {failed.strerror}") from None
    path = out / f"board-pack-{period.first}-to-{period.last}.html"
    write_text(path, page)
    click.echo(f"wrote {shown(path)}")


def _drawn(build: Callable[[], str]) -> str:
    """The page `build` makes, or a clear error if Graphviz could not draw its diagram."""
    try:
        return build()
    except RenderError as failed:
        raise click.ClickException(f"the diagram could not be drawn: {failed}") from None
