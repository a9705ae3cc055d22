"""Finding abbreviation mentions: candidates, the guideline's mention boundaries, filters, senses."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Sequence

import regex

from .boundaries import SINGLE_PLACE, Piece, candidates
from .definitions import Definition, find_definitions
from .dictionary import is_curated, lookup_key, senses_of
from .filters import acceptable
from .senses import doc_grams, mention_rate, rank, window_words


@dataclass(frozen=True)
class AbbreviationMention:
    """One abbreviation mention: `text[start:end] == short`, with its long form in that place."""

    start: int
    end: int
    short: str
    long: str
    source: str  # "definition" | "dictionary" | "context"
    confidence: float


# Not article text: related-headline lines `Title(12/11/2003)`, photo credits, `(Theo BBC)` source credits.
_NOT_ARTICLE = regex.compile(
    r"(?m)^[^\n]{0,300}\(\d{1,2}/\d{1,2}/\d{4}\)[ \t]*$|Ảnh:[^\n(]{0,80}|\([Tt]heo [^()\n]{1,60}\)"
)
_PHONE_AFTER = regex.compile(r"\s*:?\s*[(+]?\d")
_NUMBERED = regex.compile(r" số \d| \d+/\d")


_PAPER_BEFORE = regex.compile(r"(?:^|[^\p{L}])(?:[Bb]áo|[Tt]ờ|[Tt]ạp chí) $")


def _role_of_press(text: str, start: int, end: int) -> bool:
    """`(NLĐ)-`, `(TTXVN) -`, `TTO -` at a line start: a press source tag; or a paper's name (`báo NLĐ`)."""
    if _PAPER_BEFORE.search(text[max(0, start - 10):start]):
        return True
    after = text[end:end + 3]
    if start > 0 and text[start - 1] == "(" and after[:1] == ")":
        rest = text[end + 1:end + 4].lstrip(" ")
        return rest[:1] in ("-", "–", "\n", "") or text[end + 1:end + 2] == "\n"
    line_start = start == 0 or text[start - 1] == "\n"
    return line_start and after.lstrip(" ")[:1] in ("-", "–")


def _role_of_place(text: str, start: int, end: int) -> str | None:
    """A role from the mention's surroundings: a press tag, or a document type (`TT số 02/...`)."""
    if _role_of_press(text, start, end):
        return "press"
    if _NUMBERED.match(text, end):
        return "doc"
    if _PHONE_AFTER.match(text, end) and text[end:end + 1] in (":", " "):
        return "phone"
    return None


def _ranges(text: str, ranges: Sequence[tuple[int, int]] | None) -> list[tuple[int, int]]:
    if ranges is None:
        return [(0, len(text))]
    out = []
    for lo, hi in sorted(ranges):
        lo, hi = max(0, lo), min(len(text), hi)
        if lo < hi:
            out.append((lo, hi))
    return out


def _article_parts(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ranges minus related-headline lines and photo credits."""
    out = []
    for lo, hi in ranges:
        pos = lo
        for m in _NOT_ARTICLE.finditer(text, lo, hi):
            if m.start() > pos:
                out.append((pos, m.start()))
            pos = max(pos, m.end())
        if pos < hi:
            out.append((pos, hi))
    return out


def _nearest(defs: list[Definition], starts: list[int], pos: int) -> Definition:
    """The definition governing a mention: the last one before it, else the first."""
    i = bisect_right(starts, pos) - 1
    return defs[i] if i >= 0 else defs[0]


def _sense_of(text: str, start: int, end: int, doc_key: frozenset[str], role: str | None = None):
    key = lookup_key(text[start:end])
    ranked = rank(key, window_words(text, start, end), doc_key, role)
    return ranked[0] if ranked else None


def _compound_mention(text: str, piece: Piece, defined: dict, starts: dict, doc_key) -> AbbreviationMention:
    """A compound's long form: its parts' long forms joined as the compound joins them."""
    longs, conf = [], 1.0
    for a, b, joiner in piece.parts:
        key = lookup_key(text[a:b])
        if key in defined:
            longs.append(_nearest(defined[key], starts[key], a).long)
        else:
            sense, p = _sense_of(text, a, b, doc_key)
            longs.append(sense.long)
            conf *= p
        longs.append(joiner)
    short = text[piece.start:piece.end]
    return AbbreviationMention(piece.start, piece.end, short, "".join(longs), "context", round(0.7 * conf, 3))


def find_abbreviations(text: str, ranges: Sequence[tuple[int, int]] | None = None) -> list[AbbreviationMention]:
    """Every abbreviation mention inside the ranges (None: the whole text), sorted by offset."""
    if not text:
        return []
    parts = _article_parts(text, _ranges(text, ranges))
    definitions = find_definitions(text, parts)
    defined: dict[str, list[Definition]] = {}
    for d in definitions:
        defined.setdefault(lookup_key(d.short), []).append(d)
    sites = {(d.start, d.end) for d in definitions}
    doc_key = doc_grams("\n".join(text[lo:hi] for lo, hi in parts))
    starts = {key: [d.start for d in defs] for key, defs in defined.items()}
    out: dict[int, AbbreviationMention] = {}
    for piece in candidates(text, parts, defined):
        short = text[piece.start:piece.end]
        key = lookup_key(short)
        mention = None
        if piece.single:
            mention = AbbreviationMention(piece.start, piece.end, short, SINGLE_PLACE[short], "dictionary", 0.9)
        elif piece.parts:
            mention = _compound_mention(text, piece, defined, starts, doc_key)
        elif key in defined and piece.role is None:
            d = _nearest(defined[key], starts[key], piece.start)
            conf = 0.97 if (piece.start, piece.end) in sites else 0.93
            mention = AbbreviationMention(piece.start, piece.end, short, d.long, "definition", conf)
        elif acceptable(text, piece.start, piece.end, key) or (piece.role and senses_of(key)):
            role = piece.role or _role_of_place(text, piece.start, piece.end)
            near = window_words(text, piece.start, piece.end) if len(senses_of(key)) > 1 else []
            ranked = rank(key, near, doc_key, role)
            if ranked:
                sense, p = ranked[0]
                first = senses_of(key)[0]
                source = "dictionary" if sense == first and not role else "context"
                gold, seen = mention_rate(key)
                p_mention = (gold + 1) / (seen + 2) if seen else (0.85 if is_curated(key) else 0.6)
                mention = AbbreviationMention(
                    piece.start, piece.end, short, sense.long, source, round(p * p_mention, 3)
                )
        if mention is not None and mention.start not in out:
            out[mention.start] = mention
    return sorted(out.values(), key=lambda m: (m.start, m.end))
