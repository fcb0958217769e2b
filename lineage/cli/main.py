"""The `disclosure` command line, built top-down: each module of this package defines its
commands, and this one adds them to the group. Every command's help ends with an example.
"""

from __future__ import annotations

import click

from lineage.cli import console, demo, investigate, ledger, registry, reports, retention


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Disclosure Ledger: a tamper-evident record of every share of a child's or family's
    personal data, and the lineage, reports and proofs drawn from it.

    Example: disclosure init && disclosure serve
    """


for command in (
    ledger.init,
    registry.keys,
    registry.partners,
    registry.agreements,
    ledger.import_file,
    ledger.verify,
    ledger.checkpoint,
    ledger.serve,
    demo.demo,
    investigate.lineage_command,
    investigate.notify_list_command,
    investigate.exposure_command,
    reports.access_report_command,
    reports.board_report_command,
    retention.legal_hold,
    retention.erase,
    console.console_link,
):
    main.add_command(command)
