"""The harvest's context counts: the contexts of ambiguous short forms' senses in unlabelled articles.

- `long`: where a sense's long form is written in full (`trung tâm` in `Trung tâm Y tế huyện`),
  its features as if it were the short form; a seeded sample of at most `LONG_SAMPLE` per sense;
- `defined`: the other mentions of a short form in an article that defines it (one sense per article).
"""
from __future__ import annotations

import random
from collections import Counter, defaultdict
from pathlib import Path

import regex

from ..abbreviations.features import Words, features
from ..textnorm import match_key

LONG_SAMPLE = 5_000
KEEP_FEATURES = 1_500  # most features kept per sense and source
MIN_FEATURE = 2  # a feature seen fewer times in a source is dropped
PRUNE_EVERY = 20_000  # articles between prunings of features seen once
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")


def _index(table: dict) -> tuple[dict[str, list[tuple[tuple[str, ...], tuple[tuple[str, str], ...]]]], dict]:
    """First word → (long form's word keys, the (short, sense key) pairs it spells), for ambiguous forms."""
    spelled: dict[tuple[str, ...], set[tuple[str, str]]] = defaultdict(set)
    for short, senses in table.items():
        if len(senses) < 2:
            continue
        for s in senses:
            keys = tuple(match_key(w) for w in _WORD.findall(s.long))
            if keys:
                spelled[keys].add((short, match_key(s.long)))
    index: dict[str, list] = defaultdict(list)
    for keys, pairs in spelled.items():
        index[keys[0]].append((keys, tuple(sorted(pairs))))
    return index, spelled


def _occurrences(words: Words, index: dict) -> list[tuple[int, int, tuple[tuple[str, str], ...]]]:
    out = []
    keys = words.keys
    for i, k in enumerate(keys):
        for cand, pairs in index.get(k, ()):
            n = len(cand)
            if tuple(keys[i:i + n]) == cand:
                out.append((words.starts[i], words.ends[i + n - 1], pairs))
    return out


def _prune(counts: dict) -> None:
    for senses in counts.values():
        for sources in senses.values():
            for entry in sources.values():
                c = entry["f"]
                if len(c) > 30_000:
                    for f in [f for f, v in c.items() if v < 2]:
                        del c[f]


class ContextCounts:
    """{short: {sense key: {source: {"n": contexts, "t": feature total, "f": Counter}}}} while a harvest reads."""

    def __init__(self, totals: Counter, seed: int):
        self.totals = totals  # how often each (short, sense key) long form is written in full (estimated)
        self.rng = random.Random(seed)
        self.counts: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(
            lambda: {"n": 0, "t": 0, "f": Counter()})))
        self.read = 0

    def _add(self, short: str, key: str, source: str, feats: list[str]) -> None:
        entry = self.counts[short][key][source]
        entry["n"] += 1
        entry["t"] += len(feats)
        entry["f"].update(feats)

    def long_forms(self, words: Words, index: dict) -> None:
        """A seeded sample (at most about `LONG_SAMPLE` per sense) of the long forms written in full."""
        for start, end, pairs in _occurrences(words, index):
            feats = None
            for pair in pairs:
                if self.rng.random() * self.totals[pair] >= LONG_SAMPLE:
                    continue
                feats = feats if feats is not None else features(words, start, end)
                self._add(pair[0], pair[1], "long", feats)

    def defined(self, words: Words, folded: str, short: str, long_key: str, site: int) -> None:
        """The other mentions of a short form the article defines (`folded`: its canonical text)."""
        pattern = rf"(?<![\p{{L}}\p{{M}}\p{{N}}]){regex.escape(short)}(?![\p{{L}}\p{{M}}\p{{N}}])"
        for m in regex.finditer(pattern, folded):
            if m.start() != site:
                self._add(short, long_key, "defined", features(words, m.start(), m.end()))

    def article_done(self) -> None:
        self.read += 1
        if self.read % PRUNE_EVERY == 0:
            _prune(self.counts)

    def finish(self, ambiguous: dict[str, set[str]]) -> dict:
        """The counts of the senses of forms still ambiguous in the final dictionary."""
        kept = {short: {k: v for k, v in senses.items() if k in ambiguous[short]}
                for short, senses in self.counts.items() if short in ambiguous}
        return _finish(kept)


def _finish(counts: dict) -> dict:
    out: dict = {}
    for short, senses in counts.items():
        for key, sources in senses.items():
            for source, entry in sources.items():
                kept = [(f, c) for f, c in entry["f"].items() if c >= MIN_FEATURE]
                kept.sort(key=lambda fc: (-fc[1], fc[0]))
                if entry["n"]:
                    out.setdefault(short, {}).setdefault(key, {})[source] = {
                        "n": entry["n"], "t": entry["t"], "f": dict(kept[:KEEP_FEATURES])}
    return out
