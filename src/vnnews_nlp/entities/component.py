"""spaCy component `vnnews_entities`: final PER/ORG/LOC/DATE entities in `doc.ents`.

It takes what the trained recogniser put in `doc.ents` (when one ran before
it), corrects and completes it with the guideline rules (`combine.combine`),
adds the date grammar's DATEs (they win over anything overlapping), keeps only
entities in the article part, and annotates spans: `span._.vnnews_value` (ISO 8601)
and `span._.vnnews_recurring` for DATE, `span._.vnnews_expansion` for mentions that contain abbreviations.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import article_ranges, register_extensions
from ..spans import char_span, within

LABELS = ("PER", "ORG", "LOC")


class EntityComponent:
    """Grammar dates, then model entities corrected by rules (`use_rules`), article only."""

    def __init__(self, nlp: Language, name: str, use_rules: bool = True):
        register_extensions()
        from .dates import find_dates

        self.name = name
        self.use_rules = use_rules
        self._find_dates = find_dates

    def __call__(self, doc: Doc) -> Doc:
        ranges = article_ranges(doc)
        text = doc.text  # spaCy rebuilds it from every token on each access
        chosen: list[Span] = []
        for date in self._find_dates(text, published=doc._.vnnews_published):
            span = char_span(doc, date.start, date.end, "DATE", text=text)
            if span is not None and within(ranges, span.start_char, span.end_char):
                span._.vnnews_value = date.value
                span._.vnnews_recurring = date.recurring
                chosen.append(span)
        dated = {i for s in chosen for i in range(s.start, s.end)}
        for start, end, label in self.names(doc, text):
            if dated.isdisjoint(range(start, end)):
                span = Span(doc, start, end, label=label)
                if within(ranges, span.start_char, span.end_char):
                    chosen.append(span)
        self._annotate_expansions(doc, text, chosen)
        doc.ents = sorted(chosen, key=lambda s: s.start)
        return doc

    def names(self, doc: Doc, text: str | None = None) -> list[tuple[int, int, str]]:
        """PER/ORG/LOC token spans: the model's, through the rules when they are on."""
        model = [(e.start, e.end, e.label_) for e in doc.ents if e.label_ in LABELS]
        if not self.use_rules:
            return model
        from .combine import combine

        return combine(doc, model, text=text)

    @staticmethod
    def _annotate_expansions(doc: Doc, text: str, spans: list[Span]) -> None:
        mentions = doc._.vnnews_abbreviations or []
        if not mentions:
            return
        from ..abbreviations import expand_span

        # Stable sort, as expand_span's own: each span gets only the mentions starting inside it,
        # in the same order, so the cost stays linear in the number of mentions.
        ordered = sorted(mentions, key=lambda m: m.start)
        starts = [m.start for m in ordered]
        for span in spans:
            if span.label_ != "DATE":
                start, end = span.start_char, span.end_char
                inside = ordered[bisect_left(starts, start):bisect_right(starts, end)]
                span._.vnnews_expansion = expand_span(text, start, end, inside)


@Language.factory("vnnews_entities", default_config={"use_rules": True})
def make_entities(nlp: Language, name: str, use_rules: bool) -> EntityComponent:
    """Entities: the trained recogniser's PER/ORG/LOC with the guideline rules, the date grammar, article only."""
    return EntityComponent(nlp, name, use_rules=use_rules)
