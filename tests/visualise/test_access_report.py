"""The Art 15 access pack: every required element present, readable labels, safe HTML."""

from __future__ import annotations

from typing import Any

import pytest

from tests.visualise.pages import Page
from tests.visualise.scenario import CHILD, TITLE, access_report, lineage_graph
from visualise.dot import lineage_dot
from visualise.render import render
from visualise.report_html import access_report_html, inline_svg

REQUIRED_SECTIONS = (
    "summary",
    "purposes",
    "categories",
    "recipients",
    "transfers",
    "sources",
    "retention",
    "rights",
    "complaint",
    "diagram",
    "reviewer",
)


@pytest.fixture(scope="module")
def lineage_svg() -> str:
    return render(lineage_dot(lineage_graph(), title=TITLE), "svg").decode("utf-8")


@pytest.fixture(scope="module")
def html(lineage_svg: str) -> str:
    return access_report_html(access_report(), lineage_svg=lineage_svg)


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    return Page(html)


def test_every_required_element_is_present_and_not_empty(page: Page) -> None:
    for section in REQUIRED_SECTIONS:
        assert page.text(section), f"section {section!r} is missing or empty"


def test_plain_english_summary_comes_first(page: Page) -> None:
    assert page.headings[:2] == [
        "Your personal information: who we have shared it with",
        "In short",
    ]
    assert "seven organisations" in page.text("summary")


def test_purposes_and_categories_are_labels_not_codes(page: Page) -> None:
    purposes, categories = page.text("purposes"), page.text("categories")
    assert "Child protection enquiry (Children Act 1989 s47)" in purposes
    assert "child_protection" not in purposes and "domestic_abuse" not in categories
    assert "Special category information" in categories and "Health" in categories
    assert categories.index("Ethnicity") < categories.index("Other personal information")


def test_every_recipient_is_named_with_type_country_dates_and_basis(page: Page) -> None:
    recipients = page.text("recipients")
    for name in ("Bedfordshire Police", "Riverside Academy", "Office of Children's Issues"):
        assert name in recipients
    assert "Overseas authority" in recipients and "United States of America" in recipients
    assert "12 January 2026 to 23 February 2026" in recipients
    assert "Public task" in recipients and "special category" in recipients


def test_transfers_show_mechanism_and_safeguard(page: Page) -> None:
    transfers = page.text("transfers")
    assert "Administrative arrangement between public bodies" in transfers
    assert "Hague Convention on Intercountry Adoption 1993" in transfers


def test_sources_retention_rights_and_ico_complaint(page: Page) -> None:
    assert "Bedfordshire Police" in page.text("sources")
    assert "100 years" in page.text("retention")
    rights = page.text("rights")
    assert "correct information" in rights and "Information Commissioner's Office" in rights
    assert "ico.org.uk/make-a-complaint" in page.text("complaint")


def test_diagram_is_inline_svg_without_prolog(html: str, page: Page) -> None:
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html and "<!--" not in html
    assert page.count("svg") == 1 and "Bedfordshire Police" in page.text("diagram")


def test_token_and_entry_ids_only_in_the_reviewer_section(html: str, page: Page) -> None:
    released, reviewer = html.split('id="reviewer"')
    assert CHILD not in released and "e-30" not in released
    assert "remove before release" in page.text("reviewer")
    for expected in (CHILD, "e-01", "e-04", "sibling", "e-30"):
        assert expected in page.text("reviewer")


def test_self_contained_with_no_scripts_or_fetched_assets(page: Page) -> None:
    assert page.count("script") == 0 and page.count("link") == 0 and page.count("img") == 0
    links = [attrs.get("href") for tag, attrs in page.tags if tag == "a"]
    assert links == ["https://ico.org.uk/make-a-complaint/"]
    assert not [attrs for _, attrs in page.tags if "src" in attrs]


def test_values_are_escaped() -> None:
    report: dict[str, Any] = access_report()
    report["recipients"][0]["name"] = "<script>alert('x')</script>"
    report["summary"] = "Tom & Jerry <b>"
    html = access_report_html(report, lineage_svg=None)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "Tom &amp; Jerry &lt;b&gt;" in html


def test_without_a_diagram_or_anything_shared_it_says_so() -> None:
    report = access_report() | {"recipients": [], "transfers": [], "purposes": [], "review": []}
    page = Page(access_report_html(report, lineage_svg=None))
    assert "No diagram is included" in page.text("diagram")
    assert "not been sent outside the UK" in page.text("transfers")
    assert "No entries were flagged" in page.text("reviewer")


def test_inline_svg_strips_prolog_and_refuses_active_content() -> None:
    svg = '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "x"\n "y">\n<!-- c -->\n<svg><g/></svg>'
    assert str(inline_svg(svg)) == "<svg><g/></svg>"
    for bad in ("<svg><script>x</script></svg>", '<svg onload="x()"></svg>', "<html/>"):
        with pytest.raises(ValueError):
            inline_svg(bad)


def test_a_recipient_whose_name_is_its_type_is_named_once() -> None:
    report = access_report()
    dfe = report["recipients"][0] | {"partner": "dfe", "name": "Department for Education"}
    report["recipients"] = [dfe | {"type": "dfe"}]
    recipients = Page(access_report_html(report, lineage_svg=None)).text("recipients")
    assert recipients.count("Department for Education") == 1
