"""Char offsets ↔ spaCy spans, without ever moving a boundary."""
from __future__ import annotations

from spacy.tokens import Doc, Span


def char_span(doc: Doc, start: int, end: int, label: str = "", text: str | None = None) -> Span | None:
    """The span covering exactly `doc.text[start:end]`, trimmed of outer whitespace; None if misaligned.

    Pass `text` (= `doc.text`) when calling in a loop: spaCy rebuilds `doc.text`
    from every token on each access.
    """
    if text is None:
        text = doc.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return doc.char_span(start, end, label=label, alignment_mode="strict")


def within(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) lies inside one of the ranges."""
    return any(a <= start and end <= b for a, b in ranges)
