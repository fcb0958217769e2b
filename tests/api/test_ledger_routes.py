"""The tree head, proofs that verify, range checks, checkpoints and verify over the API."""

from __future__ import annotations

from typing import Any

from lineage.log import merkle
from tests.factories import disclosure_payload


def _base(as_role: Any) -> int:
    """The entries before a test's own: the API keys' `registry` entries."""
    size: int = as_role("board").get("/v1/ledger/head").json()["tree_size"]
    return size


def _append(as_role: Any, count: int) -> list[dict[str, Any]]:
    items = [disclosure_payload() for _ in range(count)]
    response = as_role("recorder").post("/v1/disclosures/batch", json={"disclosures": items})
    receipts: list[dict[str, Any]] = response.json()["receipts"]
    return receipts


def test_inclusion_and_consistency_proofs_verify(as_role: Any) -> None:
    base = _base(as_role)
    receipts = _append(as_role, 7)
    board = as_role("board")
    head = board.get("/v1/ledger/head").json()
    size, seq = base + 7, base + 3
    assert head["tree_size"] == size
    asked = {"seq": seq, "tree_size": size}
    proof = board.get("/v1/ledger/proofs/inclusion", params=asked).json()
    assert proof["leaf_hash"] == receipts[3]["leaf_hash"] and proof["root"] == head["root"]
    path = [bytes.fromhex(h) for h in proof["proof"]]
    leaf, root = bytes.fromhex(proof["leaf_hash"]), bytes.fromhex(head["root"])
    assert merkle.verify_inclusion(leaf, seq, size, path, root)
    asked = {"first": seq, "second": size}
    growth = board.get("/v1/ledger/proofs/consistency", params=asked).json()
    old, new = bytes.fromhex(growth["first_root"]), bytes.fromhex(growth["second_root"])
    steps = [bytes.fromhex(h) for h in growth["proof"]]
    assert merkle.verify_consistency(seq, size, old, new, steps)
    assert new == root


def test_proofs_outside_the_tree_are_refused_naming_the_parameter(as_role: Any) -> None:
    size = _base(as_role) + 2
    _append(as_role, 2)
    board = as_role("board")
    cases = [
        ("inclusion", {"seq": size, "tree_size": size}, "seq"),
        ("inclusion", {"seq": 0, "tree_size": size + 1}, "tree_size"),
        ("inclusion", {"seq": -1, "tree_size": 1}, "seq"),
        ("consistency", {"first": 2, "second": 1}, "first"),
        ("consistency", {"first": 1, "second": size + 7}, "second"),
    ]
    for kind, params, field in cases:
        response = board.get(f"/v1/ledger/proofs/{kind}", params=params)
        assert response.status_code == 422, (kind, params)
        assert response.json()["errors"][0]["field"] == field


def test_a_checkpoint_is_a_signed_note_and_verify_checks_it(as_role: Any) -> None:
    size = _base(as_role) + 3
    _append(as_role, 3)
    admin = as_role("admin")
    note = admin.get("/v1/ledger/checkpoint")
    assert note.headers["content-type"].startswith("text/plain")
    lines = note.text.splitlines()
    assert lines[0].startswith("disclosure-ledger/") and lines[1] == str(size)
    assert any(line.startswith("\u2014 ") for line in lines)
    report = admin.post("/v1/ledger/verify").json()
    assert report["ok"] and report["checkpoints_checked"] == 1 and report["tree_size"] == size
