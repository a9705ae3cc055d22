"""Word lists as data: `data/lexicons/<name>.tsv`, loaded once, matched on one key.

Every list the rules read (unit words, organisation heads, titles, context words,
date words, boilerplate words) is a TSV file with a header and at least the columns
`phrase`, `kinds` (comma-separated roles the phrase plays, e.g. `fixed,qualifiable`)
and `source` (where the entry comes from). Code asks for the phrases of one kind:

    words("org_heads", "fixed")          # ('Quốc hội', 'Chính phủ', ...), as written
    keys("context_words", "product")     # frozenset of match keys (NFC, one tone placement, lower case)
    alternation("date_words", "weekday") # a regex alternation, longest first, spaces flexible

A missing or malformed file fails at load with one line naming the file and the fault.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

import regex

from .errors import VnnewsError
from .paths import data_path
from .textnorm import canonical, match_key

REQUIRED_COLUMNS = ("phrase", "kinds", "source")


class ResourceError(VnnewsError):
    """A shipped resource is missing or corrupt: the message names the file and the fault."""


@dataclass(frozen=True)
class Entry:
    """One row of a lexicon."""

    phrase: str
    kinds: frozenset[str]
    source: str
    extra: tuple[tuple[str, str], ...] = ()

    def get(self, column: str, default: str = "") -> str:
        """An extra column's value (e.g. `value` of a month word)."""
        return dict(self.extra).get(column, default)


@lru_cache(maxsize=None)
def lexicon(name: str) -> tuple[Entry, ...]:
    """Every entry of `data/lexicons/<name>.tsv`, in file order."""
    path = data_path("lexicons", f"{name}.tsv")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise ResourceError(f"{path}: missing column(s) {', '.join(missing)}")
            entries = []
            for line, row in enumerate(reader, start=2):
                if None in row or any(v is None for v in row.values()):
                    raise ResourceError(f"{path}: line {line}: wrong number of fields")
                phrase, kinds, source = row["phrase"], row["kinds"], row["source"]
                if not phrase or phrase != phrase.strip() or not kinds or not source:
                    raise ResourceError(f"{path}: line {line}: empty phrase, kinds or source")
                extra = tuple((k, v) for k, v in row.items() if k not in REQUIRED_COLUMNS)
                entries.append(Entry(phrase, frozenset(kinds.split(",")), source, extra))
    except FileNotFoundError:
        raise ResourceError(f"missing resource {path}") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise ResourceError(f"{path}: unreadable ({error})") from None
    return tuple(entries)


@lru_cache(maxsize=None)
def words(name: str, kind: str) -> tuple[str, ...]:
    """The phrases of `kind` in lexicon `name`, as written in the file; an unknown kind is an error."""
    found = tuple(e.phrase for e in lexicon(name) if kind in e.kinds)
    if not found:
        raise ResourceError(f"{data_path('lexicons', name + '.tsv')}: no phrase of kind {kind!r}")
    return found


@lru_cache(maxsize=None)
def keys(name: str, kind: str) -> frozenset[str]:
    """The match keys (`textnorm.match_key`) of the phrases of `kind`: compare with `match_key(text)`."""
    return frozenset(match_key(w) for w in words(name, kind))


@lru_cache(maxsize=None)
def values(name: str, kind: str, column: str) -> dict[str, str]:
    """Match key → the value in `column` for the phrases of `kind` (e.g. month words → month numbers)."""
    return {match_key(e.phrase): e.get(column) for e in lexicon(name) if kind in e.kinds}


@lru_cache(maxsize=None)
def alternation(name: str, kind: str, space: str = r"\s{1,2}") -> str:
    """A non-capturing regex alternation of the phrases of `kind` in their canonical spelling (to match a
    `textnorm.canonical` view of the text), longest first; the spaces inside a phrase match `space`.
    Case is the caller's flag."""
    phrases = sorted({canonical(w) for w in words(name, kind)}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(space.join(regex.escape(part) for part in p.split(" ")) for p in phrases) + ")"
