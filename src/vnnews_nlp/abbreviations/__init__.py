"""Abbreviation detection and expansion for Vietnamese news (`UBND` → `Ủy ban nhân dân`)."""
from __future__ import annotations

from .detect import AbbreviationMention, find_abbreviations
from .expand import expand_span, expand_text
from .senses import rank
from .senses import window_words as _window_words
from ..textnorm import match_key as _match_key


def senses(short: str, context: str | None = None) -> list[tuple[str, float, str]]:
    """(long form, probability, kind) of a short form, best first for the given context text."""
    words = [_match_key(w) for w in _window_words(context, 0, 0, width=10_000)] if context else []
    doc = _match_key(context) if context else ""
    return [(s.long, round(p, 4), s.kind) for s, p in rank(short, words, doc)]


__all__ = ["AbbreviationMention", "find_abbreviations", "expand_text", "expand_span", "senses"]
