"""Char offsets ↔ spaCy spans, without ever moving a boundary."""
from __future__ import annotations

from spacy.tokens import Doc, Span

_TEXT_KEY = "vnnews_text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy rebuilds `doc.text` from every token on each access,
    and every stage reads it. Kept in `doc.user_data`; used again only while it still ends where
    the doc's last token ends (a split or merge keeps the text; a copied `user_data` may not)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None or _text_end(doc) != len(text):
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Keep `text` as what `doc_text(doc)` returns: for the tokenizer, which made `doc` from it."""
    doc.user_data[_TEXT_KEY] = text


def _text_end(doc: Doc) -> int:
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def char_span(doc: Doc, start: int, end: int, label: str = "", text: str | None = None) -> Span | None:
    """The span covering exactly `doc.text[start:end]`, trimmed of outer whitespace; None if misaligned.

    `text` is `doc.text`, when the caller has it at hand.
    """
    if text is None:
        text = doc_text(doc)
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
