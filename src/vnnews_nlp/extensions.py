"""The `Doc`/`Span` extensions the pipeline writes, registered in one place.

| extension | written by | what |
| --- | --- | --- |
| `doc._.doc_id`, `doc._.published`, `doc._.given_title` | caller (`analyze`) | the record's own fields |
| `doc._.warnings` | decoding, every stage | what was odd about the input |
| `doc._.title` (Span), `doc._.author` (str), `doc._.byline` (Span) | `vnnews_structure` | title line and byline |
| `doc._.article_ranges` | `vnnews_structure` | char ranges that are article (title, body, captions) |
| `doc._.boilerplate` | `vnnews_structure` | non-article blocks, each with `kind`, `start`, `end` |
| `doc.spans["captions"]`, `doc.spans["boilerplate"]` | `vnnews_structure` | the same as spans (label = kind) |
| `doc._.abbreviations` | `vnnews_abbreviations` | every mention (`AbbreviationMention`: start, end, short, long, source, confidence) |
| `doc.spans["abbreviations"]` with `span._.long_form`, `._.source`, `._.confidence` | `vnnews_abbreviations` | the mentions as spans |
| `doc.ents`, `span._.value` (DATE, ISO 8601), `span._.expansion` | `vnnews_entities` | PER, ORG, LOC, DATE |
| `doc.cats` | `vnnews_category` | topic probabilities |
| `token._.word_start`, `doc._.words` | tokenizer | underthesea word segmentation |
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

_DOC_DEFAULTS = {
    "doc_id": None,
    "published": None,
    "given_title": None,
    "warnings": None,
    "title": None,
    "author": None,
    "byline": None,
    "article_ranges": None,
    "boilerplate": None,
    "abbreviations": None,
}
_SPAN_DEFAULTS = {"long_form": None, "source": None, "confidence": None, "value": None, "expansion": None}


def register_extensions() -> None:
    """Register every extension once; safe to call repeatedly."""
    for name, default in _DOC_DEFAULTS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in _SPAN_DEFAULTS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


def article_ranges(doc: Doc) -> list[tuple[int, int]]:
    """The article's char ranges, or the whole text when no structure stage ran."""
    ranges = doc._.article_ranges
    return list(ranges) if ranges is not None else [(0, len(doc.text))]


def add_warning(doc: Doc, message: str) -> None:
    """Record something odd about the input on the doc (never swallowed)."""
    if doc._.warnings is None:
        doc._.warnings = []
    if message not in doc._.warnings:
        doc._.warnings.append(message)
