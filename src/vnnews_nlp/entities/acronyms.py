"""Acronyms as organisations: those the text defines in brackets (`Hội khuyến học (HKH)`), and the ones
that are no ORG (concepts, events, tickers, product codes).
"""
from __future__ import annotations

from collections.abc import Sequence

import regex
from spacy.tokens import Doc

from .edges import ACRONYM
from .spans import Triple, override
from .tokens import Tokens, tokens
from .vocab import canonical_words, places, word_set, world_places

_ABBREVIATION_PART = regex.compile(r"^(?:[\p{Lu}][\p{Lu}\d&]*|\.)$")
MAX_ABBREVIATION_TOKENS = 7


def defined_names_are_not_people(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """A PER of three or more words that the text defines an acronym of its initials for is an organisation
    (`Badan Intelijen Negara (BIN)`): people are not given such acronyms in news (`Minh Châu (MC)` stays)."""
    t = tokens(doc)
    out: list[Triple] = []
    for start, end, label in spans:
        if (label == "PER" and end - start >= 3 and end + 2 < len(t) and t.texts[end] == "(" and t.texts[end + 2] == ")"
                and ACRONYM.match(t.texts[end + 1])
                and t.texts[end + 1].upper() == "".join(w[0] for w in t.texts[start:end] if w[:1].isalpha()).upper()):
            label = "ORG"
        out.append((start, end, label))
    return out


def _glued_abbreviation(t: Tokens, i: int) -> int:
    """Tokens of a glued abbreviation at i: `HKH`, `H.H`, `XSKT.ĐL.LĐ` (capitals and inner full stops)."""
    if t.texts[i] == ".":
        return 0
    n = 0
    while i + n < len(t) and n < MAX_ABBREVIATION_TOKENS and _ABBREVIATION_PART.match(t.texts[i + n]):
        n += 1
        if t.ws[i + n - 1]:
            break
    while n and t.texts[i + n - 1] == ".":
        n -= 1
    if n == 1:
        return 1 if ACRONYM.match(t.texts[i]) else 0
    return n


def bracket_abbreviations(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """`ORG (ABC)` → ORG `ABC`, and every other standalone `ABC` in the doc; also dotted forms
    (`Huda Huế (H.H)`, `XSKT Đà Lạt Lâm Đồng (XSKT.ĐL.LĐ)`)."""
    t = tokens(doc)
    shorts: set[tuple[str, ...]] = set()
    for start, end, label in spans:
        if label != "ORG" or end + 2 >= len(t) or t.texts[end] != "(":
            continue
        n = _glued_abbreviation(t, end + 1)
        if n and end + 1 + n < len(t) and t.texts[end + 1 + n] == ")" and not _names_a_place(t, start, end, n):
            shorts.add(tuple(t.texts[end + 1 : end + 1 + n]))
    if not shorts:
        return []
    out: list[Triple] = []
    lengths = sorted({len(x) for x in shorts}, reverse=True)
    i = 0
    while i < len(t):
        n = next((n for n in lengths if tuple(t.texts[i : i + n]) in shorts and _stands_alone(t, i, i + n)), 0)
        if n:
            out.append((i, i + n, "ORG"))
        i += max(n, 1)
    return out


def _names_a_place(t: Tokens, start: int, end: int, n: int) -> bool:
    """True when the bracket after ORG start..end-1 holds a place: a known name (`(TP.HCM)`), or the
    initials of the place the ORG ends with (`Cục Bảo vệ Môi trường Trung Quốc (TQ)`)."""
    short = t.span_text(end + 1, end + 1 + n)
    if short.startswith("TP") or short in places() or short in world_places():
        return True
    letters = [c for c in short if c.isalpha()]
    tail = t.texts[max(start, end - len(letters)) : end]
    tail_name = " ".join(tail)
    initials = "".join(w[0] for w in tail).upper()
    strict = end - len(tail) > start  # a club named after its province abbreviates itself: `Đồng Tháp (ĐT)`
    return strict and initials == "".join(letters).upper() and (tail_name in places() or tail_name in world_places())


def _stands_alone(t: Tokens, start: int, end: int) -> bool:
    """True when no letter, digit or full stop is glued to either side of tokens start..end-1."""
    before = start > 0 and not t.ws[start - 1] and (t.alpha[start - 1] or t.digit[start - 1] or t.texts[start - 1] == ".")
    after = end < len(t) and not t.ws[end - 1] and (t.alpha[end] or t.digit[end] or t.texts[end] == ".")
    return not (before or after)


def abbreviations_prevail(doc: Doc | Tokens, spans: Sequence[Triple], found: Sequence[Triple]) -> list[Triple]:
    """Defined abbreviations replace the model's pieces of them (`H.H` PER, `LĐ` of `XSKT.ĐL.LĐ`), and
    spans that only add numbers or punctuation to them (`H.H 5`); other overlaps keep the model's span."""
    t = tokens(doc)
    out = list(spans)
    for s, e, label in found:
        overlapping = [x for x in out if x[0] < e and s < x[1]]
        if all(all(not t.alpha[k] for k in range(a, b) if not s <= k < e) for a, b, _ in overlapping):
            out = override(out, [(s, e, label)])
    return sorted(out)


_CODE = regex.compile(r"^[\p{Lu}][\p{Lu}\d]{1,4}$")


def _stock_report(t: Tokens) -> bool:
    """True when the text reports share trading (three or more market words)."""
    stock = word_set("context_words", "stock")
    pairs = (f"{a} {b}" for a, b in zip(t.lower, t.lower[1:]))
    return sum(w in stock for w in t.lower) + sum(p in stock for p in pairs) >= 3


def codes(doc: Doc | Tokens) -> set[int]:
    """Tokens that are stock tickers or product codes, not organisations: three or more in a comma list
    with a digit in one (`BT6, DHA, GIL, TS4`; `AJC, PNJ, SJC` may be shops), two or more in a list
    (`,` or `và`) of a share-trading report, one after `mã`/`cổ phiếu`, or one joined to a number (`MOF-177`)."""
    t = tokens(doc)
    texts, n = t.texts, len(t.texts)
    before_code = word_set("context_words", "code_before")
    coded = {i for i, w in enumerate(texts) if 2 <= len(w) <= 5 and w[0].isupper() and _CODE.match(w)}
    out: set[int] = set()
    stocks = bool(coded) and _stock_report(t)
    for i in sorted(coded):
        if i in out:
            continue
        run = [i]
        while run[-1] + 2 < n and (texts[run[-1] + 1] == "," or stocks and texts[run[-1] + 1] == "và") and run[-1] + 2 in coded:
            run.append(run[-1] + 2)
        if len(run) >= 3 and any(texts[k][-1].isdigit() for k in run) or stocks and len(run) >= 2:
            out.update(run)
            continue
        joined = i + 2 < n and texts[i + 1] == "-" and not t.ws[i] and not t.ws[i + 1] and t.digit[i + 2]
        if i and t.lower[i - 1] in before_code or joined:
            out.add(i)
    return out


def opens_with(text: str, openings: Sequence[str]) -> bool:
    """True when `text` is one of `openings` or starts with one as whole words (`Hội chợ ...`)."""
    return any(text == o or text.startswith(o + " ") for o in openings)


def names_an_event(long: str) -> bool:
    """`Hội chợ Khoa học và Kỹ thuật quốc tế` (ISEF), `Hiệp định Thương mại tự do Việt Nam - EU` (EVFTA):
    an event's or an agreement's name, whose acronym is no ORG."""
    return opens_with(long, canonical_words("org_heads", "event_opening")
                      + canonical_words("org_heads", "agreement_opening"))


def concept_acronyms(doc: Doc | Tokens, spans: Sequence[Triple], mentions: Sequence) -> list[Triple]:
    """Drop one-token ORGs that the abbreviation stage expands to a lower-case concept (`BHTN`, `XHHT`) or
    to an event (`ISEF`), and those that are tickers or product codes (`codes`). `mentions` are
    (start char, long form) pairs."""
    t = tokens(doc)
    lower = {start for start, long in mentions if long[:1].islower() or names_an_event(long)}
    coded = codes(t)
    return [(s, e, lab) for s, e, lab in spans
            if not (lab == "ORG" and e - s == 1 and (t.idx[s] in lower or s in coded))]
