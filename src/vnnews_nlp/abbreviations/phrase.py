"""Where a long form written before `(SHORT)` begins when its letters do not spell the short form.

`Sáng kiến Thăm dò Tình hình Chiến lược ở Biển Đông (SCSPI)`, `Trung tâm Điều hành giao thông
thông minh (ITC)`: the phrase is read back from the bracket, over the words of its clause. In order:
a dictionary long form of the short form written there, the text's own wording of one, and the
start a boundary model learned from text (`models/abbreviations/boundaries.json`, harvested from the
definitions whose letters do align: which words open a long form, which stand before one, which sit
inside one, each against how often the word occurs at all).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..paths import model_path
from ..textnorm import match_key
from . import lexicon
from .dictionary import senses_of

BOUNDARIES = "boundaries.json"
MAX_WORDS = 16
EDGE = "<edge>"  # the clause's start: a bracket, a quote, a sentence end or the line start
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+|[,&/\-–]")
_CLAUSE_END = ").:;!?“”\"("


def tokens(text: str, start: int, end: int) -> list[regex.Match]:
    """The words and inner punctuation (`, & / -`) of `text[start:end]`."""
    return list(_TOKEN.finditer(text, start, end))


def clause_start(text: str, pos: int, limit: int = 160) -> int:
    """Where the clause holding `pos` begins: a long form never runs across a sentence end or a bracket."""
    lo = max(0, pos - limit)
    nl = text.rfind("\n", lo, pos)
    stop = max(nl + 1, lo)
    for ch in _CLAUSE_END:
        k = text.rfind(ch, stop, pos)
        if k >= 0 and not (ch == "." and k + 1 < pos and not text[k + 1].isspace()):
            stop = max(stop, k + 1)
    return stop


def token_key(m: regex.Match) -> str:
    return match_key(m.group())


def shape(word: str) -> str:
    if word[:1].isdigit():
        return "num"
    if not word[:1].isalnum():
        return "punct"
    if word.isupper() and len(word) > 1:
        return "CAP"
    return "Cap" if word[:1].isupper() else "low"


def dictionary_suffix(short: str, words: list[regex.Match], end: int) -> int | None:
    """A dictionary long form of `short` written just before the bracket: its first word index."""
    keys = {match_key(s.long) for s in senses_of(short)}
    if not keys:
        return None
    for k in range(max(0, end - MAX_WORDS), end):
        if words[k].group()[:1].isalnum():
            text = " ".join(w.group() for w in words[k:end])
            if match_key(text.replace(" - ", "-").replace(" ,", ",")) in keys or match_key(text) in keys:
                return k
    return None


def similar_dictionary(short: str, words: list[regex.Match], end: int) -> int | None:
    """The text's own wording of a dictionary long form (`Tổ chức Các nước xuất khẩu dầu (OPEC)`)."""
    best, best_score = None, 0.0
    for sense in senses_of(short):
        target = match_key(sense.long).split()
        if len(target) < 2:
            continue
        for n in range(max(2, len(target) - 2), min(end, len(target) + 2) + 1):
            span = [match_key(w.group()) for w in words[end - n:end]]
            if not span or span[0] != target[0] or not span[0][:1].isalnum():
                continue
            common = sum(min(span.count(w), target.count(w)) for w in set(span))
            score = common / max(len(span), len(target))
            if score > best_score:
                best, best_score = end - n, score
    return best if best_score >= 0.6 else None


def name_run(words: list[regex.Match], end: int) -> int | None:
    """The first word of a name-like phrase ending at `end`: the farthest capitalised word reached going back
    over words that can sit inside a name (`Thí nghiệm sử dụng tài nguyên ôxy tại chỗ trên Sao Hỏa`, `Quân đội
    Kachin độc lập`), stopping at a word that cannot (`name_inner_stop`: `là`, `được`) and never opening on a
    word of the clause (`name_opener_stop`: `Tại`, `Một`, `Theo`); None for a single word."""
    inner, opener = lexicon.words("name_inner_stop"), lexicon.words("name_opener_stop")
    start, k = None, end - 1
    while k >= 0 and end - k <= MAX_WORDS:
        w = words[k].group()
        key = match_key(w)
        if not w[:1].isalnum():
            if w not in ("&", "-", "–"):
                break
        elif key in inner:
            break
        elif (w[:1].isupper() or w[:1].isdigit() and start is not None) and key not in opener and end - k >= 2:
            start = k
        k -= 1
    return start


@dataclass(frozen=True)
class BoundaryModel:
    """Log-ratios of a token opening, preceding and sitting inside a long form, against its overall rate."""

    first: dict[str, float]
    before: dict[str, float]
    inside: dict[str, float]
    first_shape: dict[str, float]
    unseen: float
    threshold: float

    def score(self, keys: list[str], shapes: list[str], k: int, end: int) -> float:
        """How well `keys[k:end]` reads as one long form standing right before the bracket."""
        before = keys[k - 1] if k > 0 else EDGE
        s = self.first.get(keys[k], self.unseen) + self.first_shape.get(shapes[k], 0.0)
        s += self.before.get(before, self.unseen)
        s += sum(self.inside.get(w, self.unseen) for w in keys[k + 1:end])
        return s


def log_ratios(counts: dict[str, int], background: dict[str, int], smoothing: float = 1.0,
               min_count: int = 3) -> dict[str, float]:
    """log P(token | role) - log P(token) for tokens seen at least `min_count` times in the role."""
    n_role = sum(counts.values()) or 1
    n_bg = sum(background.values()) or 1
    vocab = len(background) + 1
    out = {}
    for w, c in counts.items():
        if c < min_count:
            continue
        p_role = (c + smoothing) / (n_role + smoothing * vocab)
        p_bg = (background.get(w, 0) + smoothing) / (n_bg + smoothing * vocab)
        out[w] = round(max(-6.0, min(6.0, math.log(p_role / p_bg))), 3)
    return out


@lru_cache(maxsize=1)
def boundary_model() -> BoundaryModel | None:
    """The harvested boundary counts as a model; None when no model was harvested."""
    path = model_path("abbreviations", BOUNDARIES)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        return None
    bg = data["background"]
    return BoundaryModel(
        first=log_ratios(data["first"], bg), before=log_ratios(data["before"], bg),
        inside=log_ratios(data["inside"], bg), first_shape=log_ratios(data["first_shape"], data["shape_background"], 1.0, 1),
        unseen=float(data.get("unseen", -2.0)), threshold=float(data.get("threshold", 0.0)),
    )


def learned_start(words: list[regex.Match], end: int, min_words: int = 2) -> int | None:
    """The best-scoring first word of a long form ending at `end`, or None when none scores well enough."""
    model = boundary_model()
    if model is None or end < min_words:
        return None
    keys = [token_key(w) for w in words[:end]]
    shapes = [shape(w.group()) for w in words[:end]]
    best, best_score = None, model.threshold
    for k in range(max(0, end - MAX_WORDS), end - min_words + 1):
        if shapes[k] == "punct":
            continue
        s = model.score(keys, shapes, k, end)
        if s > best_score:
            best, best_score = k, s
    return best


def plausible_long(words: list[regex.Match], min_words: int = 2) -> bool:
    """Whether words standing alone (in a bracket) read as a long form: no number, and as an opening,
    inner words and an edge before them the learned boundary model scores above its threshold."""
    model = boundary_model()
    if model is None or len(words) < min_words or len(words) > MAX_WORDS:
        return False
    if any(not w.group()[:1].isalpha() and w.group() not in ("-", "–", "&", "/") for w in words):
        return False
    keys = [EDGE] + [token_key(w) for w in words]
    shapes = ["punct"] + [shape(w.group()) for w in words]
    return model.score(keys, shapes, 1, len(keys)) > model.threshold
