"""Bulk import: per-line errors with line numbers and fields, idempotent re-runs, CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from lineage.ledger.ingest import Importer, LineSet
from lineage.service import Service
from tests.appending import append
from tests.factories import disclosure_payload
from tests.lineage.helpers import scalar


def write_jsonl(path: Path, payloads: list[object]) -> Path:
    path.write_text("".join((p if isinstance(p, str) else json.dumps(p)) + "\n" for p in payloads))
    return path


def distinct(i: int) -> dict[str, object]:
    """A disclosure without an entry id, different from the others by its time."""
    return disclosure_payload(entry_id=None, occurred_at=f"2026-03-02T10:{i:02d}:00Z")


def test_identical_lines_without_ids_are_one_record(service: Service, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [distinct(1), distinct(1)])
    summary = Importer(service.ledger, recorded_by="t").run(path)
    assert (list(summary.added), list(summary.repeated)) == ([1], [2])


def test_bad_lines_are_reported_and_the_rest_go_in(service: Service, tmp_path: Path) -> None:
    lines: list[object] = [distinct(i) for i in range(6)]
    lines[1] = disclosure_payload(
        entry_id=None, subjects=[{"local_id": "LL-1", "role": "child", "nhs_number": "9998765438"}]
    )
    lines[3] = "{not json"
    lines[4] = disclosure_payload(entry_id=None, recipient="no-such-partner")
    path = write_jsonl(tmp_path / "in.jsonl", lines)

    summary = Importer(service.ledger, recorded_by="t", batch_size=4).run(path)

    assert list(summary.added) == [1, 3, 6]
    assert [(e.line, e.field) for e in summary.errors] == [
        (2, "subjects[0].nhs_number"),
        (4, ""),
        (5, "recipient"),
    ]
    assert service.ledger.head()[0] == 3
    assert scalar(service, "SELECT count(*) FROM subject") == 2


def test_a_lone_line_reusing_an_entry_id_is_reported_not_raised(
    service: Service, tmp_path: Path
) -> None:
    payload = disclosure_payload()
    append(service.ledger, payload, recorded_by="t")
    path = write_jsonl(tmp_path / "in.jsonl", [{**payload, "purpose": "safeguarding"}])
    summary = Importer(service.ledger, recorded_by="t").run(path)
    assert [(e.line, e.field) for e in summary.errors] == [(1, "entry_id")]
    assert service.ledger.head()[0] == 1


def test_rerunning_the_same_file_adds_nothing(service: Service, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [distinct(i) for i in range(5)])
    first = Importer(service.ledger, recorded_by="t", batch_size=2).run(path)
    again = Importer(service.ledger, recorded_by="t", batch_size=2).run(path)
    assert list(first.added) == [1, 2, 3, 4, 5] and list(again.added) == []
    assert list(again.repeated) == [1, 2, 3, 4, 5]
    assert str(again.repeated) == "1-5"
    assert service.ledger.head()[0] == 5


def test_csv_rows_take_the_same_fields(service: Service, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    payload = disclosure_payload()
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        fields = [
            "entry_id",
            "occurred_at",
            "recipient",
            "subjects",
            "categories",
            "purpose",
            "lawful_basis",
            "special_category_condition",
            "schedule1_condition",
            "agreement",
            "method",
            "cross_border",
        ]
        writer.writerow(fields)
        writer.writerow(
            [
                payload["entry_id"],
                payload["occurred_at"],
                "beds-police",
                "LL-100234|child|9998765439|B801200005001|FAM-77;LL-100240|parent",
                "identity;domestic_abuse;health",
                "child_protection",
                "UKGDPR.6.1.e",
                "UKGDPR.9.2.g",
                "DPA2018.S1.P2.18",
                "ISA-2024-POLICE",
                "secure_email",
                "false",
            ]
        )
        writer.writerow(
            [
                payload["entry_id"],
                "not a date",
                "beds-police",
                "LL-1|child",
                "identity",
                "child_protection",
                "UKGDPR.6.1.e",
                "",
                "",
                "ISA-2024-POLICE",
                "secure_email",
                "false",
            ]
        )
    summary = Importer(service.ledger, recorded_by="t").run(path)
    assert list(summary.added) == [2]
    assert [(e.line, e.field) for e in summary.errors] == [(3, "occurred_at")]
    assert scalar(service, "SELECT count(*) FROM version_subject") == 2


def test_line_sets_are_kept_as_spans() -> None:
    lines = LineSet()
    for n in (1, 2, 3, 7, 9, 10):
        lines.append(n)
    assert str(lines) == "1-3, 7, 9-10" and len(lines) == 6
    assert lines.spans == [[1, 3], [7, 7], [9, 10]]
    assert list(lines) == [1, 2, 3, 7, 9, 10]
    assert str(LineSet()) == ""


def test_errors_are_reported_in_line_order(service: Service, tmp_path: Path) -> None:
    lines: list[object] = [distinct(i) for i in range(4)]
    lines[0] = disclosure_payload(entry_id=None, recipient="no-such-partner")  # the ledger's
    lines[1] = "{not json"  # the reader's
    lines[3] = disclosure_payload(entry_id=None, occurred_at="not a date")  # the validator's
    path = write_jsonl(tmp_path / "in.jsonl", lines)

    summary = Importer(service.ledger, recorded_by="t", batch_size=4).run(path)

    assert [(e.line, e.field) for e in summary.errors] == [
        (1, "recipient"),
        (2, ""),
        (4, "occurred_at"),
    ]
    assert list(summary.added) == [3]
