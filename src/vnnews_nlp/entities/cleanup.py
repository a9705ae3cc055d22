"""Last words on the spans: what is no entity (events, bare kinds, unnamed units, storms, the pronoun
`Anh`, an index), names the training annotations always label alike, one label per surface text.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Doc

from .acronyms import opens_with
from .spans import Triple
from .tokens import Tokens, continues_name, joined, match_at, phrase_before, tokens
from .vocab import Lexicon, canonical_words, word_set


@lru_cache(maxsize=1)
def _generic_orgs() -> frozenset[str]:
    return frozenset(w.lower() for w in canonical_words("org_heads", "generic"))


def not_organisations(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """Drop ORGs that are events (`Hội chợ ...`, `Hội nghị ...`) or bare kinds (`Trung tâm học tập cộng đồng`),
    LOCs that are a unit with no name (`thị trấn`, `TP biển`), storm and index names, the pronoun `Anh`."""
    t = tokens(doc)
    events = canonical_words("org_heads", "event_opening")
    out: list[Triple] = []
    for s, e, label in spans:
        if label == "ORG":
            text = t.span_text(s, e)
            if text.lower() in _generic_orgs() or opens_with(text, events):
                continue
        if label == "LOC" and _unnamed_place(t, s, e):
            continue
        if _index_name(t, e) or _storm_name(t, s) or _pronoun_anh(t, s, e):
            continue
        out.append((s, e, label))
    return out


def _unnamed_place(t: Tokens, start: int, end: int) -> bool:
    """A unit with no name after it: `thị trấn`, `TP biển`, `miền núi`."""
    unit = match_at(t, start, "places", fold=True)
    if not unit or not (t.texts[start].islower() or t.texts[start] == "TP"):
        return False
    return all(t.alpha[k] and t.texts[k].islower() for k in range(start + unit, end))


def _storm_name(t: Tokens, start: int) -> bool:
    """The name of a storm (`bão Rita`, `siêu bão Yagi`, each of `bão Dennis, Rita và Wilma`):
    no person, place or body."""
    storm = word_set("context_words", "storm")
    while start >= 1 and t.ws[start - 1] == " ":
        if phrase_before(t, start, storm):
            return True
        # step back over one listed name: `Rita, ` or `Stan và `
        k = start - 1
        if t.lower[k] == "và":
            k -= 1
        elif k >= 1 and t.texts[k] == "," and t.ws[k - 1] == "":
            k -= 1
        else:
            return False
        if k < 0 or not t.cap[k]:
            return False
        start = k
    return False


def _pronoun_anh(t: Tokens, start: int, end: int) -> bool:
    """`Anh cho biết`, `- Anh đã ...`: the pronoun opening a sentence, not the country."""
    if end - start != 1 or t.texts[start] != "Anh" or end >= len(t):
        return False
    if t.lower[end] not in word_set("span_edges", "after_pronoun"):
        return False
    before = t.texts[start - 1] if start else "."
    return start == 0 or t.space[start - 1] or before in (".", "-", "–", "“", '"', ":", "!", "?")


def _index_name(t: Tokens, end: int) -> bool:
    """`VN` of `VN-Index`: part of a market index's name."""
    return end + 1 < len(t) and t.texts[end] == "-" and not t.ws[end - 1] and t.lower[end + 1] == "index"


def lexicon_names(doc: Doc | Tokens, lexicon: Lexicon) -> list[Triple]:
    """Mentions of names the training annotations always label alike (longest match, whole names only)."""
    t = tokens(doc)
    at = [i for i, space in enumerate(t.space) if not space]
    words = [t.texts[i] for i in at]
    out: list[Triple] = []
    free = 0  # first word not inside a name already found
    for k in [k for k, word in enumerate(words) if word in lexicon]:
        if k < free:
            continue
        for name, label in lexicon[words[k]]:
            n = len(name)
            if tuple(words[k : k + n]) != name:
                continue
            start, end = at[k], at[k + n - 1] + 1
            if joined(t, start, end) and not continues_name(t, start, end):
                out.append((start, end, label))
                free = k + n
                break
    return out


def consistent_labels(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """Relabel each surface text to its majority label in the document (ties keep the first)."""
    t = tokens(doc)
    votes: dict[str, Counter] = defaultdict(Counter)
    for start, end, label in spans:
        votes[t.span_text(start, end)][label] += 1
    return [(s, e, votes[t.span_text(s, e)].most_common(1)[0][0]) for s, e, _ in spans]
