"""Server logs that carry the request id on every line, and never a secret or an identifier.

`request_id` is a context variable set by the request middleware; `install_request_ids`
makes every log record carry it as `%(request_id)s` ("-" outside a request). Request lines
are written by the middleware with the path only — no query string (it may hold an NHS
number), no headers (they hold the API key) — so uvicorn's own access log is switched off.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any, Final

request_id: ContextVar[str] = ContextVar("request_id", default="-")

FORMAT: Final = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"

LOG_CONFIG: Final[dict[str, Any]] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"default": {"format": FORMAT}},
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
