"""docs/cli.md is the commands' own `--help`, and every command's help ends with an example."""

from __future__ import annotations

import re

import pytest

from tests import cli_reference

SECTION_TITLE = re.compile(r"^## `disclosure ?(.*)`$", re.MULTILINE)


def page_sections(page: str) -> dict[str, str]:
    """docs/cli.md's sections by the command as typed after `disclosure` (`""`: the top level)."""
    titles = list(SECTION_TITLE.finditer(page))
    ends = [title.start() for title in titles[1:]] + [len(page)]
    spans = zip(titles, ends, strict=True)
    return {title[1]: page[title.start() : end].rstrip("\n") + "\n" for title, end in spans}


def test_every_command_is_on_the_page_in_help_order() -> None:
    written = list(page_sections(cli_reference.PAGE.read_text(encoding="utf-8")))
    expected = cli_reference.command_paths()
    assert written == expected, (
        f"docs/cli.md lists {written}, `disclosure --help` gives {expected}; "
        f"run {cli_reference.REGENERATE}"
    )


@pytest.mark.parametrize("path", cli_reference.command_paths())
def test_the_page_shows_the_commands_help(path: str) -> None:
    written = page_sections(cli_reference.PAGE.read_text(encoding="utf-8")).get(path)
    assert written == cli_reference.section(path), (
        f"docs/cli.md differs from `disclosure {path} --help`; run {cli_reference.REGENERATE}"
    )


def test_the_page_is_exactly_what_the_generator_writes() -> None:
    assert cli_reference.PAGE.read_text(encoding="utf-8") == cli_reference.render(), (
        f"docs/cli.md is not what {cli_reference.REGENERATE} writes; run it"
    )


@pytest.mark.parametrize("path", cli_reference.command_paths())
def test_every_help_ends_with_an_example(path: str) -> None:
    """The last paragraph of each command's description is `Example: disclosure ...`."""
    description = cli_reference.help_text(path).split("\nOptions:")[0].rstrip()
    last_paragraph = description.split("\n\n")[-1].strip()
    assert last_paragraph.startswith("Example: disclosure"), (
        f"`disclosure {path} --help` does not end with an example: {last_paragraph!r}"
    )
