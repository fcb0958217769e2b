"""Cross-field refusal rules for a disclosure, needing no database.

Each rule reads the entry as a mapping (the raw input, or the validated values) and
tolerates malformed values, which the field validators report on their own. The
requirements for a basis and conditions apply to data that was shared; a recorded
decision not to share (`decision: refused`) processes nothing onward, so it needs none,
but whatever it states must still be consistent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from models.citations import cites
from models.countries import UNITED_KINGDOM
from models.errors import Refusal
from models.raw import duplicates, flag, given, items, text
from models.schedule1 import schedule1_part
from models.vocabulary import CATEGORIES

# UK GDPR Art 9(2) points needing a DPA 2018 Schedule 1 condition, and from which Part
# (DPA 2018 s10(2) and (3)).
SCHEDULE1_PART_FOR_ART9: Final[Mapping[str, int]] = {
    "UKGDPR.9.2.b": 1,
    "UKGDPR.9.2.h": 1,
    "UKGDPR.9.2.i": 1,
    "UKGDPR.9.2.j": 1,
    "UKGDPR.9.2.g": 2,
}
RECOGNISED_LEGITIMATE_INTEREST: Final = "UKGDPR.6.1.ea"
_TRANSFER_FIELDS: Final = ("destination_country", "transfer_mechanism", "transfer_instrument")


def is_shared(raw: Mapping[str, Any]) -> bool:
    """Whether the entry records data shared (the default) rather than a refusal."""
    return text(raw, "decision") in (None, "shared")


def categories_of_class(raw: Mapping[str, Any], cls: str) -> list[str]:
    """The known category codes of the entry that are of a class, in order, once each."""
    found = [c for c in items(raw, "categories") if isinstance(c, str) and c in CATEGORIES]
    return list(dict.fromkeys(c for c in found if CATEGORIES[c].cls == cls))


@cites("ICO data sharing code: the decision record names whose data")
def subjects_present(raw: Mapping[str, Any]) -> list[Refusal]:
    """At least one subject, unless `derived_from` names the entry whose subjects apply."""
    subjects = raw.get("subjects")
    if given(raw, "derived_from") or subjects not in (None, []):
        return []
    return [Refusal(("subjects",), "at least one subject is required unless derived_from is given")]


@cites("ICO data sharing code: the decision record names what data")
def categories_unique(raw: Mapping[str, Any]) -> list[Refusal]:
    """Each category is listed once."""
    return duplicates(raw, "categories", "category")


@cites("UK GDPR Art 6(1)")
def shared_needs(raw: Mapping[str, Any]) -> list[Refusal]:
    """Data shared needs an Art 6 lawful basis (UK GDPR Art 6(1)) and a method."""
    if not is_shared(raw):
        return []
    needed = {
        "lawful_basis": "a lawful basis (UK GDPR Art 6(1)) is required when data is shared",
        "method": "the method of sharing is required when data is shared",
    }
    return [Refusal((key,), msg) for key, msg in needed.items() if not given(raw, key)]


@cites("UK GDPR Art 9(1) and 9(2)")
def special_category_condition(raw: Mapping[str, Any]) -> list[Refusal]:
    """Special category data needs a UK GDPR Art 9(2) condition (Art 9(1))."""
    special = categories_of_class(raw, "special")
    if not special or not is_shared(raw) or given(raw, "special_category_condition"):
        return []
    message = f"special category data ({', '.join(special)}) needs an Art 9 condition"
    return [Refusal(("special_category_condition",), message)]


@cites("DPA 2018 s10(2) and (3), Schedule 1 Parts 1 and 2")
def schedule1_pairing(raw: Mapping[str, Any]) -> list[Refusal]:
    """Art 9(2)(b), (h), (i), (j) need a Schedule 1 Part 1 condition, (g) a Part 2 one.

    DPA 2018 s10(2) and (3). Part 3 conditions serve criminal offence data only (s10(5)).
    """
    where = ("schedule1_condition",)
    chosen = text(raw, "schedule1_condition")
    chosen_part = schedule1_part(chosen) if chosen is not None else None
    if chosen_part == 3:
        return [Refusal(where, f"{chosen} is a Part 3 condition: use criminal_offence_condition")]
    condition = text(raw, "special_category_condition") or ""
    part = SCHEDULE1_PART_FOR_ART9.get(condition)
    if part is None:
        return []
    needed = f"{condition} needs a DPA 2018 Schedule 1 Part {part} condition"
    if not given(raw, "schedule1_condition"):
        return [Refusal(where, needed)] if is_shared(raw) else []
    if chosen_part is not None and chosen_part != part:
        return [Refusal(where, f"{needed}; {chosen} is in Part {chosen_part}")]
    return []


@cites("UK GDPR Art 10; DPA 2018 s10(5), Schedule 1")
def criminal_offence_condition(raw: Mapping[str, Any]) -> list[Refusal]:
    """Criminal offence data needs Art 10 authority: a DPA 2018 Schedule 1 condition (s10(5)).

    `criminal_offence_condition` carries only the Schedule 1 code; UK GDPR Art 10 is
    implied by the field itself.
    """
    criminal = categories_of_class(raw, "criminal")
    if not criminal or not is_shared(raw) or given(raw, "criminal_offence_condition"):
        return []
    message = (
        f"criminal offence data ({', '.join(criminal)}) needs a criminal_offence_condition "
        "(a DPA 2018 Schedule 1 condition; UK GDPR Art 10)"
    )
    return [Refusal(("criminal_offence_condition",), message)]


@cites("UK GDPR Art 6(1)(ea) and 6(5), Annex 1")
def annex1_condition(raw: Mapping[str, Any]) -> list[Refusal]:
    """UK GDPR Art 6(1)(ea) is met only through an Annex 1 condition (Art 6(5))."""
    basis = text(raw, "lawful_basis")
    where = ("annex1_condition",)
    if given(raw, "annex1_condition"):
        if basis is not None and basis != RECOGNISED_LEGITIMATE_INTEREST:
            message = f"an Annex 1 condition applies only with {RECOGNISED_LEGITIMATE_INTEREST}"
            return [Refusal(where, message)]
        return []
    if basis == RECOGNISED_LEGITIMATE_INTEREST and is_shared(raw):
        return [Refusal(where, f"{basis} needs its Annex 1 condition")]
    return []


@cites("UK GDPR Art 44 (Chapter V)")
def cross_border_transfer(raw: Mapping[str, Any]) -> list[Refusal]:
    """A transfer outside the UK names its country and its UK GDPR Chapter V mechanism."""
    if not flag(raw, "cross_border"):
        return [
            Refusal((key,), f"{key} is given but cross_border is false")
            for key in _TRANSFER_FIELDS
            if given(raw, key)
        ]
    found: list[Refusal] = []
    if (text(raw, "destination_country") or "").upper() == UNITED_KINGDOM:
        found.append(Refusal(("destination_country",), "a cross-border share cannot go to GB"))
    for key in _TRANSFER_FIELDS[:2]:
        if is_shared(raw) and not given(raw, key):
            found.append(Refusal((key,), f"a cross-border share needs a {key}"))
    return found


@cites("ICO data sharing code: routine sharing under an agreement")
def agreement_or_one_off(raw: Mapping[str, Any]) -> list[Refusal]:
    """An entry cites a sharing agreement or says it is a one-off, not both."""
    if given(raw, "agreement") and flag(raw, "one_off"):
        return [Refusal(("one_off",), "give an agreement or one_off: true, not both")]
    return []


DISCLOSURE_RULES: Final[tuple[Callable[[Mapping[str, Any]], list[Refusal]], ...]] = (
    subjects_present,
    categories_unique,
    shared_needs,
    special_category_condition,
    schedule1_pairing,
    criminal_offence_condition,
    annex1_condition,
    cross_border_transfer,
    agreement_or_one_off,
)


def disclosure_refusals(raw: Mapping[str, Any]) -> list[Refusal]:
    """Every cross-field refusal rule broken by a disclosure, in a stable order."""
    return [refusal for rule in DISCLOSURE_RULES for refusal in rule(raw)]
