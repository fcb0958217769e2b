"""Check-digit validation of the identifiers a subject may be known by.

* NHS number: ten digits, the last a modulus 11 check digit over the first nine, in a
  range issued in England, Wales and the Isle of Man (400 000 000-499 999 999 and
  600 000 000-799 999 999) or the range reserved for testing (999 000 0000-999 999 9999).
  Scotland's CHI numbers (010 100 0000-311 299 9999) and Northern Ireland's Health and
  Care numbers (320 000 001-399 999 999) share the format but are not NHS numbers; other
  numbers are not issued at all (`000 000 0000` passes the check digit). Source: NHS
  Digital's NHS number standard as summarised at https://en.wikipedia.org/wiki/NHS_number
  ("Format, number ranges, and check characters").
* Unique pupil number (UPN, DfE): thirteen characters, the first a modulus 23 check
  letter over the other twelve; a letter in the last position marks a temporary UPN.
"""

from __future__ import annotations

from typing import Final

NHS_WEIGHTS: Final = (10, 9, 8, 7, 6, 5, 4, 3, 2)
NHS_RANGES: Final = (
    (4_000_000_000, 4_999_999_999),
    (6_000_000_000, 7_999_999_999),
    (9_990_000_000, 9_999_999_999),
)
"""The NHS numbers that can be valid: the two issued ranges and the test range."""
UPN_LETTERS: Final = "ABCDEFGHJKLMNPQRTUVWXYZ"
"""The UPN check table: 23 letters, without I, O and S."""


def normalise_nhs_number(s: str) -> str:
    """An NHS number without the spaces it is often written with (`999 876 5439`)."""
    return "".join(s.split())


def nhs_check_digit(first_nine: str) -> int | None:
    """The check digit for the first nine digits of an NHS number.

    None when no NHS number can start with these digits: a remainder giving 10, or input
    that is not nine ASCII digits.
    """
    if len(first_nine) != 9 or not _ascii_digits(first_nine):
        return None
    total = sum(int(d) * w for d, w in zip(first_nine, NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid_nhs_number(s: str) -> bool:
    """Whether `s` (spaces allowed) is a ten-digit NHS number with a correct check digit,
    in an issued or the test range (`NHS_RANGES`)."""
    number = normalise_nhs_number(s)
    if len(number) != 10 or not _ascii_digits(number):
        return False
    if not any(first <= int(number) <= last for first, last in NHS_RANGES):
        return False
    return nhs_check_digit(number[:9]) == int(number[9])


def normalise_upn(s: str) -> str:
    """A UPN in upper case without surrounding or inner whitespace."""
    return "".join(s.split()).upper()


def upn_check_letter(rest: str) -> str:
    """The check letter (position 1) for positions 2-13 of a UPN.

    `rest` is twelve characters: eleven digits, then a digit or (temporary UPN) a letter
    of the check table. Raises ValueError for anything else.
    """
    if not _upn_rest_is_well_formed(rest):
        raise ValueError(f"not the last twelve characters of a UPN: {rest!r}")
    total = sum(_upn_value(ch) * position for position, ch in enumerate(rest, start=2))
    return UPN_LETTERS[total % 23]


def is_valid_upn(s: str) -> bool:
    """Whether `s` is a UPN (either case) whose first letter is its correct check letter."""
    upn = normalise_upn(s)
    if len(upn) != 13 or not _upn_rest_is_well_formed(upn[1:]):
        return False
    return upn[0] == upn_check_letter(upn[1:])


def _ascii_digits(s: str) -> bool:
    return s.isascii() and s.isdigit()


def _upn_rest_is_well_formed(rest: str) -> bool:
    if len(rest) != 12 or not _ascii_digits(rest[:11]):
        return False
    last = rest[11]
    return _ascii_digits(last) or last in UPN_LETTERS


def _upn_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else UPN_LETTERS.index(ch)
