"""Dated reference data: the UK adequacy list, retention classes, UK calendar dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from models.dates import add_years, last_sunday, uk_date
from models.reference import (
    ADEQUACY_LIST,
    RETENTION_CLASSES,
    AdequacyRow,
    applicable_retention_classes,
    is_adequate,
    retention_class_for,
    retention_ends,
)

EU27 = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
CARRIED_OVER = "IS LI NO GI CH CA AR GG IM JE FO AD IL UY NZ JP"


@pytest.mark.parametrize("country", (EU27 + " " + CARRIED_OVER).split())
def test_adequate_from_the_end_of_the_transition(country: str) -> None:
    assert is_adequate(country, date(2021, 1, 1))
    assert is_adequate(country, date(2026, 3, 2))
    assert not is_adequate(country, date(2020, 12, 31))


@pytest.mark.parametrize(
    ("country", "first_day"), [("KR", date(2022, 12, 19)), ("US", date(2023, 10, 12))]
)
def test_later_regulations_from_their_day(country: str, first_day: date) -> None:
    assert not is_adequate(country, first_day - timedelta(days=1))
    assert is_adequate(country, first_day)


@pytest.mark.parametrize("country", ["GB", "IN", "AU", "BR", "CN", "ZA", "XX", "ie"])
def test_not_on_the_list(country: str) -> None:
    assert not is_adequate(country, date(2026, 3, 2))


def test_scope_notes_for_partial_findings() -> None:
    scopes = {row.country: row.scope for row in ADEQUACY_LIST}
    assert "PIPEDA" in scopes["CA"] and "APPI" in scopes["JP"]
    assert "UK Extension" in scopes["US"]
    assert len({row.country for row in ADEQUACY_LIST}) == len(ADEQUACY_LIST)


def test_a_row_covers_up_to_its_last_day() -> None:
    row = AdequacyRow("ZZ", "test", date(2021, 1, 1), date(2024, 6, 30))
    assert row.covers(date(2024, 6, 30)) and not row.covers(date(2024, 7, 1))


def test_retention_classes_as_data() -> None:
    assert set(RETENTION_CLASSES) == {"adoption", "looked_after", "child_protection", "default"}
    assert RETENTION_CLASSES["looked_after"].basis == "birthday"
    assert RETENTION_CLASSES["looked_after"].years == 75
    assert RETENTION_CLASSES["adoption"].years == 100


@pytest.mark.parametrize(
    ("categories", "purpose", "expected"),
    [
        (["identity"], "education", "default"),
        (["identity", "safeguarding_concerns"], "education", "child_protection"),
        (["identity"], "child_protection", "child_protection"),
        (["placement"], "child_protection", "looked_after"),
        (["identity"], "regional_sufficiency", "looked_after"),
        (["adoption", "placement"], "child_protection", "adoption"),
        (["identity"], "adoption_placement", "adoption"),
    ],
)
def test_the_longest_applicable_class_wins(
    categories: list[str], purpose: str, expected: str
) -> None:
    assert retention_class_for(categories, purpose) == expected


def test_applicable_classes() -> None:
    found = applicable_retention_classes(["placement", "safeguarding_concerns"], "education")
    assert found == ["looked_after", "child_protection"]


def test_retention_ends() -> None:
    born, event = date(2012, 2, 29), date(2026, 3, 2)
    assert retention_ends("looked_after", event=event, born=born) == date(2087, 2, 28)
    assert retention_ends("looked_after", event=event, born=None) == date(2101, 3, 2)
    assert retention_ends("adoption", event=event, born=born) == date(2126, 3, 2)
    assert retention_ends("default", event=event, born=born) == date(2032, 3, 2)


def test_uk_dates_follow_british_summer_time() -> None:
    assert last_sunday(2026, 3) == date(2026, 3, 29) and last_sunday(2026, 10) == date(2026, 10, 25)
    assert uk_date(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == date(2026, 7, 1)
    assert uk_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == date(2026, 12, 31)
    assert uk_date(datetime(2026, 3, 29, 0, 59, tzinfo=UTC)) == date(2026, 3, 29)
    assert uk_date(datetime(2026, 3, 28, 23, 30, tzinfo=UTC)) == date(2026, 3, 28)
    assert uk_date(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) == date(2026, 10, 25)
    assert uk_date(datetime(2026, 4, 1, 0, 30, tzinfo=timezone(timedelta(hours=2)))) == date(
        2026, 3, 31
    )
    with pytest.raises(ValueError):
        uk_date(datetime(2026, 1, 1))


def test_add_years_on_a_leap_day() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
