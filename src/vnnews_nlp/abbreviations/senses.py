"""Choosing the sense of a mention: structural role, cue words, the trained context model, the prior."""
from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Sequence

import regex

from ..paths import model_path
from ..textnorm import match_key
from .dictionary import Sense, senses_of

# A mention's place in a structure narrows its kind: `14/KH-UBND` (document type, then issuers),
# `TTO -` / `(NLĐ)-` (press tag).
ROLE_KINDS = {
    "doc": ("document-code",),
    "issuer": ("organisation",),
    "press": ("organisation",),
    "title": ("title",),
}
_CUE_NEAR = 2.0
_CUE_DOC = 0.6
_NB_WEIGHT = 0.6
_NB_CAP = 3.0
WINDOW = 8
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")


def window_words(text: str, start: int, end: int, width: int = WINDOW) -> list[str]:
    """Match keys of the words within `width` words either side of a span (the span excluded)."""
    left = _WORD.findall(text, max(0, start - 12 * width), start)[-width:]
    right = _WORD.findall(text, end, min(len(text), end + 12 * width))[:width]
    return [match_key(w) for w in left + right]


@lru_cache(maxsize=1)
def _model() -> dict:
    path = model_path("abbreviations", "senses.json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        return {"rates": {}, "context": {}}


def mention_rate(short: str) -> tuple[int, int]:
    """(gold mentions, occurrences) of a short form in the training articles; (0, 0) when unseen."""
    r = _model()["rates"].get(short)
    return (r[0], r[1]) if r else (0, 0)


def grams(words: Sequence[str], n: int = 3) -> frozenset[str]:
    """Every run of 1..n consecutive words, joined by spaces: what multi-word cues are looked up in."""
    return frozenset(" ".join(words[i:i + k]) for k in range(1, n + 1) for i in range(len(words) - k + 1))


def doc_grams(text: str) -> frozenset[str]:
    """The cue look-up set of a whole text, built once per document."""
    return grams([match_key(w) for w in _WORD.findall(text)])


def _cue_score(sense: Sense, near: frozenset[str], doc: frozenset[str]) -> float:
    score = 0.0
    for cue in sense.context:
        key = match_key(cue)
        if key in near:
            score += _CUE_NEAR
        elif key in doc:
            score += _CUE_DOC
    return min(score, 2 * _CUE_NEAR)


def _nb_scores(short: str, senses: Sequence[Sense], words: Sequence[str]) -> list[float]:
    table = _model()["context"].get(short)
    if not table or not words:
        return [0.0] * len(senses)
    vocab = 1 + len({w for d in table.values() for w in d["words"]})
    out: list[float | None] = []
    for s in senses:
        d = table.get(match_key(s.long))
        if d is None:
            out.append(None)
            continue
        total = sum(d["words"].values())
        out.append(sum(math.log((d["words"].get(w, 0) + 0.5) / (total + 0.5 * vocab)) for w in words))
    known = [x for x in out if x is not None]
    if len(known) < 2:
        return [0.0] * len(senses)
    # the model only ranks the senses it saw; one it never saw is left to cues and prior
    top = max(known)
    out = [top if x is None else x for x in out]
    best = max(out)
    # bounded: a handful of training articles must not outvote explicit cue words
    return [max(_NB_WEIGHT * (x - best), -_NB_CAP) for x in out]


def rank(
    short: str,
    near: Sequence[str] = (),
    doc: frozenset[str] = frozenset(),
    role: str | None = None,
) -> list[tuple[Sense, float]]:
    """Senses of `short` with probabilities, best first.

    `near`: match keys of the words around the mention; `doc`: `doc_grams` of the whole text.
    """
    senses = list(senses_of(short))
    if not senses:
        return []
    if role == "phone":
        phone = [s for s in senses if match_key(s.long) in ("điện thoại", "telephone")]
        senses = phone or senses
    elif role in ROLE_KINDS:
        fitting = [s for s in senses if s.kind in ROLE_KINDS[role]]
        senses = fitting or senses
    if len(senses) == 1:
        return [(senses[0], 1.0)]
    near_grams = grams(near)
    nb = _nb_scores(short, senses, near)
    scores = []
    for i, s in enumerate(senses):
        prior = math.log(s.prior + 0.05)
        scores.append(prior + _cue_score(s, near_grams, doc) + nb[i])
    top = max(scores)
    weights = [math.exp(x - top) for x in scores]
    z = sum(weights)
    return sorted(((s, w / z) for s, w in zip(senses, weights)), key=lambda p: -p[1])
