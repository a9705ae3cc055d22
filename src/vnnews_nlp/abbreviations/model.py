"""The learned sense model: per short form and sense, counts of the features around its mentions.

Three sources, read from `models/abbreviations/`:
- `senses.json` (`python -m vnnews_nlp.train.abbreviations fit`): the annotated articles' mentions
  (`annotated`), how often each short form is a mention where it occurs (`rates`) and the
  hyper-parameters below;
- `contexts.tsv.gz` (`… harvest`; a line is `short<TAB>JSON`, from ~130,000 unlabelled articles): the contexts of a long
  form written in full (`long`) and of short forms an article defines (`defined`).
A sense's counts are the sources' counts, each weighted and capped in contexts; its likelihood of a
feature is Dirichlet-smoothed towards the short form's pooled counts, so a sense seen a few times
stays close to the pool and says little (spelling variants such as `Liên minh châu Âu` /
`Liên hiệp châu Âu` are then left to the prior).
"""
from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import regex

from ..errors import VnnewsError
from ..paths import model_path
from ..textnorm import match_key

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
FITTED = "senses.json"
HARVESTED = "contexts.tsv.gz"
DEFAULTS = {
    "weight_annotated": 1.0,  # per annotated context
    "weight_defined": 1.0,  # per context of a mention its article defines
    "weight_long": 0.3,  # per context of the long form written in full
    "cap_contexts": 300.0,  # most contexts one source gives one sense
    "smoothing": 20.0,  # Dirichlet mass towards the pool, in feature counts
    "context_weight": 1.0,  # the log-likelihood's weight against the prior
    "context_cap": 8.0,  # most the context may move one sense against the best, in log units
    "pool_power": 0.5,  # an article's mentions of one form pool their evidence, divided by n ** pool_power
}


@dataclass(frozen=True)
class SenseCounts:
    """One sense's weighted feature counts and their total."""

    counts: dict[str, float]
    total: float
    contexts: float


@lru_cache(maxsize=1)
def fitted() -> dict:
    """The fitted model file; empty tables when it is missing (a pipeline without a trained model)."""
    path = model_path("abbreviations", FITTED)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        return {"rates": {}, "context": {}, "params": {}}
    except ValueError as exc:
        raise VnnewsError(f"abbreviation sense model is not valid JSON: {path}") from exc
    return data


def param(name: str) -> float:
    """A hyper-parameter of the fitted model (its default when the file does not set it)."""
    return float(fitted().get("params", {}).get(name, DEFAULTS[name]))


@lru_cache(maxsize=1)
def _harvested_lines() -> dict[str, str]:
    """Short form → its raw JSON line; a line is parsed the first time its form is met."""
    path = model_path("abbreviations", HARVESTED)
    out: dict[str, str] = {}
    try:
        fh = gzip.open(path, "rt", encoding="utf-8")
    except OSError:
        return out
    with fh:
        for line in fh:
            short, _, rest = line.partition("\t")
            out[short] = rest
    return out


def harvested(short: str) -> dict:
    """The harvested contexts of a short form: {sense key: {source: {"n", "t", "f"}}}."""
    line = _harvested_lines().get(short)
    return json.loads(line) if line else {}


def mention_rate(short: str) -> tuple[int, int]:
    """(gold mentions, occurrences) of a short form in the annotated articles; (0, 0) when unseen."""
    r = fitted()["rates"].get(short)
    return (r[0], r[1]) if r else (0, 0)


def _combine(sources: dict) -> SenseCounts:
    counts: dict[str, float] = {}
    total = contexts = 0.0
    for source, entry in sources.items():
        n = entry["n"]
        scale = param("weight_" + source) * min(1.0, param("cap_contexts") / n) if n else 0.0
        if scale <= 0:
            continue
        for f, c in entry["f"].items():
            counts[f] = counts.get(f, 0.0) + scale * c
        total += scale * entry["t"]
        contexts += scale * n
    return SenseCounts(counts, total, contexts)


# A form's tables take up to a few MB as dicts and build in well under a millisecond on
# average: caching every form a long-running worker meets held 100 MB or more.
TABLES_CACHED = 64


@lru_cache(maxsize=TABLES_CACHED)
def table(short: str) -> dict[str, SenseCounts]:
    """Sense key → combined counts, for every sense of `short` some source saw."""
    merged: dict[str, dict] = {}
    for key, sources in harvested(short).items():
        merged.setdefault(key, {}).update(sources)
    for key, entry in fitted()["context"].get(short, {}).items():
        merged.setdefault(key, {})["annotated"] = entry
    return {key: _combine(sources) for key, sources in merged.items()}


def _own_words(short: str, keys: Sequence[str]) -> frozenset[str]:
    """Features naming a word of one of the senses or the short form itself (`w:phòng` for `HP`): the
    contexts of a long form written in full hold its other mentions, a short form's contexts do not."""
    words = {match_key(short)} | {w for k in keys for w in _WORD.findall(k)}
    return frozenset(f"{p}:{w}" for w in words for p in ("w", "l1", "r1"))


def _content(key: str) -> frozenset[str]:
    from .lexicon import words

    filler = {match_key(w) for w in words("definition_filler")}
    return frozenset(w for w in _WORD.findall(key) if w not in filler)


def variants(keys: Sequence[str]) -> list[int]:
    """A cluster number per sense key: spellings of one long form (`Cơ quan Hàng không Vũ trụ Mỹ` /
    `… Hàng không và Vũ trụ Mỹ`, `Cục Dự trữ …` / `Ngân hàng Dự trữ …`) share one, whose words
    mostly coincide. Context cannot tell spellings apart; the prior chooses among them."""
    words = [_content(k) for k in keys]
    cluster = list(range(len(keys)))
    for i in range(len(keys)):
        for j in range(i):
            a, b = words[i], words[j]
            if a and b and (len(a & b) / len(a | b) >= 0.5 or a <= b or b <= a):
                old, new = cluster[i], cluster[j]
                cluster = [new if c == old else c for c in cluster]
    return cluster


def _merge(parts: list[SenseCounts]) -> SenseCounts:
    counts: dict[str, float] = {}
    for p in parts:
        for f, c in p.counts.items():
            counts[f] = counts.get(f, 0.0) + c
    return SenseCounts(counts, sum(p.total for p in parts), sum(p.contexts for p in parts))


@lru_cache(maxsize=TABLES_CACHED)
def _prepared(short: str, keys: tuple[str, ...]) -> tuple[tuple[SenseCounts | None, ...], dict[str, float], float]:
    """The senses asked about, spellings of one long form merged (`variants`), and their pooled counts
    (never those of senses outside the dictionary in use), without the features naming their own words."""
    t = table(short)
    cluster = variants(keys)
    merged: dict[int, SenseCounts | None] = {}
    for c in set(cluster):
        parts = [t[k] for k, ck in zip(keys, cluster) if ck == c and k in t]
        merged[c] = _merge(parts) if parts else None
    known = tuple(merged[c] for c in cluster)
    own = _own_words(short, keys)
    pool: dict[str, float] = {}
    for k in merged.values():
        if k is not None:
            for f, c in k.counts.items():
                if f not in own:
                    pool[f] = pool.get(f, 0.0) + c
    return known, pool, sum(k.total for k in merged.values() if k is not None) or 1.0


def _logs(short: str, keys: tuple[str, ...], feats: Iterable[str]) -> Iterable[tuple[str, list[float]]]:
    """Per feature the pool knows, each sense's smoothed log-likelihood of it."""
    known, pool, pool_total = _prepared(short, keys)
    mu = param("smoothing")
    for f in feats:
        c = pool.get(f)
        if not c:
            continue
        p_bg = c / pool_total
        yield f, [math.log(p_bg) if k is None else math.log((k.counts.get(f, 0.0) + mu * p_bg) / (k.total + mu))
                  for k in known]


def log_likelihoods(short: str, keys: Sequence[str], feats: Iterable[str]) -> list[float] | None:
    """Per sense key, the features' log-likelihood; None when the model saw fewer than two of the senses.
    A sense the model never saw gets the pool's likelihood."""
    keys = tuple(keys)
    known = _prepared(short, keys)[0]
    if len({id(k) for k in known if k is not None and k.contexts > 0}) < 2:
        return None
    scores = [0.0] * len(keys)
    for _, logs in _logs(short, keys, feats):
        scores = [a + b for a, b in zip(scores, logs)]
    return scores


def contributions(short: str, keys: Sequence[str], feats: Iterable[str]) -> dict[str, list[tuple[str, float]]]:
    """Per sense key, the features that favour it most over the other senses (for explanations)."""
    out: dict[str, list[tuple[str, float]]] = {k: [] for k in keys}
    for f, logs in _logs(short, tuple(keys), feats):
        mean = sum(logs) / len(logs)
        for key, v in zip(keys, logs):
            if v - mean > 0.05:
                out[key].append((f, round(v - mean, 2)))
    return {k: sorted(v, key=lambda x: -x[1]) for k, v in out.items()}
