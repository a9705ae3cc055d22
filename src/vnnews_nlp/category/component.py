"""spaCy component `vnnews_category`: the article's topic, in `doc.cats`."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from ..extensions import article_ranges, register_extensions
from ..spans import doc_text


def article_text(doc: Doc) -> str:
    """The article part of the doc (title, body, captions), the text the classifier reads."""
    text = doc_text(doc)
    return "\n".join(text[a:b] for a, b in article_ranges(doc))


class CategoryComponent:
    """Sets `doc.cats` to calibrated probabilities over the ten topic labels."""

    def __init__(self, nlp: Language, name: str, model: str | None = None):
        register_extensions()
        from .model import TopicModel

        self.name = name
        self.model = TopicModel.load(Path(model) if model else None)

    def __call__(self, doc: Doc) -> Doc:
        doc.cats = _topic(doc, self.model.predict([article_text(doc)])[0])
        return doc

    def pipe(self, docs, batch_size: int = 64):
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._predict(batch)
                batch = []
        if batch:
            yield from self._predict(batch)

    def _predict(self, docs: list[Doc]):
        for doc, scores in zip(docs, self.model.predict([article_text(d) for d in docs])):
            doc.cats = _topic(doc, scores)
            yield doc


    def score(self, examples: Iterable[Example], **kwargs) -> dict:
        """Top-label accuracy against the reference docs' `cats` (where they have any)."""
        total = right = 0
        for example in examples:
            gold = example.reference.cats
            if not gold:
                continue
            total += 1
            predicted = example.predicted.cats
            right += bool(predicted) and max(predicted, key=predicted.get) == max(gold, key=gold.get)
        return {"category_acc": right / total if total else None}


def _topic(doc: Doc, scores) -> dict:
    """The topic scores, or none for a text `vnnews_language` found empty or not Vietnamese."""
    return dict(scores) if doc._.vnnews_language in (None, "vi") else {}


@Language.factory(
    "vnnews_category",
    default_config={"model": None},
    assigns=["doc.cats"],
    requires=["doc._.vnnews_article_ranges", "doc._.vnnews_language"],
    default_score_weights={"category_acc": 1.0},
)
def make_category(nlp: Language, name: str, model: str | None) -> CategoryComponent:
    """Topic classifier: the shipped one over the VNTC labels, or the model folder `model`."""
    return CategoryComponent(nlp, name, model)
