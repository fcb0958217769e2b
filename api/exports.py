"""Listings as files: the same rows as the JSON pages, all of them, as CSV or XLSX.

One flat row per item (`flat_row`): lists become `;`-joined text (`token:role` for
subjects), instants RFC 3339, booleans `true`/`false` — so a spreadsheet cell says exactly
what the JSON says. `wanted_format` reads `format=csv|xlsx` or, failing that, the Accept
header. Cells that a spreadsheet would run as a formula are prefixed with `'` (OWASP CSV
injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from fastapi import Response
from openpyxl import Workbook

from lineage.ledger.canonical import rfc3339

MEDIA_TYPES: Final = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DISCLOSURE_COLUMNS: Final = (
    "seq",
    "entry_id",
    "kind",
    "occurred_at",
    "recorded_at",
    "sender",
    "recipient",
    "purpose",
    "lawful_basis",
    "agreement",
    "method",
    "decision",
    "cross_border",
    "destination_country",
    "transfer_mechanism",
    "derived_from_seq",
    "void",
    "version_seq",
    "categories",
    "subjects",
    "exceptions",
)
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def wanted_format(given: str | None, accept: str | None) -> str:
    """`json`, `csv` or `xlsx`: the `format` parameter, else the first the Accept header names."""
    if given:
        return given
    for part in (accept or "").split(","):
        media = part.split(";")[0].strip().lower()
        for name, known in MEDIA_TYPES.items():
            if media == known.split(";")[0]:
                return name
    return "json"


def cell(value: Any) -> str:
    """One value as the file shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, list | tuple):
        return ";".join(_listed(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) and not _number(text) else text


def _listed(value: Any) -> str:
    if isinstance(value, Mapping):
        return f"{value.get('token')}:{value.get('role')}"
    return str(value)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def flat_row(item: Mapping[str, Any], columns: Sequence[str]) -> list[str]:
    return [cell(item.get(column)) for column in columns]


def as_file(
    items: Iterable[Mapping[str, Any]], columns: Sequence[str], fmt: str, *, name: str
) -> Response:
    """Every item as one CSV or XLSX file, to be saved as `name`.csv / .xlsx."""
    rows = (flat_row(item, columns) for item in items)
    body = _csv(rows, columns) if fmt == "csv" else _xlsx(rows, columns, title=name)
    disposition = f'attachment; filename="{name}.{fmt}"'
    return Response(body, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": disposition})


def _csv(rows: Iterable[list[str]], columns: Sequence[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _xlsx(rows: Iterable[list[str]], columns: Sequence[str], *, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(list(columns))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
