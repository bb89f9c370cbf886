"""The rule catalogue, in code order, and the names a user may give a rule by."""

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
    self_attack,
    source_missing,
    syntax_error,
    unanswered_objection,
    unknown_reference,
    unsupported_claim,
    unused_ignore,
    unverifiable_quote,
)
from argmap.rules.base import Rule

__all__ = ["RULES", "Rule", "codes_named", "find_rule"]

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in sorted(
        (
            Rule.from_module(module)
            for module in (
                syntax_error,
                schema,
                duplicate_id,
                unknown_reference,
                unused_ignore,
                unsupported_claim,
                circular_reasoning,
                orphan_claim,
                conflicting_relation,
                duplicate_reason,
                self_attack,
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

_BY_SLUG = {name: rule for rule in RULES.values() for name in (*rule.aliases, rule.slug)}


def find_rule(name: str) -> Rule | None:
    """A rule by code (any case) or slug."""
    return RULES.get(name.upper()) or _BY_SLUG.get(name.lower())


def codes_named(name: str) -> frozenset[str] | None:
    """The codes a user means by *name*: a code, a slug, a prefix such as ``AM1``, or
    ``ALL``; None when it names no rule. The command line, the settings and the
    `ignore:` lists of a claim file all read names through this one function."""
    name = name.strip()
    rule = find_rule(name)
    if rule is not None:
        return frozenset({rule.code})
    upper = name.upper()
    if upper == "ALL":
        return frozenset(RULES)
    if upper.startswith("AM") and (prefix := frozenset(code for code in RULES if code.startswith(upper))):
        return prefix
    return None


def closest_rule(name: str) -> str:
    """`"; did you mean 'AM101' (unsupported-claim)?"` for a mistyped rule name, else `""`."""
    from argmap.findings import did_you_mean

    names = [*RULES, *_BY_SLUG]
    hint = did_you_mean(name.upper() if name.upper().startswith("AM") else name.lower(), names)
    if not hint:
        return ""
    rule = find_rule(hint.split("'")[1])
    assert rule is not None
    return f"; did you mean {rule.code} ({rule.slug})?"
