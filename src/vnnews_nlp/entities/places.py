"""Places: unit words and names (`huyện Như Thanh`, `TP Thanh Hóa`, `Q.1`), roads, countries and cities.

Also the administrative qualifier that other rules attach to an organisation
(`UBND` + `tỉnh Thanh Hóa`): `qualifier` reads one at a token.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import regex
from spacy.tokens import Doc

from .spans import Triple
from .tokens import Tokens, cap_run, continues_name, joined, match_at, starts, tokens
from .vocab import canonical_words, given_syllables, places, provinces, surnames, word_set, world_places


@lru_cache(maxsize=1)
def _abbreviated_units() -> frozenset[str]:
    return frozenset(canonical_words("place_units", "abbreviated"))


def place_name(doc: Doc | Tokens, i: int) -> int:
    """Tokens of a place name at i: a gazetteer name, `TP.HCM`, a district number (`quận 1`), or a short
    capitalised run that does not read as a person's full name."""
    t = tokens(doc)
    if i >= len(t):
        return 0
    if t.texts[i] == "TP" and i + 2 < len(t) and t.texts[i + 1] == "." and not t.ws[i]:
        return 2 + cap_run(t, i + 2, 3)
    if t.num[i] and len(t.texts[i]) <= 3:
        return 1
    run = cap_run(t, i, 5)
    known = places()
    if run >= 3 and t.texts[i] in surnames() and t.span_text(i, i + run) not in known:
        return 0
    for n in range(run, 0, -1):
        if t.span_text(i, i + n) in known:
            return n
    return min(run, 3)


def abbreviated_unit(doc: Doc | Tokens, i: int) -> int:
    """Tokens of `Q.1`, `P.4`, `Q.Bình Thạnh`, `H.Bình Chánh`, `P.Thanh Nhàn` at i (0 if none). Past `Q.`, a
    capitalised name; past the others, a number or a known place, since `P.Mahajan` is a person's initial."""
    t = tokens(doc)
    if t.texts[i] not in _abbreviated_units() or i + 2 >= len(t) or t.texts[i + 1] != "." or t.ws[i] or t.ws[i + 1]:
        return 0
    if t.num[i + 2] and len(t.texts[i + 2]) <= 3:
        return 3
    run = cap_run(t, i + 2, 3)
    if run and t.texts[i + 2][1:2].islower():
        if t.texts[i] == "Q":
            return 2 + run
        for n in range(run, 0, -1):
            if t.span_text(i + 2, i + 2 + n) in places():
                return 2 + n
    return 0


def qualifier(doc: Doc | Tokens, i: int) -> int:
    """Tokens of an administrative qualifier at i: unit word + optional place name, or a province name."""
    t = tokens(doc)
    if i >= len(t):
        return 0
    abbreviated = abbreviated_unit(t, i)
    if abbreviated:
        return abbreviated
    lower = t.texts[i][:1].islower()
    branch = match_at(t, i, "branch", fold=True) if lower else 0
    if branch and t.ws[i + branch - 1] == " ":
        rest = qualifier(t, i + branch) or place_name(t, i + branch)
        return branch + rest if rest else 0
    unit = match_at(t, i, "units") or (match_at(t, i, "units", fold=True) if lower else 0)
    if unit and t.texts[i] == "TP":
        name = place_name(t, i + 1) if t.ws[i] == " " else 0
        if not name and i + 1 < len(t) and t.texts[i + 1] == "." and not t.ws[i]:
            name = 1 + cap_run(t, i + 2, 4)
            return 1 + name if name > 1 else 0
        return 1 + name if name else 0
    if unit:
        gap = t.ws[i + unit - 1] == " "
        return unit + (place_name(t, i + unit) if gap else 0)
    name = cap_run(t, i, 4)
    while name and t.span_text(i, i + name) not in provinces():
        name -= 1
    if name:
        return name
    return place_name(t, i) if t.texts[i] == "TP" else 0


def unit_places(doc: Doc | Tokens) -> list[Triple]:
    """`huyện Như Thanh`, `xã Hải Nhân`, `TP Thanh Hóa`, `Q.1`: a lower-case or abbreviated place unit and
    a capitalised name."""
    t = tokens(doc)
    out: list[Triple] = [
        (i, i + n, "LOC") for i, w in enumerate(t.texts) if w in _abbreviated_units() for n in [abbreviated_unit(t, i)] if n
    ]
    named, highways, regions = (word_set("place_units", k) for k in ("named", "highway", "region"))
    i = 0
    for k in starts(t, "places", fold=True):
        if k < i:
            continue
        i = k
        word = t.texts[i]
        n = match_at(t, i, "places", fold=True) if word[:1].islower() or word.isupper() else 0
        if n and t.ws[i + n - 1] == " ":
            unit = " ".join(t.lower[i : i + n])
            if unit in named:
                name = street_name(t, i + n, highway=unit in highways)
            else:
                name = place_name(t, i + n)
            if not name and unit in regions:
                name = _unit_place_at(t, i + n)  # `đồng bằng` + `sông Hồng`
            if name:
                out.append((i, i + n + name, "LOC"))
            i += n + name  # `phố` inside `thành phố` is no road
    return sorted(out)


def _unit_place_at(t: Tokens, i: int) -> int:
    """Tokens of a lower-case unit and its place name at i (`sông Hồng`), 0 if none."""
    if i >= len(t) or not t.texts[i][:1].islower():
        return 0
    n = match_at(t, i, "places", fold=True)
    name = place_name(t, i + n) if n and t.ws[i + n - 1] == " " else 0
    return n + name if name else 0


def street_name(doc: Doc | Tokens, i: int, highway: bool = False) -> int:
    """Tokens of a road's name at i: a capitalised run, person-like names included (`Nguyễn Thị Minh Khai`),
    cut before a province that follows it (`Nguyễn Huệ Hà Nội`); else what `place_name` reads (`1A`)."""
    t = tokens(doc)
    run = cap_run(t, i, 5)
    if not run:
        return place_name(t, i)
    if highway and i + run + 1 < len(t) and t.texts[i + run] in ("-", "–") and t.cap[i + run + 1]:
        return run + 1 + cap_run(t, i + run + 1, 4)  # `cao tốc Bắc - Nam`, `quốc lộ Hà Nội - Hải Phòng`
    for k in range(2, run):
        if any(t.span_text(i + k, i + m) in provinces() for m in range(k + 1, run + 1)):
            return k
    return run


_HOUSE_NUMBER = regex.compile(r"^\d{1,4}[A-Za-z]?$")


def _district_follows(t: Tokens, k: int) -> bool:
    """True when `, Q.1`, `- quận 5`, `, P.9` or `, Hà Nội` follows a street name ending before token k."""
    if k + 1 >= len(t) or t.texts[k] not in (",", "-", "–"):
        return False
    marks = word_set("place_units", "district_mark")
    two = " ".join(t.lower[k + 1 : k + 3])
    return t.lower[k + 1] in marks or two in marks or t.span_text(k + 1, k + 1 + cap_run(t, k + 1, 4)) in provinces()


def address_streets(doc: Doc | Tokens) -> list[Triple]:
    """Road names in street addresses: `63 Nguyễn Huệ, Q.1`, `48C Nguyễn Hữu Huân`, `số 12/3 Nguyễn Trãi`.

    A house number opens the address; it reads as one when it carries a letter, follows `số`, or
    the name is followed by a district or province."""
    t = tokens(doc)
    out: list[Triple] = []
    for i, word in enumerate(t.texts):
        if not (word[0].isdigit() and _HOUSE_NUMBER.match(word) and (i == 0 or t.ws[i - 1] or not t.alpha[i - 1])):
            continue
        j, marked = i + 1, not word.isdigit() or (i > 0 and t.lower[i - 1] == "số")
        while j + 1 < len(t) and t.texts[j] == "/" and not t.ws[j - 1] and not t.ws[j] and t.digit[j + 1]:
            j += 2  # `12/3` may be a date as well as a house number: not a mark on its own
        if j >= len(t) or t.ws[j - 1] != " ":
            continue
        n = cap_run(t, j, 5)
        titled = n and t.texts[j][1:2].islower()  # a name, not `HC` in `26/33 HC vàng`
        if titled and (marked or _district_follows(t, j + n)):
            out.append((j, j + n, "LOC"))
    return out


def is_named_place(doc: Doc | Tokens, span: Triple) -> bool:
    """True when a place span opens with a non-administrative unit (`cảng Sơn Dương`, `đường Nguyễn Huệ`):
    the name after it is the place's even when it reads as a person's, unlike after `tỉnh` in a title."""
    return match_at(doc, span[0], "named_places", fold=True) > 0




@lru_cache(maxsize=1)
def _world_first_words() -> frozenset[str]:
    return frozenset(name.split(" ")[0] for name in world_places())


def foreign_places(doc: Doc | Tokens, spans: Sequence[Triple]) -> tuple[list[Triple], list[Triple]]:
    """Countries are LOC wherever the model put them; a city is never a PER. Also the country, city
    and region mentions it missed, except one-syllable ones that are given names too (`Nga`, `Đức`),
    parts of longer names and peoples or languages (`tiếng Pháp`)."""
    t = tokens(doc)
    known = world_places()
    relabelled = []
    for s, e, label in spans:
        kind = known.get(t.span_text(s, e))
        if kind == "country" or (kind in ("city", "region") and label == "PER"):
            label = "LOC"
        relabelled.append((s, e, label))
    extra: list[Triple] = []
    names = given_syllables()
    firsts = _world_first_words()
    not_a_place_before = word_set("context_words", "people_or_language")
    for i, word in enumerate(t.texts):
        if word not in firsts:
            continue
        for n in (4, 3, 2, 1):
            if i + n > len(t.texts):  # a country name can end the document
                continue
            text = t.span_text(i, i + n)
            if text not in known or not joined(t, i, i + n):
                continue
            if (n == 1 and text in names) or continues_name(t, i, i + n):
                break
            if i and t.lower[i - 1] in not_a_place_before:
                break
            extra.append((i, i + n, "LOC"))
            break
    return relabelled, extra


def country_qualifiers(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """An ORG directly followed by a country takes it in (`Bộ Ngoại giao Mỹ`, `Chính phủ Nhật Bản`): the
    country identifies the body, as a province does at home; annotators never split the two."""
    t = tokens(doc)
    known = world_places()
    taken = {(s, e): label for s, e, label in spans}
    out: list[Triple] = []
    skip: set[tuple[int, int]] = set()
    for s, e, label in sorted(spans):  # a country is met after the ORG before it
        if (s, e) in skip:
            continue
        if label == "ORG" and e < len(t) and t.ws[e - 1] == " ":
            for n in (4, 3, 2, 1):
                if e + n <= len(t) and joined(t, e, e + n) and known.get(t.span_text(e, e + n)) == "country":
                    if taken.get((e, e + n), "LOC") == "LOC" and not any(
                        a < e + n and e < b and (a, b) != (e, e + n) for a, b in taken
                    ):
                        skip.add((e, e + n))
                        e += n
                    break
        out.append((s, e, label))
    return out


MAX_LISTED_NAME = 4


def listed_places(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """Names listed after a unit place share its kind: `xã Quỳnh Lương, Quỳnh Thanh, Quỳnh Yên`,
    `đường Nguyễn Chí Thanh và Trần Duy Hưng` are places, whatever the names look like. A listed name
    is a capitalised run that the next joiner or the sentence's end closes (`huyện Như Thanh, Chủ tịch`
    lists nothing, the last name may run on when it has two syllables); it becomes LOC where a span has
    exactly its range, and is added where none lies."""
    t = tokens(doc)
    joiners = word_set("context_words", "list_joiner")
    by_range = {(s, e): label for s, e, label in spans}
    found: list[Triple] = []
    for start, end, label in sorted(spans):
        if label != "LOC" or not match_at(t, start, "places", fold=True) or not t.texts[start][:1].islower():
            continue
        i = end
        while i + 1 < len(t) and t.lower[i] in joiners and (t.ws[i] == " " or t.texts[i] == ","):
            j = i + 1
            n = cap_run(t, j, MAX_LISTED_NAME)
            after = j + n
            closed = after >= len(t) or t.lower[after] in joiners or t.texts[after] in (".", "…", ")", ";", "\n") \
                or t.space[after]
            # the list's last name may run into the sentence (`..., Quỳnh Yên đều bị`): two syllables at least
            if not n or not (closed or n >= 2) or match_at(t, j, "places", fold=True) or t.texts[j].isupper():
                break
            found.append((j, after, "LOC"))
            if not closed:
                break
            i = after
    out = [(s, e, "LOC" if (s, e) in {(a, b) for a, b, _ in found} else label) for s, e, label in spans]
    taken = {k for s, e, _ in out for k in range(s, e)}
    return sorted(out + [x for x in found if (x[0], x[1]) not in by_range and taken.isdisjoint(range(x[0], x[1]))])
