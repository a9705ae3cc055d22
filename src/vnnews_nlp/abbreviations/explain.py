"""The senses of one short form in a given context, ranked, with the evidence behind each."""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..textnorm import nfc_with_map
from .detect import find_abbreviations
from .dictionary import lookup_key, senses_of
from .features import Words, features
from .roles import role_of
from .senses import grams, rank


@dataclass
class SenseReport:
    """One sense of a short form: its long form, probability here, kind and why."""

    long: str
    p: float
    kind: str
    evidence: list[str] = field(default_factory=list)


def _occurrence(text: str, short: str) -> tuple[int, int] | None:
    """The first whole-token occurrence of `short` in `text`."""
    m = regex.search(rf"(?<![\p{{L}}\p{{M}}\p{{N}}]){regex.escape(short)}(?![\p{{L}}\p{{M}}\p{{N}}])", text)
    return (m.start(), m.end()) if m else None


def explain_senses(short: str, context: str | None = None) -> list[SenseReport]:
    """Every sense of `short`, best first for `context` (a sentence or an article holding it).

    Where the context holds the short form, its first occurrence is read as the pipeline reads
    it: an in-text definition or a document code decides the top sense, otherwise the structural
    role, cue words, the learned context model and the prior rank them.
    """
    key = lookup_key(short)
    text = nfc_with_map(context or "")[0]
    at = _occurrence(text, short) if text else None
    words = Words.of(text)
    if at is None:
        ranked = rank(key, [], words.keys, grams(words.keys), explain=True)
        return [SenseReport(r.sense.long, round(r.p, 4), r.sense.kind,
                            r.evidence + (["the short form is not in the context"] if text else [])) for r in ranked]
    start, end = at
    ranked = rank(key, [features(words, start, end)], _near(words, start, end), grams(words.keys),
                  role_of(text, start, end), explain=True)
    reports = [SenseReport(r.sense.long, round(r.p, 4), r.sense.kind, r.evidence) for r in ranked]
    found = next((m for m in find_abbreviations(text) if m.start == start), None)
    if found is None or (reports and reports[0].long == found.long and found.source != "definition"):
        return reports
    # the pipeline decided otherwise here (a definition, a code, a compound): its sense goes first
    why = {"definition": "defined in the context", "dictionary": "read as the pipeline reads it",
           "context": "read as the pipeline reads it (structure)"}[found.source]
    top = next((r for r in reports if r.long == found.long), None)
    kind = top.kind if top else next((s.kind for s in senses_of(key) if s.long == found.long), "term")
    rest = [r for r in reports if r.long != found.long]
    total = sum(r.p for r in rest) or 1.0
    for r in rest:
        r.p = round((1 - found.confidence) * r.p / total, 4)
    return [SenseReport(found.long, round(found.confidence, 4), kind, [why] + (top.evidence if top else []))] + rest


def _near(words: Words, start: int, end: int) -> list[str]:
    right, left = words.around(start, end)
    return words.keys[max(0, left - 8):left] + words.keys[right:right + 8]
