"""Check a receipt's inclusion proof against a signed checkpoint, with no database at all.

A receipt proves its entry is in the tree as it stood just after the append (RFC 9162
§2.1.3.2). For a checkpoint of that size, the proof must lead to the checkpoint's root; for
a larger checkpoint, a consistency proof from the receipt's tree to it (`GET
/v1/ledger/proofs/consistency`, §2.1.4.2) must show the receipt's root is its prefix.
An inclusion proof from `GET /v1/ledger/proofs/inclusion` at the checkpoint's size serves too.
"""

from __future__ import annotations

from typing import Any

from lineage.log import merkle
from lineage.log.checkpoints import Checkpoint


class ReceiptInvalid(ValueError):
    """A receipt file that is not a receipt or an inclusion proof."""


def _parts(receipt: dict[str, Any]) -> tuple[int, int, bytes, bytes, list[bytes]]:
    try:
        path = receipt["inclusion_proof"] if "inclusion_proof" in receipt else receipt["proof"]
        return (
            int(receipt["seq"]),
            int(receipt["tree_size"]),
            bytes.fromhex(receipt["leaf_hash"]),
            bytes.fromhex(receipt["root"]),
            [bytes.fromhex(h) for h in path],
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ReceiptInvalid(f"not a receipt or inclusion proof ({error!r})") from None


def check(
    receipt: dict[str, Any], checkpoint: Checkpoint, consistency: list[bytes] | None
) -> list[str]:
    """What is wrong with the receipt against the checkpoint (empty: it is in the tree)."""
    seq, size, leaf, root, path = _parts(receipt)
    if size > checkpoint.size:
        return [
            f"the receipt is for a tree of {size} entries, newer than the checkpoint's "
            f"{checkpoint.size}: check it against a newer checkpoint"
        ]
    if size == checkpoint.size:
        if merkle.verify_inclusion(leaf, seq, size, path, checkpoint.root):
            return []
        return [f"the inclusion proof of seq {seq} does not lead to the checkpoint's root"]
    if not merkle.verify_inclusion(leaf, seq, size, path, root):
        return [f"the inclusion proof of seq {seq} does not lead to the receipt's root"]
    if consistency is None:
        return [
            f"the checkpoint is of {checkpoint.size} entries and the receipt of {size}: "
            f"pass --consistency with the proof from {size} to {checkpoint.size}"
        ]
    if not merkle.verify_consistency(size, checkpoint.size, root, checkpoint.root, consistency):
        return [f"the receipt's tree of {size} entries is not a prefix of the checkpoint's"]
    return []
