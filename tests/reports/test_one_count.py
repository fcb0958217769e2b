"""One count everywhere: the same demo's exceptions, disclosures and recipients are the same
numbers in the CLI's summary, `GET /v1/exceptions`, the board pack's headline and
`lineage.reports.counts`, the one place that defines them. (docs/demo.md's transcript is
checked against the default demo in tests/demo/test_root.py.)"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.exceptions import StarletteDeprecationWarning

from api.app import create_app
from lineage.cli import main
from lineage.registry import apikeys
from lineage.reports.counts import headline
from lineage.service import Service
from lineage.settings import Settings
from tests.demo.conftest import sqlite_settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

CHILDREN, SEED = 2000, 5


def number(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    assert found, f"{pattern!r} not in {text!r}"
    return int(found.group(1).replace(",", ""))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, str]]:
    """A small demo written by `disclosure demo`, with what the command printed."""
    settings = sqlite_settings(tmp_path_factory.mktemp("one-count"))
    env = {"DISCLOSURE_KEY_DIR": str(settings.key_dir)}
    args = ["demo", "--children", str(CHILDREN), "--seed", str(SEED)]
    result = CliRunner().invoke(main, [*args, "--db", settings.database_url], env=env)
    assert result.exit_code == 0, result.output
    yield settings, result.output


def test_cli_api_and_board_pack_count_alike(demo: tuple[Settings, str], tmp_path: Path) -> None:
    settings, printed = demo
    app = create_app(settings)
    try:
        with TestClient(app) as client:
            api_total, paged = exceptions_from_api(client, app.state.service)
            board = board_pack_html(client, app.state.service)
        with app.state.service.engine.connect() as conn:
            figures = headline(conn)
    finally:
        app.state.service.engine.dispose()
    flagged = number(r"([\d,]+) entries flagged for the DPO", printed)
    assert figures.exceptions > 0
    assert flagged == api_total == paged == figures.exceptions
    assert number(r"([\d,]+) disclosures to", printed) == figures.disclosures
    assert number(r"to ([\d,]+) recipients", printed) == figures.recipients
    assert number(r"([\d,]+)</div><div class=\"caption\">disclosures this", board) == (
        figures.disclosures
    )
    assert number(r"([\d,]+)</div><div class=\"caption\">entries flagged", board) == flagged


def exceptions_from_api(client: Any, service: Service) -> tuple[int, int]:
    """`total` of GET /v1/exceptions, and the items counted page by page."""
    key = apikeys.create(service.ledger, role="investigator", name="test")
    headers = {"Authorization": f"Bearer {key}"}
    url, total, counted = "/v1/exceptions?limit=100", None, 0
    while url:
        page = client.get(url, headers=headers).json()
        total = page["total"] if total is None else total
        assert page["total"] == total
        counted += len(page["items"])
        cursor = page["next_cursor"]
        url = f"/v1/exceptions?limit=100&cursor={cursor}" if cursor else ""
    assert total is not None
    return total, counted


def board_pack_html(client: Any, service: Service) -> str:
    """The board pack over every day the demo's entries occurred on."""
    key = apikeys.create(service.ledger, role="board", name="test")
    response = client.get(
        "/v1/reports/board?from=2000-01-01&to=2099-12-31",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200, response.text
    return str(response.text)
