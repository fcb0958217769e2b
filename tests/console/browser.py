"""What the console's browser tests run against: a demo ledger, a real OpenID Connect
provider (the npm package `oidc-provider`, in tests/console/oidc, run by Node.js), the
console served by uvicorn on loopback, and Chromium driven by Playwright with axe-core.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Page

OIDC_DIR: Final = Path(__file__).parent / "oidc"
AXE: Final = OIDC_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM: Final = "/usr/bin/chromium"
CHROMIUM_ARGS: Final = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROLE_MAP: Final = (
    "dpo-group=investigator,sar=sar_officer,board-members=board,it-admins=admin,"
    "case-system=recorder"
)
WCAG_TAGS: Final = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def demo_ledger(folder: Path, children: int) -> tuple[str, str]:
    """A demo council's ledger in `folder`: (database URL, a child's local id)."""
    url = f"sqlite:///{folder / 'demo.db'}"
    command = [sys.executable, "-m", "lineage", "demo", "--db", url, "--children", str(children)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    child = out.split("a child to look up: ")[1].split()[0]
    return url, child


def bound_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def oidc_provider(redirect_uri: str) -> Iterator[str]:
    """The provider on a free port; yields its issuer URL."""
    with bound_socket() as probe:
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        ["node", "provider.mjs", str(port), redirect_uri],
        cwd=OIDC_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("ready "):
            raise RuntimeError(f"the OpenID Connect provider did not start: {line!r}")
        yield line.split()[1]
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


@contextmanager
def serving_on(sock: socket.socket, app: FastAPI) -> Iterator[None]:
    """Serve `app` on an already bound socket until the block ends."""
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the console did not start")
        time.sleep(0.01)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(10)


def sign_in(page: Page, console: str, login: str) -> None:
    """Sign in through the provider's own login and consent pages."""
    page.goto(console + "/sign-in")
    page.get_by_role("link", name="Sign in with your council account").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    if not page.url.startswith(console):
        page.locator("button[type=submit]").click()  # the provider's consent page
    page.wait_for_url(console + "/**")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it stands."""
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, "
        "nodes: v.nodes.map(n => n.target.join(' '))})))",
        WCAG_TAGS,
    )
    return found


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {json.dumps(violations, indent=1)}"
