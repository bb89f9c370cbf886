"""The rule catalogue: one module per rule, in the order `argmap rules` lists them."""

from __future__ import annotations

from argmap.rules import (
    circular_reasoning,
    conflicting_relation,
    defeated_thesis,
    duplicate_id,
    duplicate_reason,
    duplicate_text,
    orphan_claim,
    quote_not_found,
    schema,
    source_missing,
    unanswered_objection,
    unknown_reference,
    unsupported_claim,
    unused_ignore,
    unverifiable_quote,
    yaml_syntax,
)
from argmap.rules.base import Rule

__all__ = ["RULES", "Rule", "find_rule"]

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in sorted(
        (
            Rule.from_module(module)
            for module in (
                yaml_syntax,
                schema,
                duplicate_id,
                unknown_reference,
                unused_ignore,
                unsupported_claim,
                circular_reasoning,
                orphan_claim,
                conflicting_relation,
                duplicate_reason,
                quote_not_found,
                source_missing,
                unverifiable_quote,
                defeated_thesis,
                unanswered_objection,
                duplicate_text,
            )
        ),
        key=lambda rule: rule.code,
    )
}

_BY_SLUG = {rule.slug: rule for rule in RULES.values()}


def find_rule(name: str) -> Rule | None:
    """A rule by code (any case) or slug."""
    return RULES.get(name.upper()) or _BY_SLUG.get(name.lower())
