"""The README's main job, as a new user runs it: `bin/run` in a fresh folder generates a
small demo council, prints a key per role, serves, and answers a lineage query; run again,
it keeps the same ledger and keys."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

from lineage.demo.demo_keys import read_keys

RUN = Path(__file__).resolve().parents[2] / "bin" / "run"
STARTUP_SECONDS = 180


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    """One `bin/run`, its output, and a client for the port it serves."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DISCLOSURE_")},
            "DISCLOSURE_DEMO_DIR": str(folder / "demo"),
            "DISCLOSURE_DEMO_CHILDREN": "300",
            "DISCLOSURE_PORT": str(self.port),
        }
        self.log = (folder / f"run-{self.port}.log").open("w+")
        self.process = subprocess.Popen(
            [str(RUN)], cwd=folder, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=30)

    def wait_until_healthy(self) -> dict[str, object]:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            try:
                return dict(self.client.get("/health").raise_for_status().json())
            except httpx.HTTPError:
                time.sleep(0.5)
        raise AssertionError(f"not serving after {STARTUP_SECONDS}s:\n{self.output()}")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def stop(self) -> None:
        self.client.close()
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self.log.close()


def serve(folder: Path) -> Served:
    served = Served(folder)
    try:
        served.wait_until_healthy()
    except BaseException:
        served.stop()
        raise
    return served


def lineage_of_the_showcase_child(served: Served, key: str) -> dict[str, Any]:
    line = next(x for x in served.output().splitlines() if x.startswith("a child to look up:"))
    local_id = line.rsplit(" ", 1)[1]
    auth = {"Authorization": f"Bearer {key}"}
    found = served.client.get("/v1/subjects/lookup", params={"local_id": local_id}, headers=auth)
    token = found.raise_for_status().json()["token"]
    lineage = served.client.get(f"/v1/subjects/{token}/lineage", headers=auth)
    assert served.client.get(f"/v1/subjects/{token}/lineage").status_code == 401
    answer: dict[str, Any] = lineage.raise_for_status().json()
    return answer


def test_bin_run_serves_a_demo_council_and_keeps_it(tmp_path: Path) -> None:
    served = serve(tmp_path)
    try:
        keys = read_keys(tmp_path / "demo" / "demo-keys.txt")
        assert all(key in served.output() for key in keys.values())
        lineage = lineage_of_the_showcase_child(served, keys["investigator"])
        assert lineage["edges"] and any(e["derived_from"] for e in lineage["edges"])
        board = {"Authorization": f"Bearer {keys['board']}"}
        head = served.client.get("/v1/ledger/head", headers=board).raise_for_status().json()
        assert head["tree_size"] > 100
    finally:
        served.stop()
    again = serve(tmp_path)
    try:
        assert "keeping the ledger as it is" in again.output()
        assert read_keys(tmp_path / "demo" / "demo-keys.txt") == keys
        assert again.client.get("/v1/ledger/head", headers=board).json() == head
    finally:
        again.stop()
