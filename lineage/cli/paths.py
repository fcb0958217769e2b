"""Showing a file's path to a person: relative to where they are, when it is below it."""

from __future__ import annotations

from pathlib import Path


def shown(path: Path | str) -> str:
    """`demo/checkpoints/x` rather than the whole absolute path, when under the working folder."""
    absolute = Path(path).resolve()
    try:
        return str(absolute.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
