"""Abbreviation detection and expansion for Vietnamese news (`UBND` → `Ủy ban nhân dân`)."""
from __future__ import annotations

from .detect import AbbreviationMention, find_abbreviations
from .expand import expand_span, expand_text
from .explain import SenseReport, explain_senses


def senses(short: str, context: str | None = None) -> list[tuple[str, float, str]]:
    """(long form, probability, kind) of a short form, best first for the given context text."""
    return [(r.long, r.p, r.kind) for r in explain_senses(short, context)]


__all__ = ["AbbreviationMention", "SenseReport", "find_abbreviations", "expand_text", "expand_span", "senses",
           "explain_senses"]
