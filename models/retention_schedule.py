"""The council's retention schedule: each class's period and what starts it, overridable by
the council (UK GDPR Art 5(1)(e); the schedule itself is the council's, Art 30(1)(f)).

A schedule maps class codes to `RetentionClass`es. The defaults are `RETENTION_CLASSES`; a
council's settings (`DISCLOSURE_RETENTION_SCHEDULE`, JSON) change a class's `years` or
`basis` or add classes, e.g.
`{"child_protection": {"years": 35, "basis": "last_entry"}}` — child protection records
kept 35 years after the last contact. Bases:

* `event` — years after the last event the class evidences;
* `last_entry` — years after the last entry about the subject, of any class;
* `birthday` — to a birthday; the registry holds no date of birth, so this runs from the
  last entry about the subject, which is never earlier.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Final

from models.dates import add_years
from models.retention import DEFAULT_RETENTION, RETENTION_CLASSES, RetentionClass

BASES: Final = ("event", "last_entry", "birthday")

Schedule = Mapping[str, RetentionClass]


def council_schedule(overrides: Mapping[str, Any] | None) -> dict[str, RetentionClass]:
    """The default classes with the council's overrides applied; ValueError names what is
    wrong."""
    schedule = dict(RETENTION_CLASSES)
    for code, given in (overrides or {}).items():
        if not isinstance(given, Mapping):
            raise ValueError(f"retention class {code!r}: give an object")
        unknown = set(given) - {"years", "basis", "label", "authority"}
        if unknown:
            raise ValueError(f"retention class {code!r}: unknown {', '.join(sorted(unknown))}")
        base = schedule.get(code) or RetentionClass(code, code, "event", 0, "council schedule")
        changed = replace(base, **given)
        if not isinstance(changed.years, int) or not 0 < changed.years <= 150:
            raise ValueError(f"retention class {code!r}: years must be from 1 to 150")
        if changed.basis not in BASES:
            raise ValueError(f"retention class {code!r}: basis must be one of {BASES}")
        schedule[code] = changed
    return schedule


@dataclass(frozen=True)
class SubjectHistory:
    """What retention needs about one subject: for each class, its last event; and the day
    of the last entry about them of any kind."""

    token: str
    last_by_class: Mapping[str, date]
    last_entry: date


def retention_end(history: SubjectHistory, schedule: Schedule) -> date:
    """The first day no class requires the subject's records: the latest end over every
    class their entries evidence (a class the schedule does not know counts as default)."""
    ends = []
    for code, last_event in history.last_by_class.items():
        rule = schedule.get(code) or schedule[DEFAULT_RETENTION]
        start = last_event if rule.basis == "event" else history.last_entry
        ends.append(add_years(start, rule.years))
    if not ends:
        ends.append(add_years(history.last_entry, schedule[DEFAULT_RETENTION].years))
    return max(ends)
