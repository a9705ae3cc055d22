"""One-syllable entities that are the first syllable of a common word: no entity (`Huân chương`,
`Thế vận hội`, `Mỹ phẩm`, `Việt kiều`).

A capitalised syllable opening a sentence or a title looks like a name or a
country to the model; when it and the lower-case syllables after it spell a word
of underthesea's Vietnamese dictionary (Viet74K, shipped with underthesea), it is
that word. After an honorific or a title (`chị Lan tỏa`, `ông Thành công tác`) the
syllable stays a name.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from ..textnorm import match_key
from .spans import Triple
from .tokens import Tokens, phrase_before, tokens
from .vocab import places, word_set, world_places

MAX_WORD_SYLLABLES = 4


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Lower-case words of two or more syllables from underthesea's Viet74K word list, as match keys
    (the list writes `hoà`, news mostly `hòa`)."""
    path = resources.files("underthesea") / "corpus" / "data" / "Viet74K.txt"
    words = path.read_text(encoding="utf-8").splitlines()
    return frozenset(match_key(w) for w in (line.strip() for line in words) if " " in w and w == w.lower())


def not_word_openings(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """Drop one-syllable spans that open a common word (`Huân` of `Huân chương`)."""
    t = tokens(doc)
    return [
        (s, e, label)
        for s, e, label in spans
        # after an honorific or a title the syllable stays a name (`ông Thành công tác`)
        if e - s > 1 or not t.alpha[s] or phrase_before(t, s, word_set("person_words", "name_mark")) or not _word_rest(t, s)
    ]


def _word_rest(t: Tokens, i: int) -> int:
    """Lower-case syllables after token i that complete a dictionary word with it (`Thủy` + `văn`)."""
    words = dictionary_words()
    parts = [t.lower[i]]
    best = 0
    for k in range(i + 1, min(i + MAX_WORD_SYLLABLES, len(t))):
        if t.ws[k - 1] != " " or not t.alpha[k] or not t.texts[k].islower():
            break
        parts.append(t.texts[k])
        if match_key(" ".join(parts)) in words:
            best = k - i
    return best


def _ends_in_place(t: Tokens, start: int, end: int) -> bool:
    """True when the span ends with a place name (`TAND tỉnh Thái Bình`, `Nokia Trung Quốc`)."""
    known, world = places(), world_places()
    return any(t.span_text(k, end) in known or t.span_text(k, end) in world for k in range(max(start, end - 4), end - 1))


def whole_words(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """ORG spans that stop inside a word take the rest of it (`Đài Khí tượng Thủy` + `văn`,
    `Viện Ngôn` + `ngữ`): a name is written in whole words. Not past another span."""
    t = tokens(doc)
    starts = {s for s, _, _ in spans}
    out: list[Triple] = []
    for s, e, label in spans:
        if label == "ORG" and e - s >= 2 and t.cap[e - 1] and not _ends_in_place(t, s, e):
            rest = _word_rest(t, e - 1)
            if rest and not starts.intersection(range(e, e + rest)):
                e += rest
        out.append((s, e, label))
    return out
