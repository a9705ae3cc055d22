"""Guideline rules over a Doc's syllable tokens: corrections of model spans and extra entities.

Every function takes the Doc (and spans) and returns spans; none searches the
text for strings, so offsets stay the tokenizer's. Spans are `(start, end,
label)` token ranges until the component turns them into `Span`s.

`combine` applies them in this order (each step measured on a held-out part of
train, see `benchmarks/ner.py` and the model card):

- corrections of the model's spans: titles and honorifics never open a PER
  (`trim_titles`, `person_titles`: `PGS Hải` → PER `Hải`); run-on spans are cut at
  verbs, `;` and trailing function words, and an acronym-form ORG ends at its
  qualifier (`tidy_edges`); hyphenated names stay whole (`join_hyphens`);
  Vietnamese places the model took for people become LOC (`place_not_person`);
  an official's name after an ORG is a PER of its own (`split_officials`); an
  administrative qualifier right after an ORG belongs to it (`extend_qualifiers`:
  `UBND` + `tỉnh Thanh Hóa`, `HKH` + `tỉnh`); the training lexicon relabels known
  names (`relabel_known`); countries are LOC (`foreign_places`).
- entities only the rules find, where the model found nothing: lower-case heads
  (`công an quận Hoàn Kiếm`), press tags (`TTO -`, `(NLĐ)-`), fixed names and
  qualified heads (`Tỉnh ủy`, `Quốc hội`, `HKH tỉnh`, `Sở Giáo dục và Đào tạo`),
  bracketed abbreviations (`Hội khuyến học (HKH)` → `HKH`), lexicon names,
  country mentions, unit places (`huyện Như Thanh`, `KCN Lễ Môn`).
- clean-up: acronyms the abbreviation stage expands to a lower-case concept are
  no ORG (`BHTN`); one label per surface text per document (`consistent_labels`).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

import regex
from spacy.tokens import Doc

from .gazetteers import (
    ADMIN_UNITS,
    BRANCH_WORDS,
    CUT_WORDS,
    FIELDS,
    FIXED_ORGS,
    GOVERNMENT_HEADS,
    LOWER_HEADS,
    PERSON_TITLES,
    PLACE_UNITS,
    QUALIFIABLE_HEADS,
    TITLES,
    TRAILING_WORDS,
    entity_lexicon,
    given_syllables,
    places,
    provinces,
    surnames,
    world_places,
)

Triple = tuple[int, int, str]

_UPPER_START = regex.compile(r"^\p{Lu}")
_ACRONYM = regex.compile(r"^[\p{Lu}][\p{Lu}\d&]*\p{Lu}[\p{Lu}\d]*$")
_PRESS = regex.compile(r"^[\p{Lu}][\p{Lu}\d]{1,7}$")


def _phrases(words: Iterable[str]) -> dict[int, set[tuple[str, ...]]]:
    """Phrases by length in syllables, longest first when iterated by the callers."""
    out: dict[int, set[tuple[str, ...]]] = defaultdict(set)
    for phrase in words:
        parts = tuple(phrase.split())
        out[len(parts)].add(parts)
    return out


@lru_cache(maxsize=None)
def _vocab(name: str) -> dict[int, set[tuple[str, ...]]]:
    table = {"titles": TITLES, "units": ADMIN_UNITS, "places": PLACE_UNITS, "fixed": FIXED_ORGS,
             "heads": QUALIFIABLE_HEADS, "lower_heads": LOWER_HEADS, "government": GOVERNMENT_HEADS,
             "fields": FIELDS, "person_titles": PERSON_TITLES, "branch": BRANCH_WORDS,
             "cut": CUT_WORDS, "trailing": TRAILING_WORDS}[name]
    lower = ("titles", "units", "places", "lower_heads", "fields", "person_titles", "branch", "cut", "trailing")
    folded = [w.lower() for w in table] if name in lower else list(table)
    return _phrases(folded)


def _joined(doc: Doc, start: int, end: int) -> bool:
    """True when tokens start..end-1 are separated by single plain spaces at most (one line)."""
    return all(doc[i].whitespace_ in ("", " ") for i in range(start, end - 1)) and not any(
        doc[i].is_space for i in range(start, end)
    )


@lru_cache(maxsize=None)
def _first_words(name: str) -> frozenset[str]:
    return frozenset(phrase[0] for phrases in _vocab(name).values() for phrase in phrases)


def match_at(doc: Doc, i: int, vocab: str, fold: bool = False) -> int:
    """Length in tokens of the longest `vocab` phrase starting at token i (0 if none)."""
    first = doc[i].text.lower() if fold else doc[i].text
    if first not in _first_words(vocab):
        return 0
    table = _vocab(vocab)
    for n in sorted(table, reverse=True):
        if i + n > len(doc) or not _joined(doc, i, i + n):
            continue
        words = tuple((t.text.lower() if fold else t.text) for t in doc[i : i + n])
        if words in table[n]:
            return n
    return 0


def _is_cap(token) -> bool:
    return bool(_UPPER_START.match(token.text)) and token.is_alpha


def cap_run(doc: Doc, i: int, limit: int = 6) -> int:
    """Number of capitalised syllables from token i on, joined by single spaces (`Thanh Hóa`)."""
    n = 0
    while i + n < len(doc) and n < limit and _is_cap(doc[i + n]):
        if n and doc[i + n - 1].whitespace_ != " ":
            break
        n += 1
    return n


def place_name(doc: Doc, i: int) -> int:
    """Tokens of a place name at i: a gazetteer name, `TP.HCM`, a district number (`quận 1`), or a short
    capitalised run that does not read as a person's full name."""
    if i >= len(doc):
        return 0
    if doc[i].text == "TP" and i + 2 < len(doc) and doc[i + 1].text == "." and not doc[i].whitespace_:
        return 2 + cap_run(doc, i + 2, 3)
    if doc[i].like_num and len(doc[i].text) <= 3:
        return 1
    run = cap_run(doc, i, 5)
    known = places()
    if run >= 3 and doc[i].text in surnames() and doc[i : i + run].text not in known:
        return 0
    for n in range(run, 0, -1):
        if doc[i : i + n].text in known:
            return n
    return min(run, 3)


def qualifier(doc: Doc, i: int) -> int:
    """Tokens of an administrative qualifier at i: unit word + optional place name, or a province name."""
    if i >= len(doc):
        return 0
    branch = match_at(doc, i, "branch", fold=True) if doc[i].text[:1].islower() else 0
    if branch and doc[i + branch - 1].whitespace_ == " ":
        rest = qualifier(doc, i + branch) or place_name(doc, i + branch)
        return branch + rest if rest else 0
    unit = match_at(doc, i, "units", fold=False) or (
        match_at(doc, i, "units", fold=True) if doc[i].text[:1].islower() else 0
    )
    if unit and doc[i].text == "TP":
        name = place_name(doc, i + 1) if doc[i].whitespace_ == " " else 0
        if not name and i + 1 < len(doc) and doc[i + 1].text == "." and not doc[i].whitespace_:
            name = 1 + cap_run(doc, i + 2, 4)
            return 1 + name if name > 1 else 0
        return 1 + name if name else 0
    if unit:
        gap = doc[i + unit - 1].whitespace_ == " "
        return unit + (place_name(doc, i + unit) if gap else 0)
    name = cap_run(doc, i, 4)
    while name and doc[i : i + name].text not in provinces():
        name -= 1
    if name:
        return name
    return place_name(doc, i) if doc[i].text == "TP" else 0


def trim_titles(doc: Doc, spans: Sequence[Triple]) -> list[Triple]:
    """PER spans without the titles and honorifics they open with; a title-only PER is dropped."""
    out: list[Triple] = []
    for start, end, label in spans:
        if label == "PER":
            while start < end:
                n = match_at(doc, start, "titles", fold=True)
                if not n or start + n >= end or not _is_cap(doc[start + n]):
                    break
                start += n
            if start < end and not _is_cap(doc[start]) and not doc[start].is_digit:
                continue
        out.append((start, end, label))
    return out


def extend_qualifiers(doc: Doc, spans: Sequence[Triple]) -> list[Triple]:
    """ORG spans grown over an adjacent administrative qualifier, swallowing the LOC the model made of it."""
    ordered = sorted(spans)
    out: list[Triple] = []
    skip_until = -1
    for k, (start, end, label) in enumerate(ordered):
        if start < skip_until:
            continue
        if label == "ORG" and end < len(doc) and doc[end - 1].whitespace_ == " ":
            n = qualifier(doc, end)
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


def fixed_orgs(doc: Doc) -> list[Triple]:
    """Fixed organisation names (and qualifiable heads with a qualifier) wherever they are written."""
    out: list[Triple] = []
    i = 0
    while i < len(doc):
        n = match_at(doc, i, "fixed")
        if n and _in_code(doc, i, i + n):
            i += n
            continue
        if n and _is_cap(doc[i]) or (n and doc[i].text.isupper()):
            end = i + n
            if doc[end - 1].whitespace_ == " ":
                end += qualifier(doc, end)
            if not _continues_name(doc, i, end):
                out.append((i, end, "ORG"))
            i = end
            continue
        i += 1
    return out


def _in_code(doc: Doc, start: int, end: int) -> bool:
    """True inside a document code such as `14/KH-UBND` (glued to `-` or `/`)."""
    before = start > 0 and not doc[start - 1].whitespace_ and doc[start - 1].text in ("-", "/")
    after = end < len(doc) and not doc[end - 1].whitespace_ and doc[end].text in ("-", "/")
    return before or after


def ministries(doc: Doc) -> list[Triple]:
    """`Sở Giáo dục và Đào tạo`, `Bộ Văn hóa, Thể thao và Du lịch` (+ qualifier): head and a full field name."""
    out: list[Triple] = []
    for i in range(len(doc) - 1):
        if doc[i].text not in ("Bộ", "Sở") or doc[i].whitespace_ != " ":
            continue
        n = match_at(doc, i + 1, "fields", fold=True)
        if n and _is_cap(doc[i + 1]):
            end = i + 1 + n
            if doc[end - 1].whitespace_ == " ":
                end += qualifier(doc, end)
            out.append((i, end, "ORG"))
    return out


def person_titles(doc: Doc, spans: Sequence[Triple]) -> list[Triple]:
    """A span opening with an honorific or academic title is the person after it (`PGS Hải` → PER `Hải`)."""
    out: list[Triple] = []
    for start, end, label in spans:
        n = match_at(doc, start, "person_titles", fold=True)
        if n and start + n < end and cap_run(doc, start + n) == end - start - n:
            out.append((start + n, end, "PER"))
        else:
            out.append((start, end, label))
    return out


def place_not_person(doc: Doc, spans: Sequence[Triple]) -> list[Triple]:
    """A PER that is a Vietnamese place name, opens with no surname and is not all given-name
    syllables, is a LOC (`Bỉm Sơn`, but `Việt Cường` stays a person);
    a PER that is one capital-letter acronym (`HĐQT`) is no entity."""
    known, names = places(), surnames()
    out: list[Triple] = []
    for s, e, label in spans:
        if label == "PER":
            if e - s == 1 and len(doc[s].text) >= 3 and doc[s].text.isupper():
                continue
            given = given_syllables()
            if e - s >= 2 and doc[s].text not in names and doc[s:e].text in known and not all(
                t.text in given for t in doc[s:e]
            ):
                label = "LOC"
        out.append((s, e, label))
    return out


def _continues_name(doc: Doc, start: int, end: int) -> bool:
    """True when the match is only the start or end of a longer capitalised name (`Đảng Cộng sản`)."""
    after = end < len(doc) and doc[end - 1].whitespace_ == " " and _is_cap(doc[end])
    before = start > 0 and doc[start - 1].whitespace_ == " " and _is_cap(doc[start - 1]) and not (
        start - 1 == 0 or doc[start - 2].is_space or doc[start - 2].is_punct
    )
    return after or before


def qualified_heads(doc: Doc) -> list[Triple]:
    """A qualifiable head followed by a qualifier: `HKH tỉnh`, `Công an huyện Như Thanh`."""
    out: list[Triple] = []
    for i in range(len(doc)):
        n = match_at(doc, i, "heads")
        if not n or doc[i + n - 1].whitespace_ != " ":
            continue
        q = qualifier(doc, i + n)
        if q and not (i > 0 and doc[i - 1].whitespace_ == " " and _is_cap(doc[i - 1])):
            out.append((i, i + n + q, "ORG"))
    return out


def bracket_abbreviations(doc: Doc, spans: Sequence[Triple]) -> list[Triple]:
    """`ORG (ABC)` → ORG `ABC`, and every other standalone `ABC` in the doc."""
    out: list[Triple] = []
    shorts: set[str] = set()
    for start, end, label in spans:
        if label != "ORG" or end + 2 >= len(doc):
            continue
        if doc[end].text == "(" and doc[end + 2].text == ")" and _ACRONYM.match(doc[end + 1].text):
            shorts.add(doc[end + 1].text)
    if not shorts:
        return out
    for token in doc:
        if token.text in shorts:
            out.append((token.i, token.i + 1, "ORG"))
    return out


def press_tags(doc: Doc, line_starts: Iterable[int]) -> list[Triple]:
    """A press source tag opening a line: `TTO -`, `(NLĐ)-`, `(TTXVN)`."""
    out: list[Triple] = []
    for i in line_starts:
        if i + 2 < len(doc) and doc[i].text == "(" and _PRESS.match(doc[i + 1].text) and doc[i + 2].text == ")":
            follow = doc[i + 3].text if i + 3 < len(doc) else ""
            if follow in ("-", "–", "—", ":") or doc[i + 2].whitespace_:
                out.append((i + 1, i + 2, "ORG"))
        elif i + 1 < len(doc) and _PRESS.match(doc[i].text) and doc[i + 1].text in ("-", "–", "—"):
            out.append((i, i + 1, "ORG"))
    return out


def line_starts(doc: Doc) -> list[int]:
    """Token indices that open a line, and tokens right after a title-ending line break."""
    starts = [0] if len(doc) else []
    for token in doc:
        if "\n" in token.text or "\n" in token.whitespace_:
            j = token.i + 1
            while j < len(doc) and doc[j].is_space:
                j += 1
            if j < len(doc):
                starts.append(j)
    return starts


def unit_places(doc: Doc) -> list[Triple]:
    """`huyện Như Thanh`, `xã Hải Nhân`, `TP Thanh Hóa`: a lower-case place unit and a capitalised name."""
    out: list[Triple] = []
    i = 0
    while i < len(doc):
        n = match_at(doc, i, "places", fold=True) if doc[i].text[:1].islower() or doc[i].text.isupper() else 0
        if n and doc[i + n - 1].whitespace_ == " ":
            name = place_name(doc, i + n)
            if name:
                out.append((i, i + n + name, "LOC"))
                i += n + name
                continue
        i += 1
    return out


def lexicon_names(doc: Doc) -> list[Triple]:
    """Mentions of names the training annotations always label alike (longest match, whole names only)."""
    lexicon = entity_lexicon()
    words = [t for t in doc if not t.is_space]
    out: list[Triple] = []
    k = 0
    while k < len(words):
        for name, label in lexicon.get(words[k].text, ()):
            n = len(name)
            if tuple(t.text for t in words[k : k + n]) != name:
                continue
            start, end = words[k].i, words[k + n - 1].i + 1
            if _joined(doc, start, end) and not _continues_name(doc, start, end):
                out.append((start, end, label))
                k += n - 1
                break
        k += 1
    return out


def relabel_known(doc: Doc, spans: Sequence[Triple], known: Sequence[Triple]) -> list[Triple]:
    """A model span that is exactly a lexicon name takes the lexicon's label."""
    labels = {(s, e): label for s, e, label in known}
    return [(s, e, labels.get((s, e), label)) for s, e, label in spans]


def _html_entity_end(doc: Doc, i: int) -> bool:
    """True for the `;` of a raw HTML entity such as `&amp;` (three glued tokens)."""
    return i >= 2 and doc[i - 2].text == "&" and not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_


def join_hyphens(doc: Doc, spans: Sequence[Triple]) -> list[Triple]:
    """A PER or ORG grows over glued hyphen parts of its name (`Jean` + `-Claude`, `al` + `-Rubaiye`)."""
    out: list[Triple] = []
    taken = {i for s, e, _ in spans for i in range(s, e)}
    for start, end, label in spans:
        if label in ("PER", "ORG"):
            while (
                end + 1 < len(doc) and not doc[end - 1].whitespace_ and doc[end].text == "-"
                and not doc[end].whitespace_ and doc[end + 1].is_alpha and doc[end + 1].text[:1].isupper()
                and end + 1 not in taken
            ):
                end += 2
                while end < len(doc) and doc[end - 1].whitespace_ == " " and _is_cap(doc[end]) and end not in taken:
                    end += 1
        out.append((start, end, label))
    return out


def _after_acronym(doc: Doc, start: int, end: int) -> int:
    """`Sở GD&ĐT phát biểu ...` → `Sở GD&ĐT`: after a head's acronym only a qualifier may follow."""
    i = start + 1
    if i >= end or not _ACRONYM.match(doc[i].text) or match_at(doc, start, "government") != 1:
        return end
    while i + 2 < end and doc[i + 1].text in ("&", "-") and not doc[i].whitespace_ and _ACRONYM.match(doc[i + 2].text):
        i += 2
    i += 1
    if i < end and doc[i].text.islower() and doc[i - 1].whitespace_ == " ":
        return i + qualifier(doc, i) if qualifier(doc, i) and i + qualifier(doc, i) <= end else i
    return end


def tidy_edges(doc: Doc, spans: Sequence[Triple]) -> list[Triple]:
    """No span ends on an unmatched `(`-part or a sentence full stop after a lower-case word."""
    out: list[Triple] = []
    for start, end, label in spans:
        end = next((i for i in range(start, end) if doc[i].text == ";" and not _html_entity_end(doc, i)), end)
        end = next((i for i in range(start + 1, end) if doc[i].text.islower() and match_at(doc, i, "cut")), end)
        while end - start > 1 and doc[end - 1].text.islower() and match_at(doc, end - 1, "trailing"):
            end -= 1
        if label == "ORG":
            end = _after_acronym(doc, start, end)
        opened = [i for i in range(start, end) if doc[i].text == "("]
        closed = [i for i in range(start, end) if doc[i].text == ")"]
        if len(opened) > len(closed):
            end = opened[len(closed)] if not closed else max(opened)
        while end > start and doc[end - 1].text in (".", ",", ";", ":", "-") and (
            doc[end - 1].text != "." or end - 2 < start or doc[end - 2].text[:1].islower() or len(doc[end - 2]) > 3
        ):
            end -= 1
        if end > start:
            out.append((start, end, label))
    return out


def split_officials(doc: Doc, spans: Sequence[Triple]) -> list[Triple]:
    """`Bộ Kế hoạch đầu tư Trần Đình Khiển`, `UBND tỉnh Thanh Hóa Đỗ Minh Tuấn`: ORG + PER."""
    out: list[Triple] = []
    names = surnames()
    for start, end, label in spans:
        cut = None
        government = match_at(doc, start, "government")
        if label == "ORG":
            for i in range(start + 1, end - 1):
                tail = end - i
                if government and doc[i].text in names and cap_run(doc, i) == tail and 2 <= tail <= 4 and not _is_cap(
                    doc[i - 1]
                ):
                    cut = i
                    break
                n = qualifier(doc, i) if doc[i].text[:1].islower() else 0
                if n and i + n < end and doc[i + n].text in names and cap_run(doc, i + n) == end - i - n >= 2:
                    cut = i + n
                    break
        if cut is None:
            out.append((start, end, label))
        else:
            out.extend([(start, cut, "ORG"), (cut, end, "PER")])
    return out


def lower_head_orgs(doc: Doc) -> list[Triple]:
    """`công an quận Hoàn Kiếm`, `bệnh viện Chợ Rẫy`, `sứ quán Australia`: lower-case head + qualifier or name."""
    out: list[Triple] = []
    for i in range(len(doc)):
        if not doc[i].text[:1].islower():
            continue
        n = match_at(doc, i, "lower_heads", fold=True)
        if not n or doc[i + n - 1].whitespace_ != " ":
            continue
        if doc[i].text.lower() == "bệnh":  # `bệnh viện Bạch Mai`, but `bệnh viện Baghdad` is a kind of place
            tail = cap_run(doc, i + n, 5)
            name = doc[i + n : i + n + tail].text
            if tail < 2 or name in places() or name in world_places():
                continue
        else:
            tail = qualifier(doc, i + n) or cap_run(doc, i + n, 5)
        if tail and _is_cap(doc[i + n + tail - 1]) or (tail and doc[i + n + tail - 1].like_num):
            out.append((i, i + n + tail, "ORG"))
    return out


def absorb(spans: Sequence[Triple], extra: Iterable[Triple], labels: tuple[str, ...] = ("LOC",)) -> list[Triple]:
    """Each `extra` ORG replaces the spans of `labels` it strictly contains, when it overlaps nothing else."""
    chosen = list(spans)
    for s, e, label in extra:
        inside = [t for t in chosen if t[0] < e and s < t[1]]
        if inside and all(s <= a and b <= e and lab in labels and (a, b) != (s, e) for a, b, lab in inside):
            chosen = [t for t in chosen if t not in inside] + [(s, e, label)]
    return sorted(chosen)


def concept_acronyms(doc: Doc, spans: Sequence[Triple], mentions: Sequence) -> list[Triple]:
    """Drop one-token ORGs that the abbreviation stage expands to a lower-case concept (`BHTN`, `XHHT`)."""
    lower = {m.start for m in mentions if m.long[:1].islower()}
    return [(s, e, lab) for s, e, lab in spans if not (lab == "ORG" and e - s == 1 and doc[s].idx in lower)]


@lru_cache(maxsize=1)
def _world_first_words() -> frozenset[str]:
    return frozenset(name.split(" ")[0] for name, kind in world_places().items() if kind == "country")


_NOT_A_PLACE_BEFORE = frozenset({"tiếng", "người", "dân", "chữ", "giọng", "kiểu", "món", "phong cách", "gốc"})


def foreign_places(doc: Doc, spans: Sequence[Triple]) -> tuple[list[Triple], list[Triple]]:
    """Countries are LOC wherever the model put them; a city is never a PER. Also the country
    mentions it missed, except one-syllable ones that are given names too (`Nga`, `Đức`) and
    peoples or languages (`tiếng Pháp`)."""
    known = world_places()
    relabelled = []
    for s, e, label in spans:
        kind = known.get(doc[s:e].text)
        if kind == "country" or (kind == "city" and label == "PER"):
            label = "LOC"
        relabelled.append((s, e, label))
    extra: list[Triple] = []
    names = given_syllables()
    firsts = _world_first_words()
    for i in range(len(doc)):
        if doc[i].text not in firsts:
            continue
        for n in (4, 3, 2, 1):
            text = doc[i : i + n].text
            if known.get(text) != "country" or not _joined(doc, i, i + n):
                continue
            if (n == 1 and text in names) or _continues_name(doc, i, i + n):
                break
            if i and doc[i - 1].text.lower() in _NOT_A_PLACE_BEFORE:
                break
            extra.append((i, i + n, "LOC"))
            break
    return relabelled, extra


def consistent_labels(doc: Doc, spans: Sequence[Triple]) -> list[Triple]:
    """Relabel each surface text to its majority label in the document (ties keep the first)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for start, end, label in spans:
        votes[doc[start:end].text][label] += 1
    return [(s, e, votes[doc[s:e].text].most_common(1)[0][0]) for s, e, _ in spans]


def add_missing(base: Sequence[Triple], extra: Iterable[Triple]) -> list[Triple]:
    """`base` plus every `extra` span that overlaps nothing already taken (longest extras first)."""
    chosen = list(base)
    occupied: set[int] = {i for s, e, _ in base for i in range(s, e)}
    for s, e, label in sorted(extra, key=lambda t: (-(t[1] - t[0]), t[0])):
        if occupied.isdisjoint(range(s, e)):
            chosen.append((s, e, label))
            occupied.update(range(s, e))
    return sorted(chosen)


STEPS = (
    "titles", "tidy", "person_titles", "officials", "qualifiers", "lower_heads", "relabel", "press", "fixed",
    "brackets", "lexicon", "world", "units", "acronyms", "consistent",
)


def combine(doc: Doc, model: Sequence[Triple], steps: Sequence[str] = STEPS) -> list[Triple]:
    """The model's PER/ORG/LOC corrected by the guideline rules, plus what only the rules find."""
    spans = list(model)
    if "titles" in steps:
        spans = trim_titles(doc, spans)
    if "tidy" in steps:
        spans = join_hyphens(doc, tidy_edges(doc, spans))
    if "person_titles" in steps:
        spans = place_not_person(doc, person_titles(doc, spans))
    if "officials" in steps:
        spans = split_officials(doc, spans)
    if "qualifiers" in steps:
        spans = extend_qualifiers(doc, spans)
    if "lower_heads" in steps:
        heads = lower_head_orgs(doc)
        spans = add_missing(absorb(spans, heads), heads)
    known = lexicon_names(doc) if {"relabel", "lexicon"} & set(steps) else []
    if "relabel" in steps:
        spans = relabel_known(doc, spans, known)
    if "press" in steps:
        spans = add_missing(spans, press_tags(doc, line_starts(doc)))
    if "fixed" in steps:
        spans = absorb(spans, ministries(doc), ("ORG", "LOC"))
        fixed = ministries(doc) + qualified_heads(doc) + fixed_orgs(doc)
        spans = add_missing(absorb(spans, fixed), fixed)
    if "brackets" in steps:
        spans = add_missing(spans, bracket_abbreviations(doc, spans))
    if "lexicon" in steps:
        spans = add_missing(spans, [t for t in known if t[1] - t[0] > 1])
    if "world" in steps:
        spans, countries = foreign_places(doc, spans)
        spans = add_missing(spans, countries)
    if "units" in steps:
        units = unit_places(doc)
        places_at = {(s, e) for s, e, _ in units}
        spans = [(s, e, "LOC" if (s, e) in places_at else label) for s, e, label in spans]
        spans = add_missing(absorb(spans, units), units)
    if "acronyms" in steps:
        spans = concept_acronyms(doc, spans, doc._.abbreviations or [])
    if "consistent" in steps:
        spans = consistent_labels(doc, spans)
    return add_missing([], spans)  # flat: a step that grew a span into a neighbour never breaks doc.ents
