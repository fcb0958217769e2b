"""A subject's lineage, from a token (or an identifier) to the graph: fetch, then build.

These are the entry points the CLI and the HTTP routes call, each inside one read
connection. The SQL is in `fetch`, the graph building in `lineage_graph`.
"""

from __future__ import annotations

import networkx as nx  # type: ignore[import-untyped]
from sqlalchemy import Connection

from lineage.investigate import fetch
from lineage.investigate.breaches import breach_links
from lineage.investigate.lineage_graph import LineageOptions, build_lineage
from lineage.registry.identity import merged_from, survivor_of
from lineage.registry.keys import KeyRing
from lineage.registry.subjects import SubjectRegistry

IDENTIFIER_KINDS = ("local_id", "nhs_number", "upn")
"""The identifiers a subject can be looked up by (the registry keeps their keyed hashes)."""


def lookup_subject(conn: Connection, keys: KeyRing, kind: str, value: str) -> str | None:
    """The token of the subject with this `local_id`, `nhs_number` or `upn`, or None."""
    return SubjectRegistry(conn, keys).lookup(kind, value)


def subject_known(conn: Connection, keys: KeyRing, token: str) -> bool:
    """Whether the registry knows the token, or the ledger names it (an erased subject's
    token stays in the ledger, so its lineage can still be drawn)."""
    return SubjectRegistry(conn, keys).exists(token) or fetch.carries_token(conn, token)


def subject_tokens(conn: Connection, keys: KeyRing, token: str, *, family: bool) -> list[str]:
    """The token with the records merged into it, or with `family` every token sharing its
    family id (and theirs)."""
    people = SubjectRegistry(conn, keys).family(token) if family else []
    people = sorted({token, *people})
    return sorted({t for person in people for t in (person, *merged_from(conn, person))})


def subject_lineage(
    conn: Connection,
    keys: KeyRing,
    token: str,
    *,
    council: str,
    options: LineageOptions | None = None,
) -> nx.MultiDiGraph:
    """The lineage graph of a subject (see `lineage_graph` for its contract)."""
    options = options or LineageOptions()
    token = survivor_of(conn, token)  # a merged record's lineage is its survivor's
    tokens = subject_tokens(conn, keys, token, family=options.family)
    rows = fetch.subject_shares(conn, tokens, as_of=options.as_of)
    breaches = breach_links(conn, [row.seq for row in rows])
    codes = {code for row in rows for code in (row.sender, row.recipient)}
    codes |= {breach.partner for breach in breaches}
    return build_lineage(
        rows,
        subject=token,
        council=council,
        tokens=tokens,
        partners=fetch.partners(conn, codes),
        options=options,
        breaches=breaches,
    )
