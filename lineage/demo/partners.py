"""The synthetic council's partners: every type the privacy notice names, with real public
bodies' names (a ledger about Luton should read like one).

Codes are the ledger's own; external codes are given only where they are public and known
(NHS ODS codes, police force numbers). The council itself is registered by `disclosure init`
under the `DISCLOSURE_COUNCIL` code and is not repeated here.
"""

from __future__ import annotations

from typing import Any, Final

from models.validation import validate_partner

PartnerRow = tuple[str, str, str, str, str, dict[str, str]]
"""(code, name, type, role, country, external codes)."""

POLICE: Final = "beds-police"
CPS: Final = "cps"
OTHER_FORCES: Final = ("herts-police", "met-police")
ACUTE_TRUST: Final = "beds-hospitals"
MENTAL_HEALTH_TRUST: Final = "elft"
COMMUNITY_TRUST: Final = "ccs"
ICB: Final = "blmk-icb"
DFE: Final = "dfe"
OFSTED: Final = "ofsted"
COURT: Final = "family-court-luton"
CAFCASS: Final = "cafcass"
NEIGHBOURS: Final = ("bedford-council", "central-beds-council", "herts-cc", "milton-keynes-council")
OUT_OF_AREA: Final = ("brent-council", "birmingham-council")
SUFFICIENCY_PARTNER: Final = "social-finance"
COMMISSIONING_ALLIANCE: Final = "commissioning-alliance"
EVALUATOR: Final = "york-consulting"
MHCLG: Final = "mhclg"
DWP: Final = "dwp"
HOME_START: Final = "home-start-luton"
CGL: Final = "cgl"
EARLY_YEARS: Final = "early-years-alliance"
LUTON_ACCESS: Final = "luton-access"
CFAB: Final = "cfab"
FOSTERING: Final = ("foster-care-associates", "tact", "national-fostering-agency")
ADOPTION: Final = ("adoption-connects", "coram-adoption")
DATA_SUBJECT: Final = "data-subject"

GP_PRACTICES: Final[tuple[tuple[str, str], ...]] = (
    ("gp-bute-house", "Bute House Medical Centre"),
    ("gp-lea-vale", "Lea Vale Medical Group"),
    ("gp-kingsway", "Kingsway Health Centre"),
    ("gp-medina", "Medina Medical Centre"),
    ("gp-castle-street", "Castle Street Surgery"),
    ("gp-marsh-farm", "Marsh Farm Health Centre"),
    ("gp-conway", "Conway Medical Centre"),
    ("gp-sundon-park", "Sundon Park Health Centre"),
)

PRIMARY_SCHOOLS: Final[tuple[tuple[str, str], ...]] = (
    ("sch-beech-hill", "Beech Hill Community Primary School"),
    ("sch-chantry", "Chantry Primary Academy"),
    ("sch-denbigh-primary", "Denbigh Primary School"),
    ("sch-downside", "Downside Primary School"),
    ("sch-ferrars", "Ferrars Academy"),
    ("sch-pirton-hill", "Pirton Hill Primary School"),
    ("sch-ramridge", "Ramridge Primary School"),
    ("sch-someries", "Someries Junior School"),
    ("sch-st-matthews", "St Matthew's Primary School"),
    ("sch-tennyson-road", "Tennyson Road Primary School"),
    ("sch-warden-hill", "Warden Hill Junior School"),
    ("sch-wenlock", "Wenlock CofE Junior Academy"),
)

SECONDARY_SCHOOLS: Final[tuple[tuple[str, str], ...]] = (
    ("sch-denbigh-high", "Denbigh High School"),
    ("sch-challney-boys", "Challney High School for Boys"),
    ("sch-challney-girls", "Challney High School for Girls"),
    ("sch-cardinal-newman", "Cardinal Newman Catholic School"),
    ("sch-lealands", "Lealands High School"),
    ("sch-stopsley", "Stopsley High School"),
    ("sch-putteridge", "Putteridge High School"),
    ("sch-icknield", "Icknield High School"),
    ("sch-lea-manor", "Lea Manor High School"),
    ("sch-south-luton", "South Luton High School"),
)

GP_CODES: Final = tuple(code for code, _ in GP_PRACTICES)
SCHOOL_CODES: Final = tuple(code for code, _ in PRIMARY_SCHOOLS + SECONDARY_SCHOOLS)

# One-off, rare recipients abroad: adoption, placement with relatives, safeguarding checks.
OVERSEAS: Final[tuple[tuple[str, str, str], ...]] = (
    ("tusla", "Tusla Child and Family Agency", "IE"),
    ("pl-central-authority", "Ministry of Justice of the Republic of Poland", "PL"),
    ("ro-anpdca", "National Authority for the Protection of Child's Rights and Adoption", "RO"),
    ("jm-cpfsa", "Child Protection and Family Services Agency", "JM"),
    ("pk-punjab-cpwb", "Child Protection and Welfare Bureau, Punjab", "PK"),
)
INTERNATIONAL: Final = "iss-general-secretariat"

_ROWS: Final[tuple[PartnerRow, ...]] = (
    (POLICE, "Bedfordshire Police", "police", "controller", "GB", {"force_code": "40"}),
    (
        "herts-police",
        "Hertfordshire Constabulary",
        "police",
        "controller",
        "GB",
        {"force_code": "41"},
    ),
    (
        "met-police",
        "Metropolitan Police Service",
        "police",
        "controller",
        "GB",
        {"force_code": "01"},
    ),
    (CPS, "Crown Prosecution Service", "central_government", "controller", "GB", {}),
    (
        ACUTE_TRUST,
        "Bedfordshire Hospitals NHS Foundation Trust",
        "nhs_trust",
        "controller",
        "GB",
        {"ods": "RC9"},
    ),
    (
        MENTAL_HEALTH_TRUST,
        "East London NHS Foundation Trust",
        "nhs_trust",
        "controller",
        "GB",
        {"ods": "RWK"},
    ),
    (
        COMMUNITY_TRUST,
        "Cambridgeshire Community Services NHS Trust",
        "nhs_trust",
        "controller",
        "GB",
        {"ods": "RYV"},
    ),
    (
        ICB,
        "NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board",
        "icb_gp",
        "controller",
        "GB",
        {"ods": "QHG"},
    ),
    (DFE, "Department for Education", "dfe", "controller", "GB", {}),
    (OFSTED, "Ofsted", "ofsted", "controller", "GB", {}),
    (COURT, "The Family Court at Luton", "court", "controller", "GB", {}),
    (CAFCASS, "Cafcass", "cafcass", "controller", "GB", {}),
    ("bedford-council", "Bedford Borough Council", "local_authority", "controller", "GB", {}),
    (
        "central-beds-council",
        "Central Bedfordshire Council",
        "local_authority",
        "controller",
        "GB",
        {},
    ),
    ("herts-cc", "Hertfordshire County Council", "local_authority", "controller", "GB", {}),
    (
        "milton-keynes-council",
        "Milton Keynes City Council",
        "local_authority",
        "controller",
        "GB",
        {},
    ),
    ("brent-council", "London Borough of Brent", "local_authority", "controller", "GB", {}),
    ("birmingham-council", "Birmingham City Council", "local_authority", "controller", "GB", {}),
    (
        COMMISSIONING_ALLIANCE,
        "London Borough of Ealing (Commissioning Alliance)",
        "local_authority",
        "joint_controller",
        "GB",
        {},
    ),
    (SUFFICIENCY_PARTNER, "Social Finance", "consultancy", "processor", "GB", {}),
    (EVALUATOR, "York Consulting", "consultancy", "processor", "GB", {}),
    (
        MHCLG,
        "Ministry of Housing, Communities and Local Government",
        "central_government",
        "controller",
        "GB",
        {},
    ),
    (DWP, "Department for Work and Pensions", "central_government", "controller", "GB", {}),
    (HOME_START, "Home-Start Luton", "voluntary_sector", "controller", "GB", {}),
    (CGL, "Change Grow Live (CGL)", "voluntary_sector", "controller", "GB", {}),
    (
        EARLY_YEARS,
        "Early Years Alliance (Pre-school Learning Alliance)",
        "voluntary_sector",
        "controller",
        "GB",
        {},
    ),
    (LUTON_ACCESS, "Luton Access", "voluntary_sector", "controller", "GB", {}),
    (CFAB, "Children and Families Across Borders", "voluntary_sector", "controller", "GB", {}),
    (
        "foster-care-associates",
        "Foster Care Associates",
        "fostering_agency",
        "controller",
        "GB",
        {},
    ),
    (
        "tact",
        "TACT (The Adolescent and Children's Trust)",
        "fostering_agency",
        "controller",
        "GB",
        {},
    ),
    (
        "national-fostering-agency",
        "National Fostering Agency",
        "fostering_agency",
        "controller",
        "GB",
        {},
    ),
    ("adoption-connects", "Adoption Connects", "adoption_agency", "controller", "GB", {}),
    ("coram-adoption", "Coram Ambitious for Adoption", "adoption_agency", "controller", "GB", {}),
    (
        INTERNATIONAL,
        "International Social Service, General Secretariat",
        "international_organisation",
        "controller",
        "CH",
        {},
    ),
    (
        DATA_SUBJECT,
        "The data subject or their representative",
        "data_subject",
        "controller",
        "GB",
        {},
    ),
)


def _record(row: PartnerRow) -> dict[str, Any]:
    code, name, type_, role, country, external = row
    raw: dict[str, Any] = {"code": code, "name": name, "type": type_, "role": role}
    raw["country"] = country
    if external:
        raw["external_codes"] = external
    return validate_partner(raw).model_dump(mode="json")


def partner_records() -> list[dict[str, Any]]:
    """Every partner as a validated, JSON-ready record for `registries.put_partner`."""
    rows: list[PartnerRow] = list(_ROWS)
    rows += [(code, name, "icb_gp", "controller", "GB", {}) for code, name in GP_PRACTICES]
    rows += [
        (code, name, "school", "controller", "GB", {})
        for code, name in PRIMARY_SCHOOLS + SECONDARY_SCHOOLS
    ]
    rows += [(code, name, "overseas_authority", "controller", c, {}) for code, name, c in OVERSEAS]
    return [_record(row) for row in rows]
