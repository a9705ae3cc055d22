"""Entity groups: the mentions of one body, company, place or person under one canonical name.

Mentions are compared in their written-out form (abbreviations replaced by the long form
they have in that place, so `HKH` meets `Hội khuyến học`), in `match_key` form. A shorter
form joins a longer one of the same label when it is

- an ORG without its qualifier: `UBND` / `UBND tỉnh` / `UBND tỉnh Quảng Ninh` (what follows
  opens with an administrative unit or a capitalised name, not `UBND các huyện`);
- an ORG or LOC name without its head: `Nvidia` / `Tập đoàn Nvidia`, `Quảng Ninh` / `tỉnh Quảng Ninh`
  (capitalised words only: `Thế giới` is not `Ngân hàng Thế giới`);
- a PER's last words: `Nhung` / `Hồng Nhung` / `Nguyễn Thị Hồng Nhung`;

and only when the longer forms it could belong to are all one group already: `UBND` stays
alone beside `UBND tỉnh Quảng Ninh` and `UBND huyện Tiên Yên`. The head and qualifier words
are data (`data/entity_groups.tsv`).
"""
from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from .paths import data_path
from .textnorm import match_key

GROUPED_LABELS = ("PER", "ORG", "LOC")


class _Mention(Protocol):
    label: str
    text: str
    start: int
    end: int


class _Short(Protocol):
    long: str
    start: int
    end: int


@dataclass(frozen=True)
class Vocabulary:
    """Words that open a name without changing what it names, per label."""

    heads: dict[str, tuple[tuple[str, ...], ...]]  # label → heads as key words, longest first
    qualifiers: frozenset[str]  # first key words of an ORG's qualifier (`tỉnh`, `huyện` ...)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """`data/entity_groups.tsv`, read once."""
    heads: dict[str, list[tuple[str, ...]]] = {}
    qualifiers: set[str] = set()
    with open(data_path("entity_groups.tsv"), encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            words = tuple(match_key(row["word"]).split())
            if row["kind"] == "head":
                heads.setdefault(row["label"], []).append(words)
            elif row["kind"] == "qualifier":
                qualifiers.add(words[0])
    return Vocabulary({label: tuple(sorted(h, key=len, reverse=True)) for label, h in heads.items()},
                      frozenset(qualifiers))


@dataclass
class _Form:
    """One distinct written-out form of a label: its words, and the mentions that had it."""

    label: str
    words: tuple[str, ...]  # as written out (case kept), for the qualifier test and the canonical name
    keys: tuple[str, ...]  # match_key of each word
    texts: list[str] = field(default_factory=list)
    count: int = 0
    first: int = 0


def written_out(mention: _Mention, abbreviations: Sequence[_Short]) -> str:
    """The mention with every abbreviation inside it replaced by its long form there."""
    parts, pos = [], mention.start
    for short in sorted(abbreviations, key=lambda a: a.start):
        if short.start < pos or short.end > mention.end:
            continue
        parts.append(mention.text[pos - mention.start:short.start - mention.start])
        parts.append(short.long)
        pos = short.end
    parts.append(mention.text[pos - mention.start:])
    return "".join(parts)


def group_mentions(mentions: Sequence[_Mention], abbreviations: Sequence[_Short] = ()
                   ) -> list[tuple[str, str, list[str], int]]:
    """(label, canonical, distinct mention texts, count) per group, most mentioned first.

    The canonical name is the group's longest written-out form (the most frequent, then the
    first, among equally long ones).
    """
    ordered = sorted(abbreviations, key=lambda a: a.start)
    forms: dict[tuple[str, tuple[str, ...]], _Form] = {}
    for position, mention in enumerate(m for m in mentions if m.label in GROUPED_LABELS):
        inside = [a for a in ordered if mention.start <= a.start and a.end <= mention.end]
        words = tuple(written_out(mention, inside).split())
        keys = tuple(match_key(w) for w in words)
        if not keys:
            continue
        form = forms.setdefault((mention.label, keys), _Form(mention.label, words, keys, first=position))
        form.count += 1
        if mention.text not in form.texts:
            form.texts.append(mention.text)
    parent = {key: key for key in forms}

    def root(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    vocab = vocabulary()
    # A longer form it could belong to shares its first word (qualifier) or its last (head, given name).
    by_edge: dict[str, list[tuple]] = {}
    for key in forms:
        for edge in {key[1][0], key[1][-1]}:
            by_edge.setdefault(edge, []).append(key)
    # Longest forms first: a form looks for its group among forms already placed.
    for key in sorted(forms, key=lambda k: -len(k[1])):
        form = forms[key]
        nearby = set(by_edge[key[1][0]]) | set(by_edge[key[1][-1]])
        owners = {root(other) for other in nearby if other != key and _belongs(form, forms[other], vocab)}
        if len(owners) == 1:
            parent[key] = owners.pop()
    members: dict[tuple, list[_Form]] = {}
    for key, form in forms.items():
        members.setdefault(root(key), []).append(form)
    groups = []
    for group in members.values():
        best = max(group, key=lambda f: (len(f.keys), f.count, -f.first))
        texts = [t for f in sorted(group, key=lambda f: f.first) for t in f.texts]
        groups.append((best.label, " ".join(best.words), list(dict.fromkeys(texts)), sum(f.count for f in group),
                       min(f.first for f in group)))
    groups.sort(key=lambda g: (-g[3], g[4]))
    return [g[:4] for g in groups]


def _belongs(short: _Form, long: _Form, vocab: Vocabulary) -> bool:
    """Whether `short` can name what `long` names (same label, fewer words)."""
    if short.label != long.label or len(short.keys) >= len(long.keys):
        return False
    n = len(short.keys)
    if short.label == "PER":
        return long.keys[-n:] == short.keys
    if long.keys[-n:] == short.keys and long.keys[:-n] in vocab.heads.get(short.label, ()):
        # A name, not a common noun after the head (`Ngân hàng Thế giới` is not `Thế giới`'s).
        return all(not word[:1].islower() for word in short.words)
    if short.label == "ORG" and long.keys[:n] == short.keys:
        rest = long.words[n]
        return long.keys[n] in vocab.qualifiers or rest[:1].isupper()
    return False
