"""Abbreviation detection and expansion for Vietnamese news (`UBND` → `Ủy ban nhân dân`)."""
from __future__ import annotations

from .detect import AbbreviationMention, find_abbreviations
from .expand import expand_span, expand_text
from .senses import doc_grams, rank
from .senses import window_words as _window_words


def senses(short: str, context: str | None = None) -> list[tuple[str, float, str]]:
    """(long form, probability, kind) of a short form, best first for the given context text.

    When the context holds the short form, its first mention decides the top sense as
    `find_abbreviations` would (a definition, a document code); the rest share what remains.
    """
    text = context or ""
    at = text.find(short)
    # the words around the first occurrence of the short form, else the whole context
    near = _window_words(text, at, at + len(short)) if at >= 0 else _window_words(text, 0, 0, width=50)
    ranked = [(s.long, p, s.kind) for s, p in rank(short, near, doc_grams(text))]
    found = next((m for m in find_abbreviations(text) if m.short == short), None) if at >= 0 else None
    if found is not None and (not ranked or found.long != ranked[0][0]):
        kind = next((k for long, _, k in ranked if long == found.long), "term")
        rest = [(long, p, k) for long, p, k in ranked if long != found.long]
        total = sum(p for _, p, _ in rest) or 1.0
        ranked = [(found.long, found.confidence, kind)] + [
            (long, (1 - found.confidence) * p / total, k) for long, p, k in rest]
    return [(long, round(p, 4), kind) for long, p, kind in ranked]


__all__ = ["AbbreviationMention", "find_abbreviations", "expand_text", "expand_span", "senses"]
