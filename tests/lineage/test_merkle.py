"""RFC 6962 Merkle tree hashing and proofs: published vectors, exhaustive small trees, properties.

The product's roots and proofs (from stored subtrees) are checked against the RFC's recursions
written literally (`merkle_reference`: `root_hash`, `inclusion_proof`, `consistency_proof`),
and those against the published vectors.

The reference vectors are the RFC 6962 test tree published with the transparency-dev/merkle
project (testonly/constants.go, testonly/reference_test.go, proof/verify_test.go).  Leaf
indices here are 0-based throughout.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.log.frontier import Frontier
from lineage.log.merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    consistency_proof_from_subtrees,
    inclusion_proof_from_subtrees,
    leaf_hash,
    node_hash,
    perfect_subtrees,
    range_hash,
    root_from_subtrees,
    verify_consistency,
    verify_inclusion,
)
from tests.lineage.merkle_reference import (
    completed_subtrees,
    consistency_proof,
    inclusion_proof,
    root_hash,
)

PROPERTY = settings(max_examples=40, deadline=None, database=None)


def h(hex_digest: str) -> bytes:
    return bytes.fromhex(hex_digest)


# --- Published reference data ------------------------------------------------------------------

REFERENCE_LEAVES = [
    h(""),
    h("00"),
    h("10"),
    h("2021"),
    h("3031"),
    h("40414243"),
    h("5051525354555657"),
    h("606162636465666768696a6b6c6d6e6f"),
]

REFERENCE_ROOTS = {
    0: h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    1: h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
    2: h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
    3: h("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
    4: h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
    5: h("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
    6: h("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
    7: h("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
    8: h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
}

# Hashes of every perfect subtree of the eight-leaf tree, by level then index.
REFERENCE_NODES = [
    [
        h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
        h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
        h("0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7"),
        h("07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7"),
        h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        h("4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658"),
        h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
        h("46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"),
    ],
    [
        h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
        h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
        h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
        h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
    ],
    [
        h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
    ],
    [h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")],
]

# (leaf index, tree size, PATH)
REFERENCE_INCLUSION = [
    (0, 1, []),
    (0, 2, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"]),
    (1, 2, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]

# (old size, new size, PROOF)
REFERENCE_CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]


# --- Naive definitions, written straight from the RFC 6962 §2.1 text ---------------------------


def largest_power_of_two_below(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def naive_mth(data: list[bytes]) -> bytes:
    """MTH(D[n]) of leaf DATA, RFC 6962 §2.1."""
    if not data:
        return hashlib.sha256(b"").digest()
    if len(data) == 1:
        return hashlib.sha256(b"\x00" + data[0]).digest()
    k = largest_power_of_two_below(len(data))
    return hashlib.sha256(b"\x01" + naive_mth(data[:k]) + naive_mth(data[k:])).digest()


Range = tuple[int, int]


def naive_path(m: int, lo: int, hi: int) -> list[Range]:
    """The leaf ranges whose MTH make up PATH(m, D[lo:hi]), RFC 6962 §2.1.1."""
    if hi - lo == 1:
        return []
    mid = lo + largest_power_of_two_below(hi - lo)
    if m < mid:
        return [*naive_path(m, lo, mid), (mid, hi)]
    return [*naive_path(m, mid, hi), (lo, mid)]


def naive_subproof(m: int, lo: int, hi: int, b: bool) -> list[Range]:
    """The leaf ranges of SUBPROOF(m - lo, D[lo:hi], b), RFC 6962 §2.1.2."""
    if m == hi:
        return [] if b else [(lo, hi)]
    mid = lo + largest_power_of_two_below(hi - lo)
    if m <= mid:
        return [*naive_subproof(m, lo, mid, b), (mid, hi)]
    return [*naive_subproof(m, mid, hi, False), (lo, mid)]


# A verifier sees proof hashes as opaque 32-byte values: it cannot tell a leaf hash from the hash
# of a subtree.  What it checks for given sizes is a fixed formula that rebuilds the root(s) from
# the proof positions (and the leaf, or the old root).  When a changed size (or index) leads to
# the very same formula, the original proof is, as far as any verifier can know, a genuine proof
# for the changed parameters too -- e.g. for old size 2, [H(leaf 2)] proves new size 3, and the
# same bytes read as [MTH(leaves 2..3)] prove new size 4.  Such probes are mathematically
# unavoidable acceptances, so the tests below expect True exactly when the formulas coincide and
# False for every other corruption.  `shape` is that formula as a nested tuple.


def shape(lo: int, hi: int, atoms: dict[Range, object]) -> object:
    """MTH(D[lo:hi]) as a formula over the given atoms, following the RFC 6962 split."""
    if (lo, hi) in atoms:
        return atoms[(lo, hi)]
    assert hi - lo > 1, f"leaf {lo} is not covered by the proof"
    mid = lo + largest_power_of_two_below(hi - lo)
    return (shape(lo, mid, atoms), shape(mid, hi, atoms))


def inclusion_shape(index: int, size: int) -> object:
    if not 0 <= index < size:
        return None
    atoms: dict[Range, object] = {r: i for i, r in enumerate(naive_path(index, 0, size))}
    atoms[(index, index + 1)] = "leaf"
    return shape(0, size, atoms)


def consistency_shape(old: int, new: int) -> object:
    if not 0 < old < new:
        return None
    atoms: dict[Range, object] = {r: i for i, r in enumerate(naive_subproof(old, 0, new, True))}
    if old & (old - 1) == 0:  # RFC 9162 §2.1.4.2 step 2: the old root itself starts the proof
        atoms[(0, old)] = "old root"
    return (shape(0, old, atoms), shape(0, new, atoms))


# --- Trees used by the tests ---------------------------------------------------------------------


def build_store(leaf_hashes: list[bytes]) -> dict[tuple[int, int], bytes]:
    """Append leaves one by one, writing the nodes completed_subtrees names, as a store would."""
    store: dict[tuple[int, int], bytes] = {}
    for i, lh in enumerate(leaf_hashes):
        store[(0, i)] = lh
        for level, index in completed_subtrees(i):
            left, right = store[(level - 1, 2 * index)], store[(level - 1, 2 * index + 1)]
            store[(level, index)] = node_hash(left, right)
    return store


def reader_of(store: dict[tuple[int, int], bytes]) -> Callable[[int, int], bytes]:
    return lambda level, index: store[(level, index)]


MAX_SIZE = 64
DATA = [f"disclosure {i}".encode() for i in range(MAX_SIZE)]
LEAVES = [leaf_hash(d) for d in DATA]
READER = reader_of(build_store(LEAVES))


@cache
def mth(lo: int, hi: int) -> bytes:
    return naive_mth(DATA[lo:hi])


def flip(value: bytes) -> bytes:
    return bytes([value[0] ^ 0x10]) + value[1:]


def variants(proof: list[bytes], *fillers: bytes) -> Iterator[tuple[str, list[bytes]]]:
    """Proofs with one hash bit-flipped, one hash dropped, or a hash added at either end."""
    for i in range(len(proof)):
        yield f"flip {i}", [*proof[:i], flip(proof[i]), *proof[i + 1 :]]
        yield f"drop {i}", [*proof[:i], *proof[i + 1 :]]
    for filler in [*fillers, *proof[:1], *proof[-1:]]:
        yield f"add {filler.hex()[:8]} first", [filler, *proof]
        yield f"add {filler.hex()[:8]} last", [*proof, filler]


# --- Published vectors ---------------------------------------------------------------------------


def test_empty_tree_root() -> None:
    assert REFERENCE_ROOTS[0] == EMPTY_ROOT
    assert root_hash([]) == REFERENCE_ROOTS[0]
    assert root_from_subtrees(READER, 0) == REFERENCE_ROOTS[0]


@pytest.mark.parametrize("size", range(9))
def test_reference_roots(size: int) -> None:
    leaves = [leaf_hash(d) for d in REFERENCE_LEAVES[:size]]
    assert root_hash(leaves) == REFERENCE_ROOTS[size]
    assert root_from_subtrees(reader_of(build_store(leaves)), size) == REFERENCE_ROOTS[size]
    assert naive_mth(REFERENCE_LEAVES[:size]) == REFERENCE_ROOTS[size]


def test_reference_node_hashes_are_what_a_store_writes() -> None:
    store = build_store([leaf_hash(d) for d in REFERENCE_LEAVES])
    expected = {(lv, i): v for lv, row in enumerate(REFERENCE_NODES) for i, v in enumerate(row)}
    assert store == expected


@pytest.mark.parametrize(("index", "size", "expected"), REFERENCE_INCLUSION)
def test_reference_inclusion_proofs(index: int, size: int, expected: list[str]) -> None:
    leaves = [leaf_hash(d) for d in REFERENCE_LEAVES[:size]]
    want = [h(x) for x in expected]
    assert inclusion_proof(leaves, index) == want
    assert inclusion_proof_from_subtrees(reader_of(build_store(leaves)), index, size) == want
    assert verify_inclusion(leaves[index], index, size, want, REFERENCE_ROOTS[size])


@pytest.mark.parametrize(("old", "new", "expected"), REFERENCE_CONSISTENCY)
def test_reference_consistency_proofs(old: int, new: int, expected: list[str]) -> None:
    leaves = [leaf_hash(d) for d in REFERENCE_LEAVES[:new]]
    want = [h(x) for x in expected]
    assert consistency_proof(leaves, old) == want
    assert consistency_proof_from_subtrees(reader_of(build_store(leaves)), old, new) == want
    assert verify_consistency(old, new, REFERENCE_ROOTS[old], REFERENCE_ROOTS[new], want)


# --- Every index, size and size pair up to 64 ---------------------------------------------------


def inclusion_probes(
    index: int, size: int, proof: list[bytes]
) -> Iterator[tuple[str, tuple[bytes, int, int, list[bytes], bytes], bool]]:
    """Corrupted inclusion claims, each with whether a verifier must accept it."""
    leaf, root = LEAVES[index], mth(0, size)
    for desc, i, s in [
        ("index - 1", index - 1, size),
        ("index + 1", index + 1, size),
        ("size * 2", index, size * 2),
        ("size // 2", index, size // 2),
    ]:
        yield desc, (leaf, i, s, proof, root), inclusion_shape(i, s) == inclusion_shape(index, size)
    other = LEAVES[index + 1 if index + 1 < MAX_SIZE else 0]
    yield "other leaf", (other, index, size, proof, root), False
    yield "flipped leaf", (flip(leaf), index, size, proof, root), False
    yield "flipped root", (leaf, index, size, proof, flip(root)), False
    yield "empty root", (leaf, index, size, proof, EMPTY_ROOT), False
    for desc, bad in variants(proof, root, leaf, EMPTY_ROOT):
        yield desc, (leaf, index, size, bad, root), False


@pytest.mark.parametrize("size", range(1, MAX_SIZE + 1))
def test_inclusion_every_index(size: int) -> None:
    for index in range(size):
        proof = inclusion_proof(LEAVES[:size], index)
        assert proof == [mth(lo, hi) for lo, hi in naive_path(index, 0, size)]
        assert inclusion_proof_from_subtrees(READER, index, size) == proof
        assert verify_inclusion(LEAVES[index], index, size, proof, mth(0, size))
        for desc, args, accept in inclusion_probes(index, size, proof):
            assert verify_inclusion(*args) is accept, (index, size, desc)


def consistency_probes(
    old: int, new: int, proof: list[bytes]
) -> Iterator[tuple[str, tuple[int, int, bytes, bytes, list[bytes]], bool]]:
    """Corrupted consistency claims, each with whether a verifier must accept it."""
    r1, r2 = mth(0, old), mth(0, new)
    for desc, o, n in [
        ("old - 1", old - 1, new),
        ("old + 1", old + 1, new),
        ("new - 1", old, new - 1),
        ("new + 1", old, new + 1),
        ("new * 2", old, new * 2),
        ("new // 2", old, new // 2),
    ]:
        yield desc, (o, n, r1, r2, proof), consistency_shape(o, n) == consistency_shape(old, new)
    yield "swapped roots", (old, new, r2, r1, proof), False
    yield "flipped old root", (old, new, flip(r1), r2, proof), False
    yield "flipped new root", (old, new, r1, flip(r2), proof), False
    yield "empty proof", (old, new, r1, r2, []), False
    for desc, bad in variants(proof, r1, r2, EMPTY_ROOT):
        yield desc, (old, new, r1, r2, bad), False


@pytest.mark.parametrize("new", range(1, MAX_SIZE + 1))
def test_consistency_every_pair(new: int) -> None:
    for old in range(1, new):
        proof = consistency_proof(LEAVES[:new], old)
        assert proof == [mth(lo, hi) for lo, hi in naive_subproof(old, 0, new, True)]
        assert consistency_proof_from_subtrees(READER, old, new) == proof
        assert verify_consistency(old, new, mth(0, old), mth(0, new), proof)
        for desc, args, accept in consistency_probes(old, new, proof):
            assert verify_consistency(*args) is accept, (old, new, desc)
    root = mth(0, new)
    assert consistency_proof(LEAVES[:new], new) == []
    assert consistency_proof_from_subtrees(READER, new, new) == []
    assert verify_consistency(new, new, root, root, [])
    assert not verify_consistency(new, new, root, flip(root), [])
    assert not verify_consistency(new, new, root, root, [root])
    assert not verify_consistency(new, new + 1, root, root, [])
    assert not verify_consistency(new - 1, new, root, root, [])


def test_some_size_changes_are_indistinguishable() -> None:
    """The formula comparison above is not vacuous: it does accept, and only where it must."""
    assert consistency_shape(2, 3) == consistency_shape(2, 4)
    assert verify_consistency(2, 4, mth(0, 2), mth(0, 3), [LEAVES[2]])
    # The published proofs 6 -> 7 and 6 -> 8 share one formula: [(4,6), X, (0,4)] with X the
    # last leaf of 7 or the pair (6,8); each proof therefore also "proves" the other new size.
    assert consistency_shape(6, 7) == consistency_shape(6, 8)
    published = {(old, new): [h(x) for x in p] for old, new, p in REFERENCE_CONSISTENCY}
    assert verify_consistency(6, 8, REFERENCE_ROOTS[6], REFERENCE_ROOTS[7], published[6, 7])
    assert verify_consistency(6, 7, REFERENCE_ROOTS[6], REFERENCE_ROOTS[8], published[6, 8])
    assert consistency_shape(1, 2) != consistency_shape(1, 3)
    assert not verify_consistency(1, 3, mth(0, 1), mth(0, 2), [LEAVES[1]])


# --- Bad input ------------------------------------------------------------------------------------


def test_proof_generation_rejects_bad_arguments() -> None:
    leaves = LEAVES[:5]
    for index in (-1, 5, 6):
        with pytest.raises(ValueError):
            inclusion_proof(leaves, index)
        with pytest.raises(ValueError):
            inclusion_proof_from_subtrees(READER, index, 5)
    for old in (-1, 0, 6):
        with pytest.raises(ValueError):
            consistency_proof(leaves, old)
        with pytest.raises(ValueError):
            consistency_proof_from_subtrees(READER, old, 5)
    with pytest.raises(ValueError):
        inclusion_proof([], 0)
    with pytest.raises(ValueError):
        root_from_subtrees(READER, -1)
    with pytest.raises(ValueError):
        completed_subtrees(-1)


def test_verify_inclusion_refuses_malformed_input() -> None:
    leaf, root, proof = LEAVES[2], mth(0, 5), inclusion_proof(LEAVES[:5], 2)
    assert verify_inclusion(leaf, 2, 5, proof, root)
    assert verify_inclusion(leaf, 2, 5, tuple(proof), root)
    bad: list[tuple[object, ...]] = [
        (leaf, -1, 5, proof, root),
        (leaf, 5, 5, proof, root),
        (leaf, 0, 0, [], EMPTY_ROOT),
        (leaf, 2, -5, proof, root),
        (leaf, True, 5, proof, root),
        (leaf, 2.0, 5, proof, root),
        (leaf, "2", 5, proof, root),
        (leaf, 2, None, proof, root),
        (leaf[:-1], 2, 5, proof, root),
        (leaf.hex(), 2, 5, proof, root),
        (bytearray(leaf), 2, 5, proof, root),
        (leaf, 2, 5, proof, root + b"\x00"),
        (leaf, 2, 5, proof, None),
        (leaf, 2, 5, None, root),
        (leaf, 2, 5, 7, root),
        (leaf, 2, 5, iter(proof), root),
        (leaf, 2, 5, b"".join(proof), root),
        (leaf, 2, 5, [p.hex() for p in proof], root),
        (leaf, 2, 5, [*proof[:-1], b""], root),
        (leaf, 2, 5, [*proof[:-1], None], root),
    ]
    for args in bad:
        assert verify_inclusion(*args) is False, args  # type: ignore[arg-type]
    # A one-leaf tree's root is its leaf hash, but hashes of the wrong size are still refused.
    assert verify_inclusion(leaf, 0, 1, [], leaf)
    assert not verify_inclusion(b"", 0, 1, [], b"")
    # Booleans are not sizes, even where False == 0 and True == 1 would otherwise verify.
    assert not verify_inclusion(leaf, False, 1, [], leaf)
    assert not verify_inclusion(leaf, 0, True, [], leaf)


def test_verify_consistency_refuses_malformed_input() -> None:
    r2, r5, proof = mth(0, 2), mth(0, 5), consistency_proof(LEAVES[:5], 2)
    assert verify_consistency(2, 5, r2, r5, proof)
    bad: list[tuple[object, ...]] = [
        (5, 2, r2, r5, proof),
        (-2, 5, r2, r5, proof),
        (2, -5, r2, r5, proof),
        (True, 5, r2, r5, proof),
        (2.0, 5, r2, r5, proof),
        (2, "5", r2, r5, proof),
        (2, 5, r2[:-1], r5, proof),
        (2, 5, r2, None, proof),
        (2, 5, r2, r5, None),
        (2, 5, r2, r5, iter(proof)),
        (2, 5, r2, r5, [p.hex() for p in proof]),
        (2, 5, r2, r5, [*proof[:-1], b""]),
        (2, 5, r2, r5, [r2] * 40),
    ]
    for args in bad:
        assert verify_consistency(*args) is False, args  # type: ignore[arg-type]
    assert verify_consistency(1, 1, r2, r2, [])
    assert not verify_consistency(True, True, r2, r2, [])
    assert not verify_consistency(False, 1, EMPTY_ROOT, r2, [])


def test_verify_consistency_from_the_empty_tree() -> None:
    """An empty tree is a prefix of every tree: only an empty proof and the empty root pass."""
    assert verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    assert verify_consistency(0, 7, EMPTY_ROOT, mth(0, 7), [])
    assert not verify_consistency(0, 0, EMPTY_ROOT, mth(0, 1), [])
    assert not verify_consistency(0, 7, mth(0, 1), mth(0, 7), [])
    assert not verify_consistency(0, 7, EMPTY_ROOT, mth(0, 7), [mth(0, 7)])
    assert not verify_consistency(0, 7, EMPTY_ROOT, b"", [])


# --- Stored perfect subtrees ----------------------------------------------------------------------


def test_completed_subtrees() -> None:
    assert completed_subtrees(0) == []
    assert completed_subtrees(1) == [(1, 0)]
    assert completed_subtrees(2) == []
    assert completed_subtrees(3) == [(1, 1), (2, 0)]
    assert completed_subtrees(5) == [(1, 2)]
    assert completed_subtrees(7) == [(1, 3), (2, 1), (3, 0)]
    assert completed_subtrees(11) == [(1, 5), (2, 2)]


def test_perfect_subtrees() -> None:
    assert perfect_subtrees(0, 0) == []
    assert perfect_subtrees(0, 13) == [(3, 0), (2, 2), (0, 12)]
    assert perfect_subtrees(8, 14) == [(2, 2), (1, 6)]
    assert perfect_subtrees(3, 9) == [(0, 3), (2, 1), (0, 8)]
    with pytest.raises(ValueError):
        perfect_subtrees(5, 4)


def test_range_hash() -> None:
    for start, end in [(0, 1), (0, 13), (8, 14), (48, 64), (32, 63), (5, 6), (4, 9)]:
        assert range_hash(READER, start, end) == mth(start, end)
    for start, end in [(3, 9), (2, 6), (5, 8), (0, 0), (7, 6), (-1, 0)]:
        with pytest.raises(ValueError):
            range_hash(READER, start, end)


@pytest.mark.parametrize("size", [2**40, 2**40 + 1, 2**41 - 1, 1_234_567_891_011])
def test_subtree_proofs_need_logarithmic_reads(size: int) -> None:
    reads: list[tuple[int, int]] = []

    def counting_reader(level: int, index: int) -> bytes:
        reads.append((level, index))
        return hashlib.sha256(f"{level}/{index}".encode()).digest()

    bound = 2 * size.bit_length() + 1
    for index in (0, 1, size // 3, size - 2, size - 1):
        reads.clear()
        assert len(inclusion_proof_from_subtrees(counting_reader, index, size)) <= bound
        assert len(reads) <= bound
    for old in (1, 2, size // 3, size - 1):
        reads.clear()
        assert len(consistency_proof_from_subtrees(counting_reader, old, size)) <= bound
        assert len(reads) <= bound
    reads.clear()
    root_from_subtrees(counting_reader, size)
    assert len(reads) == size.bit_count()
    assert all((index + 1) << level <= size for level, index in reads)


# --- Properties against the naive definition ------------------------------------------------------


def leaf_data(max_size: int = 200) -> st.SearchStrategy[list[bytes]]:
    return st.integers(0, max_size).flatmap(
        lambda n: st.lists(st.binary(max_size=8), min_size=n, max_size=n)
    )


@PROPERTY
@given(leaf_data())
def test_root_matches_naive_definition(data: list[bytes]) -> None:
    leaves = [leaf_hash(d) for d in data]
    want = naive_mth(data)
    assert root_hash(leaves) == want
    assert root_from_subtrees(reader_of(build_store(leaves)), len(leaves)) == want


@PROPERTY
@given(leaf_data())
def test_stored_subtrees_reproduce_every_prefix_root(data: list[bytes]) -> None:
    leaves = [leaf_hash(d) for d in data]
    store: dict[tuple[int, int], bytes] = {}
    reader = reader_of(store)
    for size, lh in enumerate(leaves, start=1):
        store[(0, size - 1)] = lh
        for level, index in completed_subtrees(size - 1):
            store[(level, index)] = node_hash(
                store[(level - 1, 2 * index)], store[(level - 1, 2 * index + 1)]
            )
        assert root_from_subtrees(reader, size) == root_hash(leaves[:size])
    # n leaves plus one interior node per completed perfect subtree: 2n - popcount(n) in all.
    assert len(store) == 2 * len(leaves) - len(leaves).bit_count()


@PROPERTY
@given(leaf_data().filter(bool), st.data())
def test_random_proofs_verify(data: list[bytes], draw: st.DataObject) -> None:
    leaves = [leaf_hash(d) for d in data]
    reader, size = reader_of(build_store(leaves)), len(leaves)
    index = draw.draw(st.integers(0, size - 1), label="index")
    old = draw.draw(st.integers(1, size), label="old size")
    root, old_root = naive_mth(data), naive_mth(data[:old])
    path = inclusion_proof(leaves, index)
    assert path == inclusion_proof_from_subtrees(reader, index, size)
    assert verify_inclusion(leaves[index], index, size, path, root)
    assert verify_inclusion(leaf_hash(data[index]), index, size, path, root)
    proof = consistency_proof(leaves, old)
    assert proof == consistency_proof_from_subtrees(reader, old, size)
    assert verify_consistency(old, size, old_root, root, proof)
    assert all(len(x) == HASH_SIZE for x in [*path, *proof])


def frontier_store(leaves: list[bytes]) -> dict[tuple[int, int], bytes]:
    """The subtrees the product stores: each leaf, and each node `Frontier.append` completes."""
    store: dict[tuple[int, int], bytes] = {}
    frontier = Frontier()

    def keep(level: int, index: int, node: bytes) -> None:
        store[(level, index)] = node

    for i, lh in enumerate(leaves):
        store[(0, i)] = lh
        frontier.append(lh, keep)
    return store


@PROPERTY
@given(st.integers(1, 1100), st.data())
def test_product_matches_the_reference_at_any_size(size: int, draw: st.DataObject) -> None:
    """The frontier writes exactly the subtrees the reference names, and the roots and proofs
    read from them are the RFC recursions' bytes."""
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(size)]
    store = frontier_store(leaves)
    assert store == build_store(leaves)
    reader = reader_of(store)
    assert root_from_subtrees(reader, size) == root_hash(leaves)
    for _ in range(5):
        index = draw.draw(st.integers(0, size - 1), label="index")
        old = draw.draw(st.integers(1, size), label="old size")
        assert inclusion_proof_from_subtrees(reader, index, size) == inclusion_proof(leaves, index)
        assert consistency_proof_from_subtrees(reader, old, size) == consistency_proof(leaves, old)
        assert root_from_subtrees(reader, old) == root_hash(leaves[:old])
