"""Every `disclosure …` the documents show names a command that exists and options it takes.

The commands come from the `$ disclosure` lines of README.md and docs/*.md, and from the
`Example:` at the end of each command's help. Only names are checked here (the command path
and each `--option`); the README's session is also run in full by test_readme_transcript.py.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from lineage.cli.main import main as disclosure
from tests import cli_reference

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PROMPT = re.compile(r"^\s*\$ (disclosure .*)$", re.MULTILINE)


def documented_commands() -> list[tuple[str, str]]:
    """(where, command line) for every `$ disclosure` line of the documents."""
    return [
        (f"{document.relative_to(ROOT)}", match[1])
        for document in DOCUMENTS
        for match in PROMPT.finditer(document.read_text(encoding="utf-8"))
    ]


def help_examples() -> list[tuple[str, str]]:
    """(command, example) for every command's `Example:`, split at `&&`."""
    found: list[tuple[str, str]] = []
    for path in cli_reference.command_paths():
        command = leaf(path.split())[0]
        example = " ".join((command.help or "").split("Example:")[-1].split())
        found.extend((path, part.strip()) for part in example.split("&&"))
    return found


def leaf(words: list[str]) -> tuple[click.Command, list[str]]:
    """The command `disclosure WORDS` runs, and the words left for it."""
    command: click.Command = disclosure
    context = click.Context(disclosure, info_name="disclosure")
    while isinstance(command, click.Group) and words and not words[0].startswith("-"):
        found = command.get_command(context, words[0])
        assert found is not None, f"`{words[0]}` is not a command of `{command.name}`"
        command, words = found, words[1:]
    return command, words


def unknown_options(line: str) -> list[str]:
    words = shlex.split(line)
    assert words[0] == "disclosure"
    command, rest = leaf(words[1:])
    known = {name for parameter in command.params for name in parameter.opts}
    known |= {"-h", "--help"}
    return [word for word in rest if word.startswith("-") and word.split("=")[0] not in known]


@pytest.mark.parametrize(("where", "line"), documented_commands())
def test_documented_commands_exist(where: str, line: str) -> None:
    assert unknown_options(line) == [], f"{where}: `{line}` uses options the command lacks"


@pytest.mark.parametrize(("path", "example"), help_examples())
def test_help_examples_exist(path: str, example: str) -> None:
    assert unknown_options(example) == [], f"`disclosure {path} --help`'s example: `{example}`"


def test_an_unknown_command_or_option_is_caught() -> None:
    assert unknown_options("disclosure lineage --local-id X --colour red") == ["--colour"]
    with pytest.raises(AssertionError, match="not a command"):
        unknown_options("disclosure lineages --local-id X")
