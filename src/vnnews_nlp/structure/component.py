"""spaCy component `vnnews_structure`: title, byline, article vs boilerplate."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import register_extensions
from ..spans import char_span


class StructureComponent:
    """Writes `doc._.vnnews_title`, `doc._.vnnews_author`, `doc._.vnnews_article_ranges`, `doc._.vnnews_boilerplate`."""

    def __init__(self, nlp: Language, name: str):
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from .rules import analyze_structure

        text = doc.text
        structure = analyze_structure(text, title=doc._.vnnews_given_title)
        if structure.title is not None:
            doc._.vnnews_title = char_span(doc, *structure.title, text=text)
        if structure.author is not None:
            start, end = structure.author
            doc._.vnnews_author = text[start:end]
            doc._.vnnews_byline = char_span(doc, start, end, text=text)
        if doc._.vnnews_published is None and structure.published:
            doc._.vnnews_published = structure.published
        doc._.vnnews_article_ranges = list(structure.article_ranges)
        doc._.vnnews_boilerplate = [
            {"kind": block.kind, "start": block.start, "end": block.end} for block in structure.boilerplate
        ]
        doc.spans["vnnews_captions"] = [s for s in (char_span(doc, a, b, "caption", text) for a, b in structure.captions) if s]
        doc.spans["vnnews_boilerplate"] = [
            s for s in (char_span(doc, b.start, b.end, b.kind, text) for b in structure.boilerplate) if s
        ]
        return doc


@Language.factory("vnnews_structure")
def make_structure(nlp: Language, name: str) -> StructureComponent:
    """Document structure: title, author, captions, and the non-article blocks."""
    return StructureComponent(nlp, name)
