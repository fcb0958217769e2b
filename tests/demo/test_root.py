"""The demo's ledger is a fixed point: the default council for seed 1 has the root that
docs/demo.md and the README show. A change to bodies, canonical bytes, the order of
entries or the Merkle log changes it; such a change must say so and update the docs."""

from __future__ import annotations

from pathlib import Path

from lineage.demo.volumes import DEFAULT_CHILDREN
from tests.demo.conftest import build_demo, sqlite_settings

SEED_1_ROOT = "9d44eab22b0b1358d68c77f71c9964c6582091fe49cdc31c6a7842654f3d1429"
SEED_1_SIZE = 27_306


def test_the_default_demo_for_seed_1_keeps_its_root(tmp_path: Path) -> None:
    service = build_demo(sqlite_settings(tmp_path), children=DEFAULT_CHILDREN, seed=1)
    try:
        size, root = service.ledger.head()
        assert (size, root.hex()) == (SEED_1_SIZE, SEED_1_ROOT)
    finally:
        service.engine.dispose()
