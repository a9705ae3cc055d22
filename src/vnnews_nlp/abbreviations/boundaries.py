"""Mention boundaries by the guideline: which parts of a token are abbreviation mentions.

Fixed compounds stay whole (`GD&ĐT`, `KT-XH`, `TP.HCM`), document codes split at
hyphens and slashes (`14/KH-UBND`), stacked titles at dots (`PGS.TS`), one-letter
place words only before a number or a name (`Q.3`), glued words come apart (`250USD`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .dictionary import lookup_key, multiword_forms, senses_of
from .filters import syllable_like
from .lexicon import alternation, mapping, words

TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:(?:&amp;|[&./\-])[\p{L}\p{M}\p{N}]+)*")
_SEGMENT = regex.compile(r"[^\-/]+")
_SUB = regex.compile(r"[^.]+")
_NUMERIC = regex.compile(r"\p{N}+[\p{L}\p{N}]*")
# Words glued by a lost line break or space: `250USD`, `Hà NộiĐT:`, `TPHCMĐăng`, `USD.Còn`.
_GLUED_TAIL = regex.compile(r"(?<=[\p{Ll}\p{M}])\p{Lu}(?:\p{Lu}|\p{M})+$")
_GLUED_HEAD = regex.compile(r"^(?:\p{Lu}\p{M}*){2,}(?=\p{Lu}\p{M}*\p{Ll})")
_MAX_PARTS = 4  # `LĐ-TB&XH`, `CSGT-TT-CĐ`: a longer chain is a list, not one name
_GLUED_LOWER = regex.compile(r"((?:\p{Lu}\p{M}*){2,})(\p{Ll}[\p{Ll}\p{M}]+)$")
_COMPOUND_SPLIT = regex.compile(r"\s*(?:&amp;|&|-)\s*")


def place_letters() -> dict[str, str]:
    """One-letter place words and what they stand for (`Q` → `quận`)."""
    return mapping("place_letter")


@lru_cache(maxsize=1)
def _body_before() -> regex.Pattern:
    """`Bộ BC-VT`: a body word before a hyphenated form makes it a name, not a document code."""
    return regex.compile(rf"(?:{alternation('body_before_compound')})\s+$")


@dataclass(frozen=True)
class Piece:
    """A candidate mention; `role` narrows its sense (`doc`, `issuer`, `title`)."""

    start: int
    end: int
    role: str | None = None
    single: bool = False  # a one-letter place word (`Q.3`, `P.Tân Định`)
    parts: tuple[tuple[int, int, str], ...] = ()  # a compound the dictionary lacks: (start, end, joiner)


def known(key: str, defined: dict) -> bool:
    return key in defined or bool(senses_of(key))


# compiled once: `_pieces` asks them of every capitalised token
_DOT_NUMBER = regex.compile(r"\. \d{1,2}\b")
_SHORT_NAME = regex.compile(r" \p{Lu}[\p{Ll}\p{M}]{0,6}(?![\p{L}\p{M}])")
_AMOUNT_BEFORE_CODE = regex.compile(r"\d[\d.,]*(?=\p{Lu}{3}$)")


def _single_place(text: str, sub_end: int, tok_end: int) -> bool:
    """`Q.3`, `Q. 3`, `P.12`, `Q.Tân Bình`: a one-letter place word before a number or a two-syllable name."""
    if text[sub_end:sub_end + 1] == "." and _DOT_NUMBER.match(text[sub_end:sub_end + 5]):
        return True
    nxt = text[sub_end + 1:sub_end + 2]
    if nxt.isdigit():
        return True
    if not nxt.isupper():
        return False
    m = _SHORT_NAME.match(text[tok_end:tok_end + 12])
    return bool(m)


def _unglue(text: str, start: int, end: int, defined: dict) -> list[Piece] | None:
    """A known short form glued to a neighbouring word; None when the token is not glued."""
    raw = text[start:end]
    if "." in raw:
        head, _, rest = raw.partition(".")
        # `USD.Còn`, `HCB.l`: a sentence end without its space (`TP.HCM` is known whole)
        if rest and not rest.isupper() and not rest[:1].isdigit() and head.isupper() and len(head) >= 2:
            if known(lookup_key(head), defined):
                return [Piece(start, start + len(head))]
        # `ung thư.ADN`, `3/1.HLV`: the next sentence's first word glued to this one's end
        before, _, last = raw.rpartition(".")
        if before[-1:].islower() or before[-1:].isdigit():
            if last[:1].isupper() and known(lookup_key(last), defined):
                return [Piece(end - len(last), end)]
        return None
    m = _GLUED_TAIL.search(raw)
    # only Vietnamese words lose their space this way (`Hà NộiĐT`); `MySQL`, `TeflonTM` are names
    if m and not raw[:m.start()].isascii() and known(lookup_key(m.group()), defined) and not all(
        s.kind == "foreign" for s in senses_of(lookup_key(m.group()))
    ):
        return [Piece(start + m.start(), end)]
    m = _GLUED_HEAD.match(raw)
    if m and known(lookup_key(m.group()), defined) and "-" not in raw and "/" not in raw:
        if syllable_like(raw[m.end():]):  # `TPVinh`, `TPHCMĐăng`; not `TPBank`, `VNExpress`
            return [Piece(start, start + m.end())]
    m = _GLUED_LOWER.match(raw)
    # `TPHCMcho`, `BGDĐTvề`: a lost space before a lower-case Vietnamese word; not `SMEs`, `UPCoM`, `TTg`
    if m and known(lookup_key(m.group(1)), defined) and syllable_like(m.group(2)):
        return [Piece(start, start + m.end(1))]
    num = _AMOUNT_BEFORE_CODE.match(raw)
    if num and any(s.kind == "currency" for s in senses_of(raw[num.end():])):
        return [Piece(start + num.end(), end)]  # `250USD`
    return None


def _pieces(text: str, start: int, end: int, defined: dict) -> list[Piece]:
    """Split a token into mentions by the guideline: fixed compounds whole, codes at hyphens, titles at dots."""
    raw = text[start:end]
    if raw in place_letters():
        dotted = text[end:end + 1] == "."
        return [Piece(start, end, single=True)] if dotted and _single_place(text, end, end) else []
    if known(lookup_key(raw), defined):
        return [Piece(start, end)]
    glued = _unglue(text, start, end, defined)
    if glued is not None:
        return glued
    segs = [(start + m.start(), start + m.end()) for m in _SEGMENT.finditer(raw)]
    numeric = [bool(_NUMERIC.fullmatch(text[s:e])) for s, e in segs]
    code = False
    if len(segs) > 1:
        if numeric[0]:
            code = True
        elif any(numeric):
            return []  # a product or unit code: `BH-900`, `U-23`
        elif not _body_before().search(text, max(0, start - 12), start):
            # `QĐ-UBND` without its number; but `Bộ BC-VT` names a ministry
            first = senses_of(text[segs[0][0]:segs[0][1]])
            code = any(s.kind == "document-code" for s in first) and all(
                known(lookup_key(text[s:e]), defined) for s, e in segs[1:]
            )
    if not code:
        compound = _compound(text, start, end, defined)
        if compound is not None:
            return [compound]
    out: list[Piece] = []
    doc_seen = False
    for (s, e), num in zip(segs, numeric):
        if num:
            continue
        role = None
        if code:
            role = "issuer" if doc_seen else "doc"
            doc_seen = True
        seg = text[s:e]
        if known(lookup_key(seg), defined):
            out.append(Piece(s, e, role))
            continue
        glued = _unglue(text, s, e, defined) if "." not in seg else None
        if glued:  # `TT-BGDĐTvề`: the code's last part glued to the next word
            out.extend(Piece(p.start, p.end, role) for p in glued)
            continue
        subs = [(s + m.start(), s + m.end()) for m in _SUB.finditer(seg)]
        if len(subs) == 1:
            continue
        titles = all(any(x.kind == "title" for x in senses_of(text[a:b])) for a, b in subs)
        if titles:
            role = role or "title"  # `PGS.TS`: a stack of titles, one mention each
            out.extend(Piece(a, b, role) for a, b in subs)
            continue
        # otherwise only a leading place word splits off: `Q.3`, `P.Tân Định`, `TP.Vinh`
        a, b = subs[0]
        head = text[a:b]
        if head in place_letters() and _single_place(text, b, end):
            out.append(Piece(a, b, role, single=True))
        elif head in words("city_prefix") and text[b + 1:b + 2].isupper():
            out.append(Piece(a, b, role))
    return out


def _compound(text: str, start: int, end: int, defined: dict) -> Piece | None:
    """`VH-TT`, `ĐH-CĐ`, `VH&TT`: a compound of known short forms stays one mention."""
    parts = []
    pos = start
    for sep in _COMPOUND_SPLIT.finditer(text, start, end):
        parts.append((pos, sep.start(), " - " if "-" in sep.group() else " và "))
        pos = sep.end()
    parts.append((pos, end, ""))
    if not 2 <= len(parts) <= _MAX_PARTS or "/" in text[start:end] or "." in text[start:end]:
        return None
    for a, b, _ in parts:
        part = text[a:b]
        if sum(1 for c in part if c.isupper()) < 2 or not known(lookup_key(part), defined):
            return None
        if any(x.kind == "foreign" for x in senses_of(lookup_key(part))[:1]):
            return None  # `DVD-RAM`: foreign terms side by side, each its own mention
    return Piece(start, end, parts=tuple(parts))


@lru_cache(maxsize=1)
def _multiword() -> regex.Pattern | None:
    forms = multiword_forms()
    if not forms:
        return None
    return regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(regex.escape(f) for f in forms) + r")(?![\p{L}\p{N}])")


def candidates(text: str, parts: list[tuple[int, int]], defined: dict) -> list[Piece]:
    """Every candidate mention inside the article parts, multi-word forms (`SEA Games`) first."""
    found: list[Piece] = []
    pattern = _multiword()
    for lo, hi in parts:
        taken = [(m.start(), m.end()) for m in pattern.finditer(text, lo, hi)] if pattern is not None else []
        found.extend(Piece(a, b) for a, b in taken)
        k = 0
        for m in TOKEN.finditer(text, lo, hi):
            while k < len(taken) and taken[k][1] <= m.start():
                k += 1
            if k < len(taken) and taken[k][0] < m.end():
                continue  # inside `SEA Games`
            if not any(c.isupper() for c in m.group()) and not known(lookup_key(m.group()), defined):
                continue
            found.extend(_pieces(text, m.start(), m.end(), defined))
    return found
