"""spaCy component `vnnews_structure`: title, byline, article vs boilerplate."""
from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from ..extensions import register_extensions
from ..spans import char_span, doc_text


class StructureComponent:
    """Writes `doc._.vnnews_title`, `doc._.vnnews_author`, `doc._.vnnews_article_ranges`, `doc._.vnnews_boilerplate`."""

    def __init__(self, nlp: Language, name: str):
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from .rules import analyze_structure

        text = doc_text(doc)
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


    def score(self, examples: Iterable[Example], **kwargs) -> dict:
        """Title and author accuracy against the reference docs' `vnnews_title`/`vnnews_author` (where set)."""
        counts = {"title": [0, 0], "author": [0, 0]}
        for example in examples:
            for field, get in (("title", _title_text), ("author", lambda d: d._.vnnews_author)):
                gold = get(example.reference)
                if gold is not None or field in example.reference.user_data.get("vnnews_scored", ()):
                    counts[field][0] += 1
                    counts[field][1] += int(_fold(get(example.predicted)) == _fold(gold))
        return {f"structure_{f}_acc": (ok / n if n else None) for f, (n, ok) in counts.items()}


def _title_text(doc: Doc) -> str | None:
    title = doc._.vnnews_title
    return title.text if title is not None else None


def _fold(text: str | None) -> str:
    return " ".join((text or "").split())


@Language.factory(
    "vnnews_structure",
    assigns=["doc._.vnnews_title", "doc._.vnnews_author", "doc._.vnnews_byline", "doc._.vnnews_article_ranges",
             "doc._.vnnews_boilerplate", "doc._.vnnews_published", "doc.spans"],
    requires=["doc._.vnnews_given_title", "doc._.vnnews_published"],
    default_score_weights={"structure_title_acc": 0.5, "structure_author_acc": 0.5},
)
def make_structure(nlp: Language, name: str) -> StructureComponent:
    """Document structure: title, author, captions, and the non-article blocks."""
    return StructureComponent(nlp, name)
