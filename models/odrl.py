"""Sharing agreements as W3C ODRL 2.2 policies in JSON-LD, both ways and without loss.

Each agreement is an `odrl:Agreement`: the first party is the `assigner`, the others the
`assignee`s (in order); one `permission` to `distribute` the council's records, constrained
by `odrl:purpose`, the data categories (`dl:dataCategory`), the lawful bases
(`dl:lawfulBasis`) and `odrl:dateTime` (from and to, inclusive UK days); and for the data
once received either a `permission` to distribute it onward (to the `odrl:recipient`s named,
if any) with the duty to `inform` the assigner, or a `prohibition` of distributing it.

The context is inline (no remote fetch), so any JSON-LD processor reads the document as RDF.
Codes become IRIs under `urn:disclosure-ledger:`. Pure: records in, a document out, and back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final
from urllib.parse import quote, unquote

from models.errors import EntryRefused, FieldError

NS: Final = "urn:disclosure-ledger:"
TERMS: Final = f"{NS}terms:"
CONTEXT: Final[dict[str, Any]] = {
    "odrl": "http://www.w3.org/ns/odrl/2/",
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dl": TERMS,
    "@vocab": "http://www.w3.org/ns/odrl/2/",
    "uid": "@id",
    "type": "@type",
    "permission": {"@id": "odrl:permission", "@container": "@set"},
    "prohibition": {"@id": "odrl:prohibition", "@container": "@set"},
    "duty": {"@id": "odrl:duty", "@container": "@set"},
    "constraint": {"@id": "odrl:constraint", "@container": "@set"},
    "assigner": {"@id": "odrl:assigner", "@type": "@id"},
    "assignee": {"@id": "odrl:assignee", "@type": "@id", "@container": "@set"},
    "target": {"@id": "odrl:target", "@type": "@id"},
    "informedParty": {"@id": "odrl:informedParty", "@type": "@id"},
    "action": {"@id": "odrl:action", "@type": "@vocab"},
    "leftOperand": {"@id": "odrl:leftOperand", "@type": "@vocab"},
    "operator": {"@id": "odrl:operator", "@type": "@vocab"},
    "rightOperand": {"@id": "odrl:rightOperand"},
    "title": "dct:title",
    "identifier": "dct:identifier",
    "version": {"@id": "dl:version", "@type": "xsd:integer"},
    "retired": {"@id": "dl:retired", "@type": "xsd:boolean"},
    "reviewDate": {"@id": "dl:reviewDate", "@type": "xsd:date"},
    "documentRef": "dl:documentRef",
}
LISTS: Final = (
    ("purpose", "purposes", "purpose"),
    ("dl:dataCategory", "categories", "category"),
    ("dl:lawfulBasis", "lawful_bases", "basis"),
)
"""(left operand, agreement field, IRI kind) of each isAnyOf constraint of the share."""


def iri(kind: str, code: str) -> str:
    """The IRI of a code: `urn:disclosure-ledger:partner:beds-police`."""
    return f"{NS}{kind}:{quote(code, safe='')}"


def code_of(kind: str, value: str) -> str:
    """The code an IRI of `kind` names; ValueError for another IRI."""
    prefix = f"{NS}{kind}:"
    if not value.startswith(prefix):
        raise ValueError(f"expected an IRI starting {prefix}")
    return unquote(value[len(prefix) :])


def _any_of(left: str, kind: str, codes: list[str]) -> dict[str, Any]:
    right = [{"@id": iri(kind, c)} for c in codes]
    return {"leftOperand": left, "operator": "isAnyOf", "rightOperand": right}


def _day(operator: str, day: str) -> dict[str, Any]:
    right = {"@value": day, "@type": "xsd:date"}
    return {"leftOperand": "dateTime", "operator": operator, "rightOperand": right}


def policy(record: Mapping[str, Any]) -> dict[str, Any]:
    """An agreement record (as the registry lists it, with `version` and `retired`) as an
    `odrl:Agreement`."""
    agreement = iri("agreement", record["id"])
    constraints = [_any_of(left, kind, record[key]) for left, key, kind in LISTS]
    constraints.append(_day("gteq", record["valid_from"]))
    if record.get("valid_to"):
        constraints.append(_day("lteq", record["valid_to"]))
    parties = [iri("partner", p) for p in record["parties"]]
    share = {"target": f"{agreement}:records", "action": "distribute", "constraint": constraints}
    out: dict[str, Any] = {"uid": agreement, "type": "Agreement", "identifier": record["id"]}
    out.update(title=record["title"], assigner=parties[0], assignee=parties[1:])
    for key, name in (("version", "version"), ("review_date", "reviewDate")):
        if record.get(key) is not None:
            out[name] = record[key]
    if record.get("document_ref") is not None:
        out["documentRef"] = record["document_ref"]
    out["retired"] = bool(record.get("retired", False))
    out["permission"] = [share]
    onward: dict[str, Any] = {"target": f"{agreement}:received", "action": "distribute"}
    if not record.get("onward_sharing"):
        out["prohibition"] = [onward]
        return out
    if record.get("onward_recipients"):
        onward["constraint"] = [_any_of("recipient", "partner", record["onward_recipients"])]
    onward["duty"] = [{"action": "inform", "informedParty": parties[0]}]
    out["permission"].append(onward)
    return out


def document(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The whole registry as one JSON-LD document: an `@graph` of `odrl:Agreement`s."""
    return {"@context": CONTEXT, "@graph": [policy(r) for r in records]}


def _constraint_values(constraint: Mapping[str, Any], kind: str) -> list[str]:
    return [code_of(kind, item["@id"]) for item in constraint["rightOperand"]]


def agreement_of(p: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    """An `odrl:Agreement` of `policy`'s shape back as an agreement's raw terms (to be
    validated like any agreement) and whether it was retired. KeyError, TypeError or
    ValueError when it is not of that shape."""
    if p.get("type") != "Agreement":
        raise ValueError("type must be Agreement")
    parties = [code_of("partner", p["assigner"]), *(code_of("partner", a) for a in p["assignee"])]
    share, *onward = p["permission"]
    raw: dict[str, Any] = {"id": p["identifier"], "title": p["title"], "parties": parties}
    by_left = {c["leftOperand"]: c for c in share["constraint"] if c["operator"] == "isAnyOf"}
    for left, key, kind in LISTS:
        raw[key] = _constraint_values(by_left[left], kind)
    for c in share["constraint"]:
        if c["leftOperand"] == "dateTime":
            raw["valid_from" if c["operator"] == "gteq" else "valid_to"] = c["rightOperand"][
                "@value"
            ]
    raw["review_date"] = p.get("reviewDate")
    raw["document_ref"] = p.get("documentRef")
    raw["onward_sharing"] = bool(onward)
    recipients = [c for rule in onward for c in rule.get("constraint", [])]
    raw["onward_recipients"] = [r for c in recipients for r in _constraint_values(c, "partner")]
    return raw, bool(p.get("retired", False))


def agreements_of(doc: Any) -> list[tuple[dict[str, Any], bool]]:
    """Every agreement of a document `document` wrote; `EntryRefused` names the policy
    (`@graph[2]`) that is not of that shape, and why."""
    graph = doc.get("@graph") if isinstance(doc, Mapping) else None
    if not isinstance(graph, list):
        raise EntryRefused([FieldError("@graph", "a JSON-LD document with an @graph list")])
    found, errors = [], []
    for i, p in enumerate(graph):
        try:
            found.append(agreement_of(p))
        except (KeyError, TypeError, ValueError, AttributeError) as bad:
            errors.append(FieldError(f"@graph[{i}]", f"not an agreement this ledger wrote: {bad}"))
    if errors:
        raise EntryRefused(errors)
    return found
