"""spaCy component `vnnews_entities`: final PER/ORG/LOC/DATE entities in `doc.ents`.

It merges what the trained recogniser put in `doc.ents` (when one ran before
it) with the date grammar, keeps only entities in the article part, and
annotates spans: `span._.value` (ISO 8601) for DATE, `span._.expansion` for
mentions that contain abbreviations.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import article_ranges, register_extensions
from ..spans import char_span, within


def _overlaps(span: Span, taken: list[tuple[int, int]]) -> bool:
    return any(span.start_char < b and a < span.end_char for a, b in taken)


class EntityComponent:
    """Dates from the grammar win over model DATEs; model entities fill the rest."""

    def __init__(self, nlp: Language, name: str):
        register_extensions()
        from .dates import find_dates

        self.name = name
        self._find_dates = find_dates

    def __call__(self, doc: Doc) -> Doc:
        ranges = article_ranges(doc)
        chosen: list[Span] = []
        for date in self._find_dates(doc.text, published=doc._.published):
            span = char_span(doc, date.start, date.end, "DATE")
            if span is not None and within(ranges, span.start_char, span.end_char):
                span._.value = date.value
                chosen.append(span)
        taken = [(s.start_char, s.end_char) for s in chosen]
        for ent in doc.ents:
            if ent.label_ == "DATE" or _overlaps(ent, taken):
                continue
            if within(ranges, ent.start_char, ent.end_char):
                chosen.append(ent)
        self._annotate_expansions(doc, chosen)
        doc.ents = sorted(chosen, key=lambda s: s.start)
        return doc

    @staticmethod
    def _annotate_expansions(doc: Doc, spans: list[Span]) -> None:
        mentions = doc._.abbreviations or []
        if not mentions:
            return
        from ..abbreviations.detect import expand_span

        for span in spans:
            if span.label_ != "DATE":
                span._.expansion = expand_span(doc.text, span.start_char, span.end_char, mentions)


@Language.factory("vnnews_entities")
def make_entities(nlp: Language, name: str) -> EntityComponent:
    """Entities: the trained recogniser's PER/ORG/LOC plus the date grammar, article only."""
    return EntityComponent(nlp, name)
