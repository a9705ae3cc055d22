"""The output document: the one typed source of the JSON schema.

`Document.from_doc()` is the only place that turns a processed spaCy `Doc`
into output; `to_dict()`, `to_json()` and `to_frame()` are its views.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from spacy.tokens import Doc

from .spans import doc_text

SCHEMA_VERSION = "1.1"
ENTITY_LABELS = ("PER", "ORG", "LOC", "DATE")


class _Record:
    """A plain output record: its JSON form is its fields."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Entity:
    """A PER/ORG/LOC/DATE mention; `input[start:end] == text`."""

    label: str
    text: str
    start: int
    end: int
    value: str | None = None
    expansion: str | None = None
    recurring: bool = False  # a DATE that comes back every year or month (`15/12 hằng năm`)
    source: str | None = None  # provenance: `model`, `rule:<step>`, `gazetteer:<list>`, `definition`
    changed_by: tuple[str, ...] = ()  # the rule steps that reshaped or relabelled it

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"label": self.label, "text": self.text, "start": self.start, "end": self.end}
        if self.value is not None:
            out["value"] = self.value
        if self.recurring:
            out["recurring"] = True
        if self.expansion is not None:
            out["expansion"] = self.expansion
        if explain and self.source is not None:
            out["source"] = self.source
            out["changed_by"] = list(self.changed_by)
        return out


@dataclass
class Abbreviation(_Record):
    """An abbreviation mention with its long form in that place."""

    short: str
    long: str
    start: int
    end: int
    source: str
    confidence: float


@dataclass
class Category:
    """The topic label, its probability, and every label's probability."""

    label: str
    score: float
    scores: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "score": self.score, "scores": dict(self.scores)}


@dataclass
class Block(_Record):
    """A non-article block (template junk, related headlines, byline, credit ...)."""

    kind: str
    start: int
    end: int
    text: str


@dataclass
class Caption(_Record):
    """A photo caption: article text, reported apart so a reader can tell it from the body."""

    start: int
    end: int
    text: str


@dataclass
class EntityGroup(_Record):
    """Mentions of one organisation, person or place grouped under a canonical name."""

    label: str
    canonical: str
    mentions: list[str]
    count: int


@dataclass
class Token(_Record):
    """A word (underthesea segmentation) with offsets and part of speech."""

    text: str
    start: int
    end: int
    pos: str | None = None


@dataclass
class Sentence(_Record):
    text: str
    start: int
    end: int


@dataclass
class Document:
    """One analysed article, per `OUTPUT.md`."""

    id: str | None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    category: Category | None = None
    entities: list[Entity] = field(default_factory=list)
    abbreviations: list[Abbreviation] = field(default_factory=list)
    boilerplate: list[Block] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    entity_groups: list[EntityGroup] = field(default_factory=list)
    expanded_text: str | None = None
    warnings: list[str] = field(default_factory=list)
    text: str | None = None  # the text the offsets index, when it is not the input as given (or asked for)
    sentences: list[Sentence] | None = None
    tokens: list[Token] | None = None
    schema_version: str = SCHEMA_VERSION
    explain: bool = False  # write each entity's provenance (`source`, `changed_by`) into the JSON

    @classmethod
    def from_doc(cls, doc: Doc, *, tokens: bool = False, text: bool = False) -> "Document":
        """Read everything the pipeline wrote on `doc` into a Document.

        The text the offsets index is carried in `text` when it differs from the input as
        given (decoded bytes, an HTML page's extracted article), or always with `text=True`.
        """
        include_text = text or bool(doc._.vnnews_text_derived)
        text = doc_text(doc)
        entities = [
            Entity(ent.label_, ent.text, ent.start_char, ent.end_char, ent._.vnnews_value, ent._.vnnews_expansion,
                   bool(ent._.vnnews_recurring), ent._.vnnews_source, tuple(ent._.vnnews_changed_by or ()))
            for ent in doc.ents
        ]
        abbreviations = [
            Abbreviation(m.short, m.long, m.start, m.end, m.source, round(float(m.confidence), 4))
            for m in (doc._.vnnews_abbreviations or [])
        ]
        boilerplate = [
            Block(b["kind"], b["start"], b["end"], text[b["start"] : b["end"]]) for b in (doc._.vnnews_boilerplate or [])
        ]
        title = doc._.vnnews_given_title
        if title is None and doc._.vnnews_title is not None:
            title = doc._.vnnews_title.text
        document = cls(
            id=doc._.vnnews_doc_id,
            title=title,
            author=doc._.vnnews_author,
            published=doc._.vnnews_published,
            category=_category(doc),
            entities=entities,
            abbreviations=abbreviations,
            boilerplate=boilerplate,
            captions=[Caption(s.start_char, s.end_char, s.text) for s in doc.spans.get("vnnews_captions", [])],
            entity_groups=group_entities(entities, abbreviations),
            expanded_text=_expanded_text(doc, text),
            warnings=list(doc._.vnnews_warnings or []),
            text=text if include_text else None,
        )
        if tokens:
            document.sentences = [_sentence(s) for s in doc.sents if s.text.strip()]
            document.tokens = _tokens(doc)
        return document

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of `OUTPUT.md` (optional sections only when present)."""
        out: dict[str, Any] = {
            "schema_version": self.schema_version,
            "id": self.id,
            "title": self.title,
            "author": self.author,
            "published": self.published,
            "category": self.category.to_dict() if self.category else None,
            "entities": [e.to_dict(self.explain) for e in self.entities],
            "abbreviations": [a.to_dict() for a in self.abbreviations],
            "entity_groups": [g.to_dict() for g in self.entity_groups],
            "boilerplate": [b.to_dict() for b in self.boilerplate],
            "captions": [c.to_dict() for c in self.captions],
            "expanded_text": self.expanded_text,
            "warnings": list(self.warnings),
        }
        if self.text is not None:
            out["text"] = self.text
        if self.sentences is not None:
            out["sentences"] = [s.to_dict() for s in self.sentences]
        if self.tokens is not None:
            out["tokens"] = [t.to_dict() for t in self.tokens]
        return out

    def to_json(self, indent: int | None = None) -> str:
        """JSON text, UTF-8 characters kept (not ASCII-escaped)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_frame(self, table: str = "entities"):
        """This document as a pandas DataFrame (`documents`, `entities` or `abbreviations`)."""
        from .frames import to_dataframe

        return to_dataframe([self], table=table)


def _category(doc: Doc) -> Category | None:
    if not doc.cats:
        return None
    scores = {label: round(float(p), 4) for label, p in sorted(doc.cats.items(), key=lambda kv: -kv[1])}
    label = next(iter(scores))
    return Category(label, scores[label], scores)


def _expanded_text(doc: Doc, text: str) -> str | None:
    """The article with its free-standing abbreviations written out (`text` is `doc.text`, read once)."""
    mentions = doc._.vnnews_abbreviations
    if mentions is None:
        return None
    from .abbreviations.expand import expanded_article

    ranges = doc._.vnnews_article_ranges or [(0, len(text))]
    return expanded_article(text, ranges, mentions, [(e.start_char, e.end_char) for e in doc.ents])


def group_entities(entities: list[Entity], abbreviations: list[Abbreviation] = ()) -> list[EntityGroup]:
    """Group PER/ORG/LOC mentions that name the same thing (`Sở GD&ĐT` = `Sở Giáo dục và Đào tạo`,
    `UBND` = `UBND tỉnh Quảng Ninh`, `Nvidia` = `Tập đoàn Nvidia`, `Nhung` = `Nguyễn Thị Hồng Nhung`);
    see `vnnews_nlp.grouping`."""
    from .grouping import group_mentions

    return [EntityGroup(label, canonical, mentions, count)
            for label, canonical, mentions, count in group_mentions(entities, abbreviations)]


def _sentence(span) -> Sentence:
    text = span.text
    start = span.start_char + (len(text) - len(text.lstrip()))
    end = span.end_char - (len(text) - len(text.rstrip()))
    return Sentence(text.strip(), start, end)


def _tokens(doc: Doc) -> list[Token]:
    out: list[Token] = []
    words = doc._.vnnews_words
    by_sentence: dict[int, list] = {}
    for word in words:
        by_sentence.setdefault(word.sent.start, []).append(word)
    for sentence_words in by_sentence.values():
        tags = _pos_tags([w.text for w in sentence_words])
        out.extend(Token(w.text, w.start_char, w.end_char, tag) for w, tag in zip(sentence_words, tags))
    return out


def _pos_tags(words: list[str]) -> list[str | None]:
    """Part-of-speech tags from underthesea's offline CRF tagger, over our own words."""
    if not words:
        return []
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    tagged = CRFPOSTagPredictor.Instance().predict(words)
    return [tag for _word, tag in tagged]
