"""Logs that cannot be forged: a URL cannot start a fake line or send a terminal escape."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

import pytest

from api.logs import FORMAT, JsonFormatter, SafeFormatter, escaped, log_config
from lineage.settings import Settings

FORGED = "/v1/x%0a2026-12-01 10:00:00,000 INFO [admin] api.requests: GET /ok 200%1b[31m%00"


def _request_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "api.requests"]


def test_a_forged_path_is_logged_escaped_on_one_line(
    client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="api"):
        client.get(FORGED, headers={"X-Request-ID": "a\nb"})
    lines = _request_lines(caplog)
    assert lines, "no request line was logged"
    for line in lines:
        assert "\n" not in line and "\x1b" not in line and "\x00" not in line
        assert "\\n2026-12-01" in line and "\\x1b[31m" in line
    assert all(getattr(r, "request_id", "") != "a\nb" for r in caplog.records)


def test_the_formatters_escape_whatever_a_message_holds() -> None:
    record = logging.LogRecord("api", logging.INFO, __file__, 1, "got %s", ("x\ny\x1b",), None)
    record.request_id = "-"
    text = SafeFormatter(FORMAT).format(record)
    assert "\n" not in text and "\x1b" not in text and "x\\ny\\x1b" in text
    line = JsonFormatter().format(record)
    assert "\n" not in line and "\x1b" not in line
    assert json.loads(line)["message"] == "got x\ny\x1b"


def test_json_lines_carry_the_exception_on_the_same_line() -> None:
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        info = sys.exc_info()
    record = logging.LogRecord("api", logging.ERROR, __file__, 1, "failed", (), info)
    line = JsonFormatter().format(record)
    assert "\n" not in line and "ValueError" in json.loads(line)["exception"]


def test_the_log_format_is_chosen_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCLOSURE_LOG_FORMAT", "json")
    config = log_config(Settings().log_format)
    assert config["formatters"]["default"]["()"] is JsonFormatter
    assert log_config()["formatters"]["default"]["()"] is SafeFormatter


def test_escaped_leaves_plain_text_alone() -> None:
    assert escaped("/v1/subjects/abc/lineage") == "/v1/subjects/abc/lineage"
    assert escaped("caf\u00e9\\") == "caf\\xe9\\\\"
