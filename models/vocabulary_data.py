"""The rows of the larger vocabularies, as plain tuples (see `models.vocabulary`)."""

from __future__ import annotations

from typing import Final

from models.codes import CategoryClass

# The class is the law's, not the notice's: UK GDPR Art 9(1) lists racial or ethnic origin,
# political opinions, religious or philosophical beliefs, trade union membership, genetic
# data, biometric data for identification, data concerning health (Art 4(15): disability,
# mental capacity, pregnancy, smoking and substance misuse reveal health; so does a
# disability allowance) and sex life or sexual orientation. Art 10 covers criminal
# convictions and offences. The council's notice also lists gender as special: the law does
# not, so it is ordinary here; its label keeps the notice's wording.
CATEGORY_ROWS: Final[tuple[tuple[str, str, CategoryClass], ...]] = (
    ("identity", "Name, address, date of birth", "ordinary"),
    ("contact", "Email, telephone", "ordinary"),
    ("school_details", "School details", "ordinary"),
    ("pupil_number", "Unique pupil number", "ordinary"),
    ("nhs_number", "NHS number", "ordinary"),
    ("national_insurance_number", "National Insurance number", "ordinary"),
    ("gp_dentist", "GP and dentist contact details", "ordinary"),
    ("family_relationships", "Details of family relationships", "ordinary"),
    ("parent_details", "Parent contact details and date of birth", "ordinary"),
    ("lone_parent_status", "Lone parent status", "ordinary"),
    ("family_breakdown", "Family breakdown and relationships", "ordinary"),
    ("domestic_abuse", "History of domestic abuse", "ordinary"),
    ("immigration_status", "Immigration status", "ordinary"),
    ("language", "Language spoken", "ordinary"),
    ("employment", "Employment status", "ordinary"),
    ("benefits", "Benefit entitlement", "ordinary"),
    ("siblings", "Details of siblings", "ordinary"),
    ("send_support", "Support for special educational needs and disabilities", "ordinary"),
    ("looked_after", "Looked-after status, special guardianship", "ordinary"),
    ("adoption", "Adoption information", "ordinary"),
    ("care_details", "Details of care: dates, reason, category", "ordinary"),
    ("legal_status", "Legal status", "ordinary"),
    ("needs", "Assessed needs", "ordinary"),
    ("placement", "Placement details", "ordinary"),
    ("uasc", "Unaccompanied asylum-seeking child details", "ordinary"),
    ("missing_episodes", "Missing details", "ordinary"),
    ("sdq_score", "Strengths and difficulties questionnaire score", "ordinary"),
    ("attendance", "School attendance and exclusions", "ordinary"),
    ("attainment", "Attainment, education and training history", "ordinary"),
    ("eligibility", "Free school meals, pupil premium, free childcare", "ordinary"),
    ("safeguarding_concerns", "Records of safeguarding concerns and advice", "ordinary"),
    ("criminal_records", "Criminal reports and antecedents", "criminal"),
    ("disability", "Disability", "special"),
    ("ethnicity", "Ethnicity, ethnic origin code", "special"),
    ("religion", "Religion", "special"),
    ("health", "Health", "special"),
    ("mental_health", "Mental health", "special"),
    ("mental_capacity", "Mental capacity assessments", "special"),
    ("pregnancy", "Pregnancy, delivery date", "special"),
    ("smoking", "Smoking status", "special"),
    ("substance_misuse", "Substance misuse and its history", "special"),
    ("disability_allowance", "Child disability living allowance", "special"),
    ("gender", "Gender", "ordinary"),
    ("sex_life", "Sex life or sexual orientation", "special"),
)

PURPOSE_ROWS: Final = (
    ("safeguarding", "Statutory service: identifying and meeting the needs of vulnerable children"),
    ("child_protection", "Child protection enquiry (Children Act 1989 s47)"),
    ("service_planning", "Planning and demand management of services"),
    ("performance", "Monitoring performance and quality of services"),
    ("early_years", "Early years childcare eligibility and entitlement"),
    ("supporting_families", "Supporting families programme and its national evaluation"),
    ("regional_sufficiency", "Regional sufficiency of placements"),
    ("statutory_return", "Statutory data return to government"),
    ("health_wellbeing", "Mental health and emotional wellbeing support"),
    ("education", "Pupil learning, pastoral care, attainment"),
    ("adoption_placement", "Adoption and placement, including overseas"),
    ("court_proceedings", "Court proceedings"),
    ("crime_prevention", "Prevention or detection of crime"),
    ("subject_request", "Disclosure to the data subject or their representative"),
)

LAWFUL_BASIS_ROWS: Final = (
    ("UKGDPR.6.1.a", "Consent"),
    ("UKGDPR.6.1.b", "Contract"),
    ("UKGDPR.6.1.c", "Legal obligation"),
    ("UKGDPR.6.1.d", "Vital interests"),
    ("UKGDPR.6.1.e", "Public task"),
    ("UKGDPR.6.1.ea", "Recognised legitimate interest"),
    ("UKGDPR.6.1.f", "Legitimate interests"),
)

# UK GDPR Annex 1 (inserted by the Data (Use and Access) Act 2025). Paragraph 4 defines
# "emergency" for paragraph 3 and paragraph 7 holds definitions: neither is a condition.
ANNEX1_ROWS: Final = (
    ("ANNEX1.1", "Disclosure for purposes of processing described in Article 6(1)(e)"),
    ("ANNEX1.2", "National security, public security and defence"),
    ("ANNEX1.3", "Emergencies"),
    ("ANNEX1.5", "Crime"),
    ("ANNEX1.6", "Safeguarding vulnerable individuals"),
)

SPECIAL_CONDITION_ROWS: Final = (
    ("UKGDPR.9.2.a", "Explicit consent"),
    ("UKGDPR.9.2.b", "Employment, social security and social protection law"),
    ("UKGDPR.9.2.c", "Vital interests of a subject incapable of giving consent"),
    ("UKGDPR.9.2.d", "Legitimate activities of a not-for-profit body"),
    ("UKGDPR.9.2.e", "Manifestly made public by the data subject"),
    ("UKGDPR.9.2.f", "Legal claims or courts acting in their judicial capacity"),
    ("UKGDPR.9.2.g", "Substantial public interest"),
    ("UKGDPR.9.2.h", "Health or social care"),
    ("UKGDPR.9.2.i", "Public health"),
    ("UKGDPR.9.2.j", "Archiving, scientific or historical research, or statistics"),
)

# (code, label, unavailable to a public authority exercising its public powers: Art 49(3))
TRANSFER_ROWS: Final = (
    ("ADEQUACY", "Transfer approved by regulations (adequacy)", False),
    ("ART46.2.a", "Legally binding instrument between public bodies", False),
    ("ART46.2.b", "Binding corporate rules", False),
    ("ART46.2.d", "International data transfer agreement or Addendum", False),
    ("ART46.2.e", "Approved code of conduct", False),
    ("ART46.2.f", "Approved certification mechanism", False),
    ("ART46.3.a", "Contractual clauses authorised by the Commissioner", False),
    ("ART46.3.b", "Administrative arrangement between public bodies", False),
    ("ART49.1.a", "Derogation: explicit consent", True),
    ("ART49.1.b", "Derogation: contract with the data subject", True),
    ("ART49.1.c", "Derogation: contract in the data subject's interest", True),
    ("ART49.1.d", "Derogation: important reasons of public interest", False),
    ("ART49.1.e", "Derogation: legal claims", False),
    ("ART49.1.f", "Derogation: vital interests", False),
    ("ART49.1.g", "Derogation: public register", False),
    ("ART49.1.second", "Derogation: compelling legitimate interests", True),
)
