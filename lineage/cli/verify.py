"""`verify` and `verify-receipt`: check the ledger with public material only.

Neither reads a private key: the log's verifier key comes from whoever runs the check
(`--trusted-key`, `--trusted-keys-file`), and outside checkpoints from witnesses or files.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.progress import BarColumn, Progress
from sqlalchemy import Engine

from lineage.cli.options import db_option, err, settings_for
from lineage.log import incremental, receipt_check, trust
from lineage.log.checkpoints import Checkpoint, CheckpointInvalid
from lineage.log.incremental import VerifiedTree, VerifiedTreeInvalid
from lineage.log.note import Verifier
from lineage.log.receipt_check import ReceiptInvalid
from lineage.log.report import Report
from lineage.log.trust import TrustError
from lineage.registry.keys import KeysMissing, load_registry_keys
from lineage.service import open_engine
from lineage.settings import Settings
from lineage.verification import checkpoint_file, tree_size, verify_ledger, witness_checkpoint

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


F = TypeVar("F", bound=Callable[..., Any])


def trusted_options(command: F) -> F:
    for option in (
        click.option(
            "--trusted-keys-file",
            "key_files",
            multiple=True,
            type=FILE,
            help="A file of trusted verifier keys, one a line (`VKEY [until-size N]`).",
        ),
        click.option(
            "--trusted-key",
            "keys",
            multiple=True,
            help="The log's verifier key, name+hash+base64 (repeatable: rotated keys).",
        ),
    ):
        command = option(command)
    return command


def _trusted(keys: tuple[str, ...], files: tuple[Path, ...]) -> list[Verifier]:
    try:
        return trust.gather(list(keys), list(files))
    except TrustError as error:
        raise click.ClickException(str(error)) from None


@click.command()
@trusted_options
@click.option("--witness", "witnesses", multiple=True, help="A witness URL (or `URL VKEY`).")
@click.option("--checkpoint", "files", multiple=True, type=FILE, help="A checkpoint note file.")
@click.option("--since-last", is_flag=True, help="Only entries since the last verify passed.")
@click.option(
    "--state",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where the last verified tree is kept (default: last-verified.json by the checkpoints).",
)
@db_option
def verify(
    keys: tuple[str, ...],
    key_files: tuple[Path, ...],
    witnesses: tuple[str, ...],
    files: tuple[Path, ...],
    since_last: bool,
    state: Path | None,
    database_url: str | None,
) -> None:
    """Recompute every leaf, subtree, projection and the root; check every checkpoint signed
    by a trusted key, and those fetched from witnesses or handed in. Never reads a private key.

    Exits 1 naming the first position that departs.

    Example: disclosure verify --trusted-key "$(cat keys/checkpoint-signing.pub)"
    --witness http://witness.example.org:8100
    """
    trusted = _trusted(keys, key_files)
    settings = settings_for(database_url)
    state = state or settings.resolved_checkpoint_dir() / incremental.STATE_FILE
    outside, problems = _outside(settings, trusted, witnesses, files)
    start = _start(state, settings) if since_last else None
    try:
        engine = open_engine(settings)
    except KeysMissing as missing:
        raise click.ClickException(str(missing)) from None
    click.get_current_context().call_on_close(engine.dispose)
    report = _run(engine, settings, trusted, outside, problems, start)
    _show(report, start)
    if not report.ok:
        sys.exit(1)
    incremental.save(state, settings.origin(), report)


def _outside(
    settings: Settings, trusted: list[Verifier], witnesses: tuple[str, ...], files: tuple[Path, ...]
) -> tuple[list[Checkpoint], list[str]]:
    found, problems = [], []
    for spec in witnesses:
        try:
            found.append(witness_checkpoint(spec, trusted, settings.origin()))
        except CheckpointInvalid as error:
            problems.append(f"checkpoint {error}")
    for path in files:
        try:
            found.append(checkpoint_file(path, trusted, settings.origin()))
        except CheckpointInvalid as error:
            problems.append(f"checkpoint {error}")
    return found, problems


def _start(state: Path, settings: Settings) -> VerifiedTree:
    try:
        return incremental.load(state, settings.origin())
    except VerifiedTreeInvalid as error:
        raise click.ClickException(str(error)) from None


def _run(
    engine: Engine,
    settings: Settings,
    trusted: list[Verifier],
    outside: list[Checkpoint],
    problems: list[str],
    start: VerifiedTree | None,
) -> Report:
    size = tree_size(engine)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        "{task.completed}/{task.total}",
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("verifying", total=max(0, size - (start.size if start else 0)))
        report = verify_ledger(
            engine,
            settings,
            trusted,
            outside,
            problems=problems,
            progress=lambda n: bar.advance(task, n),
            start=start.frontier if start else None,
            registry=load_registry_keys(settings.resolved_key_dir()),
        )
    if start is not None:
        incremental.check_consistency(engine, start, report)
    return report


def _show(report: Report, start: VerifiedTree | None) -> None:
    since = f"  since size: {start.size}" if start else ""
    click.echo(
        f"entries: {report.tree_size}  root: {report.root.hex()}  "
        f"checkpoints checked: {report.checkpoints_checked}{since}"
    )
    if report.ok:
        click.echo("verified: every entry, subtree, projection and checkpoint agrees")
        return
    if report.first_bad_seq is not None:
        click.echo(f"FAILED: first position that disagrees: {report.first_bad_seq}")
    else:
        click.echo(f"FAILED: {report.problems[0]}")
    for problem in report.problems[:20]:
        click.echo(f"  {problem}")


@click.command("verify-receipt")
@click.argument("receipt_file", metavar="RECEIPT.json", type=FILE)
@click.option("--checkpoint", "checkpoint_path", required=True, type=FILE)
@click.option(
    "--consistency",
    type=FILE,
    help="A consistency proof (JSON of GET /v1/ledger/proofs/consistency) from the receipt's "
    "tree to the checkpoint's, when the checkpoint is larger.",
)
@click.option("--origin", help="The log's origin line (default: the checkpoint's own).")
@trusted_options
def verify_receipt(
    receipt_file: Path,
    checkpoint_path: Path,
    consistency: Path | None,
    origin: str | None,
    keys: tuple[str, ...],
    key_files: tuple[Path, ...],
) -> None:
    """Check a receipt's inclusion proof against a signed checkpoint, with no database.

    Example: disclosure verify-receipt receipt.json --checkpoint 000000000007.checkpoint
    --trusted-key "$(cat checkpoint-signing.pub)"
    """
    trusted = _trusted(keys, key_files)
    text = _read(checkpoint_path)
    try:
        checkpoint = checkpoint_file(checkpoint_path, trusted, origin or text.split("\n")[0])
        receipt = _receipt(receipt_file)
        proof = _consistency(consistency) if consistency else None
        problems = receipt_check.check(receipt, checkpoint, proof)
    except (CheckpointInvalid, ReceiptInvalid, ValueError) as error:
        raise click.ClickException(f"{error}") from None
    if problems:
        for problem in problems:
            click.echo(f"FAILED: {problem}")
        sys.exit(1)
    click.echo(
        f"verified: seq {receipt['seq']} is in the tree of {checkpoint.size} entries "
        f"signed by the log ({checkpoint.origin})"
    )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise click.ClickException(f"{path}: cannot be read: {error}") from None


def _receipt(path: Path) -> dict[str, object]:
    try:
        receipt = json.loads(_read(path))
    except ValueError as error:
        raise ReceiptInvalid(f"{path}: not JSON ({error})") from None
    if not isinstance(receipt, dict):
        raise ReceiptInvalid(f"{path}: not a receipt (a JSON object)")
    return receipt


def _consistency(path: Path) -> list[bytes]:
    try:
        return [bytes.fromhex(h) for h in json.loads(_read(path))["proof"]]
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"{path}: not a consistency proof ({error!r})") from None
