"""The plain-English summary at the top of an access report, for a parent to read. Pure.

Generated sentences, e.g. "Between March 2025 and February 2026 we shared information
about you 14 times with 6 organisations, including the police and your school." "We" is
the council: shares the council made are counted as its own; onward shares (reported by
the organisations it shared with) and what partners sent to the council get their own
sentences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence, Set
from datetime import datetime
from typing import Final

from lineage.investigate.lineage_graph import Partner, ShareRow
from models.labels import MONTHS, category_class_of, category_label, country_label

ORGANISATION_KINDS: Final[Mapping[str, str]] = {
    "police": "the police",
    "nhs_trust": "the NHS",
    "icb_gp": "your GP or local NHS",
    "school": "your school",
    "dfe": "the Department for Education",
    "ofsted": "Ofsted",
    "court": "the courts",
    "cafcass": "Cafcass",
    "local_authority": "another council",
    "voluntary_sector": "a charity",
    "fostering_agency": "a fostering agency",
    "adoption_agency": "an adoption agency",
    "consultancy": "a company that helps us plan services",
    "central_government": "a government department",
    "overseas_authority": "an authority in another country",
    "international_organisation": "an international organisation",
    "data_subject": "you or your representative",
}
"""How a parent would name each type of organisation."""

PURPOSE_PHRASES: Final[Mapping[str, str]] = {
    "safeguarding": "make sure you get the help you need",
    "child_protection": "keep you safe",
    "service_planning": "plan our services",
    "performance": "check how well our services work",
    "early_years": "check your family's entitlement to early years childcare",
    "supporting_families": "support your family through the Supporting Families programme",
    "regional_sufficiency": "make sure there are enough places for children to live",
    "statutory_return": "send the government the figures the law requires",
    "health_wellbeing": "support your health and wellbeing",
    "education": "support your education",
    "adoption_placement": "plan an adoption or a placement",
    "court_proceedings": "take part in court proceedings",
    "crime_prevention": "prevent or detect crime",
    "subject_request": "answer a request from you or your representative",
}
"""Each purpose as the end of "We shared it to …"."""

CLOSING: Final = (
    "The rest of this letter gives the details: who we shared your information with, why, "
    "what kinds of information, and your rights."
)
NOTHING_SHARED: Final = (
    "We have no record of sharing information about you with another organisation."
)


def summary(
    *,
    council: str,
    disclosed: Sequence[ShareRow],
    received: Sequence[ShareRow],
    partners: Mapping[str, Partner],
) -> str:
    """The summary as paragraphs separated by blank lines."""
    own = [row for row in disclosed if row.sender == council]
    onward = [row for row in disclosed if row.sender != council]
    first = [_shared_sentence(own, partners), *_why(own), *_protected(own)] if own else []
    already = {row.recipient for row in own}
    second = [*_abroad(disclosed), *_onward(onward, already, partners)]
    third = [_sources(received, partners)] if received else []
    paragraphs = [" ".join(p) for p in (first or [NOTHING_SHARED], second, third) if p]
    return "\n\n".join([*paragraphs, CLOSING])


def _shared_sentence(rows: Sequence[ShareRow], partners: Mapping[str, Partner]) -> str:
    recipients = sorted({row.recipient for row in rows})
    when = _span(min(r.occurred_at for r in rows), max(r.occurred_at for r in rows))
    how_often = times(len(rows))
    if len(recipients) == 1:
        whom = organisations([_name(recipients[0], partners)])
        return f"{when} we shared information about you {how_often} with {whom}."
    kinds = _kinds(rows, partners)
    # As many kinds as recipients means one of each: list them all rather than "including".
    listed = f": {joined(kinds)}" if len(kinds) == len(recipients) else ""
    including = listed or (f", including {joined(kinds)}" if kinds else "")
    return (
        f"{when} we shared information about you {how_often} with "
        f"{len(recipients)} organisations{including}."
    )


def _kinds(rows: Sequence[ShareRow], partners: Mapping[str, Partner]) -> list[str]:
    """The most frequent kinds of recipient as a parent would name them, at most three."""
    tally: Counter[str] = Counter()
    for row in rows:
        partner = partners.get(row.recipient)
        kind = ORGANISATION_KINDS.get(partner.type or "") if partner else None
        if kind:
            tally[kind] += 1
    return most_frequent(tally, list(ORGANISATION_KINDS.values()))[:3]


def _why(rows: Sequence[ShareRow]) -> list[str]:
    tally = Counter(row.purpose for row in rows if row.purpose in PURPOSE_PHRASES)
    ranked = most_frequent(tally, list(PURPOSE_PHRASES))
    if not ranked:
        return []
    aims = [f"to {PURPOSE_PHRASES[p]}" for p in ranked[:2]]
    mostly = "mostly " if len(tally) > len(aims) else ""
    return [f"We did this {mostly}{joined(aims)}."]


def most_frequent(tally: Counter[str], order: Sequence[str]) -> list[str]:
    """Keys by count, ties in the order given (what a parent would recognise first)."""
    return sorted(tally, key=lambda key: (-tally[key], order.index(key)))


def _protected(rows: Sequence[ShareRow]) -> list[str]:
    codes = sorted({c for row in rows for c in row.categories})
    special = [category_label(c).lower() for c in codes if category_class_of(c) == "special"]
    sentences = []
    if special:
        sentences.append(
            "Some of it was information the law gives extra protection, such as "
            f"{joined(special[:2])}."
        )
    if any(category_class_of(c) == "criminal" for c in codes):
        sentences.append("Some of it was about criminal offences.")
    return sentences


def _abroad(rows: Iterable[ShareRow]) -> list[str]:
    sent = [row for row in rows if row.cross_border]
    if not sent:
        return []
    countries = sorted({with_article(country_label(row.destination_country)) for row in sent})
    return [
        f"Information about you was sent outside the UK {times(len(sent))}, to "
        f"{joined(countries)}, with a safeguard the law requires."
    ]


def _onward(
    rows: Sequence[ShareRow], already: Set[str], partners: Mapping[str, Partner]
) -> list[str]:
    """Onward shares, with their recipients split so that the counts in the letter add up:
    an organisation the council shared with itself is not "other" (it is already counted
    in the first paragraph), e.g. "…on 3 times, to 2 other organisations: A and B, and to
    one we had also shared it with ourselves: C"."""
    if not rows:
        return []
    recipients = {row.recipient for row in rows}
    others = sorted(_name(code, partners) for code in recipients - already)
    ours = sorted(_name(code, partners) for code in recipients & already)
    whom = [organisations(others, "other ")] if others else []
    if ours:
        noun = "" if others else (" organisation" if len(ours) == 1 else " organisations")
        count = "one" if len(ours) == 1 else f"{len(ours):,}"
        listed = f": {joined(ours)}" if len(ours) <= 3 else ""
        whom.append(f"{count}{noun} we had also shared it with ourselves{listed}")
    return [
        "Organisations we shared with told us they passed some of it on "
        f"{times(len(rows))}, to {', and to '.join(whom)}."
    ]


def _sources(rows: Sequence[ShareRow], partners: Mapping[str, Partner]) -> str:
    whom = organisations(sorted({_name(row.sender, partners) for row in rows}))
    return f"We also received information about you from {whom}."


def organisations(names: Sequence[str], other: str = "") -> str:
    """ "one other organisation: A", "2 organisations: A and B"; over three, the count only.

    Names follow a colon so that none needs an article ("the Crown Prosecution Service").
    """
    count = "one" if len(names) == 1 else f"{len(names):,}"
    noun = f"{count} {other}organisation" + ("" if len(names) == 1 else "s")
    return f"{noun}: {joined(names)}" if len(names) <= 3 else noun


def _name(code: str, partners: Mapping[str, Partner]) -> str:
    partner = partners.get(code)
    return partner.name if partner else code


def _span(first: datetime, last: datetime) -> str:
    start, end = _month(first), _month(last)
    return f"In {start}" if start == end else f"Between {start} and {end}"


def _month(moment: datetime) -> str:
    return f"{MONTHS[moment.month - 1]} {moment.year}"


ARTICLE_BEFORE: Final = ("United ", "Republic of ", "Netherlands", "Czech Republic", "Philippines")


def with_article(country: str) -> str:
    """A country name as it reads after "to": "the United States of America", "France"."""
    return f"the {country}" if country.startswith(ARTICLE_BEFORE) else country


def times(count: int) -> str:
    """ "once", "twice", "3 times"."""
    return {1: "once", 2: "twice"}.get(count, f"{count:,} times")


def joined(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
