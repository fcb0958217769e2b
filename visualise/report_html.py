"""HTML reports: the Art 15 access pack for a family and the governance board pack.

Both are one self-contained HTML file (inline CSS and SVG, no scripts, nothing fetched)
that prints on A4. Templates live in `visualise/templates` and are rendered with
autoescaping on; every value is turned into display text here, so templates only lay out.

The board pack takes, with counts as integers and days as ISO strings or dates::

    {"council_name": str,
     "period": {"from": day, "to": day},
     "previous_period": {"from": day, "to": day} | None (None: no comparison is drawn),
     "totals": {"current": n, "previous": n},
     "headline": {"disclosures": n, "refusals": n, "recipients": n, "subjects": n,
                  "exceptions": n},
     "by_recipient_type": [{"key": code, "label": str, "current": n, "previous": n}],
     "by_category_class": [...same; a disclosure counts once in each class it carried],
     "by_purpose": [...same], "by_lawful_basis": [...same],
     "transfers": [{"country": code, "country_name": str, "mechanism": code,
                    "mechanism_label": str, "count": n, "adequate": bool}],
     "exceptions": [{"kind": code, "label": str, "count": n}],
     "activity": [{"key": code, "label": str, "count": n}],
     "casework": [{"key": code, "label": str, "count": n}],
     "retention": [{"key": code, "label": str, "count": n}],
     "generated_at": ISO 8601 instant,
     "ledger_anchor": {"size": n, "root": hex, "witnessed_by": [str], "checkpoint": str}
                      or None (optional: the newest witnessed checkpoint, for the minutes)}

It holds aggregates only: no subject tokens, identifiers or free text, and the output
is checked for tokens before it is returned (`assert_no_tokens`). Every count it prints
passes statistical disclosure control (`visualise.disclosure_control`): 1 to 4 is "fewer
than 5", a second cell is withheld where a total would give a small one back, and
countries with fewer than 5 transfers are grouped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Final

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from models.dates import utc
from models.labels import (
    CLASS_ORDER,
    as_day,
    basis_label,
    category_class_of,
    category_label,
    country_label,
    long_date,
    mechanism_label,
    partner_type_label,
    period_text,
    purpose_label,
    rounded_percent,
    sorted_categories,
)
from visualise.charts import Bar, paired_bar_chart
from visualise.disclosure_control import SMALLEST_SHOWN, cells, is_small, shown
from visualise.tokens import TokenLeak, assert_no_tokens

__all__ = ["TokenLeak", "access_report_html", "assert_no_tokens", "board_pack_html", "inline_svg"]

CATEGORY_GROUPS: Final = {
    "special": (
        "Special category information",
        "The law gives this information extra protection (UK GDPR Article 9).",
    ),
    "criminal": (
        "Information about criminal offences",
        "The law gives this information extra protection (UK GDPR Article 10).",
    ),
    "ordinary": ("Other personal information", ""),
}
BREAKDOWNS: Final = (
    ("by_recipient_type", "recipient-types", "Disclosures by type of recipient", "Recipient"),
    ("by_category_class", "category-classes", "Disclosures by class of data", "Class of data"),
    ("by_purpose", "purposes", "Disclosures by purpose", "Purpose"),
    ("by_lawful_basis", "lawful-bases", "Disclosures by lawful basis (Art 6)", "Lawful basis"),
)
_NOT_SVG_BODY: Final = re.compile(r"<\?xml.*?\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL)
_ACTIVE_CONTENT: Final = re.compile(r"<script|<foreignObject|<[^>]*\son[a-z]+\s*=", re.I)

_templates = Environment(
    loader=PackageLoader("visualise", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def inline_svg(svg: str) -> Markup:
    """An SVG document ready to place inside HTML: no XML prolog, DOCTYPE or comments.

    Raises ValueError if it is not SVG or carries scripts or event handlers.
    """
    body = _NOT_SVG_BODY.sub("", svg).strip()
    if not body.startswith("<svg"):
        raise ValueError("expected an SVG document")
    if _ACTIVE_CONTENT.search(body):
        raise ValueError("an SVG with scripts or event handlers cannot be inlined")
    return Markup(body)


def access_report_html(
    report: Mapping[str, Any], *, lineage_svg: str | None, reviewer: bool = True
) -> str:
    """The Art 15 pack for a family, from the access report JSON shape (docs/design.md, Shapes).

    Besides that shape it reads `summary`, `review` ([{"entry_id", "reason"}]), `breaches`,
    `generated_at` and `council_name`. The subject token and entry ids appear only in the
    reviewer section; `reviewer=False` leaves that section out (the letter itself: see
    `access_letter_html`).
    """
    context = {
        "reviewer": reviewer,
        "breaches": [_breach(row) for row in report.get("breaches", [])],
        "council_name": str(report.get("council_name") or "The council"),
        "generated": _instant_text(report["generated_at"]),
        "summary": _paragraphs(report.get("summary")),
        "purposes": [purpose_label(code) for code in report.get("purposes", [])],
        "category_groups": _category_groups(report.get("categories", [])),
        "recipients": [_recipient(row) for row in report.get("recipients", [])],
        "transfers": [_transfer(row) for row in report.get("transfers", [])],
        "sources": [str(source) for source in report.get("sources", [])],
        "retention": _paragraphs(report.get("retention")),
        "rights": _paragraphs(report.get("rights")),
        "diagram": inline_svg(lineage_svg) if lineage_svg else None,
        "subject": str(report["subject"]),
        "review": [_review_item(row) for row in report.get("review", [])],
        "transfer_entries": [str(row["entry_id"]) for row in report.get("transfers", [])],
    }
    return _templates.get_template("access_report.html").render(context)


def _shown_lines(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Labelled counts as the pack prints them, each under disclosure control."""
    return [{"label": str(row["label"]), "count": shown(int(row["count"]))} for row in rows]


def access_letter_html(report: Mapping[str, Any], *, lineage_svg: str | None) -> str:
    """The letter to the requester: the report with no reviewer content at all — no
    reviewer section, no subject token, no entry ids. The reviewer pack is a separate file
    (`reviewer_pack_html`)."""
    return access_report_html(report, lineage_svg=lineage_svg, reviewer=False)


def reviewer_pack_html(pack: Mapping[str, Any]) -> str:
    """The SAR officer's pack (`lineage.cases.sar_documents.reviewer_pack`): never sent."""
    context = {
        "council_name": str(pack.get("council_name") or "The council"),
        "generated": _instant_text(pack["generated_at"]),
        "pack": pack,
        "subjects": [
            {
                "subject": s["subject"],
                "entries": [_pack_item(item) for item in s["items"]],
            }
            for s in pack["subjects"]
        ],
    }
    return _templates.get_template("reviewer_pack.html").render(context)


def _pack_item(item: Mapping[str, Any]) -> dict[str, Any]:
    decision = item.get("decision") or {}
    return {
        "entry_id": str(item["entry_id"]),
        "when": _instant_text(item["occurred_at"]),
        "recipient": str(item["recipient"]),
        "categories": [category_label(c) for c in item.get("categories", [])],
        "others": ", ".join(item.get("others", [])) or "No one else",
        "reason": str(item.get("reason") or ""),
        "text": item.get("text"),
        "free_text": bool(item.get("free_text")),
        "decision": decision.get("decision"),
        "decision_reason": decision.get("reason"),
    }


def _breach(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "when": _instant_text(row["occurred_at"]),
        "intended": str(row["intended_recipient"]),
        "received_by": str(row["received_by"]),
        "categories": [category_label(c) for c in row.get("categories", [])],
    }


def _category_groups(codes: Sequence[str]) -> list[dict[str, Any]]:
    ordered = sorted_categories(codes)
    groups = []
    for cls in CLASS_ORDER:
        labels = [category_label(code) for code in ordered if category_class_of(code) == cls]
        heading, explanation = CATEGORY_GROUPS[cls]
        if labels:
            groups.append({"heading": heading, "explanation": explanation, "labels": labels})
    return groups


def _recipient(row: Mapping[str, Any]) -> dict[str, Any]:
    name = str(row.get("name") or row["partner"])
    described = partner_type_label(str(row.get("type", "")))
    return {
        "name": name,
        # A name that is its own type ("Department for Education") is not said twice.
        "type": "" if described == name else described,
        "country": country_label(row.get("country")),
        "first_shared": long_date(as_day(row["first_shared"])),
        "last_shared": long_date(as_day(row["last_shared"])),
        "categories": [
            (category_label(code), category_class_of(code))
            for code in sorted_categories(row.get("categories", []))
        ],
        "purposes": [purpose_label(code) for code in row.get("purposes", [])],
        "lawful_bases": [basis_label(code) for code in row.get("lawful_bases", [])],
    }


def _transfer(row: Mapping[str, Any]) -> dict[str, str]:
    return {
        "country": country_label(row.get("country")),
        "mechanism": mechanism_label(row.get("mechanism")),
        "instrument": str(row.get("instrument") or "No further details recorded"),
    }


def _review_item(row: Mapping[str, Any]) -> dict[str, str]:
    return {"entry_id": str(row["entry_id"]), "reason": str(row.get("reason") or "")}


def board_pack_html(pack: Mapping[str, Any], *, flow_svg: str) -> str:
    """The governance board pack (shape in the module docstring), checked for tokens."""
    period = period_text(*_period(pack["period"]))
    before = pack.get("previous_period")
    previous_period = period_text(*_period(before)) if before else None
    totals = pack["totals"]
    exceptions = pack.get("exceptions", [])
    context = {
        "council_name": str(pack["council_name"]),
        "period": period,
        "previous_period": previous_period,
        "generated": _instant_text(pack["generated_at"]),
        "totals": _comparison(int(totals["current"]), int(totals["previous"])),
        "transfer_total": shown(sum(int(row["count"]) for row in pack.get("transfers", []))),
        "exception_total": shown(int(pack["headline"]["exceptions"])),
        "flow_diagram": inline_svg(flow_svg),
        "breakdowns": [_breakdown(pack, spec, period, previous_period) for spec in BREAKDOWNS],
        "transfers": board_transfers(pack.get("transfers", [])),
        "exceptions": _counted_rows(exceptions, "kind"),
        "activity": _shown_lines(pack.get("activity", [])),
        "casework": _shown_lines(pack.get("casework", [])),
        "retention": _shown_lines(pack.get("retention", [])),
        "anchor": pack.get("ledger_anchor"),
    }
    html = _templates.get_template("board_pack.html").render(context)
    assert_no_tokens(html)
    return html


def _breakdown(
    pack: Mapping[str, Any],
    spec: tuple[str, str, str, str],
    period: str,
    previous_period: str | None,
) -> dict[str, Any]:
    field, section_id, title, heading = spec
    rows = pack.get(field, [])
    adds_up = field != "by_category_class"  # a disclosure counts once in each class
    current = cells([int(row["current"]) for row in rows], adds_up=adds_up)
    previous = cells([int(row["previous"]) for row in rows], adds_up=adds_up)
    bars = [
        Bar(
            str(row.get("label") or row["key"]),
            int(row["current"]),
            int(row["previous"]),
            current[i],
            previous[i] if previous_period else "",
        )
        for i, row in enumerate(rows)
    ]
    chart = paired_bar_chart(bars, title=title, current_name=period, previous_name=previous_period)
    return {
        "id": section_id,
        "title": title,
        "heading": heading,
        "chart": Markup(chart),
        "rows": [_row(bar) for bar in bars],
    }


def _row(bar: Bar) -> dict[str, str]:
    """A table row as published: a change only between two counts both shown as numbers."""
    current, previous = bar.current_text or "", bar.previous_text or ""
    both_numbers = current[:1].isdigit() and previous[:1].isdigit()
    moved = change(bar.current, bar.previous) if both_numbers else "—"
    return {"label": bar.label, "current": current, "previous": previous, "change": moved}


def _comparison(current: int, previous: int) -> dict[str, str]:
    both_shown = not is_small(current) and not is_small(previous)
    return {
        "current": shown(current),
        "previous": shown(previous),
        "change": change(current, previous) if both_shown else "—",
    }


def _counted_rows(rows: Sequence[Mapping[str, Any]], key: str) -> list[dict[str, str]]:
    """Rows of a table whose counts add up to a total shown, each count as published."""
    counts = cells([int(row["count"]) for row in rows])
    return [
        {"label": str(row.get("label") or row[key]), "count": counts[i]}
        for i, row in enumerate(rows)
    ]


def change(current: int, previous: int) -> str:
    """The change on the previous period, e.g. "+12%", "−5%", "0%", "new" or "—"."""
    if previous == 0:
        return "new" if current else "—"
    rounded = rounded_percent(abs(current - previous), previous)
    if rounded == 0:
        return "0%"
    return ("+" if current > previous else "−") + f"{rounded:,}%"


def board_transfers(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Transfers by country and mechanism as published: countries with fewer than 5
    transfers in all are grouped into one row, and each count passes `cells`."""
    by_country: dict[str, int] = {}
    for row in rows:
        code = str(row.get("country") or "")
        by_country[code] = by_country.get(code, 0) + int(row["count"])
    kept = [row for row in rows if by_country[str(row.get("country") or "")] >= SMALLEST_SHOWN]
    lines = [_board_transfer(row) for row in kept]
    few = [code for code, count in by_country.items() if count < SMALLEST_SHOWN]
    if few:
        grouped = sum(by_country[code] for code in few)
        lines.append(_grouped_countries(grouped))
    published = cells([int(line.pop("number")) for line in lines])
    return [line | {"count": published[i]} for i, line in enumerate(lines)]


def _grouped_countries(count: int) -> dict[str, Any]:
    return {
        "country": "Other countries, each with fewer than 5",
        "mechanism": "Various",
        "number": count,
        "adequate": None,
    }


def _board_transfer(row: Mapping[str, Any]) -> dict[str, Any]:
    code = row.get("country")
    return {
        "country": str(row.get("country_name") or country_label(code)),
        "mechanism": str(row.get("mechanism_label") or mechanism_label(row.get("mechanism"))),
        "number": int(row["count"]),
        "adequate": bool(row.get("adequate")),
    }


def _period(span: Mapping[str, Any]) -> tuple[date, date]:
    return as_day(span["from"]), as_day(span["to"])


def _paragraphs(text: Any) -> list[str]:
    """Plain text split into paragraphs at blank lines."""
    return [part.strip() for part in re.split(r"\n\s*\n", str(text or "")) if part.strip()]


def _instant_text(value: datetime | str) -> str:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    moment = utc(moment)
    return f"{long_date(moment.date())}, {moment:%H:%M} UTC"
