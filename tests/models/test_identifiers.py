"""NHS number and UPN check digits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.identifiers import (
    NHS_RANGES,
    UPN_LETTERS,
    is_valid_nhs_number,
    is_valid_upn,
    nhs_check_digit,
    normalise_nhs_number,
    normalise_upn,
    upn_check_letter,
)

NHS = "9998765439"
UPN = "B801200005001"


def test_known_valid_numbers() -> None:
    assert is_valid_nhs_number(NHS)
    assert nhs_check_digit(NHS[:9]) == 9
    assert is_valid_upn(UPN)
    assert upn_check_letter(UPN[1:]) == "B"


def _nhs_corruptions(number: str) -> list[str]:
    return [
        number[:i] + d + number[i + 1 :]
        for i in range(len(number))
        for d in "0123456789"
        if d != number[i]
    ]


@pytest.mark.parametrize("corrupted", _nhs_corruptions(NHS))
def test_every_single_digit_corruption_of_the_nhs_number_is_refused(corrupted: str) -> None:
    assert not is_valid_nhs_number(corrupted)


def _upn_corruptions(upn: str) -> list[str]:
    letters = [c + upn[1:] for c in UPN_LETTERS if c != upn[0]]
    digits = [upn[:i] + d + upn[i + 1 :] for i in range(1, 13) for d in "0123456789" if d != upn[i]]
    # A letter in the last place counts as its table value: the one worth the digit it
    # replaces makes a temporary UPN with the same check letter, not a corruption.
    temporary = [upn[:12] + c for i, c in enumerate(UPN_LETTERS) if i != int(upn[12])]
    return letters + digits + temporary


@pytest.mark.parametrize("corrupted", _upn_corruptions(UPN))
def test_every_single_character_corruption_of_the_upn_is_refused(corrupted: str) -> None:
    assert not is_valid_upn(corrupted)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_nine_digits_and_their_check_digit_are_valid_unless_the_check_is_10(nine: str) -> None:
    check = nhs_check_digit(nine)
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    if 11 - total % 11 == 10:
        assert check is None
        assert not any(is_valid_nhs_number(nine + str(d)) for d in range(10))
    else:
        assert check is not None
        issued_or_test = any(a <= int(nine + "0") and int(nine + "9") <= b for a, b in NHS_RANGES)
        assert is_valid_nhs_number(nine + str(check)) == issued_or_test


@given(
    st.text(alphabet="0123456789", min_size=11, max_size=11),
    st.sampled_from(list("0123456789") + list(UPN_LETTERS)),
)
def test_twelve_characters_and_their_check_letter_are_a_valid_upn(digits: str, last: str) -> None:
    rest = digits + last
    assert is_valid_upn(upn_check_letter(rest) + rest)


def test_nhs_number_normalisation_and_malformed_input() -> None:
    assert normalise_nhs_number("999 876 5439") == NHS
    assert is_valid_nhs_number("999 876 5439")
    for bad in ["", "943476591", "99987654390", "943476591X", "９４３４７６５９１９", "-434765919"]:
        assert not is_valid_nhs_number(bad)
    assert nhs_check_digit("12345678") is None
    assert nhs_check_digit("12345678a") is None


def test_upn_normalisation_and_malformed_input() -> None:
    assert normalise_upn(" b801200005001 ") == UPN
    assert is_valid_upn("b801200005001")
    for bad in ["", UPN[:12], UPN + "0", "I801200005001", "B80120000500I", "B8012000050O1"]:
        assert not is_valid_upn(bad)
    with pytest.raises(ValueError):
        upn_check_letter("80120000500")
    with pytest.raises(ValueError):
        upn_check_letter("80120000500S")


def test_temporary_upn_letter_takes_its_table_value() -> None:
    rest = "80120000500" + "C"  # C is worth 2 against 1 for the digit '1'
    expected = UPN_LETTERS[(93 - 13 + 2 * 13) % 23]
    assert upn_check_letter(rest) == expected
