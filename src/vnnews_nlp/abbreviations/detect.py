"""Finding abbreviation mentions: candidates, the guideline's mention boundaries, filters, senses."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import regex

from ..textnorm import strip_diacritics
from .definitions import Definition, find_definitions
from .dictionary import is_curated, lookup_key, multiword_forms, senses_of
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


_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:(?:&amp;|[&./\-])[\p{L}\p{M}\p{N}]+)*")
_SEGMENT = regex.compile(r"[^\-/]+")
_SUB = regex.compile(r"[^.]+")
_NUMERIC = regex.compile(r"\p{N}+[\p{L}\p{N}]*")
_ROMAN = regex.compile(r"[IVX]+")
# Not article text: related-headline lines `Title(12/11/2003)`, photo credits, `(Theo BBC)` source credits.
_NOT_ARTICLE = regex.compile(
    r"(?m)^[^\n]{0,300}\(\d{1,2}/\d{1,2}/\d{4}\)[ \t]*$|Ảnh:[^\n(]{0,80}|\([Tt]heo [^()\n]{1,60}\)"
)
_SYLLABLE = regex.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"[aăâeêioôơuưy]{1,3}(?:ng|nh|ch|[cmnpt])?",
)
_CAPS_WORD = regex.compile(r"[\p{Lu}\p{M}]{2,}")
_SINGLE_PLACE = {"Q": "quận", "P": "phường", "H": "huyện"}
_ORG_BEFORE = regex.compile(r"(?:Bộ|Sở|Ban|Phòng|Ngành|ngành|Vụ|Cục)\s+$")
_PHONE_AFTER = regex.compile(r"\s*:?\s*[(+]?\d")
# A Latin name word beside a short form makes it part of a name: `VP Bank`, `Tel Aviv`, `Nintendo DS`.
_NAME_NEXT = regex.compile(r" ([A-Z][a-z]{2,})\b")
_NAME_PREV = regex.compile(r"(?<=[\p{L},] )([A-Z][a-z]{2,}) $")
# Words glued by a lost line break or space: `250USD`, `Hà NộiĐT:`, `TPHCMĐăng`, `USD.Còn`.
_GLUED_TAIL = regex.compile(r"(?<=[\p{Ll}\p{M}\p{N}])\p{Lu}(?:\p{Lu}|\p{M})+$")
_GLUED_HEAD = regex.compile(r"^(?:\p{Lu}\p{M}*){2,}(?=\p{Lu}\p{M}*\p{Ll})")
# `VN 324` is a flight; `VN 280 triệu USD` is an amount
_CODE_NUMBER = regex.compile(
    r"(?: - | |-)\d{2,5}\b(?![/.,]\d)(?! ?(?:triệu|tỷ|tỉ|nghìn|ngàn|trăm|người|USD|đồng|tấn|ha|km|kg|%|năm|tuổi)\b)"
)


def _syllable_like(piece: str) -> bool:
    base = strip_diacritics(piece).lower()
    return bool(_SYLLABLE.fullmatch(base)) or bool(_SYLLABLE.fullmatch(piece.lower()))


def _in_caps_run(text: str, start: int, end: int) -> bool:
    """Whether the span sits among upper-case ordinary words (a headline in capitals)."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    words = regex.findall(r"[\p{L}\p{M}]+", text[max(lo, start - 60):min(hi, end + 60)])
    caps = [w for w in words if w.isupper() and len(w) >= 2]
    vietnamese_caps = [w for w in caps if _syllable_like(w)]
    return len(vietnamese_caps) >= 3 and len(caps) >= 0.6 * len(words)


def _role_of_press(text: str, start: int, end: int) -> bool:
    """`(NLĐ)-`, `(TTXVN) -`, `TTO -` at a line start: a press source tag."""
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


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    role: str | None = None
    single: bool = False  # a one-letter place word (`Q.3`, `P.Tân Định`)
    parts: tuple[tuple[int, int, str], ...] = ()  # a compound the dictionary lacks: (start, end, joiner)


def _known(key: str, defined: dict) -> bool:
    return key in defined or bool(senses_of(key))


def _single_place(text: str, sub_end: int, tok_end: int) -> bool:
    """`Q.3`, `Q. 3`, `P.12`, `Q.Tân Bình`: a one-letter place word before a number or a two-syllable name."""
    if text[sub_end:sub_end + 1] == "." and regex.match(r"\. \d{1,2}\b", text[sub_end:sub_end + 5]):
        return True
    nxt = text[sub_end + 1:sub_end + 2]
    if nxt.isdigit():
        return True
    if not nxt.isupper():
        return False
    m = regex.match(r" \p{Lu}[\p{Ll}\p{M}]{0,6}(?![\p{L}\p{M}])", text[tok_end:tok_end + 12])
    return bool(m)


def _unglue(text: str, start: int, end: int, defined: dict) -> list[_Piece] | None:
    """A known short form glued to a neighbouring word; None when the token is not glued."""
    raw = text[start:end]
    if "." in raw:
        head, _, rest = raw.partition(".")
        # `USD.Còn`, `HCB.l`: a sentence end without its space (`TP.HCM` is known whole)
        if rest and not rest.isupper() and not rest[:1].isdigit() and head.isupper() and len(head) >= 2:
            if _known(lookup_key(head), defined):
                return [_Piece(start, start + len(head))]
        return None
    m = _GLUED_TAIL.search(raw)
    # only Vietnamese short forms lose their space this way (`Hà NộiĐT`); `MySQL` is a name
    if m and _known(lookup_key(m.group()), defined) and not all(
        s.kind == "foreign" for s in senses_of(lookup_key(m.group()))
    ):
        return [_Piece(start + m.start(), end)]
    m = _GLUED_HEAD.match(raw)
    if m and _known(lookup_key(m.group()), defined) and "-" not in raw and "/" not in raw:
        if _syllable_like(raw[m.end():]):  # `TPVinh`, `TPHCMĐăng`; not `TPBank`, `VNExpress`
            return [_Piece(start, start + m.end())]
    num = regex.match(r"\d[\d.,]*(?=\p{Lu}{3}$)", raw)
    if num and any(s.kind == "currency" for s in senses_of(raw[num.end():])):
        return [_Piece(start + num.end(), end)]  # `250USD`
    return None


def _pieces(text: str, start: int, end: int, defined: dict) -> list[_Piece]:
    """Split a token into mentions by the guideline: fixed compounds whole, codes at hyphens, titles at dots."""
    raw = text[start:end]
    if raw in _SINGLE_PLACE:
        dotted = text[end:end + 1] == "."
        return [_Piece(start, end, single=True)] if dotted and _single_place(text, end, end) else []
    if _known(lookup_key(raw), defined):
        return [_Piece(start, end)]
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
        elif not _ORG_BEFORE.search(text, max(0, start - 12), start):
            # `QĐ-UBND` without its number; but `Bộ BC-VT` names a ministry
            first = senses_of(text[segs[0][0]:segs[0][1]])
            code = any(s.kind == "document-code" for s in first) and all(
                _known(lookup_key(text[s:e]), defined) for s, e in segs[1:]
            )
    if not code:
        compound = _compound(text, start, end, defined)
        if compound is not None:
            return [compound]
    out: list[_Piece] = []
    doc_seen = False
    for (s, e), num in zip(segs, numeric):
        if num:
            continue
        role = None
        if code:
            role = "issuer" if doc_seen else "doc"
            doc_seen = True
        seg = text[s:e]
        if _known(lookup_key(seg), defined):
            out.append(_Piece(s, e, role))
            continue
        subs = [(s + m.start(), s + m.end()) for m in _SUB.finditer(seg)]
        if len(subs) == 1:
            continue
        titles = all(any(x.kind == "title" for x in senses_of(text[a:b])) for a, b in subs)
        if titles:
            role = role or "title"  # `PGS.TS`: a stack of titles, one mention each
            out.extend(_Piece(a, b, role) for a, b in subs)
            continue
        # otherwise only a leading place word splits off: `Q.3`, `P.Tân Định`, `TP.Vinh`
        a, b = subs[0]
        head = text[a:b]
        if head in _SINGLE_PLACE and _single_place(text, b, end):
            out.append(_Piece(a, b, role, single=True))
        elif head in ("TP", "Tp") and text[b + 1:b + 2].isupper():
            out.append(_Piece(a, b, role))
    return out


_TICKERS = regex.compile(r"\b[A-Z][A-Z0-9]{2}(?:(?:, | và )[A-Z][A-Z0-9]{2}\b){2,}")
_NUMBERED = regex.compile(r" số \d| \d+/\d")


def _in_ticker_list(text: str, start: int, end: int) -> bool:
    """`BT6, DHA, GIL, SFC và VTC`: stock codes listed together, some unknown."""
    lo, hi = max(0, start - 80), min(len(text), end + 80)
    for m in _TICKERS.finditer(text, lo, hi):
        if m.start() <= start and end <= m.end():
            codes = regex.findall(r"[A-Z][A-Z0-9]{2}", m.group())
            return any(not senses_of(c) or any(ch.isdigit() for ch in c) for c in codes)
    return False


_COMPOUND_SPLIT = regex.compile(r"\s*(?:&amp;|&|-)\s*")


def _compound(text: str, start: int, end: int, defined: dict) -> _Piece | None:
    """`VH-TT`, `ĐH-CĐ`, `VH&TT`: a compound of known short forms stays one mention."""
    parts = []
    pos = start
    for sep in _COMPOUND_SPLIT.finditer(text, start, end):
        parts.append((pos, sep.start(), " - " if "-" in sep.group() else " và "))
        pos = sep.end()
    parts.append((pos, end, ""))
    if len(parts) < 2 or "/" in text[start:end] or "." in text[start:end]:
        return None
    for a, b, _ in parts:
        part = text[a:b]
        if sum(1 for c in part if c.isupper()) < 2 or not _known(lookup_key(part), defined):
            return None
        if any(x.kind == "foreign" for x in senses_of(lookup_key(part))[:1]):
            return None  # `DVD-RAM`: foreign terms side by side, each its own mention
    return _Piece(start, end, parts=tuple(parts))


def _beside_foreign_name(text: str, start: int, end: int) -> bool:
    """`VP Bank`, `Tel Aviv`, `Nintendo DS`; but `ĐHDL Duy Tân` stands beside a Vietnamese name."""
    m = _NAME_NEXT.match(text, end) or _NAME_PREV.search(text, max(0, start - 20), start)
    return bool(m) and not _syllable_like(m.group(1))


def _acceptable(text: str, piece: _Piece, key: str) -> bool:
    """The filters between a dictionary form and a real mention."""
    short = text[piece.start:piece.end]
    if _ROMAN.fullmatch(short) or len(short) == 1:
        return False  # one letter is a mention only as a place word (`Q.3`), decided before
    caps = sum(1 for c in short if c.isupper())
    gold, seen = mention_rate(key)
    if seen >= 3 and gold / seen < 0.5:
        return False
    if any(c.isdigit() for c in short) or caps < 2:
        if not is_curated(key):
            return False
        if caps < 2 and not any("curated" in s.sources for s in senses_of(key)) and gold < 3:
            return False
    if caps >= 2 and _syllable_like(short) and _in_caps_run(text, piece.start, piece.end):
        return False
    if len(short) == 3 and _in_ticker_list(text, piece.start, piece.end):
        return False
    weak = gold < 3 and not any("curated" in s.sources for s in senses_of(key))
    if weak and _beside_foreign_name(text, piece.start, piece.end):
        return False
    if len(short) == 2 and _CODE_NUMBER.match(text, piece.end):
        number = text[piece.end:piece.end + 8].lstrip(" -")
        if not number.startswith(("19", "20")):
            return False  # a flight or model number: `VN 324`
    return True


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


@lru_cache(maxsize=1)
def _multiword() -> regex.Pattern | None:
    forms = multiword_forms()
    if not forms:
        return None
    return regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(regex.escape(f) for f in forms) + r")(?![\p{L}\p{N}])")


def _nearest(defs: list[Definition], starts: list[int], pos: int) -> Definition:
    """The definition governing a mention: the last one before it, else the first."""
    i = bisect_right(starts, pos) - 1
    return defs[i] if i >= 0 else defs[0]


def _candidates(text: str, parts: list[tuple[int, int]], defined: dict) -> list[_Piece]:
    pieces: list[_Piece] = []
    pattern = _multiword()
    for lo, hi in parts:
        taken: list[tuple[int, int]] = []
        if pattern is not None:
            for m in pattern.finditer(text, lo, hi):
                pieces.append(_Piece(m.start(), m.end()))
                taken.append((m.start(), m.end()))
        for m in _TOKEN.finditer(text, lo, hi):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if not any(c.isupper() for c in m.group()) and not _known(lookup_key(m.group()), defined):
                continue
            pieces.extend(_pieces(text, m.start(), m.end(), defined))
    return pieces


def _sense_of(text: str, start: int, end: int, doc_key: frozenset[str], role: str | None = None):
    key = lookup_key(text[start:end])
    ranked = rank(key, window_words(text, start, end), doc_key, role)
    return ranked[0] if ranked else None


def _compound_mention(text: str, piece: _Piece, defined: dict, starts: dict, doc_key) -> AbbreviationMention:
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
    for piece in _candidates(text, parts, defined):
        short = text[piece.start:piece.end]
        key = lookup_key(short)
        mention = None
        if piece.single:
            mention = AbbreviationMention(piece.start, piece.end, short, _SINGLE_PLACE[short], "dictionary", 0.9)
        elif piece.parts:
            mention = _compound_mention(text, piece, defined, starts, doc_key)
        elif key in defined and piece.role is None:
            d = _nearest(defined[key], starts[key], piece.start)
            conf = 0.97 if (piece.start, piece.end) in sites else 0.93
            mention = AbbreviationMention(piece.start, piece.end, short, d.long, "definition", conf)
        elif _acceptable(text, piece, key) or (piece.role and senses_of(key)):
            role = piece.role or _role_of_place(text, piece.start, piece.end)
            ranked = rank(key, window_words(text, piece.start, piece.end), doc_key, role)
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
