"""Organisations the guideline names by their shape: fixed names, heads with a qualifier, ministries,
lower-case heads, clubs, schools, Latin-script names with a company word; and the qualifier or
seat that belongs to an ORG (`UBND` + `tỉnh Thanh Hóa`, `Lãnh sự quán Mỹ` + `tại TP.HCM`).
"""
from __future__ import annotations

from collections.abc import Sequence

import regex
from spacy.tokens import Doc

from .places import place_name, qualifier
from .spans import Triple
from .tokens import Tokens, cap_run, continues_name, match_at, starts, tokens
from .vocab import canonical_words, surnames, word_set


def fixed_orgs(doc: Doc | Tokens) -> list[Triple]:
    """Fixed organisation names (`Quốc hội`, `Tỉnh ủy`), with the qualifier that follows, wherever written."""
    t = tokens(doc)
    out: list[Triple] = []
    i = 0
    for k in starts(t, "fixed"):
        if k < i:
            continue
        i = k
        n = match_at(t, i, "fixed")
        if _in_code(t, i, i + n):
            i += n
            continue
        if t.cap[i] or t.texts[i].isupper():
            end = i + n
            if t.ws[end - 1] == " ":
                end += qualifier(t, end)
            if not continues_name(t, i, end):
                out.append((i, end, "ORG"))
            i = end
    return out


def _in_code(t: Tokens, start: int, end: int) -> bool:
    """True inside a document code such as `14/KH-UBND` (glued to `-` or `/`)."""
    before = start > 0 and not t.ws[start - 1] and t.texts[start - 1] in ("-", "/")
    after = end < len(t) and not t.ws[end - 1] and t.texts[end] in ("-", "/")
    return before or after


def ministries(doc: Doc | Tokens) -> list[Triple]:
    """`Sở Giáo dục và Đào tạo`, `Bộ Văn hóa, Thể thao và Du lịch` (+ qualifier): head and a full field name."""
    t = tokens(doc)
    out: list[Triple] = []
    for i in range(len(t) - 1):
        if t.texts[i] not in ("Bộ", "Sở") or t.ws[i] != " ":
            continue
        n = match_at(t, i + 1, "fields", fold=True)
        if n and t.cap[i + 1]:
            end = i + 1 + n
            if t.ws[end - 1] == " ":
                end += qualifier(t, end)
            out.append((i, end, "ORG"))
    return out


def qualified_heads(doc: Doc | Tokens) -> list[Triple]:
    """A qualifiable head followed by a qualifier: `HKH tỉnh`, `Công an huyện Như Thanh`."""
    t = tokens(doc)
    out: list[Triple] = []
    for i in starts(t, "heads"):
        n = match_at(t, i, "heads")
        if t.ws[i + n - 1] != " ":
            continue
        q = qualifier(t, i + n)
        if q and not (i > 0 and t.ws[i - 1] == " " and t.cap[i - 1]):
            out.append((i, i + n + q, "ORG"))
    return out








def mission_seat(doc: Doc | Tokens, start: int, end: int) -> int:
    """Tokens of `tại <place>` after an embassy, consulate or office span (`Lãnh sự quán Mỹ` + `tại TP.HCM`)."""
    t = tokens(doc)
    if end + 1 >= len(t) or t.lower[end] != "tại" or t.ws[end] != " " or not match_at(t, start, "missions", fold=True):
        return 0
    name = place_name(t, end + 1)
    return 1 + name if name and t.cap[end + 1] else 0


def extend_qualifiers(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """ORG spans grown over an adjacent administrative qualifier, swallowing the LOC the model made of it."""
    t = tokens(doc)
    ordered = sorted(spans)
    out: list[Triple] = []
    skip_until = -1
    for k, (start, end, label) in enumerate(ordered):
        if start < skip_until:
            continue
        if label == "ORG" and end < len(t) and t.ws[end - 1] == " ":
            n = qualifier(t, end) or mission_seat(t, start, end)
            if n:
                new_end = end + n
                # the model's own next entity wins if it reaches further than the qualifier
                nxt = ordered[k + 1] if k + 1 < len(ordered) else None
                if nxt and nxt[0] < new_end and nxt[1] > new_end:
                    new_end = end
                if nxt and nxt[0] < new_end:
                    skip_until = new_end
                end = new_end
        out.append((start, end, label))
    return out


def split_officials(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """`Bộ Kế hoạch đầu tư Trần Đình Khiển`, `UBND tỉnh Thanh Hóa Đỗ Minh Tuấn`: ORG + PER."""
    t = tokens(doc)
    words = t.texts
    out: list[Triple] = []
    names = surnames()
    for start, end, label in spans:
        cut = None
        government = match_at(t, start, "government")
        if label == "ORG":
            for i in range(start + 1, end - 1):
                tail = end - i
                if (government and words[i] in names and cap_run(t, i) == tail and 2 <= tail <= 4
                        and not t.cap[i - 1] and not _after_unit(t, i)):
                    cut = i
                    break
                n = qualifier(t, i) if words[i][:1].islower() else 0
                if n and i + n < end and words[i + n] in names and cap_run(t, i + n) == end - i - n >= 2:
                    cut = i + n
                    break
        if cut is None:
            out.append((start, end, label))
        else:
            out.extend([(start, cut, "ORG"), (cut, end, "PER")])
    return out


def _after_unit(t: Tokens, i: int) -> bool:
    """True when a place unit ends right before token i (`phường` + `Hòa Hiếu`): the name is the place's."""
    return any(i - n >= 0 and match_at(t, i - n, "places", fold=True) == n for n in (1, 2, 3))


_LATIN_WORD = regex.compile(r"^(?:[A-Z][A-Za-z'&-]*|[A-Z]\.[A-Z]\.?|\d+)$")


def latin_orgs(doc: Doc | Tokens) -> list[Triple]:
    """Latin-script names ending in a company or body word: `Evans Data`, `Terence Higgins Trust`, `VP Bank`."""
    t = tokens(doc)
    endings = frozenset(canonical_words("org_heads", "latin_ending"))
    plain = word_set("context_words", "plain_vietnamese")
    out: list[Triple] = []
    for i, word in enumerate(t.texts):
        if word not in endings or (out and i < out[-1][1]):
            continue
        start = i
        while start > 0 and i - start < 5 and t.ws[start - 1] == " " and _LATIN_WORD.match(t.texts[start - 1]):
            if t.lower[start - 1] in plain:
                break
            start -= 1
        if start < i and t.texts[start][:1].isupper():
            out.append((start, i + 1, "ORG"))
    return out

