"""The `disclosure` command line, built top-down: each module of this package defines its
commands, and this one adds them to the group. Every command's help ends with an example.
"""

from __future__ import annotations

import os
from typing import Any

import click

from lineage.cli import (
    case_documents,
    console,
    decisions,
    demo,
    investigate,
    ledger,
    registry,
    reports,
    retention,
    subjects,
    verify,
    witness,
)


class Guarded(click.Group):
    """A group whose commands end with a one-line message, never a traceback.

    An error no command expected is reported by its kind and message (exit 1); set
    `DISCLOSURE_DEBUG=1` to see the traceback instead.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as error:
            if os.environ.get("DISCLOSURE_DEBUG"):
                raise
            message = f"unexpected error ({type(error).__name__}): {error}".splitlines()[0]
            raise click.ClickException(message) from None


@click.group(cls=Guarded, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Disclosure Ledger: a tamper-evident record of every share of a child's or family's
    personal data, and the lineage, reports and proofs drawn from it.

    \b
    Exit codes (every command):
      0  done
      1  refused or failed, with a message (import: some lines refused)
      2  usage: a bad option, argument or path

    Example: disclosure init && disclosure serve
    """


for command in (
    ledger.init,
    registry.keys,
    registry.partners,
    registry.agreements,
    ledger.import_file,
    verify.verify,
    verify.verify_receipt,
    decisions.decide,
    ledger.checkpoint,
    ledger.serve,
    demo.demo,
    investigate.lineage_command,
    investigate.notify_list_command,
    investigate.exposure_command,
    reports.access_report_command,
    reports.board_report_command,
    case_documents.cases,
    retention.legal_hold,
    retention.erase,
    witness.witness,
    subjects.subjects,
    retention.retention,
    console.console_link,
):
    main.add_command(command)
