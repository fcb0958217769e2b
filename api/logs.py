"""Server logs that carry the request id on every line, and never a secret or an identifier.

`request_id` is a context variable set by the request middleware; `install_request_ids`
makes every log record carry it as `%(request_id)s` ("-" outside a request). Request lines
are written by the middleware with the path only — no query string (it may hold an NHS
number), no headers (they hold the API key) — so uvicorn's own access log is switched off.

No one can forge a log line: what a client sent (a path, an id) is `escaped` before it is
logged, and every message is escaped again by the formatters, so `%0a` in a URL cannot
start a line nor `%1b` send a terminal escape. `DISCLOSURE_LOG_FORMAT=json` writes one
JSON object a line instead, for a log collector.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Final, Literal

request_id: ContextVar[str] = ContextVar("request_id", default="-")

FORMAT: Final = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
LogFormat = Literal["text", "json"]


def escaped(text: str) -> str:
    """`text` as printable ASCII: control characters, backslashes and non-ASCII escaped."""
    if text.isascii() and text.isprintable() and "\\" not in text:
        return text
    return text.encode("unicode_escape").decode("ascii")


class SafeFormatter(logging.Formatter):
    """The text format, its message escaped so that it stays on one line."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        record.message = escaped(record.message)
        return super().formatMessage(record)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, request id, logger, message (and exception)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "request_id": getattr(record, "request_id", "-"),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=True)


def log_config(log_format: LogFormat = "text") -> dict[str, Any]:
    """A `logging.config.dictConfig` for `disclosure serve` (uvicorn's `log_config`)."""
    formatter: dict[str, Any] = (
        {"()": JsonFormatter} if log_format == "json" else {"()": SafeFormatter, "fmt": FORMAT}
    )
    return {**LOG_CONFIG, "formatters": {"default": formatter}}


LOG_CONFIG: Final[dict[str, Any]] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"default": {"()": SafeFormatter, "fmt": FORMAT}},
    "handlers": {
        "default": {
            "class": "logging.StreamHandler",
            "formatter": "default",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
        "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        "api": {"handlers": ["default"], "level": "INFO", "propagate": False},
        "lineage": {"handlers": ["default"], "level": "INFO", "propagate": False},
    },
}
"""A `logging.config.dictConfig` for `disclosure serve` (uvicorn's `log_config`)."""


def install_request_ids() -> None:
    """Make every log record carry `request_id` (safe to call more than once)."""
    current = logging.getLogRecordFactory()
    if getattr(current, "adds_request_id", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = current(*args, **kwargs)
        record.request_id = request_id.get()
        return record

    factory.adds_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
