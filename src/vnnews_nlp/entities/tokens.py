"""A Doc's tokens as the entity rules read them: canonical spellings, flags, phrase matches.

spaCy makes a new `Token` object on every `doc[i]`, and the rules look at each token
many times, so they read plain lists built once per document. Token texts are in
their canonical spelling (`textnorm.canonical`: NFC, one tone placement, case kept)
and `lower` holds match keys, so NFD input, `hòa`/`hoà` and `Ð`/`Đ` meet the word
lists as one word; `idx` keeps the input's offsets, so spans stay exact.

Phrases of the word lists (`vocab.PHRASES`) are found by one spaCy `PhraseMatcher`
on NORM (the token's match key) per vocabulary, run once per document; lists whose
case matters also compare the canonical spelling. `match_at(t, i, name)` is then a
lookup: the longest phrase of `name` starting at token i.
"""
from __future__ import annotations

from collections import defaultdict

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..spans import doc_text
from ..textnorm import canonical, match_key
from ..tokenizer import syllables
from .vocab import PHRASES, phrase_table

_ATTRS = ["IDX", "LENGTH", "SPACY", "IS_SPACE", "IS_ALPHA", "IS_DIGIT", "LIKE_NUM", "IS_PUNCT"]


class Tokens:
    """The token lists of one Doc and its phrase matches, built once per document."""

    __slots__ = ("doc", "text", "texts", "lower", "ws", "space", "alpha", "digit", "num", "punct", "cap", "idx",
                 "_phrases")

    def __init__(self, doc: Doc, text: str | None = None):
        self.doc = doc
        self.text = doc_text(doc) if text is None else text
        n = len(doc)
        idx, length, spacy, space, alpha, digit, num, punct = (
            doc.to_array(_ATTRS).T.tolist() if n else [[] for _ in _ATTRS]
        )
        raw = self.text
        self.idx: list[int] = idx
        self.texts: list[str] = [canonical(raw[a : a + b]) for a, b in zip(idx, length)]
        self.lower: list[str] = [w.lower() for w in self.texts]
        self.ws: list[str] = [" " if f else "" for f in spacy]
        self.space: list[int] = space
        self.alpha: list[int] = alpha
        self.digit: list[int] = digit
        self.num: list[int] = num
        self.punct: list[int] = punct
        # A letter-only token opening with a capital (str.isupper on one letter is 4x faster than \p{Lu})
        self.cap: list[bool] = [bool(a and w[:1].isupper()) for w, a in zip(self.texts, alpha)]
        self._phrases: dict[str, dict[int, int]] | None = None

    def __len__(self) -> int:
        return len(self.texts)

    def span_text(self, start: int, end: int) -> str:
        """The canonical spelling of tokens start..end-1 with their spacing (what word lists are keyed on)."""
        end = min(end, len(self.texts))
        if start >= end:
            return ""
        return "".join(self.texts[k] + self.ws[k] for k in range(start, end - 1)) + self.texts[end - 1]

    def phrases(self, name: str, fold: bool = True) -> dict[int, int]:
        """Token index → length of the longest phrase of vocabulary `name` starting there; with `fold`
        False, only phrases written exactly so (canonical spelling, case included)."""
        if self._phrases is None:
            self._phrases = _find_phrases(self)
        return self._phrases[fold].get(name, {})


def tokens(doc: Doc | Tokens) -> Tokens:
    """The lists of `doc`; the entity component builds them once and passes them to every rule."""
    return doc if isinstance(doc, Tokens) else Tokens(doc)


_matchers: dict[int, tuple[Vocab, PhraseMatcher]] = {}


def _matcher(vocab: Vocab) -> PhraseMatcher:
    """One PhraseMatcher per Vocab with every vocabulary of `vocab.PHRASES`, keyed by its name."""
    cached = _matchers.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1]
    matcher = PhraseMatcher(vocab, attr="NORM")
    for name in PHRASES:
        matcher.add(name, [Doc(vocab, words=syllables(p)) for p in phrase_table(name)])
    _matchers[id(vocab)] = (vocab, matcher)
    return matcher


def _find_phrases(t: Tokens) -> dict[bool, dict[str, dict[int, int]]]:
    """Longest match of each vocabulary at each token (phrases on one line only): folded, and exact-case."""
    folded: dict[str, dict[int, int]] = defaultdict(dict)
    cased: dict[str, dict[int, int]] = defaultdict(dict)
    strings = t.doc.vocab.strings
    for match_id, start, end in _matcher(t.doc.vocab)(t.doc):
        if not joined(t, start, end):
            continue
        name, n = strings[match_id], end - start
        if n > folded[name].get(start, 0):
            folded[name][start] = n
        if n > cased[name].get(start, 0) and tuple(t.texts[start:end]) in phrase_table(name).cased:
            cased[name][start] = n
    return {True: folded, False: cased}


def match_at(doc: Doc | Tokens, i: int, name: str, fold: bool = False) -> int:
    """Length in tokens of the longest phrase of vocabulary `name` starting at token i (0 if none); with
    `fold` the case of the text does not matter."""
    return tokens(doc).phrases(name, fold).get(i, 0)


def starts(doc: Doc | Tokens, name: str, fold: bool = False) -> list[int]:
    """Token indices where a phrase of vocabulary `name` starts, in order."""
    return sorted(tokens(doc).phrases(name, fold))


def joined(t: Tokens, start: int, end: int) -> bool:
    """True when tokens start..end-1 are separated by single plain spaces at most (one line)."""
    return all(t.ws[i] in ("", " ") for i in range(start, end - 1)) and not any(t.space[start:end])


def cap_run(doc: Doc | Tokens, i: int, limit: int = 6) -> int:
    """Number of capitalised syllables from token i on, joined by single spaces (`Thanh Hóa`)."""
    t = tokens(doc)
    n = 0
    while i + n < len(t) and n < limit and t.cap[i + n]:
        if n and t.ws[i + n - 1] != " ":
            break
        n += 1
    return n


def phrase_before(doc: Doc | Tokens, i: int, phrases: frozenset[str]) -> int:
    """Length (1 or 2 words) of a phrase of `phrases` (match keys) that ends right before token i, spaced
    from it (`đội` + `Thể Công`, `máy bay` + `Boeing`); 0 if none."""
    t = tokens(doc)
    if i < 1 or t.ws[i - 1] != " ":
        return 0
    if t.lower[i - 1] in phrases:
        return 1
    if i >= 2 and t.ws[i - 2] == " " and f"{t.lower[i - 2]} {t.lower[i - 1]}" in phrases:
        return 2
    return 0


def phrase_after(t: Tokens, end: int, phrases: frozenset[str]) -> bool:
    """True when a phrase of `phrases` (1 or 2 words, match keys) follows token `end - 1` after a space."""
    if end >= len(t) or t.ws[end - 1] != " ":
        return False
    one = t.lower[end]
    two = f"{one} {t.lower[end + 1]}" if end + 1 < len(t) and t.ws[end] == " " else ""
    return one in phrases or two in phrases


def continues_name(t: Tokens, start: int, end: int) -> bool:
    """True when the match is only the start or end of a longer capitalised name (`Đảng Cộng sản`)."""
    after = end < len(t) and t.ws[end - 1] == " " and t.cap[end]
    before = start > 0 and t.ws[start - 1] == " " and t.cap[start - 1] and not (
        start - 1 == 0 or t.space[start - 2] or t.punct[start - 2]
    )
    return after or before


def key(text: str) -> str:
    """The match key of a phrase (for comparisons with `Tokens.lower` and `phrase_before`)."""
    return match_key(text)
