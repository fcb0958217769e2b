"""The README's terminal session runs as written and prints what the README shows.

The ```console block's `$ ` lines are run in order in an empty folder (the `disclosure`
commands in-process, `mkdir -p` by Python); what each prints must equal the lines after it in
the README, except for the few parts listed in VARYING, which differ on every run.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from lineage.cli.main import main as disclosure

README = Path(__file__).resolve().parent.parent / "README.md"
CONSOLE_BLOCK = re.compile(r"^```console\n(.*?)^```$", re.MULTILINE | re.DOTALL)

# What differs per run and per machine, each replaced by a marker in both texts before comparing.
VARYING = (
    # the demo's elapsed time: "106 entries in 0s"
    (re.compile(r" in \d+(\.\d+)?(ms|s|min)$", re.MULTILINE), " in <time>"),
    # a checkpoint's access-log line: its length is stable, its hash comes from per-run keys
    (re.compile(r"^(access-log \d+) \S+$", re.MULTILINE), r"\1 <access-log hash>"),
    # a signed note's signature line: "— <key name> <base64 signature>"
    (re.compile(r"^(— \S+) \S+$", re.MULTILINE), r"\1 <signature>"),
)


@dataclass(frozen=True)
class Step:
    """One `$ ` line of the transcript and the output the README shows after it."""

    command: str
    output: str


def transcript(readme: str) -> list[Step]:
    """The README's (only) console session as steps."""
    blocks = CONSOLE_BLOCK.findall(readme)
    assert len(blocks) == 1, f"README.md should hold one ```console block, not {len(blocks)}"
    steps: list[Step] = []
    for line in blocks[0].splitlines():
        if line.startswith("$ "):
            steps.append(Step(line[2:], ""))
        else:
            assert steps, f"README.md's console block starts with output, not a command: {line}"
            steps[-1] = Step(steps[-1].command, steps[-1].output + line + "\n")
    return steps


def stable(output: str) -> str:
    for pattern, marker in VARYING:
        output = pattern.sub(marker, output)
    return output


def run(command: str) -> str:
    """What `command` prints on stdout, run in the current folder; a failing command, or one
    that writes anything but blank lines to stderr, fails the test."""
    words = shlex.split(command)
    if words[:2] == ["mkdir", "-p"]:
        for folder in words[2:]:
            Path(folder).mkdir(parents=True, exist_ok=True)
        return ""
    assert words[0] == "disclosure", f"the transcript runs a command this test cannot: {command}"
    result = CliRunner().invoke(disclosure, words[1:], prog_name="disclosure")
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"`{command}` raised {result.exception!r}"
    )
    assert result.exit_code == 0, f"`{command}` exited {result.exit_code}:\n{result.output}"
    # stderr carries only the progress bar, which a terminal erases; a warning would show here
    assert not result.stderr.strip(), f"`{command}` wrote to stderr:\n{result.stderr}"
    return result.stdout


@pytest.fixture
def empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working folder, with no DISCLOSURE_* setting from the environment leaking in."""
    for name in [name for name in os.environ if name.startswith("DISCLOSURE_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_readme_session_prints_what_the_readme_shows(empty_folder: Path) -> None:
    steps = transcript(README.read_text(encoding="utf-8"))
    assert any(step.command.startswith("disclosure demo ") for step in steps)
    for step in steps:
        assert stable(run(step.command)) == stable(step.output), (
            f"`{step.command}` no longer prints what README.md shows"
        )


def test_the_varying_parts_are_only_those_listed() -> None:
    """The markers hide a timing, a hash and a signature, and nothing else of a line."""
    assert stable("106 entries in 0s\n") == stable("106 entries in 12.5s\n")
    assert stable("access-log 1 abc=\n") == stable("access-log 1 xyz=\n")
    assert stable("access-log 1 abc=\n") != stable("access-log 2 abc=\n")
    assert stable("— disclosure-ledger/luton-council abc=\n") != stable("— other xyz=\n")
    assert stable("106 entries\n") != stable("107 entries\n")
