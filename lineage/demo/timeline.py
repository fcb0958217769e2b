"""When things are recorded: the delay from a share to its entry, and what follows a share.

The case system writes its outbox to the ledger a few times a day; most shares reach it
within hours, some days later, and a few only at a later case audit — more than 30 days,
which the real `late_record` rule flags. Follow-ups (onward shares, corrections, Art 19
notifications, breaches) are planned when their parent is, each recorded after it.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

from lineage.demo import followups
from lineage.demo import partners as p
from lineage.demo.calendar import PARTNER_SLOT, next_slot
from lineage.demo.people import Family
from lineage.demo.shares import Draw, Payload

LATE_RECORD_RATE: Final = 0.008
"""Shares recorded only at a later case audit, 31 to 100 days on."""
NEXT_DAYS_RATE: Final = 0.12
"""Shares recorded one to five days after they happened."""
ONWARD_TO_CPS: Final = 0.06
"""Police shares about a crime passed on to the CPS."""
ONWARD_TO_OTHER_FORCE: Final = 0.01
"""Police shares passed to another force, which the police agreement does not permit."""
TRUST_TO_GP: Final = 0.15
"""Trust shares passed on to the family's GP."""
CORRECTION_RATE: Final = 0.01
"""Case shares later corrected; of these, `VOID_SHARE` are voided and the rest changed."""
VOID_SHARE: Final = 0.4
NOTIFY_AFTER_CHANGE: Final = 0.6
"""Changed entries whose recipient is then told (UK GDPR Art 19)."""

CASE_SYSTEM: Final = "recorder:Liquidlogic case system"
RETURNS_TEAM: Final = "recorder:Performance and intelligence team"
IG_TEAM: Final = "recorder:Information governance team"
DPO: Final = "investigator:Data protection officer"
PARTNER_RECORDERS: Final = {
    p.POLICE: "recorder:Bedfordshire Police",
    p.ACUTE_TRUST: "recorder:Bedfordshire Hospitals NHS Foundation Trust",
    p.MENTAL_HEALTH_TRUST: "recorder:East London NHS Foundation Trust",
    p.COMMUNITY_TRUST: "recorder:Cambridgeshire Community Services NHS Trust",
}
# Within one instant the council's own records go first, partners' after.
_RANK: Final = {CASE_SYSTEM: 0, RETURNS_TEAM: 1, IG_TEAM: 2, DPO: 3}


@dataclass(frozen=True)
class Recording:
    """One entry to append: when, by whom, what kind, and the payload a client would send.

    `target` is the entry a correction corrects.
    """

    recorded_at: datetime
    recorded_by: str
    kind: str
    payload: Payload
    target: str | None = None


@dataclass
class Desk:
    """The recordings planned but not yet due, in ledger order (bounded: days, not years)."""

    rng: random.Random
    breaches_due: int = 0
    _heap: list[tuple[datetime, int, int, Recording]] = field(default_factory=list)
    _counter: int = 0

    def plan(self, recording: Recording) -> None:
        rank = _RANK.get(recording.recorded_by, 9)
        heapq.heappush(self._heap, (recording.recorded_at, rank, self._counter, recording))
        self._counter += 1

    def due(self, before: datetime | None = None) -> Iterator[Recording]:
        """The planned recordings before a moment (all of them without one), in order."""
        while self._heap and (before is None or self._heap[0][0] < before):
            yield heapq.heappop(self._heap)[3]

    def pending(self) -> int:
        return len(self._heap)

    def recorded_at(self, occurred: datetime) -> datetime:
        """When the case system records a share that happened at `occurred`."""
        roll = self.rng.random()
        if roll < LATE_RECORD_RATE:
            delay = timedelta(days=self.rng.randint(31, 100))
        elif roll < LATE_RECORD_RATE + NEXT_DAYS_RATE:
            delay = timedelta(days=self.rng.randint(1, 5), minutes=self.rng.randint(0, 240))
        else:
            delay = timedelta(minutes=self.rng.randint(0, 180))
        return next_slot(occurred + delay)

    def record_casework(self, payloads: list[Payload], family: Family, occurred: datetime) -> None:
        """Plan the case system's entries for one event, and whatever follows each share."""
        recorded = self.recorded_at(occurred)
        for payload in payloads:
            self.plan(Recording(recorded, CASE_SYSTEM, "disclosure", payload))
            if payload.get("decision", "shared") == "shared":
                self._follow(payload, family, recorded)

    def _follow(self, parent: Payload, family: Family, recorded: datetime) -> None:
        recipient = parent["recipient"]
        if recipient == p.POLICE and self._police_onward(parent, recorded):
            return
        if recipient in followups.TRUSTS and self.rng.random() < TRUST_TO_GP:
            onward = followups.to_gp(self._draw(parent), parent, family.gp)
            self._plan_onward(onward, recipient, recorded)
        elif self.rng.random() < CORRECTION_RATE:
            self._correct(parent, recorded)
        elif self.breaches_due and recipient in p.SCHOOL_CODES:
            self._breach(parent, recorded)

    def _police_onward(self, parent: Payload, recorded: datetime) -> bool:
        roll = self.rng.random()
        if roll >= ONWARD_TO_CPS + ONWARD_TO_OTHER_FORCE:
            return False
        make = followups.to_cps if roll < ONWARD_TO_CPS else followups.to_other_force
        self._plan_onward(make(self._draw(parent), parent), p.POLICE, recorded)
        return True

    def _draw(self, parent: Payload, days: tuple[int, int] = (1, 20)) -> Draw:
        """Dice for a follow-up happening some days after the parent."""
        occurred = datetime.fromisoformat(parent["occurred_at"])
        later = occurred.replace(hour=9, minute=0) + timedelta(
            days=self.rng.randint(*days), minutes=self.rng.randint(0, 480)
        )
        return Draw(self.rng, later)

    def _plan_onward(self, onward: Payload, partner: str, parent_recorded: datetime) -> None:
        occurred = datetime.fromisoformat(onward["occurred_at"])
        recorded = max(next_slot(occurred + timedelta(hours=1), (PARTNER_SLOT,)), parent_recorded)
        self.plan(Recording(recorded, PARTNER_RECORDERS[partner], "disclosure", onward))

    def _correct(self, parent: Payload, recorded: datetime) -> None:
        void = self.rng.random() < VOID_SHARE
        when = next_slot(recorded + timedelta(days=self.rng.randint(1, 20)))
        fix = followups.correction(Draw(self.rng, when), parent, void=void)
        self.plan(Recording(when, CASE_SYSTEM, "correction", fix, target=parent["entry_id"]))
        if not void and self.rng.random() < NOTIFY_AFTER_CHANGE:
            told = next_slot(when + timedelta(days=self.rng.randint(1, 7)))
            notice = followups.notification(Draw(self.rng, told), parent)
            self.plan(Recording(told, IG_TEAM, "notification", notice))

    def _breach(self, parent: Payload, recorded: datetime) -> None:
        self.breaches_due -= 1
        wrong = self.rng.choice([s for s in p.SCHOOL_CODES if s != parent["recipient"]])
        when = next_slot(recorded + timedelta(days=self.rng.randint(1, 5)))
        report = followups.breach(Draw(self.rng, when), parent, wrong)
        self.plan(Recording(when, DPO, "breach", report))
