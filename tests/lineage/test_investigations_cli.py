"""`disclosure lineage`, `notify-list` and `exposure` over the hand-written family."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner, Result

from lineage.cli import main
from lineage.service import Service
from tests.lineage.investigation_family import (
    ADOPTION_US,
    BACK_TO_POLICE,
    CHILD_ID,
    CHILD_NHS,
    CHILD_UPN,
    CPS,
    DFE_RETURN,
    HOSPITAL,
    OTHER_CHILD,
    POLICE,
    REFUSAL,
    SCHOOL,
    Tokens,
    build_family,
)

CHILDS_SHARES = [POLICE, CPS, BACK_TO_POLICE, SCHOOL, ADOPTION_US, DFE_RETURN]


@pytest.fixture
def family(service: Service) -> Tokens:
    return build_family(service)


def run(service: Service, *args: str) -> Result:
    settings = service.settings
    env = {
        "DISCLOSURE_KEY_DIR": str(settings.key_dir),
        "DISCLOSURE_CHECKPOINT_DIR": str(settings.checkpoint_dir),
    }
    return CliRunner(env=env).invoke(main, [*args, "--db", settings.database_url])


def document(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    parsed: dict[str, Any] = json.loads(result.output)
    return parsed


def test_lineage_by_any_identifier_or_token(service: Service, family: Tokens) -> None:
    by_local_id = document(run(service, "lineage", "--local-id", CHILD_ID))
    assert by_local_id["subject"] == family.child
    assert [e["entry_id"] for e in by_local_id["edges"]] == CHILDS_SHARES
    for args in (["--nhs-number", CHILD_NHS], ["--upn", CHILD_UPN], [family.child]):
        assert document(run(service, "lineage", *args)) == by_local_id
    asked = document(run(service, "lineage", "--local-id", CHILD_ID, "--include-refusals"))
    assert [e["entry_id"] for e in asked["edges"] if e["decision"] == "refused"] == [REFUSAL]


def test_lineage_options(service: Service, family: Tokens) -> None:
    void = document(run(service, "lineage", family.child, "--include-void"))
    assert HOSPITAL in [e["entry_id"] for e in void["edges"]]
    then = document(run(service, "lineage", family.child, "--as-of", "2026-01-15"))
    assert [e["entry_id"] for e in then["edges"]] == [POLICE, CPS]
    february = document(
        run(service, "lineage", family.child, "--from", "2026-02-01", "--to", "2026-02-28")
    )
    assert [e["entry_id"] for e in february["edges"]] == [SCHOOL]  # the refusal not asked for
    health = document(
        run(service, "lineage", family.child, "--category", "health", "--include-refusals")
    )
    assert [e["entry_id"] for e in health["edges"]] == [POLICE, REFUSAL]
    other = document(run(service, "lineage", family.other, "--family"))
    assert [e["entry_id"] for e in other["edges"]] == [OTHER_CHILD, DFE_RETURN]


def test_lineage_as_text(service: Service, family: Tokens) -> None:
    result = run(service, "lineage", "--local-id", CHILD_ID, "--to", "2026-01-15", "--format",
                 "text")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"lineage of {family.child}: 2 shares",
        "2026-01-10  luton-council -> beds-police  [disclosure]  child_protection  "
        f"UKGDPR.6.1.e  domestic_abuse, health, identity  {POLICE}",
        "2026-01-15  beds-police -> cps  [onward]  crime_prevention  UKGDPR.6.1.e  "
        f"domestic_abuse, identity  {CPS}",
    ]


def test_notify_list(service: Service, family: Tokens) -> None:
    listed = document(run(service, "notify-list", "--local-id", CHILD_ID, "--category", "health"))
    assert [(r["partner"], r["notified"]) for r in listed["recipients"]] == [("beds-police", True)]
    text = run(service, "notify-list", family.child, "--since", "2026-03-01", "--format", "text")
    assert text.output.splitlines() == [
        f"recipients of {family.child}'s data: 2",
        "dfe  direct  OUTSTANDING (1)  identity, looked_after",
        "us-adoption  direct  OUTSTANDING (1)  adoption, identity, placement",
    ]


def test_exposure(service: Service, family: Tokens) -> None:
    march = document(run(service, "exposure", "cps", "--from", "2026-01-01", "--to", "2026-01-31"))
    assert march["subject_count"] == 2
    assert sorted(s["token"] for s in march["subjects"]) == sorted([family.child, family.parent])
    text = run(service, "exposure", "beds-police", "--to", "2026-01-11", "--format", "text")
    assert text.output.splitlines() == [
        "beds-police: 2 subjects (ordinary 2, special 2, criminal 0)",
        *sorted(
            f"{token}  direct  domestic_abuse, health, identity"
            for token in (family.child, family.parent)
        ),
        "breach 00000000-0000-4000-8000-000000000013 on 2026-03-04",
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["lineage"], 2, "give SUBJECT or exactly one of"),
        (["lineage", "--local-id", "LL-1", "--upn", CHILD_UPN], 2, "exactly one of"),
        (["lineage", "--local-id", "LL-404"], 1, "no subject with that local id"),
        (["lineage", "sub_unknown"], 1, "no subject sub_unknown"),
        (["lineage", "--local-id", CHILD_ID, "--as-of", "1 March"], 2, "'1 March'"),
        (["lineage", "--local-id", CHILD_ID, "--to", "2026-03-01T10:00"], 2, "no time zone"),
        (["notify-list", "--nhs-number", "4010232137"], 1, "no subject with that nhs number"),
        (["exposure", "no-such-partner"], 1, "no partner no-such-partner"),
    ],
)
def test_refusals(
    service: Service, family: Tokens, args: list[str], code: int, message: str
) -> None:
    result = run(service, *args)
    assert result.exit_code == code
    assert message in result.output


@pytest.mark.parametrize("command", ["lineage", "notify-list", "exposure"])
def test_every_command_ends_its_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: disclosure " + command in result.output
