"""`disclosure demo`: fill an empty ledger with a realistic synthetic council."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import click
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from lineage.cli.options import db_option, err, initialised
from lineage.cli.paths import shown
from lineage.demo.calendar import MAX_YEARS
from lineage.demo.demo_keys import ensure_keys
from lineage.demo.generator import DEFAULT_YEARS, Council
from lineage.demo.measure import measure
from lineage.demo.showcase import showcase_child
from lineage.demo.volumes import DEFAULT_CHILDREN
from lineage.demo.writer import DemoWriter
from lineage.reports.counts import Headline, headline
from lineage.service import Service
from lineage.storage.database import refresh_statistics

KINDS = ("disclosure", "onward", "correction", "notification", "breach")


@click.command()
@click.option(
    "--children",
    type=click.IntRange(min=1),
    default=DEFAULT_CHILDREN,
    show_default=True,
    help="Children living in the council's area (the default is about Luton's).",
)
@click.option(
    "--years",
    type=click.IntRange(1, MAX_YEARS),
    default=DEFAULT_YEARS,
    show_default=True,
    help="Financial years, ending March 2026.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same ledger.")
@click.option(
    "--keep",
    is_flag=True,
    help="If the ledger already holds entries, keep them and generate nothing.",
)
@click.option(
    "--keys-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Make a demo API key per role once, keep them in this file (mode 0600), print them.",
)
@db_option
def demo(
    children: int,
    years: int,
    seed: int,
    keep: bool,
    keys_file: Path | None,
    database_url: str | None,
) -> None:
    """Fill an empty ledger with a synthetic council: partners, agreements, families and a
    year of disclosures, onward shares, refusals, corrections, notifications and breaches.

    No real person's data: identifiers come from ranges never issued. The same seed gives
    the same ledger root on any machine and either database. A ledger that already holds
    entries is refused (or, with --keep, left as it is).

    Example: disclosure demo --children 2000 --seed 7 --db sqlite:///demo.db
    """
    service = initialised(database_url)
    size, _ = service.ledger.head()
    if size and not keep:
        raise click.ClickException(f"the ledger already holds {size} entries: use a new database")
    if size:
        click.echo(f"keeping the ledger as it is: {size:,} entries")
    else:
        _generate(service, Council(children=children, years=years, seed=seed), seed)
    child = showcase_child(service)
    if child:
        click.echo(f"a child to look up: {child}")
    if keys_file is not None:
        _print_keys(service, keys_file)


def _generate(service: Service, council: Council, seed: int) -> None:
    writer = DemoWriter(service, seed=seed)
    writer.register(council.start)
    began = time.perf_counter()
    with _bar() as bar:
        task = bar.add_task("simulating", total=council.day_count, entries=0)

        def advance(entries: int) -> None:
            done = (council.today - council.start).days + 1
            bar.update(task, completed=done, entries=writer.written.entries)

        writer.write(council, advance)
    refresh_statistics(service.engine)
    seconds = time.perf_counter() - began
    click.echo(
        f"demo council: {council.population.size:,} families, about "
        f"{round(council.scale * DEFAULT_CHILDREN):,} children, {council.start} to "
        f"{council.end - timedelta(days=1)}: {writer.written.entries:,} entries in {seconds:.0f}s"
    )
    _print_mix(service)


def _print_mix(service: Service) -> None:
    mix = measure(service.engine)
    kinds = ", ".join(f"{mix.counts['kind'][k]:,} {k}" for k in KINDS)
    click.echo(f"  entries by kind: {kinds}")
    with service.engine.connect() as conn:
        for line in summary_lines(headline(conn)):
            click.echo(f"  {line}")
    click.echo(f"  ledger root {service.ledger.head()[1].hex()}")


def summary_lines(figures: Headline) -> list[str]:
    """The demo's headline figures as it prints them (`lineage.reports.counts` defines them)."""
    return [
        f"{figures.disclosures:,} disclosures to {figures.recipients:,} recipients about "
        f"{figures.subjects:,} people; {figures.refusals:,} refusals",
        f"{figures.exceptions:,} entries flagged for the DPO",
    ]


def _print_keys(service: Service, path: Path) -> None:
    keys = ensure_keys(service.ledger, path)
    click.echo(f"demo API keys (synthetic data only; kept in {shown(path)}):")
    for role, key in keys.items():
        click.echo(f"  {role:<13} {key}")


def _bar() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} days, {task.fields[entries]:,} entries"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )
