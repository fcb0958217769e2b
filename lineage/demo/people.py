"""Synthetic families: children, parents, siblings and carers, computed from the seed.

Nothing is stored: family `n` is rebuilt on demand from its own seeded generator, so a council
of a million children costs no more memory than one of a thousand. Families are ranked by a
seeded permutation and the ranks are cut into bands (looked after, child protection, child in
need, early help, universal), so a random member of a band is found in constant time.

No real person's identifiers can appear: NHS numbers come from the range NHS England keeps
for testing (beginning 999, never issued to a patient) and UPNs carry the LA number 999,
outside the numbers held by English authorities (201-938). Both have correct check
characters, so the real validators accept them.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Final

from lineage.demo.partners import GP_CODES, PRIMARY_SCHOOLS, SECONDARY_SCHOOLS
from models.identifiers import nhs_check_digit, upn_check_letter

CHILDREN_PER_FAMILY: Final = ((1, 45), (2, 33), (3, 15), (4, 7))
MEAN_CHILDREN_PER_FAMILY: Final = sum(n * w for n, w in CHILDREN_PER_FAMILY) / 100
LONE_PARENT_RATE: Final = 0.28
KINSHIP_CARER_RATE: Final = 0.08

BANDS: Final = (
    ("looked_after", 0.006),
    ("child_protection", 0.006),
    ("child_in_need", 0.03),
    ("early_help", 0.05),
    ("universal", 1.0),
)
"""Family bands by the share of families in each (the last takes the rest)."""
SUPPORTING_FAMILIES_SHARE: Final = 0.4
"""Share of early-help families attached to the Supporting Families programme."""

CONCERNS: Final = (
    ("domestic_abuse", 0.45),
    ("mental_health", 0.35),
    ("health", 0.5),
    ("substance_misuse", 0.2),
    ("criminal_records", 0.15),
    ("disability", 0.12),
)
"""What a family's case file may hold beyond the basics, and how often (each drawn apart)."""

NHS_TEST_CAPACITY: Final = 900_000
"""Children numbered beyond this have no NHS number: the test range holds no more."""


@dataclass(frozen=True)
class Person:
    """One person as the council's case system knows them."""

    local_id: str
    role: str
    born: date
    nhs_number: str | None = None
    upn: str | None = None
    school: str | None = None


@dataclass(frozen=True)
class Family:
    """A household: its children, parents and any kinship carer, and its band."""

    number: int
    family_id: str
    band: str
    children: tuple[Person, ...]
    parents: tuple[Person, ...]
    carers: tuple[Person, ...]
    gp: str
    concerns: frozenset[str]

    @property
    def schools(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.school for c in self.children if c.school))


def nhs_number(ordinal: int) -> str | None:
    """A valid NHS number from the testing range, distinct for each ordinal below capacity."""
    if ordinal >= NHS_TEST_CAPACITY:
        return None
    # A fixed permutation of the range keeps siblings' numbers apart.
    block, position = divmod((ordinal * 611_953 + 77) % NHS_TEST_CAPACITY, 9)
    prefix = f"999{block:05d}"
    usable = [d for d in "0123456789" if nhs_check_digit(prefix + d) is not None]
    first_nine = prefix + usable[position]
    return first_nine + str(nhs_check_digit(first_nine))


def upn(ordinal: int) -> str:
    """A valid UPN under LA number 999, distinct for each ordinal below 10**9."""
    rest = f"999{(ordinal * 387_420_489 + 12_345) % 1_000_000_000:09d}"
    return upn_check_letter(rest) + rest


class Population:
    """The council's children and families for one seed."""

    def __init__(self, seed: int, children: int, *, on: date) -> None:
        if children < 1:
            raise ValueError("a council needs at least one child")
        self.seed = seed
        self.on = on
        self.size = max(1, round(children / MEAN_CHILDREN_PER_FAMILY))
        shuffle = random.Random(f"{seed}/population")
        self._step = _coprime(shuffle, self.size)
        self._offset = shuffle.randrange(self.size)
        self._inverse = pow(self._step, -1, self.size)
        self._bands = _band_ranges(self.size)
        self.family = lru_cache(maxsize=4096)(self._build)

    def band_size(self, band: str) -> int:
        low, high = self._bands[band]
        return high - low

    def pick(self, rng: random.Random, band: str) -> Family | None:
        """A family of the band at random, or None when the band is empty."""
        low, high = self._bands[band]
        return self.family(self._number(rng.randrange(low, high))) if high > low else None

    def members(self, band: str, share: float = 1.0) -> Iterator[int]:
        """The family numbers of a band (or its first `share`), in rank order."""
        low, high = self._bands[band]
        return (self._number(r) for r in range(low, low + round((high - low) * share)))

    def _number(self, rank: int) -> int:
        return (rank * self._step + self._offset) % self.size

    def _rank(self, number: int) -> int:
        return ((number - self._offset) * self._inverse) % self.size

    def _band(self, number: int) -> str:
        rank = self._rank(number)
        return next(b for b, (low, high) in self._bands.items() if low <= rank < high)

    def _build(self, number: int) -> Family:
        rng = random.Random(f"{self.seed}/family/{number}")
        counts, weights = zip(*CHILDREN_PER_FAMILY, strict=True)
        ages = sorted(rng.randrange(0, 18) for _ in range(rng.choices(counts, weights)[0]))
        primary, secondary = rng.choice(PRIMARY_SCHOOLS)[0], rng.choice(SECONDARY_SCHOOLS)[0]
        children = tuple(
            self._child(rng, number * 4 + slot, age, primary if age < 11 else secondary)
            for slot, age in enumerate(ages)
        )
        youngest_parent = max(ages) + rng.randrange(18, 30)
        parents = tuple(
            self._adult(rng, number, 4 + i, "parent", youngest_parent + rng.randrange(0, 6))
            for i in range(1 if rng.random() < LONE_PARENT_RATE else 2)
        )
        carers: tuple[Person, ...] = ()
        if rng.random() < KINSHIP_CARER_RATE:
            carers = (
                self._adult(rng, number, 6, "carer", youngest_parent + rng.randrange(20, 30)),
            )
        concerns = frozenset(c for c, rate in CONCERNS if rng.random() < rate)
        family_id = f"FAM-{10_000 + number}"
        band, gp = self._band(number), rng.choice(GP_CODES)
        return Family(number, family_id, band, children, parents, carers, gp, concerns)

    def _child(self, rng: random.Random, ordinal: int, age: int, school: str) -> Person:
        born = self._born(rng, age)
        at_school = age >= 4
        return Person(
            local_id=f"LL-{100_000 + ordinal * 2}",
            role="child",
            born=born,
            nhs_number=nhs_number(ordinal),
            upn=upn(ordinal) if at_school else None,
            school=school if at_school else None,
        )

    def _adult(self, rng: random.Random, number: int, slot: int, role: str, age: int) -> Person:
        # Adults take the odd local ids, children the even ones: one sequence, no clashes.
        ordinal = number * 4 + (slot - 4)
        return Person(f"LL-{100_001 + ordinal * 2}", role, self._born(rng, age))

    def _born(self, rng: random.Random, age: int) -> date:
        return self.on - timedelta(days=age * 365 + rng.randrange(0, 365))


def _coprime(rng: random.Random, size: int) -> int:
    while True:
        step = rng.randrange(1, max(2, size))
        if math.gcd(step, size) == 1:
            return step


def _band_ranges(size: int) -> dict[str, tuple[int, int]]:
    ranges, low = {}, 0
    for band, share in BANDS:
        high = size if share >= 1.0 else min(size, low + max(1, round(size * share)))
        ranges[band] = (low, high)
        low = high
    return ranges
