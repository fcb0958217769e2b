"""Bulk import of disclosures from JSONL or CSV: streamed, batched, per-line errors.

Each line is validated on its own; valid lines are appended in batches (one transaction
each). A line refused — by the validator or by the ledger — stores nothing and is reported
with its number and field; the others go in. Lines without an `entry_id` get one derived
from their content, so re-running the same file adds nothing. No line ends an import:
bytes that are not UTF-8, JSON nested too deep and an entry id reused for another body are
each that line's error. With `all_or_nothing`, one refused line means nothing is stored.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from lineage.ledger.canonical import canonical_bytes
from lineage.ledger.requests import BatchRefused, Request, refusal_errors
from lineage.ledger.store import Ledger
from models.payload import parse_json
from models.validation import EntryRefused, FieldError

IMPORT_NAMESPACE = uuid.UUID("0b6f4a52-8f3e-4c1e-9a57-2d5d1b7c0e11")
LIST_FIELDS = ("categories",)
BOOL_FIELDS = ("cross_border", "one_off")
SUBJECT_PARTS = ("local_id", "role", "nhs_number", "upn", "family_id")


@dataclass
class LineError:
    line: int
    field: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "message": self.message}


class LineSet:
    """Line numbers kept as spans, so a ten-million-line import does not hold ten million
    integers. Lines arrive in increasing order; iterating gives them back one by one."""

    def __init__(self) -> None:
        self.spans: list[list[int]] = []
        self.count = 0

    def append(self, line: int) -> None:
        if self.spans and line == self.spans[-1][1] + 1:
            self.spans[-1][1] = line
        else:
            self.spans.append([line, line])
        self.count += 1

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[int]:
        for first, last in self.spans:
            yield from range(first, last + 1)

    def __str__(self) -> str:
        return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in self.spans)


@dataclass
class ImportSummary:
    read: int = 0
    added: LineSet = field(default_factory=LineSet)
    repeated: LineSet = field(default_factory=LineSet)
    errors: list[LineError] = field(default_factory=list)
    stored_nothing: bool = False

    @property
    def refused_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors})


def with_entry_id(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload with an entry id: its own, or one derived from its content."""
    if payload.get("entry_id"):
        return payload
    derived = uuid.uuid5(IMPORT_NAMESPACE, canonical_bytes(payload).hex())
    return {**payload, "entry_id": str(derived)}


def open_lines(path: Path) -> IO[str]:
    """A file opened for `records`: UTF-8, with bytes that are not kept for the line errors."""
    return path.open(encoding="utf-8", errors="surrogateescape", newline="")


def not_utf8(text: str, where: str = "line") -> str | None:
    """Where `text` (read as `open_lines` reads) held a byte that is not UTF-8, if it did."""
    for index, ch in enumerate(text):
        if "\udc80" <= ch <= "\udcff":
            offset = len(text[:index].encode("utf-8", "surrogateescape")) + 1
            return f"not UTF-8: byte {offset} of the {where} is 0x{ord(ch) - 0xDC00:02x}"
    return None


def jsonl_records(handle: IO[str]) -> Iterator[tuple[int, dict[str, Any] | LineError]]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        undecodable = not_utf8(line)
        if undecodable is not None:
            yield number, LineError(number, "", undecodable)
            continue
        try:
            record = parse_json(line)
        except EntryRefused as refused:
            yield number, LineError(number, "", refused.errors[0].message)
            continue
        if not isinstance(record, dict):
            yield number, LineError(number, "", "each line must be a JSON object")
        else:
            yield number, record


def csv_records(handle: IO[str]) -> Iterator[tuple[int, dict[str, Any] | LineError]]:
    reader = csv.DictReader(handle)
    for row in reader:
        number = reader.line_num
        undecodable = _undecodable_column(row)
        if undecodable is not None:
            yield number, LineError(number, *undecodable)
            continue
        try:
            yield number, csv_payload(row)
        except ValueError as error:
            yield number, LineError(number, "subjects", str(error))


def _undecodable_column(row: Mapping[str | None, Any]) -> tuple[str, str] | None:
    for name, value in row.items():
        for text in value if isinstance(value, list) else [value]:
            found = not_utf8(text, "value") if isinstance(text, str) else None
            if found is not None:
                return str(name or ""), found
    return None


def csv_payload(row: Mapping[str, str | None]) -> dict[str, Any]:
    """A CSV row as the object the API takes: `;` separates list items; a subject is
    `local_id|role|nhs_number|upn|family_id` (trailing parts optional)."""
    payload: dict[str, Any] = {}
    for name, value in row.items():
        if name is None or value is None or value.strip() == "":
            continue
        value = value.strip()
        if name in LIST_FIELDS:
            payload[name] = [v.strip() for v in value.split(";") if v.strip()]
        elif name in BOOL_FIELDS:
            # Only the words true and false: anything else goes on to be refused, not guessed.
            payload[name] = {"true": True, "false": False}.get(value.lower(), value)
        elif name == "subjects":
            payload[name] = [_csv_subject(s) for s in value.split(";") if s.strip()]
        else:
            payload[name] = value
    return payload


def _csv_subject(text: str) -> dict[str, str]:
    parts = [p.strip() for p in text.split("|")]
    if len(parts) < 2 or len(parts) > len(SUBJECT_PARTS):
        raise ValueError(f"subject {text!r} is not local_id|role[|nhs_number|upn|family_id]")
    return {k: v for k, v in zip(SUBJECT_PARTS, parts, strict=False) if v}


def records(path: Path, handle: IO[str]) -> Iterator[tuple[int, dict[str, Any] | LineError]]:
    if path.suffix.lower() == ".csv":
        return csv_records(handle)
    return jsonl_records(handle)


class Importer:
    """Streams one file into the ledger in batches of `batch_size`.

    With `all_or_nothing`, the whole file is one transaction (its lines are held in
    memory) and is stored only if no line is refused; `summary.stored_nothing` says so.
    """

    def __init__(
        self,
        ledger: Ledger,
        *,
        recorded_by: str,
        batch_size: int = 2000,
        advance: Callable[[int], None] | None = None,
        all_or_nothing: bool = False,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.ledger = ledger
        self.recorded_by = recorded_by
        self.batch_size = batch_size
        self.advance = advance or (lambda _n: None)
        self.all_or_nothing = all_or_nothing
        self.summary = ImportSummary()

    def run(self, path: Path) -> ImportSummary:
        with open_lines(path) as handle:
            self.run_stream(path, handle)
        return self.summary

    def run_stream(self, path: Path, handle: IO[str]) -> None:
        pending: list[tuple[int, Request]] = []
        position = _Position(handle)
        for number, record in records(path, handle):
            self.summary.read += 1
            if isinstance(record, LineError):
                self.summary.errors.append(record)
            else:
                self._validate(number, record, pending)
            if len(pending) >= self.batch_size and not self.all_or_nothing:
                self._flush(pending)
                self.advance(position.take())
        if self.all_or_nothing:
            self._all_or_nothing(pending)
        else:
            self._flush(pending)
        self.advance(position.take())
        # The validator's errors come as lines are read, the ledger's when their batch is
        # appended: put them back in the order of the file.
        self.summary.errors.sort(key=lambda error: error.line)

    def _validate(
        self, number: int, record: dict[str, Any], pending: list[tuple[int, Request]]
    ) -> None:
        try:
            pending.append((number, Request.validated("disclosure", with_entry_id(record))))
        except EntryRefused as refused:
            self._refuse(number, refused.errors)

    def _refuse(self, number: int, errors: list[FieldError]) -> None:
        self.summary.errors.extend(LineError(number, e.field, e.message) for e in errors)

    def _flush(self, pending: list[tuple[int, Request]]) -> None:
        """Append the batch, each line a unit of its own: the ledger drops the lines it
        refuses and appends the rest in one transaction."""
        if not pending:
            return
        outcomes = self.ledger.append(
            [[request] for _, request in pending], recorded_by=self.recorded_by, proofs=False
        )
        for (number, _), outcome in zip(pending, outcomes, strict=True):
            if outcome.refusal is not None:
                self._refuse(number, refusal_errors(outcome.refusal))
            elif outcome.appended[0].created:
                self.summary.added.append(number)
            else:
                self.summary.repeated.append(number)
        pending.clear()

    def _all_or_nothing(self, pending: list[tuple[int, Request]]) -> None:
        """Store every line as one unit in one transaction, or none if any line is refused."""
        if not self.summary.errors and pending:
            [outcome] = self.ledger.append(
                [[request for _, request in pending]], recorded_by=self.recorded_by, proofs=False
            )
            self._record_unit(pending, outcome.refusal, outcome.appended)
        self.summary.stored_nothing = bool(self.summary.errors)
        pending.clear()

    def _record_unit(
        self, pending: list[tuple[int, Request]], refusal: Exception | None, appended: list[Any]
    ) -> None:
        if isinstance(refusal, BatchRefused):
            for index, errors in refusal.items:
                self._refuse(pending[index][0], errors)
        elif refusal is not None:
            self._refuse(pending[0][0], refusal_errors(refusal))
        else:
            for (number, _), done in zip(pending, appended, strict=True):
                (self.summary.added if done.created else self.summary.repeated).append(number)


class _Position:
    """Bytes read so far from a text stream, for the progress bar."""

    def __init__(self, handle: IO[str]) -> None:
        self.handle = handle
        self.last = 0

    def take(self) -> int:
        try:
            now = self.handle.buffer.tell() if isinstance(self.handle, io.TextIOWrapper) else 0
        except (OSError, ValueError):
            return 0
        step, self.last = now - self.last, now
        return step
