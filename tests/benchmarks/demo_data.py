"""Benchmark data from the demo generator: a JSONL file of a synthetic council's shares.

The council is scaled so that one year gives about the number of entries asked for; files
are cached beside the system's temporary files by size and seed, since generating them is
not what is being measured.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from lineage.demo.agreements import agreement_records
from lineage.demo.generator import Council
from lineage.demo.partners import partner_records

ENTRIES_PER_CHILD = 0.5
"""About how many disclosures a year the demo council records per child it serves."""


def demo_jsonl(entries: int, *, seed: int = 1) -> Path:
    """A JSONL file of `entries` disclosures (onward shares included), in ledger order."""
    path = Path(tempfile.gettempdir()) / f"disclosure-bench-{entries}-{seed}.jsonl"
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    children = max(1000, int(entries / ENTRIES_PER_CHILD))
    written = 0
    with partial.open("w", encoding="utf-8") as handle:
        for attempt in range(1000):  # another year of another council, until there are enough
            for recording in Council(children=children, years=1, seed=seed + attempt):
                if recording.kind != "disclosure":
                    continue
                handle.write(json.dumps(recording.payload) + "\n")
                written += 1
                if written == entries:
                    partial.rename(path)
                    return path
    raise RuntimeError("the generator ran dry")


def registry_records(council: str) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The demo's partners and agreements, to register before importing."""
    return partner_records(), agreement_records(council)
