"""The sections of an Art 15 access report, from a subject's shares. Pure.

The shares are those the lineage fetch returns for the subject (effective versions, onward
shares followed). Only shares that carry the subject's own token count: an onward entry
caught by following `derived_from` that names someone else is that person's data.

* **Disclosed**: the subject's data went from a sender to a recipient other than the
  council — the council's own disclosures and onward disclosures reported to it.
* **Received**: a partner sent the subject's data to the council (a source, Art 15(1)(g)).
* Refusals disclosed nothing and voided entries never happened: neither is disclosed or
  received (refusals go to the reviewer; see `review`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from lineage.investigate.breaches import BreachLink
from lineage.investigate.lineage_graph import Partner, ShareRow
from lineage.ledger.canonical import rfc3339
from models.reference import DEFAULT_RETENTION, RETENTION_CLASSES

RIGHTS: Final = """\
You have the right to ask us for a copy of the information we hold about you, which is \
what this letter answers (UK GDPR Article 15).

If any of it is wrong or incomplete, you can ask us to correct it (Article 16). Where we \
correct information we have shared, we tell the organisations we shared it with \
(Article 19).

You can ask us to delete information, or to restrict how we use it, in some circumstances \
(Articles 17 and 18). You can object to our using or sharing it for our public tasks \
(Article 21); we must then stop unless we have compelling reasons, such as keeping a \
child safe.

Where we sent information outside the UK, you can ask us for a copy of the safeguard that \
protects it.

If you are unhappy with how we have used your information, you can complain to us, and \
you can complain to the Information Commissioner's Office (ICO)."""
"""The subject's rights and how to complain, for the report's `rights` (Arts 12-22, 77)."""

RETENTION_CLOSE: Final = (
    "When that time ends we destroy the keys that link these records to you, so they can no "
    "longer be read as information about you."
)


@dataclass(frozen=True)
class EntryDetail:
    """What a report needs of a version's body beyond its projection."""

    roles: Mapping[str, str]
    """Each subject token the entry names, with its role (child, parent, …)."""
    instrument: str | None
    """The `transfer_instrument` of a cross-border share: the safeguard's document."""
    free_text: bool
    """Whether the entry (or the correction in force) holds sealed free text."""
    retention_class: str
    text_erased: str | None = None
    """"erased on DATE under GROUND" once a subject the free text concerns was erased."""


@dataclass(frozen=True)
class SubjectShares:
    """A subject's shares sorted into what the report lists."""

    token: str
    council: str
    rows: Sequence[ShareRow]
    aliases: frozenset[str] = frozenset()
    """The tokens of records merged into this subject's: their shares are its shares."""

    def about_subject(self, row: ShareRow) -> bool:
        named = self.token in row.subjects or not self.aliases.isdisjoint(row.subjects)
        return named and not row.void

    @property
    def disclosed(self) -> list[ShareRow]:
        return [r for r in self.rows if self._shared(r) and r.recipient != self.council]

    @property
    def received(self) -> list[ShareRow]:
        return [r for r in self.rows if self._shared(r) and r.recipient == self.council]

    @property
    def refused(self) -> list[ShareRow]:
        return [r for r in self.rows if self.about_subject(r) and r.decision == "refused"]

    @property
    def reviewed(self) -> list[ShareRow]:
        """Every share of the subject's data the reviewer may need to look at."""
        return [r for r in self.rows if self.about_subject(r)]

    def _shared(self, row: ShareRow) -> bool:
        return self.about_subject(row) and row.shared


def purposes(rows: Iterable[ShareRow]) -> list[str]:
    """Distinct purpose codes, sorted."""
    return sorted({row.purpose for row in rows})


def categories(rows: Iterable[ShareRow]) -> list[str]:
    """Distinct category codes, sorted."""
    return sorted({code for row in rows for code in row.categories})


def recipients(rows: Iterable[ShareRow], partners: Mapping[str, Partner]) -> list[dict[str, Any]]:
    """One line per recipient: who, when first and last, what, why and on what basis."""
    by_recipient: dict[str, list[ShareRow]] = defaultdict(list)
    for row in rows:
        by_recipient[row.recipient].append(row)
    lines = [_recipient(code, shares, partners.get(code)) for code, shares in by_recipient.items()]
    return sorted(lines, key=lambda line: (line["name"].casefold(), line["partner"]))


def _recipient(code: str, shares: Sequence[ShareRow], partner: Partner | None) -> dict[str, Any]:
    return {
        "partner": code,
        "name": partner.name if partner else code,
        "type": partner.type if partner else None,
        "country": partner.country if partner else None,
        "first_shared": rfc3339(min(row.occurred_at for row in shares)),
        "last_shared": rfc3339(max(row.occurred_at for row in shares)),
        "categories": categories(shares),
        "purposes": purposes(shares),
        "lawful_bases": sorted({r.lawful_basis for r in shares if r.lawful_basis is not None}),
    }


def transfers(rows: Iterable[ShareRow], details: Mapping[int, EntryDetail]) -> list[dict[str, Any]]:
    """Every share sent outside the UK, oldest first, with its mechanism and safeguard."""
    abroad = sorted((r for r in rows if r.cross_border), key=lambda r: (r.occurred_at, r.seq))
    return [
        {
            "entry_id": row.entry_id,
            "country": row.destination_country,
            "mechanism": row.transfer_mechanism,
            "instrument": details[row.version_seq].instrument
            if row.version_seq in details
            else None,
        }
        for row in abroad
    ]


def sources(
    rows: Iterable[ShareRow], partners: Mapping[str, Partner], council_name: str
) -> list[str]:
    """Where the data came from: the council's own records, then each partner that sent
    the subject's data to the council, by name."""
    senders = {row.sender for row in rows}
    names = sorted({partners[c].name if c in partners else c for c in senders}, key=str.casefold)
    own = f"{council_name}'s own records about you and your family, made while working with you"
    return [own, *names]


def retention(rows: Iterable[ShareRow], details: Mapping[int, EntryDetail]) -> str:
    """How long the ledger keeps its record of each share: the label of every retention
    class the subject's entries carry, longest first, one paragraph each."""
    codes = {details[r.version_seq].retention_class for r in rows if r.version_seq in details}
    known = sorted(
        (RETENTION_CLASSES[c] for c in codes or {DEFAULT_RETENTION} if c in RETENTION_CLASSES),
        key=lambda rule: (-rule.years, rule.code),
    )
    opening = (
        "We keep our record of each time we shared your information for as long as we keep "
        "the records it came from:"
    )
    return "\n\n".join([opening, *(f"{rule.label}." for rule in known), RETENTION_CLOSE])


def breaches(
    rows: Iterable[ShareRow], links: Iterable[BreachLink], partners: Mapping[str, Partner]
) -> list[dict[str, Any]]:
    """Each share of the subject's data that a breach put in the wrong hands (a share sent
    to one organisation and received by another), oldest first: when, what, meant for
    whom, received by whom. A breach at the intended recipient itself is not listed here:
    the recipient is already in `recipients`."""
    by_seq = {row.seq: row for row in rows}
    lines = []
    for link in links:
        row = by_seq.get(link.entry_seq)
        if row is None or link.partner == row.recipient:
            continue
        lines.append(
            {
                "breach": link.breach_id,
                "entry_id": row.entry_id,
                "occurred_at": rfc3339(row.occurred_at),
                "intended_recipient": _name(row.recipient, partners),
                "received_by": _name(link.partner, partners),
                "categories": list(row.categories),
            }
        )
    return sorted(lines, key=lambda line: (line["occurred_at"], line["breach"]))


def _name(code: str, partners: Mapping[str, Partner]) -> str:
    partner = partners.get(code)
    return partner.name if partner else code
