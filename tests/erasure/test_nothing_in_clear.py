"""Nothing personal in clear: every field that can carry free text reaches the hashed body
sealed, or as codes from a controlled list with the free rest sealed."""

from __future__ import annotations

from typing import Any

from api.views import disclosure_view
from lineage.ledger.canonical import parse_body
from lineage.ledger.listing import disclosure_detail
from lineage.ledger.opening import TextOpener
from lineage.service import Service
from tests.appending import append, correct
from tests.factories import disclosure_payload, transfer_payload
from tests.lineage.helpers import rows

PLANTED = {
    "legal_power": "Children Act 1989 s47; Jane PLANTED-LP Doe DOB 01/02/2015",
    "decision_maker": "NHS 943 PLANTED-DM 5919",
    "reason": "Mother PLANTED-REASON said",
}


def _raw_bodies(service: Service) -> bytes:
    return b"".join(bytes(r[0]) for r in rows(service, "SELECT body FROM ledger_entry"))


def _view(service: Service, entry_id: str) -> dict[str, Any]:
    with service.engine.connect() as conn:
        detail = disclosure_detail(conn, entry_id)
        assert detail is not None
        tokens = [s["token"] for s in detail["effective"]["disclosure"]["subjects"]]
        text = TextOpener(conn, service.keys, tokens, allowed=True)
        return disclosure_view(detail, {}, text)


def test_free_text_fields_are_sealed_and_known_values_coded(service: Service) -> None:
    appended = append(service.ledger, disclosure_payload(**PLANTED), recorded_by="t")
    entry_id = appended.receipt.entry_id
    correct(
        service.ledger,
        entry_id,
        {"changes": {"decision_maker": "Team manager, MASH; PLANTED-CHANGE"}, "reason": "fix"},
        recorded_by="t",
    )
    raw = _raw_bodies(service)
    for planted in ("PLANTED-LP", "PLANTED-DM", "PLANTED-REASON", "PLANTED-CHANGE", "MASH"):
        assert planted.encode() not in raw
    original = parse_body(bytes(rows(service, "SELECT body FROM ledger_entry")[0][0]))
    assert original["disclosure"]["legal_power"]["codes"] == ["ca1989_s47"]
    assert original["disclosure"]["decision_maker"]["codes"] == []

    effective = _view(service, entry_id)["effective"]
    assert effective["legal_power"] == PLANTED["legal_power"]
    assert effective["decision_maker"] == "Team manager, MASH; PLANTED-CHANGE"
    assert effective["reason"] == PLANTED["reason"]  # kept: the correction did not change it


def test_the_design_shape_is_accepted_and_reads_back_the_same(service: Service) -> None:
    entry_id = append(service.ledger, transfer_payload(), recorded_by="t").receipt.entry_id
    body = parse_body(bytes(rows(service, "SELECT body FROM ledger_entry")[0][0]))
    assert body["disclosure"]["transfer_instrument"] == {"codes": ["dpa2018_sch21_para5"]}
    effective = _view(service, entry_id)["effective"]
    assert effective["legal_power"] == "Children Act 1989 Sch 2 para 19"
    assert effective["transfer_instrument"] == "DPA 2018 Sch 21 para 5"
