"""Dated reference data: the UK adequacy list and the retention classes."""

from __future__ import annotations

from models.adequacy import ADEQUACY_LIST, AdequacyRow, adequacy_rows, is_adequate
from models.retention import (
    DEFAULT_RETENTION,
    RETENTION_CLASSES,
    RetentionClass,
    applicable_retention_classes,
    retention_class_for,
    retention_ends,
)

__all__ = [
    "ADEQUACY_LIST",
    "AdequacyRow",
    "DEFAULT_RETENTION",
    "RETENTION_CLASSES",
    "RetentionClass",
    "adequacy_rows",
    "applicable_retention_classes",
    "is_adequate",
    "retention_class_for",
    "retention_ends",
]
