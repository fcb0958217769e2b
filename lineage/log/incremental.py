"""`verify --since-last`: examine only the entries appended since the last verify that passed.

The last verified tree is kept as its size, root and right edge (the perfect subtrees it
decomposes into). The next verify continues the tree from that edge with the new entries'
recomputed leaves, and proves the stored tree consistent with the verified one (RFC 6962
§2.1.2): its time grows with the new entries, not with the ledger. Keep the file where the
server's owner cannot change it if it is to count as evidence; the server's own copy beside
the checkpoints is a convenience.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from lineage.ledger.receipts import stored_reader
from lineage.log import merkle
from lineage.log.frontier import Frontier
from lineage.log.report import Report

STATE_FILE = "last-verified.json"


class VerifiedTreeInvalid(ValueError):
    """A last-verified file that cannot be used; the message names it."""


@dataclass(frozen=True)
class VerifiedTree:
    origin: str
    frontier: Frontier

    @property
    def size(self) -> int:
        return self.frontier.size


def load(path: Path, origin: str) -> VerifiedTree:
    """The tree a verify last passed on; `VerifiedTreeInvalid` names a missing or bad file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        size, hashes = int(data["size"]), [bytes.fromhex(h) for h in data["subtrees"]]
        found = str(data["origin"])
    except FileNotFoundError:
        raise VerifiedTreeInvalid(
            f"{path}: no full verify has passed yet (run without --since-last)"
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise VerifiedTreeInvalid(f"{path}: not a last-verified tree ({error!r})") from None
    levels = [level for level, _ in merkle.perfect_subtrees(0, size)]
    if found != origin or len(levels) != len(hashes) or size < 0:
        raise VerifiedTreeInvalid(f"{path}: not a tree of this log ({found!r}, size {size})")
    return VerifiedTree(found, Frontier(size, list(zip(levels, hashes, strict=True))))


def save(path: Path, origin: str, report: Report) -> None:
    """Record the tree a verify passed on."""
    frontier = report.edge or Frontier()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "origin": origin,
        "size": report.tree_size,
        "root": report.root.hex(),
        "subtrees": [h.hex() for _, h in frontier.stack],
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def check_consistency(engine: Engine, verified: VerifiedTree, report: Report) -> None:
    """Fail the report unless the stored tree is consistent with the verified one."""
    old, new = verified.size, report.tree_size
    if old == 0 or new < old:
        return  # nothing to prove from, or the removal is already reported
    with engine.connect() as conn:
        try:
            proof = merkle.consistency_proof_from_subtrees(stored_reader(conn), old, new)
        except LookupError as missing:
            report.fail(old, f"no consistency proof to the verified tree of size {old}: {missing}")
            return
    if not merkle.verify_consistency(old, new, verified.frontier.root(), report.root, proof):
        report.fail(
            verified.size,
            f"the stored tree is not consistent with the tree verified at size {old}",
        )
