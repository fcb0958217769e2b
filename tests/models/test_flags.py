"""Every exception flag: one flagged and one clean example each."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from models.disclosure import DisclosureIn
from models.flags import AgreementView, Flag, flag_exceptions, flag_kinds
from models.registry_schemas import AgreementIn
from models.validation import validate_disclosure
from models.vocabulary import EXCEPTION_KINDS
from tests.factories import (
    AGREEMENTS,
    COUNCIL,
    agreement_payload,
    disclosure_payload,
    onward_payload,
    refusal_payload,
    transfer_payload,
)

POLICE = AgreementView.from_terms(AGREEMENTS[0])
ENDED = AgreementView.from_terms({**AGREEMENTS[0], "valid_to": "2026-03-31"})
"""The police agreement had it ended in the past (an occurred_at may not be in the future)."""
PARENT = "6f1c2a8e-3b0e-4a55-9d0c-2f1f0b7a9e11"


def flags(
    d: DisclosureIn | dict[str, Any],
    *,
    sender: str | None = None,
    agreement: AgreementView | None = POLICE,
    parent_agreement: AgreementView | None = None,
    recorded_at: datetime | None = None,
) -> list[Flag]:
    entry = d if isinstance(d, DisclosureIn) else validate_disclosure(d)
    return flag_exceptions(
        entry,
        council=COUNCIL,
        sender=sender or entry.sender or COUNCIL,
        agreement=agreement if entry.agreement else None,
        parent_agreement=parent_agreement,
        recorded_at=recorded_at or entry.occurred_at + timedelta(hours=1),
    )


def kinds(*args: Any, **kwargs: Any) -> list[str]:
    return [f.kind for f in flags(*args, **kwargs)]


def test_the_design_example_is_clean() -> None:
    assert flags(disclosure_payload()) == []


def test_every_kind_is_in_the_vocabulary() -> None:
    assert set(EXCEPTION_KINDS) == {
        "outside_agreement", "no_agreement", "unknown_agreement",
        "legitimate_interests_by_council", "unavailable_derogation", "not_adequate",
        "late_record", "onward_not_permitted", "contrary_to_decision",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("overrides", "detail"),
    [
        ({"recipient": "elft"}, "recipient 'elft' is not a party"),
        ({"categories": ["identity", "ethnicity"]}, "category 'ethnicity' is not covered"),
        ({"purpose": "education"}, "purpose 'education' is not covered"),
        ({"lawful_basis": "UKGDPR.6.1.d"}, "lawful basis 'UKGDPR.6.1.d' is not covered"),
        (
            {"occurred_at": "2024-03-31T22:59:00Z"},
            "occurred 2024-03-31, before the agreement began on 2024-04-01",
        ),
    ],
)
def test_outside_agreement(overrides: dict[str, Any], detail: str) -> None:
    assert flags(disclosure_payload(**overrides)) == [Flag("outside_agreement", detail)]


def test_outside_agreement_after_it_ended() -> None:
    assert flags(disclosure_payload(occurred_at="2026-03-31T23:30:00Z"), agreement=ENDED) == [
        Flag("outside_agreement", "occurred 2026-04-01, after the agreement ended on 2026-03-31")
    ]


def test_outside_agreement_by_the_sender_and_on_its_last_uk_day() -> None:
    assert flags(disclosure_payload(sender="dfe")) == [
        Flag("outside_agreement", "sender 'dfe' is not a party")
    ]
    assert flags(disclosure_payload(occurred_at="2026-03-31T22:30:00Z"), agreement=ENDED) == []
    assert flags(disclosure_payload(occurred_at="2024-03-31T23:00:00Z")) == []


def test_outside_agreement_lists_every_reason() -> None:
    found = flags(disclosure_payload(categories=["identity", "gender", "religion"]))
    assert found == [
        Flag(
            "outside_agreement",
            "category 'gender' is not covered; category 'religion' is not covered",
        )
    ]


def test_no_agreement_unless_one_off() -> None:
    detail = "no sharing agreement cited and not marked one-off"
    assert flags(disclosure_payload(agreement=None)) == [Flag("no_agreement", detail)]
    assert flags(disclosure_payload(agreement=None, one_off=True)) == []


def test_unknown_agreement_when_the_cited_one_is_not_on_the_register() -> None:
    raw = disclosure_payload(agreement="ISA-1999-GONE")
    assert flags(raw, agreement=None) == [
        Flag("unknown_agreement", "agreement 'ISA-1999-GONE' is not on the register")
    ]
    assert flags(disclosure_payload(), agreement=POLICE) == []


def test_a_view_for_another_agreement_is_a_caller_error() -> None:
    with pytest.raises(ValueError):
        flags(disclosure_payload(agreement="ISA-OTHER"), agreement=POLICE)


@pytest.mark.parametrize("basis", ["UKGDPR.6.1.f", "UKGDPR.6.1.ea"])
def test_legitimate_interests_relied_on_by_the_council(basis: str) -> None:
    annex1 = "ANNEX1.6" if basis == "UKGDPR.6.1.ea" else None
    raw = disclosure_payload(lawful_basis=basis, annex1_condition=annex1, agreement=None)
    raw["one_off"] = True
    assert kinds(raw) == ["legitimate_interests_by_council"]
    assert kinds(raw, sender="beds-police") == []
    assert kinds(raw | {"lawful_basis": "UKGDPR.6.1.e", "annex1_condition": None}) == []


@pytest.mark.parametrize("mechanism", ["ART49.1.a", "ART49.1.b", "ART49.1.c", "ART49.1.second"])
def test_unavailable_derogation_used_by_the_council(mechanism: str) -> None:
    raw = transfer_payload(transfer_mechanism=mechanism, destination_country="IN")
    assert kinds(raw) == ["unavailable_derogation"]
    assert kinds(raw, sender="tusla") == []
    assert kinds(raw | {"transfer_mechanism": "ART49.1.d"}) == []


def test_not_adequate_by_the_date_it_occurred() -> None:
    assert flags(transfer_payload(destination_country="IN")) == [
        Flag("not_adequate", "India (IN) was not adequate on 2026-02-10")
    ]
    assert kinds(transfer_payload(destination_country="KR", occurred_at="2022-12-18T12:00:00Z"))
    assert (
        kinds(transfer_payload(destination_country="KR", occurred_at="2022-12-19T12:00:00Z")) == []
    )
    assert kinds(transfer_payload(destination_country="IN", transfer_mechanism="ART46.2.a")) == []


def test_late_record() -> None:
    d = validate_disclosure(disclosure_payload())
    late = d.occurred_at + timedelta(days=31)
    assert flags(d, recorded_at=late) == [Flag("late_record", "recorded 31 days after it occurred")]
    assert flags(d, recorded_at=d.occurred_at + timedelta(days=30)) == []
    with pytest.raises(ValueError):
        flags(d, recorded_at=datetime(2026, 4, 1))


def test_late_after_is_configurable() -> None:
    d = validate_disclosure(disclosure_payload())
    found = flag_exceptions(
        d, council=COUNCIL, sender=COUNCIL, agreement=POLICE, parent_agreement=None,
        recorded_at=d.occurred_at + timedelta(days=3), late_after=timedelta(days=2),
    )  # fmt: skip
    assert flag_kinds(found) == ["late_record"]


def _onward_flags(parent: AgreementView | None, recipient: str = "cps") -> list[Flag]:
    return flags(onward_payload(PARENT, recipient=recipient), parent_agreement=parent)


def test_onward_sharing_permitted_to_a_named_recipient_is_clean() -> None:
    assert _onward_flags(POLICE) == []


def test_onward_not_permitted() -> None:
    closed = AgreementView.of(
        AgreementIn.model_validate(agreement_payload(onward_sharing=False, onward_recipients=[]))
    )
    assert _onward_flags(closed) == [
        Flag("onward_not_permitted", "agreement 'ISA-2024-POLICE' does not permit onward sharing")
    ]
    assert _onward_flags(POLICE, recipient="dfe") == [
        Flag(
            "onward_not_permitted",
            "agreement 'ISA-2024-POLICE' permits onward sharing only to cps",
        )
    ]
    assert kinds(onward_payload(PARENT), parent_agreement=None) == ["onward_not_permitted"]


def test_onward_sharing_open_to_anyone() -> None:
    open_terms = AgreementView.of(
        AgreementIn.model_validate(agreement_payload(onward_recipients=[]))
    )
    assert _onward_flags(open_terms, recipient="dfe") == []


def test_refusals_only_flag_a_late_record() -> None:
    raw = refusal_payload(lawful_basis="UKGDPR.6.1.f", cross_border=True, destination_country="IN",
                          transfer_mechanism="ART49.1.a")  # fmt: skip
    d = validate_disclosure(raw)
    assert flags(d) == []
    assert kinds(d, recorded_at=d.occurred_at + timedelta(days=60)) == ["late_record"]


def test_flags_come_in_vocabulary_order() -> None:
    raw = transfer_payload(
        one_off=None, lawful_basis="UKGDPR.6.1.f", transfer_mechanism="ART49.1.a",
        destination_country="IN",
    )  # fmt: skip
    found = kinds(raw, recorded_at=datetime(2026, 6, 1, tzinfo=UTC))
    assert found == [
        "no_agreement", "legitimate_interests_by_council", "unavailable_derogation", "late_record",
    ]  # fmt: skip
    assert found == [k for k in EXCEPTION_KINDS if k in found]


def test_agreement_view_from_stored_terms() -> None:
    terms = {**AGREEMENTS[1], "version": 3, "retired": False}
    view = AgreementView.from_terms(terms)
    assert view.id == "ISA-2023-HEALTH" and view.valid_to == date(2026, 3, 31)
    assert view.parties == frozenset({"luton-council", "elft"}) and not view.onward_sharing
