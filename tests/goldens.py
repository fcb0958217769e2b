"""Golden files compared byte for byte; `UPDATE_GOLDEN=1` rewrites them from the output."""

from __future__ import annotations

import os
from pathlib import Path


def assert_matches_golden(golden: Path, name: str, produced: str) -> None:
    """Fail unless `produced` is exactly the bytes of `golden`/`name`."""
    path = golden / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(produced.encode("utf-8"))
    assert path.exists(), f"no golden file {name}; run with UPDATE_GOLDEN=1 to create it"
    assert produced.encode("utf-8") == path.read_bytes(), (
        f"{name} differs from its golden file; if the change is intended, "
        "rerun with UPDATE_GOLDEN=1 and review the diff"
    )
