"""Signing in to the console without a provider: one-time links, sessions, CSRF, sign-out."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.console.signin import role_of
from lineage.cli.main import main
from lineage.settings import Settings
from tests.console.conftest import Client, link_for


def test_pages_need_a_session(console_app: FastAPI) -> None:
    client = TestClient(console_app, base_url="https://testserver")
    answer = client.get("/", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in"


def test_a_link_signs_in_once(console_app: FastAPI) -> None:
    client = TestClient(console_app, base_url="https://testserver")
    link = link_for(console_app.state.settings, "investigator")
    assert client.get(link).status_code == 200
    cookie = client.cookies.get("console_session")
    assert cookie
    other = TestClient(console_app, base_url="https://testserver")
    assert other.get(link).status_code == 401


def test_the_cookie_is_httponly_secure_and_samesite(console_app: FastAPI) -> None:
    client = TestClient(console_app, base_url="https://testserver")
    answer = client.get(link_for(console_app.state.settings, "board"), follow_redirects=False)
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie


def test_an_expired_link_is_refused(console_app: FastAPI) -> None:
    settings = console_app.state.settings
    link = link_for(settings, "investigator")
    [stored] = list(settings.resolved_signin_link_dir().iterdir())
    record = json.loads(stored.read_text())
    record["expires"] = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    stored.write_text(json.dumps(record))
    client = TestClient(console_app, base_url="https://testserver")
    assert client.get(link).status_code == 401


def test_links_are_kept_only_as_hashes(console_app: FastAPI) -> None:
    settings = console_app.state.settings
    link = link_for(settings, "admin")
    code = link.split("code=")[1]
    for stored in settings.resolved_signin_link_dir().iterdir():
        assert code not in stored.name and code not in stored.read_text()


def test_sign_out_needs_the_csrf_token(signed_in: Client) -> None:
    client = signed_in("investigator")
    refused = client.post("/sign-out", data={"csrf": "forged"}, follow_redirects=False)
    assert refused.status_code == 403
    page = client.get("/").text
    token = page.split('name="csrf" value="')[1].split('"')[0]
    answer = client.post("/sign-out", data={"csrf": token}, follow_redirects=False)
    assert answer.status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


def test_roles_come_from_the_mapped_group() -> None:
    settings = Settings(oidc_role_map="dpo-group=investigator, sar=sar_officer")
    assert role_of({"groups": ["staff", "sar"]}, settings) == "sar_officer"
    assert role_of({"groups": ["sar", "dpo-group"]}, settings) == "investigator"
    assert role_of({"groups": "dpo-group"}, settings) == "investigator"
    assert role_of({"groups": ["staff"]}, settings) is None
    assert role_of({}, settings) is None


def test_the_command_prints_a_link_that_signs_in(console_app: FastAPI) -> None:
    settings = console_app.state.settings
    runner = CliRunner(env={"DISCLOSURE_KEY_DIR": str(settings.resolved_key_dir())})
    out = runner.invoke(
        main, ["console-link", "--role", "sar_officer", "--db", settings.database_url]
    )
    assert out.exit_code == 0, out.output
    path = out.output.strip().removeprefix("http://127.0.0.1:8000")
    client = TestClient(console_app, base_url="https://testserver")
    assert "(sar officer)" in client.get(path).text
