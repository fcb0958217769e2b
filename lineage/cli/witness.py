"""`disclosure witness`: run a C2SP tlog-witness for other councils' (or the ICO's) logs."""

from __future__ import annotations

from pathlib import Path

import click

from lineage.log.note import NoteError, Verifier
from lineage.log.witness import Witness, parse_log
from lineage.log.witness_state import WitnessState, WitnessStateMissing, init

STATE = click.option(
    "--state",
    "folder",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The witness's own folder: its key and its SQLite state.",
)


@click.group()
def witness() -> None:
    """Witness other logs: cosign each checkpoint consistent with the last one seen.

    Example: disclosure witness init --state witness --name witness.example.org/w1
    """


@witness.command("init")
@STATE
@click.option("--name", required=True, help="The witness's name, e.g. witness.example.org/w1.")
def init_command(folder: Path, name: str) -> None:
    """Create the witness's key and state (once) and print its verifier key.

    Give the verifier key to the logs that submit to this witness.

    Example: disclosure witness init --state witness --name witness.example.org/w1
    """
    try:
        click.echo(init(folder, name))
    except NoteError as error:
        raise click.ClickException(f"--name: {error}") from None


@witness.command("serve")
@STATE
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8100, show_default=True)
@click.option(
    "--log",
    "logs",
    multiple=True,
    required=True,
    help='A log to witness, "ORIGIN VKEY" (repeatable).',
)
def serve_command(folder: Path, host: str, port: int, logs: tuple[str, ...]) -> None:
    """Serve POST /add-checkpoint and GET /checkpoint?origin=… (C2SP tlog-witness).

    Example: disclosure witness serve --state witness --port 8100
    --log "disclosure-ledger/luton-council luton-council+1a2b3c4d+AY…"
    """
    import uvicorn

    from api.witness_app import create_witness_app

    try:
        state = WitnessState(folder)
        trusted = _logs(logs)
    except (WitnessStateMissing, NoteError) as error:
        raise click.ClickException(str(error)) from None
    app = create_witness_app(Witness(state, trusted))
    click.echo(f"witness {state.name} for {', '.join(sorted(trusted))} on {host}:{port}")
    uvicorn.run(app, host=host, port=port, access_log=False)


def _logs(specs: tuple[str, ...]) -> dict[str, list[Verifier]]:
    found: dict[str, list[Verifier]] = {}
    for spec in specs:
        origin, verifier = parse_log(spec)
        found.setdefault(origin, []).append(verifier)
    return found
