"""The lineage benchmarks' shares: one seeded stream, appended through the ledger or loaded.

Disclosures go to a handful of busy partners and a long tail, some are passed on by their
recipients, some go abroad, a few are corrected. The stream yields plain values, so the same
entries can become ledger requests (`request_of`) or projection rows written directly.
"""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from lineage.ledger.store import Request
from lineage.registry.partners import put_partner
from lineage.service import Service
from lineage.storage.database import write_transaction
from models.registry_schemas import PartnerIn

BATCH = 5000
"""Entries per append; the ledger's clock reads an hour after the batch's last entry."""
START = datetime(2022, 4, 1, tzinfo=UTC)
SPAN = timedelta(days=4 * 365)
PARTNERS = [f"partner-{n:02d}" for n in range(24)]
WEIGHTS = [1 / (rank + 2) for rank in range(len(PARTNERS))]
"""Zipf-like: the busiest partner receives about 15% of the shares, the quietest under 2%."""
CUMULATIVE_WEIGHTS = list(itertools.accumulate(WEIGHTS))
CATEGORIES = ("identity", "contact", "school_details", "attendance", "family_relationships",
              "siblings", "needs", "placement", "care_details", "legal_status")  # fmt: skip
ONWARD, TRANSFER, CORRECTION = 0.03, 0.005, 0.002
ONWARD_WINDOW, CORRECTED_WINDOW = 20_000, 5_000
"""How far back an onward share or a correction reaches."""
CORRECTED_TO = ("identity",)
"""What every correction narrows the categories to."""
PURPOSE, LAWFUL_BASIS, METHOD, ROLE = "safeguarding", "UKGDPR.6.1.e", "secure_email", "child"
ABROAD = {
    "cross_border": True,
    "destination_country": "US",
    "transfer_mechanism": "ART46.2.a",
    "transfer_instrument": "Hague Convention 1993",
}


class Share(NamedTuple):
    """A disclosure or an onward share as the stream draws it (a tuple: millions are made)."""

    seq: int
    entry_id: str
    kind: str
    recorded_at: datetime
    occurred_at: datetime
    sender: str
    recipient: str
    categories: tuple[str, ...]
    subjects: tuple[int, ...]  # subject numbers: local id `B-{n}`
    abroad: bool
    parent_id: str | None = None
    parent_seq: int | None = None


class Correction(NamedTuple):
    """A correction narrowing a recent share's categories."""

    seq: int
    recorded_at: datetime
    target: Share


Entry = Share | Correction


def local_id(subject: int) -> str:
    return f"B-{subject}"


class EntryStream:
    """`entries` entries over a tenth as many subjects, occurring evenly over four years and
    recorded in append batches of `BATCH`, from ledger position `first_seq` on."""

    def __init__(self, entries: int, first_seq: int, council: str, seed: int = 7) -> None:
        self.entries = entries
        self.subjects = max(10, entries // 10)
        self.random = random.Random(seed)
        self.first_seq = first_seq
        self.council = council
        self.recent: list[Share] = []  # a ring of the last ONWARD_WINDOW shares
        self.shares = 0

    def moment(self, n: int) -> datetime:
        """When the n-th entry occurred."""
        return START + SPAN * (n / self.entries)

    def recorded_at(self, n: int) -> datetime:
        """When the n-th entry was recorded: an hour after the last entry of its batch."""
        return self.moment(min(self.entries, (n // BATCH + 1) * BATCH)) + timedelta(hours=1)

    def entry(self, n: int) -> Entry:
        seq, at = self.first_seq + n, self.recorded_at(n)
        draw = self.random.random()
        if draw < CORRECTION and self.shares:
            return Correction(seq, at, self.pick(CORRECTED_WINDOW))
        entry_id = str(uuid.UUID(int=self.random.getrandbits(128), version=4))
        [recipient] = self.random.choices(PARTNERS, cum_weights=CUMULATIVE_WEIGHTS)
        categories = tuple(self.random.sample(CATEGORIES, self.random.randint(1, 3)))
        parent = self.pick(ONWARD_WINDOW) if draw < ONWARD + CORRECTION and self.shares else None
        if parent is None:
            count = self.random.choice((1, 1, 2))
            people = {self.random.randrange(self.subjects) for _ in range(count)}
            kind, sender, subjects = "disclosure", self.council, tuple(sorted(people))
        else:  # an onward share: sent by the parent's recipient, about the same subjects
            kind, sender, subjects = "onward", parent.recipient, parent.subjects
        share = Share(
            seq=seq,
            entry_id=entry_id,
            kind=kind,
            recorded_at=at,
            occurred_at=self.moment(n),
            sender=sender,
            recipient=recipient,
            categories=categories,
            subjects=subjects,
            abroad=self.random.random() < TRANSFER,
            parent_id=None if parent is None else parent.entry_id,
            parent_seq=None if parent is None else parent.seq,
        )
        self.remember(share)
        return share

    def pick(self, window: int) -> Share:
        """One of the last `window` shares, uniformly."""
        back = self.random.randrange(min(window, self.shares))
        return self.recent[(self.shares - 1 - back) % ONWARD_WINDOW]

    def remember(self, share: Share) -> None:
        if len(self.recent) < ONWARD_WINDOW:
            self.recent.append(share)
        else:
            self.recent[self.shares % ONWARD_WINDOW] = share
        self.shares += 1


def request_of(service: Service, entry: Entry) -> Request:
    """The ledger request for an entry of the stream."""
    if isinstance(entry, Correction):
        change = {"changes": {"categories": list(CORRECTED_TO)}, "reason": "narrowed"}
        return Request.validated("correction", change, target=entry.target.entry_id)
    payload: dict[str, Any] = {
        "entry_id": entry.entry_id,
        "occurred_at": entry.occurred_at.isoformat(),
        "recipient": entry.recipient,
        "categories": list(entry.categories),
        "purpose": PURPOSE,
        "lawful_basis": LAWFUL_BASIS,
        "one_off": True,
        "method": METHOD,
    }
    if entry.parent_id is not None:
        payload.update(derived_from=entry.parent_id, sender=entry.sender)
    else:
        payload["subjects"] = [{"local_id": local_id(p), "role": ROLE} for p in entry.subjects]
    if entry.abroad:
        payload.update(ABROAD)
    return Request.validated("disclosure", payload)


def frozen(at: datetime) -> Callable[[], datetime]:
    return lambda: at


def append_entries(service: Service, entries: Sequence[Entry]) -> None:
    """Append one batch through the ledger's bulk path, recorded when the stream says."""
    assert len({entry.recorded_at for entry in entries}) == 1, "one append batch at most"
    service.ledger.clock = frozen(entries[0].recorded_at)
    requests = [request_of(service, entry) for entry in entries]
    [outcome] = service.ledger.append([requests], recorded_by="bench", proofs=False)
    appended = outcome.get()
    assert [a.receipt.seq for a in appended] == [entry.seq for entry in entries]


def register_partners(service: Service) -> None:
    """The benchmark's partners, in force from its first day."""
    with write_transaction(service.engine) as conn:
        for code in PARTNERS:
            partner = {"code": code, "name": code.title(), "type": "school", "role": "controller",
                       "country": "GB"}  # fmt: skip
            record = PartnerIn.model_validate(partner).model_dump(mode="json")
            put_partner(conn, record, by="bench", at=START)
