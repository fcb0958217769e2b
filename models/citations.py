"""What each rule enforces, by the law or code it cites: one table for every rule set.

The refusal rules (`models.refusals`), the flag rules (`models.flags`) and the decision
point (`models.decisions`) are the same functions; `cites` marks each with its citation
so a decision's reasons (`{rule, citation, detail}`) name the Article, Act and section
without a second copy of the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_CITATIONS: Final[dict[str, str]] = {}


def _key(rule: Callable[..., Any]) -> str:
    return f"{rule.__module__}.{rule.__qualname__}"


def cites(citation: str) -> Callable[[F], F]:
    """Mark a rule function with the provision it enforces; the function is unchanged."""

    def mark(rule: F) -> F:
        _CITATIONS[_key(rule)] = citation
        return rule

    return mark


def citation_of(rule: Callable[..., Any]) -> str:
    """The provision a rule enforces; KeyError if the rule was never marked."""
    return _CITATIONS[_key(rule)]


def rule_name(rule: Callable[..., Any]) -> str:
    """A rule's stable name, as a decision's reasons give it."""
    return rule.__name__
