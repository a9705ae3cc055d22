"""The entity rules' vocabularies and gazetteers, all read from data files once per process.

Word lists live in `data/lexicons/*.tsv` (`vnnews_nlp.lexicon`), gazetteers in
`data/gazetteers/*.tsv` (built by `scripts/build_gazetteers.py` and
`python -m vnnews_nlp.train.ner_lexicon`, sources in each row). Every name is kept
in its canonical spelling (`textnorm.canonical`), as `tokens.Tokens` reads the text.

`PHRASES` names the vocabularies the rules look for at a token position; each is
matched by spaCy's PhraseMatcher (`tokens.match_at`).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..lexicon import ResourceError, keys, lexicon, words
from ..paths import data_path
from ..textnorm import canonical
from ..tokenizer import syllables

# vocabulary name → (lexicon, kind, written in lower case): a lower-case vocabulary matches a cased
# (`fold=False`) lookup only where the text is in lower case too (`tỉnh Thanh Hóa`, not `Tỉnh ủy`).
PHRASES: dict[str, tuple[str, str, bool]] = {
    "units": ("place_units", "admin", True),
    "places": ("place_units", "place", True),
    "named_places": ("place_units", "named", True),
    "fixed": ("org_heads", "fixed", False),
    "heads": ("org_heads", "qualifiable", False),
    "government": ("org_heads", "government", False),
    "missions": ("org_heads", "mission", True),
    "branch": ("org_heads", "branch", True),
    "fields": ("ministry_fields", "field", True),
    "cut": ("span_edges", "cut", True),
    "trailing": ("span_edges", "trailing", True),
}


@dataclass(frozen=True)
class PhraseTable:
    """The phrases of one vocabulary as written, and their canonical token tuples for cased matching."""

    phrases: tuple[str, ...]
    cased: frozenset[tuple[str, ...]]

    def __iter__(self):
        return iter(self.phrases)


@lru_cache(maxsize=None)
def phrase_table(name: str) -> PhraseTable:
    """Vocabulary `name` of `PHRASES`; `cased` holds the canonical token sequences for exact-case matching."""
    lexicon_name, kind, lower = PHRASES[name]
    phrases = words(lexicon_name, kind)
    written = (canonical(p).lower() if lower else canonical(p) for p in phrases)
    return PhraseTable(phrases, frozenset(tuple(syllables(p)) for p in written))


@lru_cache(maxsize=None)
def word_set(lexicon_name: str, kind: str) -> frozenset[str]:
    """Match keys of a lexicon kind, for `phrase_before`/`phrase_after` and one-token checks."""
    return keys(lexicon_name, kind)


@lru_cache(maxsize=None)
def canonical_words(lexicon_name: str, kind: str) -> tuple[str, ...]:
    """The phrases of a lexicon kind in canonical spelling, case kept."""
    return tuple(canonical(w) for w in words(lexicon_name, kind))


LEXICONS = ("place_units", "org_heads", "ministry_fields", "person_words", "span_edges", "context_words")
def read_gazetteer(name: str) -> list[dict[str, str]]:
    """Rows of `data/gazetteers/<name>` as dicts; a missing file is an error naming it."""
    path = data_path("gazetteers", name)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle, delimiter="\t"))
    except FileNotFoundError:
        raise ResourceError(f"missing resource {path}") from None


@lru_cache(maxsize=1)
def places() -> dict[str, str]:
    """Vietnamese place name → kind (`province`, `city`, `district`, `commune`, ...); provinces win a clash."""
    rank = {"province": 0, "city": 1, "district": 2, "town": 3, "township": 4, "ward": 5, "commune": 6}
    out: dict[str, str] = {}
    for row in read_gazetteer("places.tsv"):
        name, kind = canonical(row["name"]), row["kind"]
        if name not in out or rank.get(kind, 9) < rank.get(out[name], 9):
            out[name] = kind
    return out


@lru_cache(maxsize=1)
def provinces() -> frozenset[str]:
    """Province and province-level city names, old and new."""
    return frozenset(name for name, kind in places().items() if kind in ("province", "city"))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Vietnamese surnames."""
    return frozenset(canonical(row["surname"]) for row in read_gazetteer("surnames.tsv"))


@lru_cache(maxsize=1)
def given_syllables() -> frozenset[str]:
    """Syllables of Vietnamese given names."""
    return frozenset(canonical(row["syllable"]) for row in read_gazetteer("given_names.tsv"))


Lexicon = dict[str, list[tuple[tuple[str, ...], str]]]


def read_entity_lexicon(path: Path) -> Lexicon:
    """A training lexicon (`train/ner_lexicon.py`) by first syllable, longest first: [(syllables, label)]."""
    out: Lexicon = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    except FileNotFoundError:
        raise ResourceError(f"missing resource {path}") from None
    for row in rows:
        syllables = tuple(canonical(row["text"]).split(" "))
        out.setdefault(syllables[0], []).append((syllables, row["label"]))
    for entries in out.values():
        entries.sort(key=lambda e: -len(e[0]))
    return out


@lru_cache(maxsize=1)
def world_places() -> dict[str, str]:
    """Countries, foreign cities, oceans and regions by their Vietnamese press spellings → `country`/`city`/`region`."""
    return {canonical(row["name"]): row["kind"] for row in read_gazetteer("world_places.tsv")}


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """The country names of `world_places`."""
    return frozenset(name for name, kind in world_places().items() if kind == "country")


@lru_cache(maxsize=1)
def world_organisations() -> frozenset[str]:
    """Well-known companies, media and bodies that news names without a head."""
    return frozenset(canonical(row["name"]) for row in read_gazetteer("world_organisations.tsv"))


def preload() -> None:
    """Read every word list and gazetteer the rules use now, so a missing or corrupt one fails at load."""
    for name in LEXICONS:
        lexicon(name)
    for name in PHRASES:
        phrase_table(name)
    for table in (places, surnames, given_syllables, world_places, world_organisations):
        table()
