"""In-text definitions: `long form (SHORT)`, `SHORT (long form)`, `(SHORT - long form)`.

A long form is matched by its syllable initials (`align`), by the dictionary, or, when its letters
do not spell the short form (`Trung tâm Điều hành giao thông thông minh (ITC)`), read back from the
bracket over a name-like phrase (`phrase`) where nothing in the dictionary contradicts it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import regex

from ..textnorm import canonical, match_key
from . import lexicon
from .align import fold, match, separators, units
from .dictionary import senses_of
from .senses import usable
from .lexicon import alternation, phrases
from .phrase import (MAX_WORDS, clause_start, dictionary_suffix, name_run, plausible_long,
                     similar_dictionary, tokens)

# One parenthesis on one line; bounded so the scan stays linear.
_PAREN = regex.compile(r"\(([^()\n]{1,60})\)")
_SHORT_PART = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:(?:&amp;|[&.\-/])[\p{L}\p{M}\p{N}]+)*")
_BEFORE = regex.compile(r"([\p{L}\p{M}\p{N}]+(?:(?:&amp;|[&.\-/])[\p{L}\p{M}\p{N}]+)*)\s*$")
_LIST_SEP = regex.compile(r"\s*(?:,|;|\bvà\b)\s*")


@dataclass(frozen=True)
class Definition:
    """A short form defined in the text; the short form's own span is a mention.

    `how`: what found the long form (`initials`, `dictionary`, `similar`, `head`, `learned`, `inside`, `after`).
    """

    short: str
    long: str
    start: int  # the short form's span
    end: int
    long_start: int
    long_end: int
    how: str = "initials"


def is_shaped(short: str) -> bool:
    """At least two capitals (`HKH`, `ThS`, `GD&ĐT`), or a known short form."""
    caps = sum(1 for c in short if c.isupper())
    return caps >= 2 or (caps == 1 and bool(senses_of(short)) and len(short) <= 5)


@lru_cache(maxsize=1)
def _heads() -> tuple[tuple[str, ...], frozenset[str]]:
    """Heads of translated names (`Liên đoàn Phóng viên Quốc tế (IFJ)` has no initials to match):
    the phrases, and their first words."""
    heads = tuple(match_key(h) for h in phrases("name_head"))
    return heads, frozenset(h.split()[0] for h in heads)


def _press_tag(text: str, close_end: int) -> bool:
    """`Tiêu đề (NLĐ)- Nội dung`: a source tag between the title and the lead, not a definition; a dash after
    a bracket further on is the sentence's own (`Đại học Công nghệ Sydney (UTS) – trường …`)."""
    rest = text[close_end + 1:close_end + 4].lstrip(" ")
    return rest[:1] in ("-", "–") and text.count("\n", 0, close_end) <= 1


def _foreign_shaped(short: str) -> bool:
    return short.isascii() and sum(1 for c in short if c.isupper()) >= 2 and not any(
        s.kind == "place" for s in senses_of(short))


def _named_body(short: str, words: list[regex.Match], end: int) -> int | None:
    """A translated name before a foreign acronym: from the farthest capitalised head word.

    `Viện nghiên cứu các bệnh truyền nhiễm ... (NIAID)` starts at `Viện`, not at `bệnh`.
    """
    if not short.isalpha() or not short.isupper() or not _foreign_shaped(short):
        return None
    heads, head_keys = _heads()
    lower_heads = lexicon.words("name_head_lower")
    found = None
    capitalised = False
    for k in range(end - 1, max(-1, end - MAX_WORDS - 1), -1):
        word = words[k].group()
        if not word[:1].isalnum():
            if word in ("-", "&") and k > 0 and words[k - 1].end() == words[k].start():
                continue  # `bệnh Creutzfeldt-Jakob (CJD)`: a hyphenated name
            break  # the name does not run across a comma or a spaced dash
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


def _consistent(short: str, words: list[regex.Match], first: int) -> bool:
    """Nothing in the dictionary contradicts reading the phrase as `short`: the form has no sense beyond the
    public lists' guesses, or one of its senses opens with the phrase's first word (`Công ty Phát triển Đô thị
    (CT)`), or none of its senses names a body, a place or a currency that the bracket could be adding
    (`Chợ Tam Bình (TP.HCM)`, `Quận 1 (TPHCM)` are no definitions; `Hội đồng Anh (BC)` is one)."""
    senses = [s for s in senses_of(short) if usable(s)]
    if not senses:
        return True
    heads = {match_key(words[first].group())}
    heads |= {match_key(s.long).split()[0] for s in senses_of(words[first].group()) if usable(s)}  # `ĐH FPT (FU)`
    if any(match_key(s.long).split()[0] in heads for s in senses):
        return True
    return not any(s.kind in ("organisation", "place", "currency", "foreign") for s in senses)


def _unaligned(text: str, short: str, words: list[regex.Match], end: int, close: int) -> tuple[int, str] | None:
    """The first word of a long form whose letters do not spell `short`, and how it was found."""
    first = dictionary_suffix(short, words, end)
    if first is not None:
        return first, "dictionary"
    first = similar_dictionary(short, words, end)
    if first is not None:
        return first, "similar"
    if _press_tag(text, close):
        return None
    first = _named_body(short, words, end)
    if first is not None and _consistent(short, words, first):
        return first, "head"
    if not is_shaped(short) or _BRAND.fullmatch(short) or _NUMBERED.search(short):
        return None
    first = name_run(words, end)
    if first is not None and _consistent(short, words, first):
        return first, "name"
    return None


def _define_before(text: str, open_pos: int, parts: list[tuple[str, int, int]]) -> list[Definition]:
    """`long form (SHORT)` and coordinated `long, long (SH, SH)`."""
    quoted = _QUOTED_BEFORE.search(text, max(0, open_pos - 200), open_pos)
    # `"Quân đội Kachin độc lập" (KIA)`: a quoted name is the long form's clause
    lo, hi = (quoted.start(1), quoted.end(1)) if quoted else (clause_start(text, open_pos), open_pos)
    words = tokens(text, lo, hi)
    folded = [fold(w.group()) for w in words]
    end = len(words)
    found: list[Definition] = []
    for short, s, e in reversed(parts):
        while end > 0 and folded[end - 1] in separators() and found:
            end -= 1
        r = match(units(short), folded, end, anchored_start=False)
        how = "initials"
        if r is not None:
            first = r[0]
        elif len(parts) == 1:
            got = _unaligned(text, short, words, end, e)
            if got is None:
                return found
            first, how = got
        else:
            first = dictionary_suffix(short, words, end)
            if first is None:
                return []
            how = "dictionary"
        if end - first > MAX_WORDS:
            return found if len(parts) == 1 else []
        long_start, long_end = words[first].start(), words[end - 1].end()
        found.append(Definition(short, text[long_start:long_end], s, e, long_start, long_end, how))
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
        while stop > first and folded[stop - 1] in separators() and out:
            stop -= 1
        r = match(units(part), folded[first:stop], stop - first, anchored_start=False)
        if r is None:
            return []
        start_word = first + r[0]
        ls, le = words[start_word].start(), words[stop - 1].end()
        out.append(Definition(part, text[ls:le], ps, pe, ls, le, "initials"))
        stop = start_word
    return out if stop == first else []


_BRAND = regex.compile(r"\p{Lu}\p{Ll}{2,}(?:\p{Lu}\p{Ll}+)+")  # `VietBank`, `ReignCom`: a brand, no short form
_NUMBERED = regex.compile(r"\d{2}")  # `BN2807`, `APPF-13`: a code or an edition, not a short form to read back
_QUOTED_BEFORE = regex.compile(r"[\"“]([^\"“”()\n]{3,150})[\"”]\s*$")
_AFTER_CUT = regex.compile(r",\s|\s[-–]\s|;")


def _place(words: list[regex.Match]) -> bool:
    """`ReignCom (Hàn Quốc)`, `IPC (New Zealand)`: a place in the bracket says where, not what."""
    from ..entities.vocab import places, world_places

    name = canonical(" ".join(w.group() for w in words))
    return name in world_places() or name in places()


def _define_after(text: str, open_pos: int, close_pos: int) -> Definition | None:
    """`SHORT (long form)`: the short form stands right before the bracket.

    The long form spells the short form, is one of its dictionary senses, or (the short form unknown)
    reads as a long form by the learned boundary model (`SpO2 (độ bão hòa oxy trong máu)`); a comma or a
    dash ends it (`WoS (Web of Science, Mỹ)`)."""
    m = _BEFORE.search(text, max(0, open_pos - 40), open_pos)
    if not m or not is_shaped(m.group(1)):
        return None
    short = m.group(1)
    words = tokens(text, open_pos + 1, close_pos)
    if not words or len(words) > MAX_WORDS:
        return None
    folded = [fold(w.group()) for w in words]
    how = "after"
    ok = match(units(short), folded, len(words), anchored_start=True) is not None
    if not ok:
        keys = {match_key(s.long) for s in senses_of(short)}
        ok = match_key(text[open_pos + 1:close_pos]) in keys
    if not ok and not senses_of(short):
        cut = _AFTER_CUT.search(text, open_pos + 1, close_pos)
        words = tokens(text, open_pos + 1, cut.start() if cut else close_pos)
        ok = plausible_long(words) and not _place(words)
        how = "after-learned"
    if not ok:
        return None
    return Definition(short, text[words[0].start():words[-1].end()], m.start(1), m.end(1),
                      words[0].start(), words[-1].end(), how)


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
_INSIDE_LAST = regex.compile(r"\s+[-–]\s*([\p{L}\p{M}\p{N}]+(?:(?:&amp;|[&.\-/])[\p{L}\p{M}\p{N}]+)*)$")


def _define_inside(text: str, start: int, end: int) -> Definition | None:
    """`(SIU - Salem International University)` and `(heated tobacco product - HTPs)`: both in one bracket."""
    m = _INSIDE.match(text, start, end)
    if m and is_shaped(m.group(1)):
        words = tokens(text, m.end(), end)
        if words and len(words) <= MAX_WORDS and match(units(m.group(1)), [fold(w.group()) for w in words],
                                                       len(words), anchored_start=True) is not None:
            return Definition(m.group(1), text[words[0].start():words[-1].end()], m.start(1), m.end(1),
                              words[0].start(), words[-1].end(), "inside")
    m = _INSIDE_LAST.search(text, start, end)
    if not m or not is_shaped(m.group(1)) or any(c.isdigit() for c in m.group(1)):
        return None
    short = m.group(1)
    words = tokens(text, start, m.start())
    if len(words) < 2 or len(words) > MAX_WORDS or any(w.group()[:1].isdigit() for w in words):
        return None
    folded = [fold(w.group()) for w in words]
    aligned = match(units(short), folded, len(words), anchored_start=True) is not None
    if not aligned and (senses_of(short) or not plausible_long(words)):
        return None
    return Definition(short, text[words[0].start():words[-1].end()], m.start(1), m.end(1),
                      words[0].start(), words[-1].end(), "inside")


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
