"""The synthetic council, as a stream of recordings in ledger order.

`Council(children, years, seed)` is a generator of `Recording`s, in the order the ledger
records them: each day's casework (drawn at the rates of `volumes.CASE_EVENTS`, scaled to
the council's size), then that night's returns, with late records, onward shares,
corrections, notifications and breaches falling on the days they are recorded. Only a few
days' plans are ever held (a heap of them), and families are rebuilt from the seed on
demand, so memory does not grow with the size of the council or the length of the period.

The default — `DEFAULT_CHILDREN` (60,000, about Luton's children) for one year, seed 1 —
makes 27,306 entries: some 14,600 disclosures from casework, 11,800 from returns and
extracts (one entry per child or family per return), 740 onward shares, 140 corrections, 40
Art 19 notifications and 2 breaches; about 200 are refusals, 307 (1.1%) are exceptions
flagged by the flag rules (`lineage.reports.counts`) and 6 go abroad. Appending them takes
50 to 90 seconds on SQLite (one core of a shared two-core machine), with the process's
peak RSS about 110 MB; 250,000 children (116,000 entries) peak at 140 MB and a million
(467,000 entries) at 142 MB: memory does not grow with the council.

The same seed gives the same recordings, byte for byte; the writer gives the store the
same clock and random bytes, so the same ledger root. `MIX` states the ranges the mix of
entries stays in; the tests check a modest run against it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Final

from lineage.demo.calendar import BULK_SLOT, at, days, is_working_day, period
from lineage.demo.people import Population
from lineage.demo.shares import Draw
from lineage.demo.timeline import RETURNS_TEAM, Desk, Recording
from lineage.demo.volumes import CASE_EVENTS, DEFAULT_CHILDREN, RETURNS, CaseEvent, Return

DEFAULT_YEARS: Final = 1
WORKING_DAYS, OTHER_DAYS = 253, 112
"""Days in a year with and without office hours (weekends and bank holidays)."""
BREACHES_PER_YEAR: Final = 2.0
"""Breaches a year in a council of the default size; every year has at least one."""

MIX: Final[dict[str, dict[str, tuple[float, float]]]] = {
    "kind": {
        "disclosure": (0.95, 0.995),
        "onward": (0.005, 0.04),
        "correction": (0.0, 0.01),
        "notification": (0.0, 0.005),
        "breach": (0.00002, 0.003),
    },
    "purpose": {
        "safeguarding": (0.2, 0.4),
        "child_protection": (0.1, 0.25),
        "statutory_return": (0.05, 0.15),
        "regional_sufficiency": (0.08, 0.25),
        "supporting_families": (0.08, 0.2),
        "court_proceedings": (0.01, 0.06),
        "health_wellbeing": (0.01, 0.06),
        "adoption_placement": (0.005, 0.04),
        "crime_prevention": (0.003, 0.03),
        "early_years": (0.003, 0.03),
    },
    "recipient_type": {
        "school": (0.1, 0.25),
        "police": (0.05, 0.15),
        "nhs_trust": (0.05, 0.15),
        "icb_gp": (0.03, 0.1),
        "dfe": (0.05, 0.15),
        "consultancy": (0.1, 0.25),
        "central_government": (0.05, 0.15),
        "court": (0.003, 0.03),
        "cafcass": (0.003, 0.03),
        "local_authority": (0.001, 0.02),
        "voluntary_sector": (0.01, 0.05),
        "fostering_agency": (0.003, 0.04),
    },
    "rate": {
        "cross_border": (0.0, 0.002),
        "exception": (0.001, 0.04),
        "refused": (0.001, 0.02),
    },
}
"""Shares of the entries a run makes: by kind (of all entries), by purpose and recipient
type (of disclosures and onward shares), and the cross-border, exception (entries with at
least one flag) and refusal rates. Ranges hold from 2,000 children up."""


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson count (Knuth's method; a normal approximation for large means)."""
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


class Council:
    """A council's children and families over a period, as recordings in ledger order."""

    def __init__(self, *, children: int, years: int = DEFAULT_YEARS, seed: int = 1) -> None:
        self.start, self.end = period(years)
        self.population = Population(seed, children, on=self.start)
        self.scale = children / DEFAULT_CHILDREN
        self.rng = random.Random(f"{seed}/events")
        self.desk = Desk(self.rng)
        self.today = self.start
        self._breach_days: set[date] = set()

    @property
    def day_count(self) -> int:
        return (self.end - self.start).days

    def __iter__(self) -> Iterator[Recording]:
        for day in days(self.start, self.end):
            self.today = day
            self._open(day)
            yield from self.desk.due(before=at(day, BULK_SLOT))
            for due in RETURNS:
                if due.due(day):
                    yield from self._bulk(due, day)
            yield from self.desk.due(before=at(day + timedelta(days=1), time(0)))
        yield from self.desk.due()

    def _open(self, day: date) -> None:
        """Plan the day's casework (and note a breach due, on the days drawn for one)."""
        if day.month == 4 and day.day == 1:
            self._draw_breach_days(day)
        if day in self._breach_days:
            self.desk.breaches_due += 1
        for event in CASE_EVENTS:
            for _ in range(poisson(self.rng, self._daily_mean(event, day))):
                self._casework(event, day)

    def _daily_mean(self, event: CaseEvent, day: date) -> float:
        weight = 1.0 if is_working_day(day) else event.weekend
        return event.per_year * self.scale * weight / (WORKING_DAYS + OTHER_DAYS * event.weekend)

    def _casework(self, event: CaseEvent, day: date) -> None:
        bands, weights = zip(*event.bands, strict=True)
        family = self.population.pick(self.rng, self.rng.choices(bands, weights)[0])
        if family is None:
            return
        occurred = self._moment(day)
        payloads = event.build(Draw(self.rng, occurred), family)
        self.desk.record_casework(payloads, family, occurred)

    def _moment(self, day: date) -> datetime:
        """A moment in the working day; the duty team works late mornings at weekends."""
        weekend = not is_working_day(day)
        minutes = self.rng.randint(0, 8 * 60 if weekend else 10 * 60)
        return at(day, time(10 if weekend else 8)) + timedelta(minutes=minutes)

    def _bulk(self, due: Return, day: date) -> Iterator[Recording]:
        """One return: an entry per child (or family) it carries, recorded that night."""
        occurred, recorded = at(day, BULK_SLOT) - timedelta(hours=6), at(day, BULK_SLOT)
        for band in due.bands:
            for number in self.population.members(band, due.share):
                family = self.population.family(number)
                for payload in due.build(Draw(self.rng, occurred), family):
                    yield Recording(recorded, RETURNS_TEAM, "disclosure", payload)

    def _draw_breach_days(self, first: date) -> None:
        count = max(1, poisson(self.rng, BREACHES_PER_YEAR * self.scale))
        year = [d for d in days(first, first.replace(year=first.year + 1)) if is_working_day(d)]
        self._breach_days = set(self.rng.sample(year, min(count, len(year))))
