"""Synthetic families: valid, distinct identifiers from ranges never issued, stable per seed."""

from __future__ import annotations

import random
from datetime import date

from lineage.demo.people import BANDS, NHS_TEST_CAPACITY, Person, Population, nhs_number, upn
from models.identifiers import is_valid_nhs_number, is_valid_upn

ON = date(2025, 4, 1)


def everyone(population: Population) -> list[Person]:
    people: list[Person] = []
    for number in range(population.size):
        family = population.family(number)
        people += [*family.children, *family.parents, *family.carers]
    return people


def test_identifiers_are_valid_distinct_and_never_issued() -> None:
    people = everyone(Population(3, 5000, on=ON))
    children = [p for p in people if p.role == "child"]
    assert len({p.local_id for p in people}) == len(people)
    nhs = [c.nhs_number for c in children]
    assert all(n is not None and is_valid_nhs_number(n) and n.startswith("999") for n in nhs)
    assert len(set(nhs)) == len(nhs)
    upns = [c.upn for c in children if c.upn]
    assert upns and all(is_valid_upn(u) and u[1:4] == "999" for u in upns)
    assert len(set(upns)) == len(upns)
    assert all(p.local_id.startswith("LL-") for p in people)


def test_nhs_numbers_fill_the_test_range_without_repeats() -> None:
    sample = [nhs_number(i) for i in range(0, NHS_TEST_CAPACITY, 997)]
    assert len(set(sample)) == len(sample)
    assert nhs_number(NHS_TEST_CAPACITY) is None
    assert upn(0) != upn(1) and is_valid_upn(upn(10**9 - 1))


def test_same_seed_same_families_and_another_seed_others() -> None:
    first, again, other = (Population(s, 2000, on=ON) for s in (5, 5, 6))
    assert [first.family(n) for n in range(50)] == [again.family(n) for n in range(50)]
    assert [first.family(n) for n in range(50)] != [other.family(n) for n in range(50)]


def test_bands_partition_the_families_and_pick_stays_in_its_band() -> None:
    population = Population(1, 60_000, on=ON)
    names = [band for band, _ in BANDS]
    assert sum(population.band_size(b) for b in names) == population.size
    assert 150 < population.band_size("looked_after") < 250  # about 0.6% of families
    rng = random.Random(0)
    for band in names:
        for _ in range(20):
            family = population.pick(rng, band)
            assert family is not None and family.band == band
    members = list(population.members("looked_after"))
    assert len(set(members)) == len(members) == population.band_size("looked_after")


def test_a_tiny_council_still_has_one_family_in_every_band() -> None:
    population = Population(1, 300, on=ON)
    assert all(population.band_size(b) >= 1 for b, _ in BANDS)
