"""The caseworker's page: "may I share this?" answered before the share, and the answer kept.

The proposed share is put to the decision point (`lineage.ledger.decisions`, the same rules
as the ledger's refusals and flags), and the decision is recorded in the ledger whatever it
is — Working Together to Safeguard Children 2023 asks that the decision and its reasons be
kept whether or not anything is shared. In the same step the caseworker may record the share
itself, citing the decision: a share after a DENY or an unresolved REVIEW is flagged for the
DPO. Withholding under the s.16LA exception (Children Act 2004, as inserted by the
Children's Wellbeing and Schools Act 2026) is recorded as a decision not to share.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.console.guards import CanRecord
from api.console.render import page, refusal
from api.console.session import checked_form
from api.deps import ServiceDep
from lineage.ledger.decisions import record_decision
from lineage.ledger.requests import Conflict, NotFound
from lineage.ledger.requests import Request as Append
from lineage.ledger.store import Ledger
from models.validation import EntryRefused
from models.vocabulary import CATEGORIES, LAWFUL_BASES, PURPOSES, SUBJECT_ROLES

router = APIRouter(include_in_schema=False)
TEXT_FIELDS = (
    "recipient", "purpose", "lawful_basis", "special_category_condition",
    "schedule1_condition", "agreement", "destination_country", "transfer_mechanism",
    "urgency", "reason", "decision_maker",
)  # fmt: skip


def proposal(form: dict[str, str]) -> dict[str, Any]:
    """The proposed share as the decision point takes it, from the form's fields."""
    found: dict[str, Any] = {k: form[k].strip() for k in TEXT_FIELDS if form.get(k, "").strip()}
    subject = {"local_id": form.get("local_id", "").strip(), "role": form.get("role", "child")}
    if form.get("nhs_number", "").strip():
        subject["nhs_number"] = form["nhs_number"].strip()
    found["subjects"] = [subject]
    found["categories"] = [c.strip() for c in form.get("categories", "").split(",") if c.strip()]
    for flag in ("one_off", "cross_border", "withhold"):
        found[flag] = form.get(flag) == "yes"
    return found


def share_of(asked: dict[str, Any], decision_id: str, form: dict[str, str]) -> dict[str, Any]:
    """The disclosure that follows the decision, citing it (`decision_id`)."""
    share = {k: v for k, v in asked.items() if k not in ("urgency", "withhold")}
    share.update(
        occurred_at=datetime.now(UTC).isoformat(timespec="seconds"),
        decision_id=decision_id,
        method=form.get("method") or "secure_email",
    )
    return share


def decide_and_record(
    ledger: Ledger, form: dict[str, str], by: str
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Record the decision and, when asked and not withheld, the share citing it. A share
    the ledger refuses (say, special category data with no Art 9 condition) is not stored;
    the decision stays recorded, and the answer says why the share was not."""
    asked = proposal(form)
    decided, _ = record_decision(ledger, asked, by)
    if form.get("record_share") != "yes" or asked["withhold"]:
        return decided, None
    try:
        share = Append.validated("disclosure", share_of(asked, decided["decision_id"], form))
        [appended] = ledger.append([[share]], recorded_by=by)[0].get()
    except (EntryRefused, NotFound, Conflict) as refused:
        errors = getattr(refused, "errors", None)
        why = "; ".join(f"{e.field}: {e.message}" for e in errors) if errors else str(refused)
        return decided, {"refused": why}
    receipt = appended.receipt
    return decided, {"entry_id": receipt.entry_id, "exceptions": list(receipt.exceptions)}


def _choices() -> dict[str, Any]:
    return {
        "purposes": PURPOSES,
        "bases": LAWFUL_BASES,
        "roles": SUBJECT_ROLES,
        "categories": CATEGORIES,
    }


@router.get("/decide")
def form(request: Request, user: CanRecord) -> Response:
    return page(request, "decide.html", asked={}, decided=None, shared=None, **_choices())


@router.post("/decide")
async def decide(request: Request, user: CanRecord, service: ServiceDep) -> Response:
    form = dict(await checked_form(request))
    by = user.principal().label
    try:
        decided, shared = await run_in_threadpool(decide_and_record, service.ledger, form, by)
    except EntryRefused as refused:
        problems = "; ".join(f"{e.field or 'form'}: {e.message}" for e in refused.errors)
        return refusal(request, 422, f"Nothing was recorded. {problems}")
    except (NotFound, Conflict) as refused:
        return refusal(request, 422, f"Nothing was recorded: {refused}")
    return page(request, "decide.html", asked=form, decided=decided, shared=shared, **_choices())
