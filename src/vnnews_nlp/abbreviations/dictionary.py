"""The abbreviation dictionary: senses per short form, loaded once from `data/abbreviations.tsv`."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from ..errors import VnnewsError
from ..paths import data_path
from ..textnorm import canonical


@dataclass(frozen=True)
class Sense:
    """One long form of a short form, with what selects it."""

    long: str
    kind: str
    context: tuple[str, ...]
    sources: tuple[str, ...]
    count: int  # annotated training articles using this sense
    prior: float  # weight before context: the count plus curated and public-list shares


@lru_cache(maxsize=1 << 16)  # asked of every capitalised token, several times each
def lookup_key(short: str) -> str:
    """The dictionary key of a short form as written in a text: NFC, tone placement, `&amp;` read as `&`."""
    return canonical(short.replace("&amp;", "&"))


@lru_cache(maxsize=1)
def load() -> dict[str, tuple[Sense, ...]]:
    """All senses per short form, highest prior first."""
    path = data_path("abbreviations.tsv")
    try:
        fh = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise VnnewsError(f"abbreviation dictionary not readable: {path}") from exc
    table: dict[str, list[Sense]] = {}
    with fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            sense = Sense(
                long=row["long"],
                kind=row["kind"],
                context=tuple(c for c in (row.get("context") or "").split("|") if c),
                sources=tuple(row["source"].split(";")),
                count=int(row.get("count") or 0),
                prior=float(row.get("prior") or 0.0),
            )
            table.setdefault(lookup_key(row["short"]), []).append(sense)
    return {short: tuple(sorted(ss, key=_rank)) for short, ss in table.items()}


def _rank(sense: Sense) -> tuple:
    return (-sense.prior, -sense.count, sense.long)


def senses_of(short: str) -> tuple[Sense, ...]:
    """The senses of a short form as written (exact case), empty when unknown."""
    return load().get(lookup_key(short), ())


def is_curated(short: str) -> bool:
    """Whether a person chose this short form for news text (the curated list or the annotated articles)."""
    return any(s.sources[0] in ("curated", "annotated") for s in senses_of(short))


def multiword_forms() -> tuple[str, ...]:
    """Short forms containing a space (`SEA Games`), longest first."""
    return tuple(sorted((k for k in load() if " " in k), key=len, reverse=True))
