"""spaCy component `vnnews_language`: does the article read as Vietnamese at all?

A light check, no model: words spelled as Vietnamese syllables with their marks
(`Hà`, `Nội`, `được`) against all words and against words with marks no Vietnamese
syllable takes (`président`, `München`, Cyrillic, CJK). Vietnamese news holds 40-90 %
such words; of 50,000 articles of VNTC and the modern set none fell under the bar.
English, French, Chinese, Vietnamese typed without marks, and text without words do.
The verdict goes to `doc._.vnnews_language` (`vi`, `other`, `empty`) with a warning;
the topic classifier leaves the category null unless it is `vi`.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import regex
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from .decode import is_vietnamese_syllable
from .extensions import add_warning, article_ranges, register_extensions
from .spans import doc_text
from .textnorm import WORD_CACHE

# Share of all words that must be marked Vietnamese syllables (VNTC's lowest was 0.16).
MIN_VIETNAMESE_SHARE = 0.1
_WORD = regex.compile(r"\p{L}+")
_SAMPLE = 32_768  # characters from the head, middle and tail of a long article


@lru_cache(maxsize=WORD_CACHE)
def _word_kind(word: str) -> int:
    """0: plain ASCII (names, codes, unmarked words), 1: a marked Vietnamese syllable, 2: foreign marks."""
    if word.isascii():
        return 0
    return 1 if is_vietnamese_syllable(word) else 2


def detect_language(text: str) -> tuple[str, str | None]:
    """(`vi` | `other` | `empty`, a warning or None) for an article's text."""
    if len(text) > 3 * _SAMPLE:
        middle = len(text) // 2
        text = text[:_SAMPLE] + " " + text[middle:middle + _SAMPLE] + " " + text[-_SAMPLE:]
    kinds = [_word_kind(w) for w in _WORD.findall(text)]
    if not kinds:
        return "empty", "no words in the article: category left null"
    vietnamese, foreign = kinds.count(1), kinds.count(2)
    if vietnamese >= MIN_VIETNAMESE_SHARE * len(kinds) and vietnamese > foreign:
        return "vi", None
    return "other", (f"the text does not read as Vietnamese ({vietnamese} of {len(kinds)} words are Vietnamese "
                     f"syllables with their marks): category left null")


class LanguageComponent:
    """Writes `doc._.vnnews_language` and, unless it is `vi`, a warning."""

    def __init__(self, nlp: Language, name: str):
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        if not text.strip():
            doc._.vnnews_language = "empty"
            add_warning(doc, "empty text: nothing to analyse")
            return doc
        language, warning = detect_language("\n".join(text[a:b] for a, b in article_ranges(doc)))
        doc._.vnnews_language = language
        if warning:
            add_warning(doc, warning)
        return doc

    def score(self, examples: Iterable[Example], **kwargs) -> dict:
        """Accuracy of the verdict against the reference docs' `vnnews_language` (where set)."""
        pairs = [(e.predicted._.vnnews_language, e.reference._.vnnews_language) for e in examples
                 if e.reference._.vnnews_language is not None]
        return {"language_acc": sum(p == g for p, g in pairs) / len(pairs) if pairs else None}


@Language.factory(
    "vnnews_language",
    assigns=["doc._.vnnews_language"],
    requires=["doc._.vnnews_article_ranges"],
    default_score_weights={"language_acc": 0.0},
)
def make_language(nlp: Language, name: str) -> LanguageComponent:
    """Whether the article reads as Vietnamese (`doc._.vnnews_language`)."""
    return LanguageComponent(nlp, name)
