"""A subject access case's letter and reviewer pack are separate files: the letter, printed
to PDF by Chromium and read back with pdftotext, carries no reviewer content; the pack
carries each item with its free text opened, and every opening is in the access log. The
misdirected share reaches the letter too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.api.test_cases_api import CHILD, _misdirected
from tests.factories import DESIGN_EXAMPLE
from tests.visualise.browser import pdf_file_text, print_to_pdf

FREE_TEXT = str(DESIGN_EXAMPLE["reason"])  # "Strategy discussion after a disclosure at school"
REVIEWER_WORDS = ("Reviewer", "remove before release", "Ledger entry", "Needs a decision")


def _sar(as_role: Any, share: str) -> str:
    sar = as_role("sar_officer")
    opened = sar.post(
        "/v1/access-requests",
        json={"requester": "Ms A Parent", "requester_type": "representative",
              "subjects": [CHILD], "received": "2026-06-10", "channel": "email"},
    )  # fmt: skip
    case = str(opened.json()["entry_id"])
    review = {"step": "item_reviewed", "on": "2026-06-24", "entry": share,
              "decision": "redact", "reason": "Names the parent"}  # fmt: skip
    assert sar.post(f"/v1/access-requests/{case}/steps", json=review).status_code == 201
    return case


def test_the_printed_letter_has_no_reviewer_content(as_role: Any, tmp_path: Path) -> None:
    share, breach = _misdirected(as_role)
    case = _sar(as_role, share)
    sar = as_role("sar_officer")
    token = sar.get(f"/v1/access-requests/{case}").json()["subjects"][0]
    letter = sar.get(f"/v1/access-requests/{case}/letter")
    assert letter.status_code == 200, letter.text
    assert letter.headers["content-type"].startswith("text/html")
    page = tmp_path / "letter.html"
    page.write_text(letter.text, encoding="utf-8")
    pdf = tmp_path / "letter.pdf"
    print_to_pdf(page, pdf)
    text = " ".join(pdf_file_text(pdf, layout=False).split())  # lines joined: a heading may wrap
    squeezed = text.replace(" ", "")  # an id or token broken across lines, put together
    assert "Your personal information: who we have shared it with" in text
    assert "Crown Prosecution Service" in text  # the misdirected share is told
    for reviewer in (*REVIEWER_WORDS, FREE_TEXT, token, share, breach, case, "Names the parent"):
        assert reviewer not in text, f"the letter shows {reviewer!r}"
        assert reviewer.replace(" ", "") not in squeezed, f"the letter shows {reviewer!r}"
    for reviewer in (token, share, case, 'id="reviewer"'):
        assert reviewer not in letter.text


def test_the_reviewer_pack_is_a_separate_file_with_free_text_opened(as_role: Any) -> None:
    share, _ = _misdirected(as_role)
    case = _sar(as_role, share)
    sar = as_role("sar_officer")
    pack = sar.get(f"/v1/access-requests/{case}/reviewer-pack", params={"format": "json"})
    assert pack.status_code == 200, pack.text
    [subject] = pack.json()["subjects"]
    [item] = [i for i in subject["items"] if i["entry_id"] == share]
    assert item["text"] == FREE_TEXT
    assert item["recipient"] == "Bedfordshire Police"
    assert item["others"] == ["parent"]
    assert item["decision"]["decision"] == "redact"
    html = sar.get(f"/v1/access-requests/{case}/reviewer-pack").text
    assert FREE_TEXT in html and "Reviewer pack" in html
    opened = sar.get(f"/v1/access-requests/{case}/items/{share}/free-text").json()
    assert opened == {"entry_id": share, "text": FREE_TEXT}
    events = as_role("admin").get("/v1/audit/access", params={"limit": 500}).json()["items"]
    openings = [e for e in events if share in e["returned"].get("free_text_opened", [])]
    assert {e["endpoint"] for e in openings} == {
        "GET /v1/access-requests/{case_id}/reviewer-pack",
        "GET /v1/access-requests/{case_id}/items/{entry_id}/free-text",
    }
    assert as_role("investigator").get(f"/v1/access-requests/{case}/letter").status_code == 403
