"""ISO 3166-1 alpha-2: all 249 assigned codes."""

from __future__ import annotations

from models.countries import COUNTRIES, country_name, is_country_code


def test_all_249_codes_two_upper_case_letters() -> None:
    assert len(COUNTRIES) == 249
    assert all(len(code) == 2 and code.isalpha() and code.isupper() for code in COUNTRIES)
    assert list(COUNTRIES) == sorted(COUNTRIES)


def test_names_and_membership() -> None:
    assert country_name("GB") == "United Kingdom"
    assert country_name("KR") == "Korea, Republic of"
    assert is_country_code("AX") and is_country_code("ZW")
    assert not is_country_code("UK") and not is_country_code("gb") and not is_country_code("EU")
