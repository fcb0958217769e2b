"""What needs a person's decision before an access report is released. Pure.

Each of the subject's entries (voided ones aside) is checked against four rules; an entry
that meets any is listed once, with every reason, for the officer preparing the response:

* **Other people** — the entry also names other subjects (`version_subject`): their data
  must not be released with the requester's (UK GDPR Art 15(4); DPA 2018 Sch 2 Part 3
  para 16). Family members are told apart from people outside the family.
* **Free text** — the entry, or the correction in force, holds a sealed `reason`: someone
  must read it before anything of it is released.
* **Possibly exempt** (the rule below): the officer decides whether releasing the entry
  would prejudice the purpose the exemption protects; the ledger cannot.
* **Refused** — a recorded decision not to share is not a disclosure, so it is not listed
  among the recipients; the officer decides whether to mention it.

The possible-exemption rule, kept deliberately wide (a false alarm costs a minute; a
missed exemption can put a child at risk):

* crime (DPA 2018 Sch 2 Part 1 para 2): the purpose is `crime_prevention`, or the purpose
  is `child_protection` or `safeguarding` and the recipient is the police;
* legal proceedings (DPA 2018 Sch 2 Part 1 para 5): the purpose is `court_proceedings`,
  or the recipient is a court or Cafcass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from lineage.investigate.lineage_graph import Partner, ShareRow
from lineage.ledger.canonical import rfc3339
from lineage.reports.access_content import EntryDetail

CRIME_PURPOSES: Final = frozenset({"crime_prevention"})
POLICE_PURPOSES: Final = frozenset({"child_protection", "safeguarding"})
LEGAL_PURPOSES: Final = frozenset({"court_proceedings"})
LEGAL_RECIPIENTS: Final = frozenset({"court", "cafcass"})

CRIME_EXEMPTION: Final = (
    "Possibly exempt: crime (DPA 2018 Sch 2 Part 1 para 2). Decide whether telling the "
    "family would prejudice the prevention or detection of crime"
)
LEGAL_EXEMPTION: Final = (
    "Possibly exempt: legal proceedings (DPA 2018 Sch 2 Part 1 para 5). Decide whether the "
    "information may be withheld"
)
FREE_TEXT: Final = (
    "Holds free text (the recorded reason), sealed in the ledger: read it and decide what "
    "may be released"
)


def possible_exemptions(row: ShareRow, recipient_type: str | None) -> list[str]:
    """The exemptions an entry may fall under, by the rule in the module docstring."""
    found = []
    if row.purpose in CRIME_PURPOSES or (
        row.purpose in POLICE_PURPOSES and recipient_type == "police"
    ):
        found.append(CRIME_EXEMPTION)
    if row.purpose in LEGAL_PURPOSES or recipient_type in LEGAL_RECIPIENTS:
        found.append(LEGAL_EXEMPTION)
    return found


def others_named(token: str, roles: Mapping[str, str], family: frozenset[str]) -> str | None:
    """Why other people named in an entry matter, or None when it names only the subject."""
    others = {t: role for t, role in roles.items() if t != token}
    if not others:
        return None
    relatives = sorted(role for t, role in others.items() if t in family)
    strangers = len(others) - len(relatives)
    parts = []
    if relatives:
        parts.append(_people(len(relatives), "other family member") + f" ({_roles(relatives)})")
    if strangers:
        parts.append(_people(strangers, "person") + " outside the family")
    named = " and ".join(parts)
    return f"Also concerns {named}: remove their information before release"


def _people(count: int, noun: str) -> str:
    if noun == "person":
        return "1 person" if count == 1 else f"{count} people"
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _roles(roles: Sequence[str]) -> str:
    tally = Counter(roles)
    return ", ".join(role if n == 1 else f"{n} × {role}" for role, n in sorted(tally.items()))


def refusal(row: ShareRow, partner: Partner | None) -> str:
    name = partner.name if partner else row.recipient
    return (
        f"A decision not to share with {name}: not a disclosure, so not listed among the "
        "recipients; decide whether to mention it"
    )


def review_items(
    token: str,
    rows: Iterable[ShareRow],
    *,
    details: Mapping[int, EntryDetail],
    partners: Mapping[str, Partner],
    family: frozenset[str],
) -> list[dict[str, Any]]:
    """`[{"entry_id", "reason", "occurred_at", "recipient", "categories", "others",
    "free_text"}]`, oldest entry first, for every entry needing a decision: `recipient` by
    name, `others` the roles of the other people the entry names."""
    items = []
    for row in sorted(rows, key=lambda r: (r.occurred_at, r.seq)):
        detail = details.get(row.version_seq)
        reasons = _reasons(token, row, detail, partners, family)
        if reasons:
            items.append(_item(token, row, detail, partners, ". ".join(reasons) + "."))
    return items


def _item(
    token: str,
    row: ShareRow,
    detail: EntryDetail | None,
    partners: Mapping[str, Partner],
    reason: str,
) -> dict[str, Any]:
    roles = detail.roles if detail else {}
    partner = partners.get(row.recipient)
    return {
        "entry_id": row.entry_id,
        "reason": reason,
        "occurred_at": rfc3339(row.occurred_at),
        "recipient": partner.name if partner else row.recipient,
        "categories": list(row.categories),
        "others": sorted(role for t, role in roles.items() if t != token),
        "free_text": detail is not None and detail.free_text,
    }


def _reasons(
    token: str,
    row: ShareRow,
    detail: EntryDetail | None,
    partners: Mapping[str, Partner],
    family: frozenset[str],
) -> list[str]:
    partner = partners.get(row.recipient)
    reasons = [refusal(row, partner)] if row.decision == "refused" else []
    roles = detail.roles if detail else {t: "subject" for t in row.subjects}
    reasons += [r for r in [others_named(token, roles, family)] if r]
    if detail is not None and detail.text_erased:
        reasons.append(f"Its free text was {detail.text_erased}: there is none to release")
    elif detail is not None and detail.free_text:
        reasons.append(FREE_TEXT)
    if row.decision != "refused":
        reasons += possible_exemptions(row, partner.type if partner else None)
    return reasons
