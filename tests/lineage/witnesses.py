"""A real witness for tests: its own state folder, served over HTTP on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from api.witness_app import create_witness_app
from lineage.log.note import Verifier
from lineage.log.witness import Witness
from lineage.log.witness_state import WitnessState, init


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def new_witness(folder: Path, name: str) -> str:
    """Create a witness in `folder`; its verifier key."""
    return init(folder, name)


@contextmanager
def witness_serving(
    folder: Path, logs: dict[str, list[Verifier]], port: int | None = None
) -> Iterator[str]:
    """Serve the witness in `folder` at `port` (a free one by default); yields its URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port or 0))
    bound = sock.getsockname()[1]
    app = create_witness_app(Witness(WitnessState(folder), logs))
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the witness did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{bound}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
