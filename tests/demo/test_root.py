"""The demo's ledger is a fixed point: the default council for seed 1 has the root that
docs/demo.md and the README show. A change to bodies, canonical bytes, the order of
entries or the Merkle log changes it; such a change must say so and update the docs."""

from __future__ import annotations

from pathlib import Path

from lineage.cli.demo import summary_lines
from lineage.demo.volumes import DEFAULT_CHILDREN
from lineage.reports.counts import headline
from tests.demo.conftest import build_demo, sqlite_settings

SEED_1_ROOT = "77b4e57d731f006865bb321ee11985fdc212c9209d35e5b00607d5b0f38192b6"
SEED_1_SIZE = 27_306
DOCS = Path(__file__).resolve().parents[2] / "docs" / "demo.md"


def test_the_default_demo_for_seed_1_keeps_its_root(tmp_path: Path) -> None:
    service = build_demo(sqlite_settings(tmp_path), children=DEFAULT_CHILDREN, seed=1)
    try:
        size, root = service.ledger.head()
        assert (size, root.hex()) == (SEED_1_SIZE, SEED_1_ROOT)
        with service.engine.connect() as conn:
            figures = headline(conn)
        docs = DOCS.read_text(encoding="utf-8")
        for line in summary_lines(figures):  # the transcript of `bin/run`
            assert f"\n  {line}\n" in docs, line
        assert f"{figures.exceptions} entries (1.1%) are flagged for the DPO" in docs
    finally:
        service.engine.dispose()
