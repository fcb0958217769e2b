"""The tree head, proofs that verify, range checks, checkpoints and verify over the API."""

from __future__ import annotations

from typing import Any

from lineage.log import merkle
from tests.factories import disclosure_payload


def _append(as_role: Any, count: int) -> list[dict[str, Any]]:
    items = [disclosure_payload() for _ in range(count)]
    response = as_role("recorder").post("/v1/disclosures/batch", json={"disclosures": items})
    receipts: list[dict[str, Any]] = response.json()["receipts"]
    return receipts


def test_inclusion_and_consistency_proofs_verify(as_role: Any) -> None:
    receipts = _append(as_role, 7)
    board = as_role("board")
    head = board.get("/v1/ledger/head").json()
    assert head["tree_size"] == 7
    proof = board.get("/v1/ledger/proofs/inclusion", params={"seq": 3, "tree_size": 7}).json()
    assert proof["leaf_hash"] == receipts[3]["leaf_hash"] and proof["root"] == head["root"]
    path = [bytes.fromhex(h) for h in proof["proof"]]
    leaf, root = bytes.fromhex(proof["leaf_hash"]), bytes.fromhex(head["root"])
    assert merkle.verify_inclusion(leaf, 3, 7, path, root)
    growth = board.get("/v1/ledger/proofs/consistency", params={"first": 3, "second": 7}).json()
    old, new = bytes.fromhex(growth["first_root"]), bytes.fromhex(growth["second_root"])
    steps = [bytes.fromhex(h) for h in growth["proof"]]
    assert merkle.verify_consistency(3, 7, old, new, steps)
    assert new == root


def test_proofs_outside_the_tree_are_refused_naming_the_parameter(as_role: Any) -> None:
    _append(as_role, 2)
    board = as_role("board")
    cases = [
        ("inclusion", {"seq": 2, "tree_size": 2}, "seq"),
        ("inclusion", {"seq": 0, "tree_size": 3}, "tree_size"),
        ("inclusion", {"seq": -1, "tree_size": 1}, "seq"),
        ("consistency", {"first": 2, "second": 1}, "first"),
        ("consistency", {"first": 1, "second": 9}, "second"),
    ]
    for kind, params, field in cases:
        response = board.get(f"/v1/ledger/proofs/{kind}", params=params)
        assert response.status_code == 422, (kind, params)
        assert response.json()["errors"][0]["field"] == field


def test_a_checkpoint_is_a_signed_note_and_verify_checks_it(as_role: Any) -> None:
    _append(as_role, 3)
    admin = as_role("admin")
    note = admin.get("/v1/ledger/checkpoint")
    assert note.headers["content-type"].startswith("text/plain")
    lines = note.text.splitlines()
    assert lines[0].startswith("disclosure-ledger/") and lines[1] == "3"
    assert any(line.startswith("\u2014 ") for line in lines)
    report = admin.post("/v1/ledger/verify").json()
    assert report["ok"] and report["checkpoints_checked"] == 1 and report["tree_size"] == 3
