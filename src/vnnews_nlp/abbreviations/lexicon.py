"""The abbreviation stage's word lists: `data/lexicons/abbreviation_words.tsv` through the project's one
loader (`vnnews_nlp.lexicon`), a kind per list (the heads of a translated name, the words a long form
may hold without a letter in the short form, the one-letter place words and what they stand for, …)."""
from __future__ import annotations

from functools import lru_cache

from .. import lexicon as _lexicon

NAME = "abbreviation_words"


@lru_cache(maxsize=None)
def words(kind: str) -> frozenset[str]:
    """The words of a kind, as written."""
    return frozenset(_lexicon.words(NAME, kind))


@lru_cache(maxsize=None)
def mapping(kind: str) -> dict[str, str]:
    """A kind's words with their `value` column, as written (`Q` → `quận`)."""
    return {e.phrase: e.get("value") for e in _lexicon.lexicon(NAME) if kind in e.kinds}


@lru_cache(maxsize=None)
def phrases(kind: str) -> tuple[str, ...]:
    """A kind's words, longest first."""
    return tuple(sorted(words(kind), key=lambda w: (-len(w), w)))


def alternation(kind: str) -> str:
    """A regex alternation of a kind's words in their canonical spelling, longest first."""
    return _lexicon.alternation(NAME, kind, space=" ")
