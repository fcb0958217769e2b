"""The governance board pack: a period's disclosures counted by SQL GROUP BY, each count
beside the calendar period before it (`lineage.reports.calendar`); `previous_period` is
None when nothing was disclosed then, and the pack is then no comparison.

The pack is the shape `visualise.report_html.board_pack_html` takes (see its docstring):
totals; disclosures by type of recipient, class of data (a disclosure counts once in each
class it carried), purpose and lawful basis; cross-border transfers by country and
mechanism; exceptions by kind (an entry flagged twice is under both kinds, so the kinds
may add up to more than `headline.exceptions`, the one count of exceptions:
`lineage.reports.counts`). Transfer and exception rows also carry `previous`, the
count in the period before. Aggregates only: no subject token, identifier or free text.

A transfer group is `adequate` when the destination was on the UK adequacy list on the
UK dates of both its first and its last transfer in the period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Connection, case, func, select
from sqlmodel import col

from lineage.cases.figures import case_figures
from lineage.investigate import fetch
from lineage.ledger.canonical import rfc3339
from lineage.ledger.retention import retention_report, schedule_from
from lineage.reports.aggregate import both, current_and_previous, disclosed_in, effective, shared
from lineage.reports.calendar import comparison_period
from lineage.reports.counts import headline
from lineage.reports.flows import by_type, flows
from lineage.settings import Settings
from models.countries import COUNTRIES
from models.dates import uk_date, utc, utc_now
from models.period import Period
from models.reference import is_adequate
from models.retention_schedule import Schedule, council_schedule
from models.tables import EntryFlag, LedgerEntry, VersionCategory
from models.vocabulary import (
    CATEGORIES,
    EXCEPTION_KINDS,
    LAWFUL_BASES,
    PARTNER_TYPES,
    PURPOSES,
    TRANSFER_MECHANISMS,
    Code,
)

CLASSES: Final = (
    ("ordinary", "Ordinary personal data"),
    ("special", "Special category data (Art 9)"),
    ("criminal", "Criminal offence data (Art 10)"),
)
ACTIVITY: Final = (
    ("breach", "Personal data breaches recorded"),
    ("correction", "Corrections to the record"),
    ("refusal", "Requests refused: decided not to share"),
    ("notification", "Recipients told of a correction or erasure (Art 19)"),
    ("erasure", "People whose records were erased (Art 17, or their retention ended)"),
    ("legal_hold", "Legal holds placed or released (Art 17(3)(e))"),
)
RECORDED: Final = ("breach", "correction", "notification", "erasure", "legal_hold")
CASEWORK: Final = (
    ("breach", "opened", "Breach cases opened"),
    ("breach", "reported_to_ico", "Breaches reported to the ICO (Art 33)"),
    ("breach", "late_or_overdue", "Breaches not reported within 72 hours, or still undecided"),
    ("access_request", "opened", "Subject access requests received (Art 15)"),
    ("access_request", "answered_in_time", "Subject access requests answered in time"),
    ("access_request", "late_or_overdue", "Subject access requests answered late or overdue"),
    ("complaint", "opened", "Data protection complaints received (DPA 2018 s.164A)"),
    ("complaint", "acknowledged_in_time", "Complaints acknowledged within 30 days"),
    ("complaint", "late_or_overdue", "Complaints acknowledged late or overdue"),
)
"""The casework lines of the pack: (case kind, figure of `case_figures`, label)."""
NO_BASIS: Final = ("none", "No lawful basis recorded")
THIS_COUNCIL: Final = Code("this_council", "This council (sent to it by partners)")
RECIPIENT_TYPES: Final = {**PARTNER_TYPES, THIS_COUNCIL.code: THIS_COUNCIL}

Counts = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class BoardReport:
    """What every front end draws the board pack from: the pack, and its flows by partner
    and rolled up by partner type (the diagram's two forms)."""

    pack: dict[str, Any]
    partner_flows: list[dict[str, Any]]
    type_flows: list[dict[str, Any]]


def board_report(
    conn: Connection,
    period: Period,
    settings: Settings,
    *,
    anchor: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> BoardReport:
    """The board pack for `period` under the council's settings (its code, name and
    retention schedule), with the newest witnessed checkpoint (`anchor`) for the minutes,
    and the flows its diagram draws — the one place the API, the command line and the
    console build it."""
    pack = board_pack(
        conn,
        period,
        council=settings.council,
        council_name=settings.council_name,
        now=now,
        schedule=schedule_from(settings),
    )
    pack["ledger_anchor"] = anchor
    partner_flows = flows(conn, period, by="partner")
    return BoardReport(pack, partner_flows, by_type(partner_flows, council=settings.council))


def board_pack(
    conn: Connection,
    period: Period,
    *,
    council: str,
    council_name: str,
    now: datetime | None = None,
    schedule: Schedule | None = None,
) -> dict[str, Any]:
    """The board pack for `period` (see the module docstring); `council` is the council's
    partner code: what partners sent it is counted apart from the types of recipient;
    `schedule` the council's retention schedule (default: the standard classes)."""
    recipients = grouped(conn, period, shared.recipient)
    total = totals(conn, period)
    figures = headline(conn, period).as_json()
    return {
        "council_name": council_name,
        "period": period.as_json(),
        "previous_period": compared_with(period, total[1]),
        "totals": {"current": total[0], "previous": total[1]},
        "headline": figures,
        "by_recipient_type": ranked(
            recipient_types(conn, recipients, council), recipient_vocabulary(council_name)
        ),
        "by_category_class": category_classes(conn, period),
        "by_purpose": ranked(grouped(conn, period, shared.purpose), PURPOSES),
        "by_lawful_basis": ranked(lawful_bases(conn, period), LAWFUL_BASES),
        "transfers": transfers(conn, period),
        "exceptions": exceptions(conn, period),
        "activity": activity(conn, period, refusals=figures["refusals"]),
        "casework": casework(conn, period, now=now or utc_now()),
        "retention": retention_lines(conn, period, schedule or council_schedule(None)),
        "generated_at": rfc3339(now or utc_now()),
    }


def compared_with(period: Period, previous_total: int) -> dict[str, str | None] | None:
    """The calendar period compared with (`lineage.reports.calendar`), or None when nothing
    was disclosed in it: an empty period is no comparison."""
    if previous_total == 0:
        return None
    return comparison_period(period.first, period.last).as_json()


def recipient_vocabulary(council_name: str) -> dict[str, Code]:
    """Partner types, and the council named as itself for what partners sent it."""
    own = Code(THIS_COUNCIL.code, f"{council_name} (received from partners)")
    return {**RECIPIENT_TYPES, own.code: own}


def totals(conn: Connection, period: Period) -> tuple[int, int]:
    query = select(*current_and_previous(period)).where(*disclosed_in(both(period)))
    current, previous = conn.execute(query).one()
    return int(current), int(previous)


def grouped(conn: Connection, period: Period, column: Any) -> Counts:
    """Disclosures in the period and the one before, by the value of `column`."""
    query = (
        select(column, *current_and_previous(period))
        .where(*disclosed_in(both(period)))
        .group_by(column)
    )
    return {key: (int(c), int(p)) for key, c, p in conn.execute(query)}


def recipient_types(conn: Connection, by_recipient: Counts, council: str) -> Counts:
    """Counts by recipient rolled up to the recipients' partner types; the council's own
    receipts apart, under `this_council` (its type is "other local authority")."""
    partners = fetch.partners(conn, by_recipient)
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for code, (current, previous) in by_recipient.items():
        partner = partners.get(code)
        kind = (partner.type if partner else None) or "unknown"
        kind = THIS_COUNCIL.code if code == council else kind
        by_type[kind][0] += current
        by_type[kind][1] += previous
    return {kind: (c, p) for kind, (c, p) in by_type.items()}


def lawful_bases(conn: Connection, period: Period) -> Counts:
    counts = grouped(conn, period, shared.lawful_basis)
    return {(basis or NO_BASIS[0]): pair for basis, pair in counts.items()}


def category_classes(conn: Connection, period: Period) -> list[dict[str, Any]]:
    """Each class of data, ordinary first, with the disclosures that carried it. The class
    is read from the vocabulary now (`class_of_category`), not from the projection."""
    column = class_of_category()
    query = (
        select(column, *current_and_previous(period, distinct=True))
        .join(VersionCategory, col(VersionCategory.version_seq) == shared.seq)
        .where(*disclosed_in(both(period)))
        .group_by(column)
    )
    counts = {cls: (int(c), int(p)) for cls, c, p in conn.execute(query)}
    return [_line(cls, label, *counts.get(cls, (0, 0))) for cls, label in CLASSES]


def class_of_category() -> Any:
    """SQL for the class of `VersionCategory.category` as the vocabulary has it today."""
    return case(
        {code: category.cls for code, category in CATEGORIES.items()},
        value=col(VersionCategory.category),
        else_="ordinary",
    )


def ranked(counts: Counts, vocabulary: Mapping[str, Code]) -> list[dict[str, Any]]:
    """Lines labelled from `vocabulary`, largest in the period first. Pure."""
    lines = [_line(key, _label(key, vocabulary), c, p) for key, (c, p) in counts.items()]
    return sorted(lines, key=lambda line: (-line["current"], -line["previous"], line["key"]))


def _label(key: str, vocabulary: Mapping[str, Code]) -> str:
    if key == NO_BASIS[0]:
        return NO_BASIS[1]
    return vocabulary[key].label if key in vocabulary else key


def _line(key: str, label: str, current: int, previous: int) -> dict[str, Any]:
    return {"key": key, "label": label, "current": current, "previous": previous}


def transfers(conn: Connection, period: Period) -> list[dict[str, Any]]:
    """Transfers outside the UK in the period, by destination and mechanism, largest first."""
    country, mechanism = shared.destination_country, shared.transfer_mechanism
    in_period = case((shared.occurred_at >= period.start, shared.occurred_at))
    query = (
        select(country, mechanism, *current_and_previous(period))
        .add_columns(func.min(in_period), func.max(in_period))
        .where(*disclosed_in(both(period)), shared.cross_border.is_(True))
        .group_by(country, mechanism)
    )
    lines = [_transfer(*row) for row in conn.execute(query) if row[2]]
    return sorted(lines, key=lambda line: (-line["count"], line["country"], line["mechanism"]))


def _transfer(
    country: str | None, mechanism: str | None, current: int, previous: int, *span: datetime
) -> dict[str, Any]:
    code, how = country or "", mechanism or ""
    days = [uk_date(utc(moment)) for moment in span]
    known = TRANSFER_MECHANISMS.get(how)
    return {
        "country": code,
        "country_name": COUNTRIES.get(code, code or "Country not recorded"),
        "mechanism": how,
        "mechanism_label": known.label if known else how or "No mechanism recorded",
        "count": int(current),
        "previous": int(previous),
        "adequate": bool(code) and all(is_adequate(code, day) for day in days),
    }


def exceptions(conn: Connection, period: Period) -> list[dict[str, Any]]:
    """Entries flagged for review in the period, by kind of exception, most first; kinds
    with none in the period are left out. Refusals count: one recorded late is still late.
    """
    kind = col(EntryFlag.kind)
    query = (
        select(kind, *current_and_previous(period))
        .join(EntryFlag, col(EntryFlag.seq) == shared.seq)
        .where(*effective(), both(period).clause(shared.occurred_at))
        .group_by(kind)
    )
    lines = [_exception(k, int(c), int(p)) for k, c, p in conn.execute(query) if c]
    return sorted(lines, key=lambda line: (-line["count"], line["kind"]))


def activity(conn: Connection, period: Period, *, refusals: int) -> list[dict[str, Any]]:
    """What else the ledger recorded in the period: personal data breaches (Art 33),
    corrections (Art 16), refusals to share and Art 19 notifications, by the day recorded
    (refusals by the day decided, as `lineage.reports.counts` counts them)."""
    kind = col(LedgerEntry.kind)
    query = (
        select(kind, func.count())
        .where(period.clause(col(LedgerEntry.recorded_at)), kind.in_(RECORDED))
        .group_by(kind)
    )
    found = {str(k): int(n) for k, n in conn.execute(query)} | {"refusal": refusals}
    return [{"key": k, "label": label, "count": found.get(k, 0)} for k, label in ACTIVITY]


def casework(conn: Connection, period: Period, *, now: datetime) -> list[dict[str, Any]]:
    """The period's cases and how many met the law's clocks (`lineage.cases.figures`):
    SAR timeliness (Art 12(3)), breach reports (Art 33(1)), complaint acknowledgements."""
    figures = case_figures(conn, now=now, since=period.first, until=period.last)
    return [
        {"key": f"{kind}.{figure}", "label": label, "count": int(figures[kind][figure])}
        for kind, figure, label in CASEWORK
    ]


def retention_lines(conn: Connection, period: Period, schedule: Schedule) -> list[dict[str, Any]]:
    """What will next be erased, as of the period's last day (Art 5(1)(e)): people whose
    retention has ended and who are not held, those held, and those due within a year."""
    report = retention_report(conn, schedule, as_of=period.last, within_days=365)
    due = sum(1 for row in report["due"] if not row["held"])
    return [
        {"key": "due", "label": "Retention ended: to be erased at the next run", "count": due},
        {"key": "held", "label": "Kept under a legal hold", "count": len(report["held"])},
        {"key": "next", "label": "Falling due in the next 12 months", "count": len(report["next"])},
    ]


def _exception(kind: str, current: int, previous: int) -> dict[str, Any]:
    label = EXCEPTION_KINDS[kind].label if kind in EXCEPTION_KINDS else kind
    return {"kind": kind, "label": label, "count": current, "previous": previous}
