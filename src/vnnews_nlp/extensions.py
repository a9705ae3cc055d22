"""The `Doc`/`Span` extensions the pipeline writes, registered in one place.

| extension | written by | what |
| --- | --- | --- |
| `doc._.vnnews_doc_id`, `doc._.vnnews_published`, `doc._.vnnews_given_title` | caller (`analyze`) | the record's own fields |
| `doc._.vnnews_warnings` | decoding, every stage | what was odd about the input |
| `doc._.vnnews_text_derived` | caller (`analyze`) | True when `doc.text` is not the input as given (decoded bytes, an HTML page's article) |
| `doc._.vnnews_language` | `vnnews_language` | `"vi"`, `"other"` (not Vietnamese) or `"empty"` (no words) |
| `doc._.vnnews_title` (Span), `doc._.vnnews_author` (str), `doc._.vnnews_byline` (Span) | `vnnews_structure` | title line and byline |
| `doc._.vnnews_article_ranges` | `vnnews_structure` | char ranges that are article (title, body, captions) |
| `doc._.vnnews_boilerplate` | `vnnews_structure` | non-article blocks, each with `kind`, `start`, `end` |
| `doc.spans["vnnews_captions"]`, `doc.spans["vnnews_boilerplate"]` | `vnnews_structure` | the same as spans (label = kind) |
| `doc.spans["vnnews_abbreviations"]` with `span._.vnnews_long_form`, `._.vnnews_abbreviation_source`, `._.vnnews_confidence` | `vnnews_abbreviations` | every mention, as spans (the one store) |
| `doc._.vnnews_abbreviations` | read from those spans | the mentions as a list (`AbbreviationMention`: start, end, short, long, source, confidence); None before the stage ran |
| `doc.ents`, `span._.vnnews_value` (DATE, ISO 8601), `span._.vnnews_recurring` (DATE), `span._.vnnews_expansion` | `vnnews_entities` | PER, ORG, LOC, DATE |
| `span._.vnnews_source`, `span._.vnnews_changed_by` on `doc.ents` | `vnnews_entities` | where the entity came from (`model`, `rule:<step>`, `gazetteer:<list>`, `definition`) and the rule steps that changed it |
| `doc.cats` | `vnnews_category` | topic probabilities |
| `token._.vnnews_word_start`, `doc._.vnnews_words` | tokenizer | underthesea word segmentation |
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from .spans import doc_text

_DOC_DEFAULTS = {
    "vnnews_doc_id": None,
    "vnnews_published": None,
    "vnnews_given_title": None,
    "vnnews_warnings": None,
    "vnnews_text_derived": False,
    "vnnews_language": None,
    "vnnews_title": None,
    "vnnews_author": None,
    "vnnews_byline": None,
    "vnnews_article_ranges": None,
    "vnnews_boilerplate": None,
}
_SPAN_DEFAULTS = {
    "vnnews_long_form": None,
    "vnnews_source": None,
    "vnnews_abbreviation_source": None,
    "vnnews_confidence": None,
    "vnnews_value": None,
    "vnnews_recurring": False,
    "vnnews_expansion": None,
    "vnnews_changed_by": (),
}


def _abbreviation_list(doc: Doc):
    """The abbreviation stage's spans read as a list of mentions; None when the stage has not run."""
    if "vnnews_abbreviations" not in doc.spans:
        return None
    from .abbreviations.component import mentions_of

    return mentions_of(doc)


def register_extensions() -> None:
    """Register every extension once; safe to call repeatedly."""
    for name, default in _DOC_DEFAULTS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Doc.has_extension("vnnews_abbreviations"):
        Doc.set_extension("vnnews_abbreviations", getter=_abbreviation_list)
    for name, default in _SPAN_DEFAULTS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


def article_ranges(doc: Doc) -> list[tuple[int, int]]:
    """The article's char ranges, or the whole text when no structure stage ran."""
    ranges = doc._.vnnews_article_ranges
    return list(ranges) if ranges is not None else [(0, len(doc_text(doc)))]


def add_warning(doc: Doc, message: str) -> None:
    """Record something odd about the input on the doc (never swallowed)."""
    if doc._.vnnews_warnings is None:
        doc._.vnnews_warnings = []
    if message not in doc._.vnnews_warnings:
        doc._.vnnews_warnings.append(message)
