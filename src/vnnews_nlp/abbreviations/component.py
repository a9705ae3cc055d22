"""spaCy component `vnnews_abbreviations`: every abbreviation mention with its long form.

The mentions are stored once, as `doc.spans["vnnews_abbreviations"]` (label `ABBR`) with
`span._.vnnews_long_form`, `._.vnnews_abbreviation_source`, `._.vnnews_confidence`; `doc._.vnnews_abbreviations`
is the same read as a list (`mentions_of`). Only the article is searched: the structure stage's
`article_ranges` minus its boilerplate blocks.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_right
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example

from ..extensions import article_ranges, register_extensions
from ..spans import doc_text
from .detect import AbbreviationMention, find_abbreviations

SPANS_KEY = "vnnews_abbreviations"
LABEL = "ABBR"


def article_parts(doc: Doc) -> list[tuple[int, int]]:
    """The article's char ranges (structure stage) without its boilerplate blocks."""
    blocks = [(s.start_char, s.end_char) for s in doc.spans.get("vnnews_boilerplate", [])]
    return subtract(article_ranges(doc), blocks)


def subtract(ranges: Iterable[tuple[int, int]], blocks: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ranges minus the blocks."""
    blocks = sorted(blocks)
    out = []
    for lo, hi in ranges:
        pos = lo
        for a, b in blocks:
            if b <= pos or a >= hi:
                continue
            if a > pos:
                out.append((pos, a))
            pos = max(pos, b)
        if pos < hi:
            out.append((pos, hi))
    return out


def mentions_of(doc: Doc) -> list[AbbreviationMention]:
    """The doc's abbreviation mentions as a list, read from its spans (empty when the stage did not run)."""
    if SPANS_KEY not in doc.spans:
        return []
    return [
        AbbreviationMention(s.start_char, s.end_char, s.text, s._.vnnews_long_form, s._.vnnews_abbreviation_source,
                            s._.vnnews_confidence)
        for s in sorted(doc.spans[SPANS_KEY], key=lambda s: (s.start_char, s.end_char))
    ]


def _split_at(doc: Doc, cuts: Iterable[int]) -> None:
    """Split tokens so that every cut falls on a token boundary (`250USD` → `250`, `USD`)."""
    starts = [t.idx for t in doc]
    by_token: dict[int, set[int]] = {}
    for pos in cuts:
        i = bisect_right(starts, pos) - 1
        if i >= 0 and starts[i] < pos < starts[i] + len(doc[i].text):
            by_token.setdefault(i, set()).add(pos - starts[i])
    if not by_token:
        return
    with doc.retokenize() as retokenizer:
        for i, offsets in by_token.items():
            token = doc[i]
            bounds = [0, *sorted(offsets), len(token.text)]
            orths = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
            retokenizer.split(token, orths, heads=[(token, 0)] * len(orths))


class AbbreviationComponent:
    """Writes `doc.spans["vnnews_abbreviations"]`, one span per mention with its long form."""

    def __init__(self, nlp: Language, name: str):
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        mentions = find_abbreviations(text, ranges=article_parts(doc))
        # a mention inside a glued token (`250USD`, `NộiĐT`) gets token boundaries of its own
        misaligned = [m for m in mentions if doc.char_span(m.start, m.end, alignment_mode="strict") is None]
        if misaligned:
            _split_at(doc, [p for m in misaligned for p in (m.start, m.end)])
        spans = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label=LABEL, alignment_mode="strict")
            if span is None:
                continue
            span._.vnnews_long_form = m.long
            span._.vnnews_abbreviation_source = m.source
            span._.vnnews_confidence = m.confidence
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc

    def score(self, examples: Iterable[Example], **kwargs) -> dict[str, float]:
        """Mention precision, recall, F1 and wrong-sense share, as `shared/eval/score.py` counts them: a
        mention matches by start and short form, its long form (`span._.vnnews_long_form`, else
        `span.kb_id_` in the reference) equal after NFC, lower-casing and whitespace folding."""
        tp = fp = fn = wrong = 0
        for eg in examples:
            gold = _keyed(eg.reference)
            pred = _keyed(eg.predicted)
            correct = sum(1 for k, v in pred.items() if gold.get(k) == v)
            tp += correct
            fp += len(pred) - correct
            fn += len(gold) - correct
            wrong += sum(1 for k, v in pred.items() if k in gold and gold[k] != v)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return {"abbr_p": p, "abbr_r": r, "abbr_f": 2 * p * r / (p + r) if p + r else 0.0,
                "abbr_wrong_sense": wrong / (tp + wrong) if tp + wrong else 0.0}


def _norm(long: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", long or "").split()).lower()


def _keyed(doc: Doc) -> dict[tuple[int, str], str]:
    spans: Iterable[Span] = doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else []
    return {(s.start_char, s.text): _norm(s._.vnnews_long_form or s.kb_id_) for s in spans}


@Language.factory(
    "vnnews_abbreviations",
    assigns=["doc.spans", "span._.vnnews_long_form", "span._.vnnews_abbreviation_source", "span._.vnnews_confidence"],
    requires=["doc._.vnnews_article_ranges"],
    default_score_weights={"abbr_f": 1.0, "abbr_p": 0.0, "abbr_r": 0.0, "abbr_wrong_sense": None},
)
def make_abbreviations(nlp: Language, name: str) -> AbbreviationComponent:
    """Abbreviations: in-text definitions, the curated dictionary, the sense in context."""
    return AbbreviationComponent(nlp, name)
