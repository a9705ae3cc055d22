"""spaCy component `vnnews_abbreviations`: every abbreviation mention with its long form."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import article_ranges, register_extensions
from ..spans import char_span


class AbbreviationComponent:
    """Writes `doc._.vnnews_abbreviations` (all mentions) and `doc.spans["vnnews_abbreviations"]`."""

    def __init__(self, nlp: Language, name: str):
        register_extensions()
        from .detect import find_abbreviations

        self.name = name
        self._find = find_abbreviations

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        mentions = self._find(text, ranges=article_ranges(doc))
        doc._.vnnews_abbreviations = list(mentions)
        spans = []
        for mention in mentions:
            span = char_span(doc, mention.start, mention.end, "ABBR", text)
            if span is None:
                continue
            span._.vnnews_long_form = mention.long
            span._.vnnews_source = mention.source
            span._.vnnews_confidence = mention.confidence
            spans.append(span)
        doc.spans["vnnews_abbreviations"] = spans
        return doc


@Language.factory("vnnews_abbreviations")
def make_abbreviations(nlp: Language, name: str) -> AbbreviationComponent:
    """Abbreviations: in-text definitions, the curated dictionary, the sense in context."""
    return AbbreviationComponent(nlp, name)
