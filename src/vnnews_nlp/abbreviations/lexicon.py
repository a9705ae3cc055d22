"""The abbreviation stage's word lists, loaded once from `data/abbreviation_cues.tsv`.

Each row is `set`, `word`, `value`, `source`: the words a rule looks for (the heads of a
translated name, the words that may sit in a long form without a letter in the short form,
the one-letter place words and what they stand for, …). Code asks for a set by name.
"""
from __future__ import annotations

import csv
from functools import lru_cache

import regex

from ..errors import VnnewsError
from ..paths import data_path

CUES_FILE = "abbreviation_cues.tsv"


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    path = data_path(CUES_FILE)
    try:
        fh = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise VnnewsError(f"abbreviation cue list not readable: {path}") from exc
    table: dict[str, dict[str, str]] = {}
    with fh:
        for n, row in enumerate(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 2):
            if not row.get("set") or not row.get("word") or not row.get("source"):
                raise VnnewsError(f"{path}:{n}: a row needs set, word and source")
            table.setdefault(row["set"], {})[row["word"]] = row.get("value") or ""
    return table


def _set(name: str) -> dict[str, str]:
    try:
        return _table()[name]
    except KeyError:
        raise VnnewsError(f"{CUES_FILE} has no set {name!r}") from None


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The words of a set."""
    return frozenset(_set(name))


@lru_cache(maxsize=None)
def mapping(name: str) -> dict[str, str]:
    """A set's words with their values (`Q` → `quận`)."""
    return dict(_set(name))


@lru_cache(maxsize=None)
def phrases(name: str) -> tuple[str, ...]:
    """A set's words, longest first (for alternations that must try `gọi tắt là` before `gọi tắt`)."""
    return tuple(sorted(_set(name), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def alternation(name: str) -> str:
    """A regex alternation of a set's words, longest first, each escaped."""
    return "|".join(regex.escape(w) for w in phrases(name))
