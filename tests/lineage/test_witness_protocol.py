"""The witness against the C2SP tlog-witness rules, over real HTTP on 127.0.0.1.

The log here is a list of leaf hashes and a key of the test's own, so each rule is shown
with nothing else in the way: cosign, refuse a rollback or fork (409 with the witness's size
as text/x.tlog.size), a bad proof (422), an unknown log (404) or key (403), a bad body (400).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lineage.log import merkle, note
from lineage.log.note import ED25519, Verifier
from lineage.log.witness_client import request_body
from tests.lineage import merkle_reference as reference
from tests.lineage.witnesses import new_witness, witness_serving

ORIGIN = "example.org/test-log"
LOG_KEY = Ed25519PrivateKey.generate()
LOG = Verifier(ORIGIN, ED25519, LOG_KEY.public_key())


def leaves(n: int, salt: bytes = b"") -> list[bytes]:
    return [merkle.leaf_hash(salt + i.to_bytes(4, "big")) for i in range(n)]


def checkpoint(tree: list[bytes], key: Ed25519PrivateKey = LOG_KEY, origin: str = ORIGIN) -> str:
    body = f"{origin}\n{len(tree)}\n{base64.b64encode(reference.root_hash(tree)).decode()}\n"
    return body + "\n" + note.sign(body, origin, key)


def add(url: str, old: int, proof: list[bytes], signed: str) -> httpx.Response:
    return httpx.post(f"{url}/add-checkpoint", content=request_body(old, proof, signed))


@pytest.fixture(scope="module")
def witness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Verifier]]:
    folder = tmp_path_factory.mktemp("witness")
    vkey = new_witness(folder, "witness.example.org/w1")
    with witness_serving(folder, {ORIGIN: [LOG]}) as url:
        yield url, note.parse_vkey(vkey)


@pytest.fixture(scope="module")
def at_five(witness: tuple[str, Verifier]) -> str:
    """The witness, holding the log at size 5."""
    url, _ = witness
    assert add(url, 0, [], checkpoint(leaves(5))).status_code == 200
    return url


def test_the_cosignature_verifies_under_the_witness_key(
    at_five: str, witness: tuple[str, Verifier]
) -> None:
    _, cosigner = witness
    tree = leaves(8)
    response = add(at_five, 5, reference.consistency_proof(tree, 5), checkpoint(tree))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    combined = note.parse(checkpoint(tree).rstrip("\n") + "\n" + response.text)
    timestamp = note.cosigned_at(combined, cosigner)
    assert timestamp is not None and timestamp > 1_700_000_000
    served = httpx.get(f"{at_five}/checkpoint", params={"origin": ORIGIN})
    assert served.status_code == 200
    latest = note.parse(served.text)
    assert latest.text.split("\n")[1] == "8"
    assert note.signed_by(latest, LOG) and note.cosigned_at(latest, cosigner) is not None


def test_a_rollback_is_refused_with_the_witness_size(at_five: str) -> None:
    held = _held(at_five)
    smaller = checkpoint(leaves(held - 1))
    response = add(at_five, 0, [], smaller)
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("text/x.tlog.size")
    assert response.text == f"{held}\n"
    assert add(at_five, held, [], smaller).status_code == 400  # old size above the checkpoint


def test_a_fork_is_refused(at_five: str) -> None:
    held = _held(at_five)
    forked = leaves(held, b"fork")
    same_size = add(at_five, held, [], checkpoint(forked))
    assert same_size.status_code == 409 and same_size.text == f"{held}\n"
    longer = leaves(held + 3, b"fork")
    assert (
        add(
            at_five, held, reference.consistency_proof(longer, held), checkpoint(longer)
        ).status_code
        == 422
    )


def test_a_bad_proof_is_refused(at_five: str) -> None:
    held = _held(at_five)
    tree = leaves(held + 2)
    proof = reference.consistency_proof(tree, held)
    proof[0] = hashlib.sha256(b"not it").digest()
    assert add(at_five, held, proof, checkpoint(tree)).status_code == 422
    assert add(at_five, held, [], checkpoint(tree)).status_code == 422
    assert _held(at_five) == held


def test_an_unknown_log_or_key_is_refused(at_five: str) -> None:
    unknown = add(at_five, 0, [], checkpoint(leaves(2), origin="example.org/other"))
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")
    impostor = add(at_five, 0, [], checkpoint(leaves(2), key=Ed25519PrivateKey.generate()))
    assert impostor.status_code == 403
    assert impostor.json()["errors"][0]["field"] == "checkpoint.signatures"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"old 1\n",
        b"old 01\n\nx\n",
        b"nonsense\n\n" + checkpoint(leaves(1)).encode(),
        b"old 0\n!!notbase64\n\n" + checkpoint(leaves(1)).encode(),
        b"\xff\xfe",
    ],
)
def test_a_malformed_body_is_400(at_five: str, body: bytes) -> None:
    response = httpx.post(f"{at_five}/add-checkpoint", content=body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "body"


def test_the_latest_of_an_origin_never_cosigned_is_404(at_five: str) -> None:
    assert httpx.get(f"{at_five}/checkpoint", params={"origin": "nobody"}).status_code == 404


def test_the_witness_keeps_its_state_across_restarts(tmp_path: Path) -> None:
    new_witness(tmp_path, "witness.example.org/w2")
    with witness_serving(tmp_path, {ORIGIN: [LOG]}) as url:
        assert add(url, 0, [], checkpoint(leaves(4))).status_code == 200
    with witness_serving(tmp_path, {ORIGIN: [LOG]}) as url:
        assert _held(url) == 4
        assert add(url, 0, [], checkpoint(leaves(2))).status_code == 409


def _held(url: str) -> int:
    served = httpx.get(f"{url}/checkpoint", params={"origin": ORIGIN})
    return int(served.text.split("\n")[1])
