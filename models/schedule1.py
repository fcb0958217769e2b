"""DPA 2018 Schedule 1 conditions for special category and criminal offence data.

Part 1 (paras 1-4) serves UK GDPR Art 9(2)(b), (h), (i) and (j) through DPA 2018 s10(2);
Part 2 (paras 6-28) serves Art 9(2)(g) through s10(3); Part 3 (paras 29-37) adds
conditions for criminal offence data (Art 10, s10(5)), where any Part may be relied on.

Paragraph 5 opens Part 2 with the requirement for an appropriate policy document; it is
not a condition of its own and so has no code. Part 4 (paras 38-41) holds safeguards.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from models.codes import Schedule1Condition, keyed

_PART1: Final = (
    (1, "Employment, social security and social protection"),
    (2, "Health or social care purposes"),
    (3, "Public health"),
    (4, "Research etc"),
)

_PART2: Final = (
    (6, "Statutory etc and government purposes"),
    (7, "Administration of justice and parliamentary purposes"),
    (8, "Equality of opportunity or treatment"),
    (9, "Racial and ethnic diversity at senior levels of organisations"),
    (10, "Preventing or detecting unlawful acts"),
    (11, "Protecting the public against dishonesty etc"),
    (12, "Regulatory requirements relating to unlawful acts and dishonesty etc"),
    (13, "Journalism etc in connection with unlawful acts and dishonesty etc"),
    (14, "Preventing fraud"),
    (15, "Suspicion of terrorist financing or money laundering"),
    (16, "Support for individuals with a particular disability or medical condition"),
    (17, "Counselling etc"),
    (18, "Safeguarding of children and of individuals at risk"),
    (19, "Safeguarding of economic well-being of certain individuals"),
    (20, "Insurance"),
    (21, "Occupational pensions"),
    (22, "Political parties"),
    (23, "Elected representatives responding to requests"),
    (24, "Disclosure to elected representatives"),
    (25, "Informing elected representatives about prisoners"),
    (26, "Publication of legal judgments"),
    (27, "Anti-doping in sport"),
    (28, "Standards of behaviour in sport"),
)

_PART3: Final = (
    (29, "Consent"),
    (30, "Protecting individual's vital interests"),
    (31, "Processing by not-for-profit bodies"),
    (32, "Personal data in the public domain"),
    (33, "Legal claims"),
    (34, "Judicial acts"),
    (35, "Administration of accounts used in commission of indecency offences involving children"),
    (
        36,
        "Extension of conditions in Part 2 of this Schedule referring to substantial "
        "public interest",
    ),
    (37, "Extension of insurance conditions"),
)


def schedule1_code(part: int, paragraph: int) -> str:
    """The stable code of a Schedule 1 paragraph, e.g. `DPA2018.S1.P2.18`."""
    return f"DPA2018.S1.P{part}.{paragraph}"


def _conditions() -> list[Schedule1Condition]:
    parts = ((1, _PART1), (2, _PART2), (3, _PART3))
    return [
        Schedule1Condition(schedule1_code(part, para), title, part)
        for part, paragraphs in parts
        for para, title in paragraphs
    ]


SCHEDULE1_CONDITIONS: Final[Mapping[str, Schedule1Condition]] = keyed(_conditions())


def schedule1_part(code: str) -> int | None:
    """The Part (1, 2 or 3) of a Schedule 1 code, or None for an unknown code."""
    condition = SCHEDULE1_CONDITIONS.get(code)
    return condition.part if condition is not None else None
