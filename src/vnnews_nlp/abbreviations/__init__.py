"""Abbreviation detection and expansion for Vietnamese news (`UBND` → `Ủy ban nhân dân`)."""
from __future__ import annotations

from .detect import AbbreviationMention, find_abbreviations
from .expand import expand_span, expand_text
from .senses import doc_grams, rank
from .senses import window_words as _window_words


def senses(short: str, context: str | None = None) -> list[tuple[str, float, str]]:
    """(long form, probability, kind) of a short form, best first for the given context text."""
    text = context or ""
    at = text.find(short)
    # the words around the first occurrence of the short form, else the whole context
    near = _window_words(text, at, at + len(short)) if at >= 0 else _window_words(text, 0, 0, width=50)
    return [(s.long, round(p, 4), s.kind) for s, p in rank(short, near, doc_grams(text))]


__all__ = ["AbbreviationMention", "find_abbreviations", "expand_text", "expand_span", "senses"]
