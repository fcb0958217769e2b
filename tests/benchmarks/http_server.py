"""The API in its own process for the benchmark, with a no-op route beside it.

Run as `python -m tests.benchmarks.http_server PORT`; the ledger comes from `DISCLOSURE_*`.
`POST /noop` goes through the same middleware and authentication-free path as `/health`, so
it measures what HTTP, uvicorn and FastAPI cost before the ledger does anything.
"""

from __future__ import annotations

import sys

import uvicorn

from api.app import create_app
from api.logs import LOG_CONFIG
from lineage.settings import Settings


def main(port: int) -> None:
    app = create_app(Settings())

    @app.post("/noop")
    def noop() -> dict[str, str]:
        return {}

    uvicorn.run(app, host="127.0.0.1", port=port, log_config=LOG_CONFIG, access_log=False)


if __name__ == "__main__":
    main(int(sys.argv[1]))
