"""Erasure means unreadable to everyone: text about a child and a parent cannot be opened
after the child's erasure, whichever key is tried, and the answer says it was erased."""

from __future__ import annotations

from lineage.ledger.canonical import parse_body
from lineage.ledger.sealing import unseal
from lineage.registry.subjects import SubjectRegistry
from lineage.service import Service
from tests.appending import append, record
from tests.erasure.test_nothing_in_clear import _view
from tests.factories import disclosure_payload
from tests.lineage.helpers import rows


def test_text_about_a_child_and_a_parent_is_gone_after_the_childs_erasure(
    service: Service,
) -> None:
    entry_id = append(service.ledger, disclosure_payload(), recorded_by="t").receipt.entry_id
    body = parse_body(bytes(rows(service, "SELECT body FROM ledger_entry")[0][0]))
    child, parent = (s["token"] for s in body["disclosure"]["subjects"])
    with service.engine.connect() as conn:
        every_key = SubjectRegistry(conn, service.keys).sealing_keys([child, parent])
    sealed = body["disclosure"]["reason"]
    assert unseal(sealed, entry_id=entry_id, holder_keys=every_key) is not None
    # Each key alone already fails: the text needs both.
    assert unseal(sealed, entry_id=entry_id, holder_keys={parent: every_key[parent]}) is None

    record(
        service.ledger, "erasure", {"subject": child, "ground": "erasure_upheld"}, recorded_by="t"
    )
    with service.engine.connect() as conn:
        left = SubjectRegistry(conn, service.keys).sealing_keys([child, parent])
    assert list(left) == [parent]
    assert unseal(sealed, entry_id=entry_id, holder_keys=left) is None

    view = _view(service, entry_id)
    assert view["free_text"] == "erased"
    erased = view["effective"]["reason"]
    assert erased.startswith("erased on ") and erased.endswith(" under erasure_upheld")
    assert view["effective"]["legal_power"] == "Children Act 1989 s47"  # a code: it stays
    assert service.verify().ok
