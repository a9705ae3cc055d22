"""Foreign companies and media named in Latin script: `hãng BenQ`, `công ty J.P Morgan`, `tờ Le Monde`.

Two signals the model misses on one-word foreign names: a lower-case company or
media head before a Latin-script capitalised name (the head stays outside the
ORG, as annotators mark it), and the curated list `data/gazetteers/world_organisations.tsv`
of companies that news names without a head (`Nokia đẩy Motorola xuống thứ
hai`). A brand before a model or product word is the product, not the company
(`xe Peugeot`, `điện thoại Motorola`), and is left to the model.
"""
from __future__ import annotations

from collections.abc import Sequence

import regex
from spacy.tokens import Doc

from .spans import Triple, add_missing
from .tokens import Tokens, phrase_before, tokens
from .vocab import canonical_words, word_set, world_organisations, world_places

_MODEL_CODE = regex.compile(r"^[A-Z]*\d[\dA-Za-z-]*$")
_LATIN_NAME = regex.compile(r"^[A-Z][A-Za-z0-9&'.+-]*$")
MAX_NAME = 4


def _latin_run(t: Tokens, i: int) -> int:
    """Tokens of a Latin-script capitalised name from i (`J.P Morgan`, `Le Monde`, `BenQ`)."""
    n = 0
    while i + n < len(t) and n < MAX_NAME * 3:
        word = t.texts[i + n]
        glued = n and not t.ws[i + n - 1]
        if n and not glued and t.ws[i + n - 1] != " ":
            break
        if _LATIN_NAME.match(word) or (glued and word in (".", "-", "&") and i + n + 1 < len(t) and not t.ws[i + n]):
            n += 1
            continue
        break
    while n and t.texts[i + n - 1] in (".", "-", "&"):
        n -= 1
    return n


def _company_name(t: Tokens, start: int, end: int, name: str) -> bool:
    """True unless the name is a product (`máy bay Boeing`, `BMW 645`), a Vietnamese company form that
    takes its head along (`công ty TNHH ...`) or a lone letter."""
    # a Vietnamese company form takes its lower-case head along (`công ty TNHH Nam Hoa`)
    forms = canonical_words("org_heads", "company_form")
    if len(name) < 2 or t.texts[start] in forms or phrase_before(t, start, word_set("context_words", "product")):
        return False
    return not (end < len(t) and t.ws[end - 1] == " " and _MODEL_CODE.match(t.texts[end]))


def _in_longer_name(t: Tokens, start: int, end: int) -> bool:
    """True when a capitalised word is glued on by a space on either side (`Thể Công Viettel`)."""
    before = start > 0 and t.ws[start - 1] == " " and t.cap[start - 1]
    return before or (end < len(t) and t.ws[end - 1] == " " and t.cap[end])


def company_names(doc: Doc | Tokens) -> list[Triple]:
    """ORG spans of Latin-script names after a company head, and of listed companies not used as products."""
    t = tokens(doc)
    places, listed = world_places(), world_organisations()
    heads = word_set("org_heads", "company_head")
    out: list[Triple] = []
    i = 0
    while i < len(t):
        n = _latin_run(t, i) if t.cap[i] or t.texts[i][:1].isupper() else 0
        if not n or (i and not t.ws[i - 1] and t.alpha[i - 1]):
            i += max(n, 1)
            continue
        name = t.span_text(i, i + n)
        head = phrase_before(t, i, heads)
        if _company_name(t, i, i + n, name) and name not in places:
            if head and t.texts[i - head][:1].islower() or name in listed and not _in_longer_name(t, i, i + n):
                out.append((i, i + n, "ORG"))
        i += n
    return out


def companies(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """Company names take ORG: a model span with the same range is relabelled, one span inside is
    replaced (two or more are the model's reading: `công ty Alimport` + `Pedro Alvarez`), and the
    rest are added where nothing else lies."""
    found = company_names(doc)
    out = list(spans)
    for s, e, _label in found:
        overlapping = [x for x in out if x[0] < e and s < x[1]]
        if len(overlapping) == 1 and s <= overlapping[0][0] and overlapping[0][1] <= e:
            out = [x for x in out if x not in overlapping] + [(s, e, "ORG")]
    return add_missing(out, found)
