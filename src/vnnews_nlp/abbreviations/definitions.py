"""In-text definitions: `long form (SHORT)` and `SHORT (long form)`, matched by syllable initials."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import regex

from ..textnorm import match_key, strip_diacritics
from .dictionary import senses_of
from . import lexicon
from .lexicon import alternation, phrases

# One parenthesis on one line; bounded so the scan stays linear.
_PAREN = regex.compile(r"\(([^()\n]{1,60})\)")
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+|[,&/\-–]")
_SHORT_PART = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:(?:&amp;|[&.\-/])[\p{L}\p{M}\p{N}]+)*")
_UNIT = regex.compile(r"&amp;|&|[.\-/]|\p{Lu}\p{M}*(?:[\p{Ll}][\p{M}]*)*|\p{N}+|\p{Ll}\p{M}*")
_BEFORE = regex.compile(r"([\p{L}\p{M}\p{N}]+(?:(?:&amp;|[&.\-/])[\p{L}\p{M}\p{N}]+)*)\s*$")
_LIST_SEP = regex.compile(r"\s*(?:,|;|\bvà\b)\s*")
_PUNCT_FILLER = ("-", "–", "/", ",")
_MAX_WORDS = 16
_MAX_SKIPS = 2


@dataclass(frozen=True)
class Definition:
    """A short form defined in the text; the short form's own span is a mention."""

    short: str
    long: str
    start: int  # the short form's span
    end: int
    long_start: int
    long_end: int


def is_shaped(short: str) -> bool:
    """At least two capitals (`HKH`, `ThS`, `GD&ĐT`), or a known short form."""
    caps = sum(1 for c in short if c.isupper())
    return caps >= 2 or (caps == 1 and bool(senses_of(short)) and len(short) <= 5)


def _units(short: str) -> list[str]:
    """`GD&ĐT` → g d & d t; `ThS` → th s; separators become `|`."""
    out = []
    for u in _UNIT.findall(short):
        if u in ("&", "&amp;"):
            out.append("&")
        elif u in ".-/":
            out.append("|")
        elif u.isdigit():
            return []
        else:
            out.append(strip_diacritics(u).lower())
    return out


def _fold(word: str) -> str:
    return strip_diacritics(word).lower()


@lru_cache(maxsize=1)
def _filler() -> frozenset[str]:
    """Words (folded) a long form may hold without a letter in the short form: `của`, `và`, `of`."""
    return frozenset(_fold(w) for w in lexicon.words("definition_filler")) | frozenset(_PUNCT_FILLER)


@lru_cache(maxsize=1)
def _and() -> frozenset[str]:
    """What `&` in a short form stands for (folded)."""
    return frozenset(_fold(w) for w in lexicon.words("definition_and")) | {"&"}


@lru_cache(maxsize=1)
def _separators() -> frozenset[str]:
    """What stands between coordinated long forms (`khuyến học, khuyến tài (KH, KT)`)."""
    return frozenset(_PUNCT_FILLER) | (_and() - {"&"})


def _match(units: list[str], words: list[str], end: int, anchored_start: bool) -> tuple[int, int] | None:
    """Match all units against words[..end) right to left; return (first word index, skips) or None.

    The last word must carry the last letter; `anchored_start` demands the match begin at word 0.
    """
    memo: dict[tuple[int, int, int], tuple[int, int] | None] = {}

    def go(i: int, j: int, skips: int) -> tuple[int, int] | None:
        if i == 0:
            if anchored_start and j != 0:
                return None
            return (j, skips)
        if j == 0:
            return None
        key = (i, j, skips)
        if key in memo:
            return memo[key]
        unit, word = units[i - 1], words[j - 1]
        best = None
        options = []
        if unit == "|":
            options.append((i - 1, j, skips))
        elif unit == "&":
            if word in _and():
                options.append((i - 1, j - 1, skips))
        elif word[:1].isalnum() and word.startswith(unit):
            options.append((i - 1, j - 1, skips))
            # two single letters carried by one syllable's initial cluster (`NG` in `Nguyễn`)
            if i >= 2 and len(unit) == 1 and len(units[i - 2]) == 1 and word.startswith(units[i - 2] + unit):
                options.append((i - 2, j - 1, skips + 1))
        if i < len(units) and (word in _filler()) and (i > 0):
            cost = 0 if word in ("-", "–") else 1
            if skips + cost <= _MAX_SKIPS:
                options.append((i, j - 1, skips + cost))
        for ni, nj, ns in options:
            r = go(ni, nj, ns)
            if r is not None and (best is None or r[1] < best[1] or (r[1] == best[1] and r[0] > best[0])):
                best = r
        memo[key] = best
        return best

    if not units or units[-1] in ("|", "&") or units[0] in ("|", "&"):
        return None
    return go(len(units), end, 0)


def _words(text: str, start: int, end: int) -> list[regex.Match]:
    return list(_WORD.finditer(text, start, end))


def _line_start(text: str, pos: int, limit: int = 160) -> int:
    lo = max(0, pos - limit)
    nl = text.rfind("\n", lo, pos)
    stop = max(nl + 1, lo)
    # a long form never runs across a sentence end or another bracket
    for ch in ").:;!?“”\"":
        k = text.rfind(ch, stop, pos)
        if k >= 0 and not (ch == "." and k + 1 < pos and not text[k + 1].isspace()):
            stop = max(stop, k + 1)
    return stop


def _dictionary_suffix(short: str, words: list[regex.Match], end: int) -> int | None:
    """A dictionary long form of `short` written just before the bracket: its first word index."""
    keys = {match_key(s.long) for s in senses_of(short)}
    if not keys:
        return None
    for k in range(max(0, end - _MAX_WORDS), end):
        if words[k].group()[:1].isalnum():
            text = " ".join(w.group() for w in words[k:end])
            if match_key(text.replace(" - ", "-").replace(" ,", ",")) in keys or match_key(text) in keys:
                return k
    return None


@lru_cache(maxsize=1)
def _heads() -> tuple[tuple[str, ...], frozenset[str]]:
    """Heads of translated names (`Liên đoàn Phóng viên Quốc tế (IFJ)` has no initials to match):
    the phrases, and their first words."""
    heads = tuple(match_key(h) for h in phrases("name_head"))
    return heads, frozenset(h.split()[0] for h in heads)


def _press_tag(text: str, close_end: int) -> bool:
    """`... (NLĐ)-`: a source tag after the title, not a definition."""
    rest = text[close_end + 1:close_end + 4].lstrip(" ")
    return rest[:1] in ("-", "–")


def _similar_dictionary(short: str, words: list[regex.Match], end: int) -> int | None:
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


def _named_body(short: str, words: list[regex.Match], end: int) -> int | None:
    """A translated name before a foreign acronym: from the farthest capitalised head word.

    `Viện nghiên cứu các bệnh truyền nhiễm ... (NIAID)` starts at `Viện`, not at `bệnh`.
    """
    if not short.isalpha() or not short.isupper() or not short.isascii() or any(
        s.kind == "place" for s in senses_of(short)
    ):
        return None
    heads, head_keys = _heads()
    lower_heads = lexicon.words("name_head_lower")
    found = None
    capitalised = False
    for k in range(end - 1, max(-1, end - 11), -1):
        word = words[k].group()
        if not word[:1].isalnum():
            break  # the name does not run across a comma or a dash
        key = match_key(word)
        if key in head_keys and end - k >= 2:
            phrase = " ".join(match_key(w.group()) for w in words[k:min(end, k + 3)])
            if phrase.startswith(heads):
                if word[:1].isupper():
                    found = k
                    capitalised = True
                elif not capitalised and key in lower_heads:
                    found = k  # `bệnh Creutzfeldt-Jakob (CJD)`
    return found


def _define_before(text: str, open_pos: int, parts: list[tuple[str, int, int]]) -> list[Definition]:
    """`long form (SHORT)` and coordinated `long, long (SH, SH)`."""
    lo = _line_start(text, open_pos)
    words = _words(text, lo, open_pos)
    folded = [_fold(w.group()) for w in words]
    end = len(words)
    found: list[Definition] = []
    for short, s, e in reversed(parts):
        while end > 0 and folded[end - 1] in _separators() and found:
            end -= 1
        r = _match(_units(short), folded, end, anchored_start=False)
        if r is not None:
            first = r[0]
        else:
            first = _dictionary_suffix(short, words, end)
            if first is None and len(parts) == 1:
                first = _similar_dictionary(short, words, end)
            if first is None and len(parts) == 1 and not _press_tag(text, e):
                first = _named_body(short, words, end)
            if first is None:
                return found if len(parts) == 1 else []
        if end - first > _MAX_WORDS:
            return found if len(parts) == 1 else []
        long_start, long_end = words[first].start(), words[end - 1].end()
        found.append(Definition(short, text[long_start:long_end], s, e, long_start, long_end))
        found.extend(_compound_parts(text, words, folded, first, end, short, s))
        end = first
    return found


_PART = regex.compile(r"[^\-/]+")


def _compound_parts(text, words, folded, first: int, end: int, short: str, s: int) -> list[Definition]:
    """`khuyến học - khuyến tài (KH-KT)` also defines `KH` and `KT` for their lone mentions."""
    pieces = [(m.group(), s + m.start(), s + m.end()) for m in _PART.finditer(short)]
    if len(pieces) < 2:
        return []
    out = []
    stop = end
    for part, ps, pe in reversed(pieces):
        while stop > first and folded[stop - 1] in _separators() and out:
            stop -= 1
        r = _match(_units(part), folded[first:stop], stop - first, anchored_start=False)
        if r is None:
            return []
        start_word = first + r[0]
        ls, le = words[start_word].start(), words[stop - 1].end()
        out.append(Definition(part, text[ls:le], ps, pe, ls, le))
        stop = start_word
    return out if stop == first else []


def _define_after(text: str, open_pos: int, close_pos: int) -> Definition | None:
    """`SHORT (long form)`: the short form stands right before the bracket."""
    m = _BEFORE.search(text, max(0, open_pos - 40), open_pos)
    if not m or not is_shaped(m.group(1)):
        return None
    short = m.group(1)
    words = _words(text, open_pos + 1, close_pos)
    if not words or len(words) > _MAX_WORDS:
        return None
    folded = [_fold(w.group()) for w in words]
    ok = _match(_units(short), folded, len(words), anchored_start=True) is not None
    if not ok:
        keys = {match_key(s.long) for s in senses_of(short)}
        ok = match_key(text[open_pos + 1:close_pos]) in keys
    if not ok:
        return None
    return Definition(short, text[words[0].start():words[-1].end()], m.start(1), m.end(1),
                      words[0].start(), words[-1].end())


def _short_parts(text: str, start: int, end: int) -> list[tuple[str, int, int]] | None:
    """The bracket's content as a list of short forms with offsets, or None."""
    parts = []
    pos = start
    for sep in _LIST_SEP.finditer(text, start, end):
        parts.append((pos, sep.start()))
        pos = sep.end()
    parts.append((pos, end))
    out = []
    for s, e in parts:
        seg = text[s:e]
        m = _SHORT_PART.fullmatch(seg.strip())
        if not m or not is_shaped(seg.strip()):
            return None
        lead = len(seg) - len(seg.lstrip())
        out.append((seg.strip(), s + lead, s + lead + len(seg.strip())))
    return out


@lru_cache(maxsize=1)
def _called() -> regex.Pattern:
    """`(viết tắt là QNC)`: the words that announce a short form inside the bracket."""
    return regex.compile(rf"(?:{alternation('definition_said')}):?\s+")
_INSIDE = regex.compile(r"([\p{L}\p{M}\p{N}]+(?:(?:&amp;|[&.\-/])[\p{L}\p{M}\p{N}]+)*)\s*[-–:]\s+")


def _define_inside(text: str, start: int, end: int) -> Definition | None:
    """`(SIU - Salem International University)`: short and long form in one bracket."""
    m = _INSIDE.match(text, start, end)
    if not m or not is_shaped(m.group(1)):
        return None
    words = _words(text, m.end(), end)
    if not words or len(words) > _MAX_WORDS:
        return None
    folded = [_fold(w.group()) for w in words]
    if _match(_units(m.group(1)), folded, len(words), anchored_start=True) is None:
        return None
    return Definition(m.group(1), text[words[0].start():words[-1].end()], m.start(1), m.end(1),
                      words[0].start(), words[-1].end())


def find_definitions(text: str, ranges: Sequence[tuple[int, int]]) -> list[Definition]:
    """Every definition whose bracket lies inside one of the ranges."""
    found: list[Definition] = []
    for lo, hi in ranges:
        for m in _PAREN.finditer(text, lo, hi):
            content_start = m.start(1)
            said = _called().match(text, content_start, m.end(1))
            if said:  # `... (viết tắt là QNC)`
                content_start = said.end()
            parts = _short_parts(text, content_start, m.end(1))
            inner = None if parts else _define_inside(text, m.start(1), m.end(1))
            if inner is not None:
                found.append(inner)
            elif parts:
                found.extend(_define_before(text, m.start(), parts))
            else:
                d = _define_after(text, m.start(), m.end() - 1)
                if d is not None and d.start >= lo:
                    found.append(d)
    return sorted(found, key=lambda d: d.start)
