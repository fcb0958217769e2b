"""The console in real Chromium, signed in through a real OpenID Connect provider, each page
checked by axe-core for WCAG 2.2 A and AA: find a child, open the lineage, export CSV and
XLSX and read them back, dispose of an exception, be refused where a role may not go.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from api.app import create_app
from api.exports import DISCLOSURE_COLUMNS, cell
from lineage.ledger.canonical import parse_body
from lineage.registry import apikeys
from lineage.registry.access_log import read_events
from lineage.service import Service, open_service
from lineage.settings import Settings
from models.tables import LedgerEntry
from tests.console.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROLE_MAP,
    assert_accessible,
    bound_socket,
    demo_ledger,
    oidc_provider,
    serving_on,
    sign_in,
)

pytestmark = pytest.mark.browser


class Console:
    """The served console, its ledger and a child to look for."""

    def __init__(self, url: str, service: Service, child: str) -> None:
        self.url = url
        self.service = service
        self.child = child

    def reads_by(self, principal: str) -> list[dict[str, Any]]:
        with self.service.engine.connect() as conn:
            return read_events(conn, principal=principal, limit=10_000)


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    folder = tmp_path_factory.mktemp("console")
    database_url, child = demo_ledger(folder, children=1500)
    sock = bound_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with oidc_provider(url + "/sign-in/callback") as issuer:
        settings = Settings(
            database_url=database_url,
            checkpoint_interval_seconds=0,
            oidc_issuer=issuer,
            oidc_client_id="console",
            oidc_client_secret="console-test-secret",
            oidc_scopes="openid profile groups",
            oidc_role_map=ROLE_MAP,
        )
        service = open_service(settings)
        with serving_on(sock, create_app(settings)):
            yield Console(url, service, child)
        service.engine.dispose()
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    # axe-core is injected as a script: the console's CSP (script-src 'none') would block it.
    made = browser.new_context(accept_downloads=True, bypass_csp=True)
    yield made
    made.close()


def signed_in(context: BrowserContext, console: Console, login: str) -> Page:
    page = context.new_page()
    sign_in(page, console.url, login)
    return page


def test_sign_in_page_and_home_are_accessible(context: BrowserContext, console: Console) -> None:
    page = context.new_page()
    page.goto(console.url + "/")
    assert page.url == console.url + "/sign-in"
    assert_accessible(page)
    sign_in(page, console.url, "dpo")
    assert "Signed in as oidc:dpo@council.test (investigator)" in page.inner_text("header")
    assert_accessible(page)
    cookie = next(c for c in context.cookies() if c["name"] == "console_session")
    assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Lax"


def test_the_dpo_finds_a_child_and_opens_the_lineage(
    context: BrowserContext, console: Console
) -> None:
    page = signed_in(context, console, "dpo")
    page.get_by_label("Identifier").select_option("local_id")
    page.get_by_label("Value").fill(console.child)
    page.get_by_role("button", name="Find").click()
    page.wait_for_url("**/people/sub_*")
    assert page.locator("figure.diagram svg").count() == 1
    assert console.child in page.inner_text("dl.facts")
    assert_accessible(page)
    page.get_by_label("The whole family").check()
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**family=true**")
    assert "for the family" in page.inner_text("figcaption")
    assert_accessible(page)
    token = page.url.split("/people/")[1].split("?")[0]
    reads = console.reads_by("investigator:oidc:dpo@council.test")
    seen = {(r["endpoint"], r.get("token")) for r in reads}
    assert ("GET /people", token) in seen
    assert ("GET /people/{token}", token) in seen


def api_rows(console: Console, params: list[tuple[str, str]]) -> list[list[str]]:
    """Every page of the API's JSON listing for `params`, as the file's rows."""
    key = apikeys.create(console.service.ledger, role="investigator", name="browser-test")
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    with httpx.Client(base_url=console.url, headers={"Authorization": f"Bearer {key}"}) as api:
        while True:
            more = [("cursor", cursor)] if cursor else []
            answer = api.get("/v1/disclosures", params=[*params, ("limit", "40"), *more]).json()
            items += answer["items"]
            cursor = answer["next_cursor"]
            if cursor is None:
                return [[cell(item.get(c)) for c in DISCLOSURE_COLUMNS] for item in items]


def download(page: Page, link: str) -> Path:
    with page.expect_download() as started:
        page.get_by_role("link", name=link).click()
    return Path(started.value.path())


def test_exports_equal_the_apis_json(context: BrowserContext, console: Console) -> None:
    page = signed_in(context, console, "dpo")
    page.goto(console.url + "/disclosures")
    assert_accessible(page)
    page.get_by_label("Category classes").select_option(["special", "criminal"])
    page.get_by_label("From (inclusive)").fill("2025-07-01")
    page.get_by_label("To (inclusive, the whole day)").fill("2026-03-31")
    page.get_by_role("button", name="Show disclosures").click()
    page.wait_for_url("**category_class=criminal**")
    assert_accessible(page)
    expected = api_rows(
        console,
        [
            ("category_class", "special"),
            ("category_class", "criminal"),
            ("from", "2025-07-01"),
            ("to", "2026-03-31"),
        ],
    )
    assert len(expected) > 40  # more than one of the API's pages
    assert f"{len(expected):,} disclosures match" in page.inner_text("#results")
    rows = list(csv.reader(io.StringIO(download(page, "CSV").read_text("utf-8"))))
    assert rows == [list(DISCLOSURE_COLUMNS), *expected]
    workbook = io.BytesIO(download(page, "Excel (XLSX)").read_bytes())
    sheet = load_workbook(workbook, read_only=True).active
    assert sheet is not None
    cells = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == [list(DISCLOSURE_COLUMNS), *expected]
    reads = console.reads_by("investigator:oidc:dpo@council.test")
    formats = [r["returned"].get("format") for r in reads if r["endpoint"] == "GET /disclosures"]
    assert "csv" in formats and "xlsx" in formats


def test_the_dpo_disposes_of_an_exception(context: BrowserContext, console: Console) -> None:
    page = signed_in(context, console, "dpo")
    page.goto(console.url + "/exceptions")
    assert_accessible(page)
    form = page.locator("form[action$='/disposition']").first
    entry_id = form.get_attribute("action").split("/")[2]  # type: ignore[union-attr]
    form.get_by_label("Referred for action").check()
    form.get_by_label("Reason", exact=True).fill(
        "Sent to the police liaison officer to confirm the power"
    )
    form.get_by_role("button", name="Record disposition").click()
    page.wait_for_url("**done=**")
    assert "was recorded in the ledger" in page.inner_text("[role=status]")
    assert_accessible(page)
    with console.service.engine.connect() as conn:
        newest = conn.execute(
            LedgerEntry.__table__.select().order_by(LedgerEntry.__table__.c.seq.desc()).limit(1)  # type: ignore[attr-defined]
        ).first()
    assert newest is not None
    review = parse_body(bytes(newest.body))
    assert review["kind"] == "review" and review["disposition"] == "referred"
    assert review["entry"]["entry_id"] == entry_id
    assert review["recorded_by"] == "investigator:oidc:dpo@council.test"


def test_each_role_sees_its_pages(context: BrowserContext, console: Console) -> None:
    page = signed_in(context, console, "board")
    page.goto(console.url + "/board")
    page.get_by_label("First day").fill("2026-01-01")
    page.get_by_label("Last day").fill("2026-03-31")
    page.get_by_role("button", name="Preview").click()
    assert page.locator("figure.diagram svg").count() == 1
    assert_accessible(page)
    pack = download(page, "Download the board pack (HTML)").read_text("utf-8")
    assert "sub_" not in pack and "<svg" in pack
    for path in ("/partners", "/partners/beds-police", "/integrity", "/retention"):
        assert page.goto(console.url + path).status == 200  # type: ignore[union-attr]
        assert_accessible(page)


def test_the_admin_verifies_and_audits(context: BrowserContext, console: Console) -> None:
    page = signed_in(context, console, "admin")
    page.goto(console.url + "/integrity")
    page.get_by_role("button", name="Verify now").click()
    page.wait_for_url("**/integrity")
    assert "agree" in page.inner_text("main")
    assert_accessible(page)
    reads = console.reads_by("investigator:oidc:dpo@council.test")
    token = next(r["token"] for r in reads if r.get("token"))
    page.goto(f"{console.url}/audit?token={token}")
    assert "investigator:oidc:dpo@council.test" in page.inner_text("table")
    assert_accessible(page)


@pytest.mark.parametrize(
    ("login", "path"),
    [
        ("board", "/exceptions"),
        ("board", "/people?by=local_id&value=LL-1"),
        ("sar", "/disclosures"),
        ("sar", "/audit"),
        ("recorder", "/board"),
        ("admin", "/exceptions"),
    ],
)
def test_a_role_is_refused_where_it_may_not_go(
    context: BrowserContext, console: Console, login: str, path: str
) -> None:
    page = signed_in(context, console, login)
    answer = page.goto(console.url + path)
    assert answer is not None and answer.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Not allowed"
    assert_accessible(page)


def test_an_account_in_no_mapped_group_is_refused(
    context: BrowserContext, console: Console
) -> None:
    page = context.new_page()
    page.goto(console.url + "/sign-in")
    page.get_by_role("link", name="Sign in with your council account").click()
    page.locator("input[name=login]").fill("nobody")
    page.locator("input[name=password]").fill("x")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    if not page.url.startswith(console.url):
        page.locator("button[type=submit]").click()
    page.wait_for_url(console.url + "/**")
    assert "no group that has a console role" in page.inner_text("main")
    assert page.goto(console.url + "/").url == console.url + "/sign-in"  # type: ignore[union-attr]


def test_a_caseworker_decides_and_records_a_share(
    context: BrowserContext, console: Console
) -> None:
    page = signed_in(context, console, "recorder")
    page.goto(console.url + "/decide")
    assert_accessible(page)
    page.get_by_label("Recipient (partner code)").fill("beds-police")
    page.get_by_label("Child or family member (the council's person id)").fill("LL-100234")
    page.get_by_label("Kinds of information (codes, separated by commas)").fill("identity")
    page.get_by_label("Purpose").select_option("child_protection")
    page.get_by_label("Lawful basis (UK GDPR Art 6)").select_option("UKGDPR.6.1.e")
    page.get_by_label("Record the share now, citing this decision").check()
    page.get_by_role("button", name="Decide and record").click()
    text = page.inner_text("main")
    assert "Decision: PERMIT" in text and "The share was recorded" in text
    assert_accessible(page)


def test_the_dpo_sees_the_casework_clocks(context: BrowserContext, console: Console) -> None:
    page = signed_in(context, console, "dpo")
    assert page.goto(console.url + "/cases").status == 200  # type: ignore[union-attr]
    assert "Overdue" in page.inner_text("main")
    assert_accessible(page)
