"""The agreement registry as ODRL 2.2 JSON-LD: every demo agreement round-trips, and the
document read as RDF holds the ODRL terms it claims."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import XSD

from lineage.demo.agreements import agreement_records
from lineage.registry import partners as registries
from lineage.registry.odrl import export_document, import_document
from lineage.service import Service
from lineage.storage.database import write_transaction
from models.errors import EntryRefused
from models.odrl import agreement_of, document, iri, policy
from models.validation import validate_agreement
from tests.factories import COUNCIL

ODRL = Namespace("http://www.w3.org/ns/odrl/2/")
DL = Namespace("urn:disclosure-ledger:terms:")
RECORDS = agreement_records(COUNCIL)
# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")
LISTED = [{**r, "version": 1, "retired": False} for r in RECORDS]


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_every_demo_agreement_round_trips(record: dict[str, Any]) -> None:
    text = json.dumps(policy({**record, "version": 1, "retired": False}))
    raw, retired = agreement_of(json.loads(text))
    assert validate_agreement(raw).model_dump(mode="json") == record
    assert retired is False


def _graph() -> Graph:
    return Graph().parse(data=json.dumps(document(LISTED)), format="json-ld")


def _constraint(graph: Graph, rule: Any, left: URIRef) -> Any:
    found = [
        c for c in graph.objects(rule, ODRL.constraint) if (c, ODRL.leftOperand, left) in graph
    ]
    assert len(found) == 1, left
    return found[0]


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_the_document_is_odrl_as_rdf(record: dict[str, Any]) -> None:
    graph = _graph()
    policy_iri = URIRef(iri("agreement", record["id"]))
    assert (policy_iri, RDF.type, ODRL.Agreement) in graph
    assert (policy_iri, ODRL.assigner, URIRef(iri("partner", COUNCIL))) in graph
    assignees = set(graph.objects(policy_iri, ODRL.assignee))
    assert assignees == {URIRef(iri("partner", p)) for p in record["parties"][1:]}
    share = next(
        p
        for p in graph.objects(policy_iri, ODRL.permission)
        if str(graph.value(p, ODRL.target)).endswith(":records")
    )
    assert (share, ODRL.action, ODRL.distribute) in graph
    purpose = _constraint(graph, share, ODRL.purpose)
    assert (purpose, ODRL.operator, ODRL.isAnyOf) in graph
    purposes = set(graph.objects(purpose, ODRL.rightOperand))
    assert purposes == {URIRef(iri("purpose", p)) for p in record["purposes"]}
    categories = set(graph.objects(_constraint(graph, share, DL.dataCategory), ODRL.rightOperand))
    assert categories == {URIRef(iri("category", c)) for c in record["categories"]}
    dates = [c for c in graph.objects(share, ODRL.constraint)
             if (c, ODRL.leftOperand, ODRL.dateTime) in graph]  # fmt: skip
    start = Literal(record["valid_from"], datatype=XSD.date)
    assert any((c, ODRL.operator, ODRL.gteq) in graph for c in dates)
    assert any((c, ODRL.rightOperand, start) in graph for c in dates)
    assert len(dates) == (2 if record["valid_to"] else 1)
    _check_onward(graph, policy_iri, record)


def _check_onward(graph: Graph, policy_iri: URIRef, record: dict[str, Any]) -> None:
    if not record["onward_sharing"]:
        [banned] = graph.objects(policy_iri, ODRL.prohibition)
        assert (banned, ODRL.action, ODRL.distribute) in graph
        return
    [onward] = [
        p for p in graph.objects(policy_iri, ODRL.permission)
        if str(graph.value(p, ODRL.target)).endswith(":received")
    ]  # fmt: skip
    [duty] = graph.objects(onward, ODRL.duty)
    assert (duty, ODRL.action, ODRL.inform) in graph
    assert (duty, ODRL.informedParty, URIRef(iri("partner", COUNCIL))) in graph
    recipients = set(graph.objects(_constraint(graph, onward, ODRL.recipient), ODRL.rightOperand))
    assert recipients == {URIRef(iri("partner", p)) for p in record["onward_recipients"]}


def test_police_agreement_permits_onward_sharing_and_schools_do_not() -> None:
    graph = _graph()
    police = URIRef(iri("agreement", "ISA-2021-POLICE"))
    schools = URIRef(iri("agreement", "ISA-2022-EYES-SCHOOLS"))
    assert len(list(graph.objects(police, ODRL.permission))) == 2
    assert len(list(graph.objects(schools, ODRL.prohibition))) == 1


def test_export_then_import_adds_no_version(service: Service) -> None:
    now = datetime.now(UTC)
    with write_transaction(service.engine) as conn:
        for record in RECORDS:
            registries.put_agreement(conn, record, by="test", at=now)
        registries.put_agreement(conn, RECORDS[0], by="test", at=now, retired=True)
        before = registries.list_agreements(conn)
        exported = json.loads(json.dumps(export_document(conn)))
        stored = import_document(conn, exported, by="test", at=now)
        assert not any(s.created for _, s in stored)
        assert registries.list_agreements(conn) == before


def test_an_import_names_what_is_wrong(service: Service) -> None:
    doc = document(LISTED[:3])
    doc["@graph"][1]["title"] = ""
    doc["@graph"][2]["type"] = "Offer"
    with write_transaction(service.engine) as conn, pytest.raises(EntryRefused) as refused:
        import_document(conn, doc, by="test", at=datetime.now(UTC))
    assert [e.field for e in refused.value.errors] == ["@graph[2]"]
    doc["@graph"][2]["type"] = "Agreement"
    with write_transaction(service.engine) as conn, pytest.raises(EntryRefused) as refused:
        import_document(conn, doc, by="test", at=datetime.now(UTC))
    assert [e.field for e in refused.value.errors] == ["@graph[1].title"]
