"""Field paths and the refusal error."""

from __future__ import annotations

from models.errors import EntryRefused, FieldError, field_path


def test_field_paths() -> None:
    assert field_path(("subjects", 0, "nhs_number")) == "subjects[0].nhs_number"
    assert field_path(("categories", 2)) == "categories[2]"
    assert field_path(("changes", "categories", 0)) == "changes.categories[0]"
    assert field_path(("external_codes", "ods", "[key]")) == "external_codes.ods"
    assert field_path(()) == ""


def test_entry_refused_carries_its_errors() -> None:
    errors = [FieldError("purpose", "field required"), FieldError("", "give one")]
    refused = EntryRefused(errors)
    assert refused.errors == errors
    assert str(refused) == "purpose: field required; give one"
    assert errors[0].as_dict() == {"field": "purpose", "message": "field required"}
    assert isinstance(refused, ValueError)
