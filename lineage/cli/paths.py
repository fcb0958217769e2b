"""Showing a file's path to a person: relative to where they are, when it is below it."""

from __future__ import annotations

from pathlib import Path

import click


def shown(path: Path | str) -> str:
    """`demo/checkpoints/x` rather than the whole absolute path, when under the working folder."""
    absolute = Path(path).resolve()
    try:
        return str(absolute.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def check_writable(path: Path) -> None:
    """A usage error (exit 2) unless `path` can be written: its folder exists, it is no folder.

    Checked before any subject's data is read, so a typing slip reads nothing.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise click.BadParameter(f"the folder {shown(folder)} does not exist", param_hint="--out")
    if path.is_dir():
        raise click.BadParameter(f"{shown(path)} is a folder, not a file", param_hint="--out")


def write_text(path: Path, text: str) -> None:
    """Write a file, or end the command with a clear message (never a traceback)."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as failed:
        raise click.ClickException(f"cannot write {shown(path)}: {failed.strerror}") from None
