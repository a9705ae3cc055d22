"""Guideline rules over a Doc's syllable tokens: corrections of model spans and extra entities.

Every function takes the Doc (and spans) and returns spans; none searches the
text for strings, so offsets stay the tokenizer's. Spans are `(start, end,
label)` token ranges until the component turns them into `Span`s.

The rules fall into three kinds (`combine.combine` applies them in order):

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

Rules with a job of their own live beside this module and build on its helpers:
`teams` (clubs named after provinces in football reports), `compounds` (one-syllable
spans that open a common word), `persons` (names made people by their context) and
`companies` (foreign companies and media in Latin script).
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
    CLUB_HEADS,
    CUT_WORDS,
    FIELDS,
    FIXED_ORGS,
    GENERIC_ORGS,
    GOVERNMENT_HEADS,
    HIGHWAY_UNITS,
    LATIN_ORG_ENDINGS,
    LOWER_HEADS,
    MISSION_HEADS,
    NAMED_PLACE_UNITS,
    NOT_ORG_OPENINGS,
    PERSON_TITLES,
    PLACE_UNITS,
    REGION_UNITS,
    QUALIFIABLE_HEADS,
    SCHOOL_LEVELS,
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

_ACRONYM = regex.compile(r"^[\p{Lu}][\p{Lu}\d&]*\p{Lu}[\p{Lu}\d]*$")
_PRESS = regex.compile(r"^[\p{Lu}][\p{Lu}\d]{1,7}$")
_ATTRS = ["IDX", "LENGTH", "SPACY", "IS_SPACE", "IS_ALPHA", "IS_DIGIT", "LIKE_NUM", "IS_PUNCT"]


class Tokens:
    """A Doc's token attributes as plain lists, built once per document.

    spaCy makes a new `Token` object on every `doc[i]`, and the rules look at
    each token many times (every phrase length of every vocabulary), so they
    read these lists instead.
    """

    __slots__ = ("doc", "text", "texts", "lower", "ws", "space", "alpha", "digit", "num", "punct", "cap", "idx", "openers")

    def __init__(self, doc: Doc, text: str | None = None):
        self.doc = doc
        self.text = doc.text if text is None else text
        self.openers: list[int] | None = None  # filled by `_candidates`
        n = len(doc)
        idx, length, spacy, space, alpha, digit, num, punct = (
            doc.to_array(_ATTRS).T.tolist() if n else [[] for _ in _ATTRS]
        )
        text = self.text
        self.idx: list[int] = idx
        self.texts: list[str] = [text[a : a + b] for a, b in zip(idx, length)]
        self.lower: list[str] = [w.lower() for w in self.texts]
        self.ws: list[str] = [" " if f else "" for f in spacy]
        # 0/1 flags, read as booleans
        self.space: list[int] = space
        self.alpha: list[int] = alpha
        self.digit: list[int] = digit
        self.num: list[int] = num
        self.punct: list[int] = punct
        # A letter-only token opening with an upper-case letter (\p{Lu}: str.isupper on a letter, 4x faster)
        self.cap: list[bool] = [bool(a and w[:1].isupper()) for w, a in zip(self.texts, alpha)]

    def __len__(self) -> int:
        return len(self.texts)

    def span_text(self, start: int, end: int) -> str:
        """`doc[start:end].text`, clamped to the doc as spaCy's slices are."""
        end = min(end, len(self.texts))
        if start >= end:
            return ""
        return self.text[self.idx[start] : self.idx[end - 1] + len(self.texts[end - 1])]


def tokens(doc: Doc | Tokens) -> Tokens:
    """The lists of `doc`; `combine` builds them once and passes them to every rule."""
    return doc if isinstance(doc, Tokens) else Tokens(doc)


def _phrases(words: Iterable[str]) -> dict[int, set[tuple[str, ...]]]:
    """Phrases by length in syllables."""
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
             "cut": CUT_WORDS, "trailing": TRAILING_WORDS, "named_places": NAMED_PLACE_UNITS,
             "clubs": CLUB_HEADS, "schools": SCHOOL_LEVELS, "missions": MISSION_HEADS}[name]
    lower = ("titles", "units", "places", "lower_heads", "fields", "person_titles", "branch", "cut", "trailing",
             "named_places", "missions")
    folded = [w.lower() for w in table] if name in lower else list(table)
    return _phrases(folded)


@lru_cache(maxsize=None)
def _by_first(name: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """`name`'s phrases by their first syllable, longest first."""
    out: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for n in sorted(_vocab(name), reverse=True):
        for phrase in _vocab(name)[n]:
            out[phrase[0]].append(phrase)
    return {first: tuple(phrases) for first, phrases in out.items()}


def _joined(t: Tokens, start: int, end: int) -> bool:
    """True when tokens start..end-1 are separated by single plain spaces at most (one line)."""
    return all(t.ws[i] in ("", " ") for i in range(start, end - 1)) and not any(t.space[start:end])


def match_at(doc: Doc | Tokens, i: int, vocab: str, fold: bool = False) -> int:
    """Length in tokens of the longest `vocab` phrase starting at token i (0 if none)."""
    t = tokens(doc)
    words = t.lower if fold else t.texts
    for phrase in _by_first(vocab).get(words[i], ()):
        n = len(phrase)
        if i + n <= len(words) and _joined(t, i, i + n) and tuple(words[i : i + n]) == phrase:
            return n
    return 0


def cap_run(doc: Doc | Tokens, i: int, limit: int = 6) -> int:
    """Number of capitalised syllables from token i on, joined by single spaces (`Thanh Hóa`)."""
    t = tokens(doc)
    n = 0
    while i + n < len(t) and n < limit and t.cap[i + n]:
        if n and t.ws[i + n - 1] != " ":
            break
        n += 1
    return n


def phrase_before(doc: Doc | Tokens, i: int, phrases: frozenset[str]) -> int:
    """Length (1 or 2 words) of a lower-cased phrase of `phrases` that ends right before token i, spaced
    from it (`đội` + `Thể Công`, `máy bay` + `Boeing`); 0 if none."""
    t = tokens(doc)
    if i < 1 or t.ws[i - 1] != " ":
        return 0
    if t.lower[i - 1] in phrases:
        return 1
    if i >= 2 and t.ws[i - 2] == " " and f"{t.lower[i - 2]} {t.lower[i - 1]}" in phrases:
        return 2
    return 0


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


_ABBREVIATED_UNITS = frozenset({"Q", "P", "H", "TX", "TT"})


def abbreviated_unit(doc: Doc | Tokens, i: int) -> int:
    """Tokens of `Q.1`, `P.4`, `Q.Bình Thạnh`, `H.Bình Chánh`, `P.Thanh Nhàn` at i (0 if none). Past `Q.`, a
    capitalised name; past the others, a number or a known place, since `P.Mahajan` is a person's initial."""
    t = tokens(doc)
    if t.texts[i] not in _ABBREVIATED_UNITS or i + 2 >= len(t) or t.texts[i + 1] != "." or t.ws[i] or t.ws[i + 1]:
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
    unit = match_at(t, i, "units", fold=False) or (match_at(t, i, "units", fold=True) if lower else 0)
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


def trim_titles(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """PER spans without the titles and honorifics they open with (a title-only PER is dropped); ORG spans
    without a title before the body's name."""
    t = tokens(doc)
    out: list[Triple] = []
    for start, end, label in spans:
        if label == "PER":
            while start < end:
                n = match_at(t, start, "titles", fold=True)
                if not n or start + n >= end or not t.cap[start + n]:
                    break
                start += n
            if start < end and not t.cap[start] and not t.digit[start]:
                continue
        elif label == "ORG":  # `PV Báo Lao Động`, `Giám đốc Sở Y tế`: the title is no part of the body
            n = match_at(t, start, "titles", fold=True)
            if n and start + n < end and t.ws[start + n - 1] == " ":
                if t.texts[start + n] in _org_first_words():
                    start += n
                elif t.texts[start + n] in surnames() and cap_run(t, start + n) == end - start - n:
                    start, label = start + n, "PER"  # `ĐBQH Đặng Thị Bích Ngọc` is a person
        out.append((start, end, label))
    return out


@lru_cache(maxsize=1)
def _org_first_words() -> frozenset[str]:
    """Words that open organisation names (`Báo`, `Sở`, `UBND`)."""
    heads = QUALIFIABLE_HEADS + FIXED_ORGS + GOVERNMENT_HEADS + ("Báo", "Đài", "Công ty", "Tổng công ty", "Ngân hàng",
                                                              "Trường", "Viện", "Bệnh viện", "Tập đoàn", "CLB")
    return frozenset(h.split()[0] for h in heads)


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


_SCANNED = ("fixed", "heads", "places", "lower_heads")


@lru_cache(maxsize=1)
def _scanned_firsts() -> frozenset[str]:
    """First syllables of every vocabulary the rules scan the whole document for, folded or not."""
    return frozenset(first for name in _SCANNED for first in _by_first(name))


def _candidates(t: Tokens, vocab: str, fold: bool = False) -> list[int]:
    """Token indices whose text opens a `vocab` phrase, in order: the only places worth a `match_at`."""
    if t.openers is None:  # one pass over the document for all the scanned vocabularies
        firsts = _scanned_firsts()
        t.openers = [i for i, (w, low) in enumerate(zip(t.texts, t.lower)) if w in firsts or low in firsts]
    starts = _by_first(vocab)
    words = t.lower if fold else t.texts
    return [i for i in t.openers if words[i] in starts]


def fixed_orgs(doc: Doc | Tokens) -> list[Triple]:
    """Fixed organisation names (and qualifiable heads with a qualifier) wherever they are written."""
    t = tokens(doc)
    out: list[Triple] = []
    i = 0
    for k in _candidates(t, "fixed"):
        if k < i:
            continue
        i = k
        n = match_at(t, i, "fixed")
        if n and _in_code(t, i, i + n):
            i += n
            continue
        if n and t.cap[i] or (n and t.texts[i].isupper()):
            end = i + n
            if t.ws[end - 1] == " ":
                end += qualifier(t, end)
            if not _continues_name(t, i, end):
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


def person_titles(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """A span opening with an honorific or academic title is the person after it (`PGS Hải` → PER `Hải`)."""
    t = tokens(doc)
    out: list[Triple] = []
    for start, end, label in spans:
        n = match_at(t, start, "person_titles", fold=True)
        if n and start + n < end and cap_run(t, start + n) == end - start - n:
            out.append((start + n, end, "PER"))
        else:
            out.append((start, end, label))
    return out


_HONORIFICS = frozenset({"ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cụ", "ngài", "cháu", "bé", "chàng", "nàng"})


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """First words of capitalised titles that no name has (`Giám` of `Giám đốc`)."""
    middle = {"Thị", "Văn", "Hữu", "Đình", "Công", "Đức", "Quang", "Xuân", "Ngọc"}  # `Thị` of `Thị trưởng`
    return frozenset({w.split()[0] for w in TITLES if w[:1].isupper()} - set(surnames()) - set(given_syllables()) - middle)


@lru_cache(maxsize=1)
def _not_name_first() -> frozenset[str]:
    """Capitalised words after an honorific that open no name (`ông Bộ trưởng`; `anh Tư` is a name)."""
    heads = {h.split()[0] for h in QUALIFIABLE_HEADS + FIXED_ORGS}
    return _title_words() | frozenset(heads - set(surnames()))  # `Đoàn` opens `Đoàn Thanh niên` and `Đoàn Thị Trung`


def honorific_names(doc: Doc | Tokens) -> list[Triple]:
    """The name after a lower-case honorific: `anh Bảng`, `em Đoàn Thị Trung`, `ngài Fidel`."""
    t = tokens(doc)
    out: list[Triple] = []
    for i, word in enumerate(t.lower):
        if word not in _HONORIFICS or not t.texts[i][:1].islower() or t.ws[i] != " ":
            continue
        n = cap_run(t, i + 1, 4)
        n = next((k for k in range(1, n) if t.texts[i + 1 + k] in _title_words()), n)  # `Guy Doughty Giám đốc`
        if not n or t.texts[i + 1] in _not_name_first() or not t.alpha[i + 1] or t.texts[i + 1].isupper():
            continue
        name = t.span_text(i + 1, i + 1 + n)
        if name in places() or name in world_places():
            continue
        out.append((i + 1, i + 1 + n, "PER"))
    return out


def place_not_person(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """A PER that is a Vietnamese place name, opens with no surname and is not all given-name
    syllables, is a LOC (`Bỉm Sơn`, but `Việt Cường` stays a person);
    a PER that is one capital-letter acronym (`HĐQT`) is no entity."""
    t = tokens(doc)
    known, names = places(), surnames()
    out: list[Triple] = []
    for s, e, label in spans:
        if label == "PER":
            if e - s == 1 and len(t.texts[s]) >= 3 and t.texts[s].isupper():
                continue
            given = given_syllables()
            if e - s >= 2 and t.texts[s] not in names and t.span_text(s, e) in known and not all(
                w in given for w in t.texts[s:e]
            ):
                label = "LOC"
        out.append((s, e, label))
    return out


def _continues_name(t: Tokens, start: int, end: int) -> bool:
    """True when the match is only the start or end of a longer capitalised name (`Đảng Cộng sản`)."""
    after = end < len(t) and t.ws[end - 1] == " " and t.cap[end]
    before = start > 0 and t.ws[start - 1] == " " and t.cap[start - 1] and not (
        start - 1 == 0 or t.space[start - 2] or t.punct[start - 2]
    )
    return after or before


def qualified_heads(doc: Doc | Tokens) -> list[Triple]:
    """A qualifiable head followed by a qualifier: `HKH tỉnh`, `Công an huyện Như Thanh`."""
    t = tokens(doc)
    out: list[Triple] = []
    for i in _candidates(t, "heads"):
        n = match_at(t, i, "heads")
        if not n or t.ws[i + n - 1] != " ":
            continue
        q = qualifier(t, i + n)
        if q and not (i > 0 and t.ws[i - 1] == " " and t.cap[i - 1]):
            out.append((i, i + n + q, "ORG"))
    return out


def school_orgs(doc: Doc | Tokens) -> list[Triple]:
    """`Trường THCS Nguyễn Huệ`, `Trường THPT chuyên Hà Nội - Amsterdam`: a school level then its name."""
    t = tokens(doc)
    out: list[Triple] = []
    for i, word in enumerate(t.texts):
        if word != "Trường" or i + 2 >= len(t) or t.ws[i] != " ":
            continue
        j = i + 1
        while (level := match_at(t, j, "schools") if j < len(t) else 0) and t.ws[j + level - 1] == " ":
            j += level  # `THPT chuyên`: levels may stack
        if j == i + 1:
            continue
        n = cap_run(t, j, 5)
        while n and j + n + 1 < len(t) and t.texts[j + n] in ("-", "–") and cap_run(t, j + n + 1, 4):
            n += 1 + cap_run(t, j + n + 1, 4)  # `Hà Nội - Amsterdam`
        if n or (j < len(t) and t.num[j]):
            out.append((i, j + max(n, 1), "ORG"))
    return out


_GENERIC_ORGS = frozenset(g.lower() for g in GENERIC_ORGS)


def _opens_with(text: str, openings: Sequence[str]) -> bool:
    """True when `text` is one of `openings` or starts with one as whole words (`Hội chợ ...`)."""
    return any(text == o or text.startswith(o + " ") for o in openings)


def not_organisations(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """Drop ORGs that are events (`Hội chợ ...`, `Hội nghị ...`) or bare kinds (`Trung tâm học tập cộng đồng`),
    LOCs that are a unit with no name (`thị trấn`, `TP biển`), photo credits, index and storm names."""
    t = tokens(doc)
    out: list[Triple] = []
    for s, e, label in spans:
        if label == "ORG":
            text = t.span_text(s, e)
            if text.lower() in _GENERIC_ORGS or _opens_with(text, NOT_ORG_OPENINGS):
                continue
        if label == "LOC" and _unnamed_place(t, s, e):
            continue
        if _photo_credit(t, s) or _index_name(t, e) or _storm_name(t, s) or _pronoun_anh(t, s, e):
            continue
        out.append((s, e, label))
    return out


def _unnamed_place(t: Tokens, start: int, end: int) -> bool:
    """A unit with no name after it: `thị trấn`, `TP biển`, `miền núi`."""
    unit = match_at(t, start, "places", fold=True)
    if not unit or not (t.texts[start].islower() or t.texts[start] == "TP"):
        return False
    return all(t.alpha[k] and t.texts[k].islower() for k in range(start + unit, end))


def _photo_credit(t: Tokens, start: int) -> bool:
    """The name right after `Ảnh:` is a photo credit, not article text (`Ảnh: Q.LIÊM`)."""
    return start >= 2 and t.texts[start - 1] == ":" and t.lower[start - 2] == "ảnh"


_STORM_WORDS = frozenset({"bão", "siêu bão", "cơn bão", "áp thấp", "lốc xoáy", "hurricane", "typhoon"})


def _storm_name(t: Tokens, start: int) -> bool:
    """The name of a storm (`bão Rita`, `siêu bão Yagi`, each of `bão Dennis, Rita và Wilma`):
    no person, place or body."""
    while start >= 1 and t.ws[start - 1] == " ":
        if phrase_before(t, start, _STORM_WORDS):
            return True
        # step back over one listed name: `Rita, ` or `Stan và `
        k = start - 1
        if t.lower[k] == "và":
            k -= 1
        elif k >= 1 and t.texts[k] == "," and t.ws[k - 1] == "":
            k -= 1
        else:
            return False
        if k < 0 or not t.cap[k]:
            return False
        start = k
    return False


_AFTER_PRONOUN = frozenset({"đã", "sẽ", "đang", "cho", "không", "chưa", "nói", "là", "vẫn", "cũng", "thì", "từng",
                            "chia", "tâm", "kể", "muốn", "có", "được", "bị", "rất", "luôn", "còn", "mới", "nghĩ"})


def _pronoun_anh(t: Tokens, start: int, end: int) -> bool:
    """`Anh cho biết`, `- Anh đã ...`: the pronoun opening a sentence, not the country."""
    if end - start != 1 or t.texts[start] != "Anh" or end >= len(t) or t.lower[end] not in _AFTER_PRONOUN:
        return False
    before = t.texts[start - 1] if start else "."
    return start == 0 or t.space[start - 1] or before in (".", "-", "–", "“", '"', ":", "!", "?")


def _index_name(t: Tokens, end: int) -> bool:
    """`VN` of `VN-Index`: part of a market index's name."""
    return end + 1 < len(t) and t.texts[end] == "-" and not t.ws[end - 1] and t.lower[end + 1] == "index"


def defined_names_are_not_people(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """A PER of three or more words that the text defines an acronym of its initials for is an organisation
    (`Badan Intelijen Negara (BIN)`): people are not given such acronyms in news (`Minh Châu (MC)` stays)."""
    t = tokens(doc)
    out: list[Triple] = []
    for start, end, label in spans:
        if (label == "PER" and end - start >= 3 and end + 2 < len(t) and t.texts[end] == "(" and t.texts[end + 2] == ")"
                and _ACRONYM.match(t.texts[end + 1])
                and t.texts[end + 1].upper() == "".join(w[0] for w in t.texts[start:end] if w[:1].isalpha()).upper()):
            label = "ORG"
        out.append((start, end, label))
    return out


_ABBREVIATION_PART = regex.compile(r"^(?:[\p{Lu}][\p{Lu}\d&]*|\.)$")
MAX_ABBREVIATION_TOKENS = 7


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
        return 1 if _ACRONYM.match(t.texts[i]) else 0
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


def press_tags(doc: Doc | Tokens, line_starts: Iterable[int]) -> list[Triple]:
    """A press source tag opening a line: `TTO -`, `(NLĐ)-`, `(TTXVN)`."""
    t = tokens(doc)
    words = t.texts
    out: list[Triple] = []
    for i in line_starts:
        if i + 2 < len(t) and words[i] == "(" and _PRESS.match(words[i + 1]) and words[i + 2] == ")":
            follow = words[i + 3] if i + 3 < len(t) else ""
            if follow in ("-", "–", "—", ":") or t.ws[i + 2]:
                out.append((i + 1, i + 2, "ORG"))
        elif i + 1 < len(t) and _PRESS.match(words[i]) and words[i + 1] in ("-", "–", "—"):
            out.append((i, i + 1, "ORG"))
    return out


def line_starts(doc: Doc | Tokens) -> list[int]:
    """Token indices that open a line, and tokens right after a title-ending line break."""
    t = tokens(doc)
    starts = [0] if len(t) else []
    for i, word in enumerate(t.texts):
        if "\n" in word or "\n" in t.ws[i]:
            j = i + 1
            while j < len(t) and t.space[j]:
                j += 1
            if j < len(t):
                starts.append(j)
    return starts


def unit_places(doc: Doc | Tokens) -> list[Triple]:
    """`huyện Như Thanh`, `xã Hải Nhân`, `TP Thanh Hóa`, `Q.1`: a lower-case or abbreviated place unit and
    a capitalised name."""
    t = tokens(doc)
    out: list[Triple] = [
        (i, i + n, "LOC") for i, w in enumerate(t.texts) if w in _ABBREVIATED_UNITS for n in [abbreviated_unit(t, i)] if n
    ]
    i = 0
    for k in _candidates(t, "places", fold=True):
        if k < i:
            continue
        i = k
        word = t.texts[i]
        n = match_at(t, i, "places", fold=True) if word[:1].islower() or word.isupper() else 0
        if n and t.ws[i + n - 1] == " ":
            unit = " ".join(t.lower[i : i + n])
            if unit in NAMED_PLACE_UNITS:
                name = street_name(t, i + n, highway=unit in HIGHWAY_UNITS)
            else:
                name = place_name(t, i + n)
            if not name and unit in REGION_UNITS:
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
_DISTRICT_MARKS = frozenset({"quận", "phường", "huyện", "thành phố", "tp", "tx", "thị xã", "xã", "q", "p"})


def _district_follows(t: Tokens, k: int) -> bool:
    """True when `, Q.1`, `- quận 5`, `, P.9` or `, Hà Nội` follows a street name ending before token k."""
    if k + 1 >= len(t) or t.texts[k] not in (",", "-", "–"):
        return False
    word = t.lower[k + 1]
    two = " ".join(t.lower[k + 1 : k + 3])
    return word in _DISTRICT_MARKS or two in _DISTRICT_MARKS or t.span_text(k + 1, k + 1 + cap_run(t, k + 1, 4)) in provinces()


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


_LATIN_WORD = regex.compile(r"^(?:[A-Z][A-Za-z'&-]*|[A-Z]\.[A-Z]\.?|\d+)$")
_LATIN_ENDINGS = frozenset(LATIN_ORG_ENDINGS)
# Vietnamese words with no diacritics that open sentences (`Theo Evans Data, ...`): never part of the name.
_PLAIN_VIETNAMESE = frozenset({
    "anh", "ba", "ban", "cho", "chi", "co", "con", "do", "hai", "khi", "la", "nam", "nay", "nhung", "o", "sau",
    "tai", "the", "theo", "tin", "tren", "trong", "tu", "tuy", "va", "vi", "voi",
})


def latin_orgs(doc: Doc | Tokens) -> list[Triple]:
    """Latin-script names ending in a company or body word: `Evans Data`, `Terence Higgins Trust`, `VP Bank`."""
    t = tokens(doc)
    out: list[Triple] = []
    for i, word in enumerate(t.texts):
        if word not in _LATIN_ENDINGS or (out and i < out[-1][1]):
            continue
        start = i
        while start > 0 and i - start < 5 and t.ws[start - 1] == " " and _LATIN_WORD.match(t.texts[start - 1]):
            if t.lower[start - 1] in _PLAIN_VIETNAMESE:
                break
            start -= 1
        if start < i and t.texts[start][:1].isupper():
            out.append((start, i + 1, "ORG"))
    return out


def prevail(spans: Sequence[Triple], extra: Iterable[Triple], relabel_container: bool = False) -> list[Triple]:
    """Each `extra` span replaces the spans it overlaps, unless one of them is longer and contains it
    (`dãy núi Anđết` keeps `núi Anđết`; an ORG `Công ty ... đường cao tốc Việt Nam` keeps its road);
    with `relabel_container` that span takes the extra's label."""
    chosen = list(spans)
    for s, e, label in extra:
        outer = next((x for x in chosen if x[0] <= s and e <= x[1] and (x[0], x[1]) != (s, e)), None)
        if outer is None:
            chosen = override(chosen, [(s, e, label)])
        elif relabel_container:
            chosen = [x if x != outer else (x[0], x[1], label) for x in chosen]
    return sorted(chosen)


def override(spans: Sequence[Triple], extra: Iterable[Triple]) -> list[Triple]:
    """`extra` spans replace every span they overlap."""
    chosen = list(spans)
    for s, e, label in extra:
        chosen = [x for x in chosen if x[1] <= s or e <= x[0]] + [(s, e, label)]
    return sorted(chosen)


def is_named_place(doc: Doc | Tokens, span: Triple) -> bool:
    """True when a place span opens with a non-administrative unit (`cảng Sơn Dương`, `đường Nguyễn Huệ`):
    the name after it is the place's even when it reads as a person's, unlike after `tỉnh` in a title."""
    return match_at(doc, span[0], "named_places", fold=True) > 0


def lexicon_names(doc: Doc | Tokens) -> list[Triple]:
    """Mentions of names the training annotations always label alike (longest match, whole names only)."""
    t = tokens(doc)
    lexicon = entity_lexicon()
    at = [i for i, space in enumerate(t.space) if not space]
    words = [t.texts[i] for i in at]
    out: list[Triple] = []
    free = 0  # first word not inside a name already found
    for k in [k for k, word in enumerate(words) if word in lexicon]:
        if k < free:
            continue
        for name, label in lexicon[words[k]]:
            n = len(name)
            if tuple(words[k : k + n]) != name:
                continue
            start, end = at[k], at[k + n - 1] + 1
            if _joined(t, start, end) and not _continues_name(t, start, end):
                out.append((start, end, label))
                free = k + n
                break
    return out


def relabel_known(doc: Doc | Tokens, spans: Sequence[Triple], known: Sequence[Triple]) -> list[Triple]:
    """A model span that is exactly a lexicon name takes the lexicon's label."""
    labels = {(s, e): label for s, e, label in known}
    return [(s, e, labels.get((s, e), label)) for s, e, label in spans]


def _html_entity_end(t: Tokens, i: int) -> bool:
    """True for the `;` of a raw HTML entity such as `&amp;` (three glued tokens)."""
    return i >= 2 and t.texts[i - 2] == "&" and not t.ws[i - 2] and not t.ws[i - 1]


def join_hyphens(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """A PER or ORG grows over glued hyphen parts of its name (`Jean` + `-Claude`, `al` + `-Rubaiye`)."""
    t = tokens(doc)
    words = t.texts
    out: list[Triple] = []
    taken = {i for s, e, _ in spans for i in range(s, e)}
    for start, end, label in spans:
        if label in ("PER", "ORG"):
            while (
                end + 1 < len(t) and not t.ws[end - 1] and words[end] == "-"
                and not t.ws[end] and t.alpha[end + 1] and words[end + 1][:1].isupper()
                and end + 1 not in taken
            ):
                end += 2
                while end < len(t) and t.ws[end - 1] == " " and t.cap[end] and end not in taken:
                    end += 1
        out.append((start, end, label))
    return out


def _after_acronym(t: Tokens, start: int, end: int) -> int:
    """`Sở GD&ĐT phát biểu ...` → `Sở GD&ĐT`: after a head's acronym only a qualifier may follow."""
    words = t.texts
    i = start + 1
    if i >= end or not _ACRONYM.match(words[i]) or match_at(t, start, "government") != 1:
        return end
    while i + 2 < end and words[i + 1] in ("&", "-") and not t.ws[i] and _ACRONYM.match(words[i + 2]):
        i += 2
    i += 1
    if i < end and words[i].islower() and t.ws[i - 1] == " ":
        q = qualifier(t, i)
        return i + q if q and i + q <= end else i
    return end


def tidy_edges(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """No span ends on an unmatched `(`-part, a dash or a sentence full stop after a lower-case word."""
    t = tokens(doc)
    words = t.texts
    out: list[Triple] = []
    for start, end, label in spans:
        end = next((i for i in range(start, end) if words[i] == ";" and not _html_entity_end(t, i)), end)
        end = next((i for i in range(start + 1, end) if words[i].islower() and match_at(t, i, "cut")), end)
        while end - start > 1 and words[end - 1].islower() and match_at(t, end - 1, "trailing"):
            end -= 1
        if label == "ORG":
            end = _after_acronym(t, start, end)
        opened = [i for i in range(start, end) if words[i] == "("]
        closed = [i for i in range(start, end) if words[i] == ")"]
        if len(opened) > len(closed):
            end = opened[len(closed)] if not closed else max(opened)
        while end > start and words[end - 1] in (".", ",", ";", ":", "-", "–", "—") and (
            words[end - 1] != "." or end - 2 < start or words[end - 2][:1].islower() or len(words[end - 2]) > 3
        ):
            end -= 1
        if end > start:
            out.append((start, end, label))
    return out


def split_repeats(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """A span that is one name of two or more syllables twice (`Đồng Tháp Đồng Tháp`, where a dump
    ran a title into its caption) is two mentions; `Phi Phi` is one name."""
    t = tokens(doc)
    out: list[Triple] = []
    for start, end, label in spans:
        half = (end - start) // 2
        middle = start + half
        if half >= 2 and (end - start) % 2 == 0 and t.texts[start:middle] == t.texts[middle:end] and t.ws[middle - 1] == " ":
            out += [(start, middle, label), (middle, end, label)]
        else:
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
                if government and words[i] in names and cap_run(t, i) == tail and 2 <= tail <= 4 and not t.cap[i - 1]:
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


def lower_head_orgs(doc: Doc | Tokens) -> list[Triple]:
    """`công an quận Hoàn Kiếm`, `bệnh viện Chợ Rẫy`, `sứ quán Australia`: lower-case head + qualifier or name."""
    t = tokens(doc)
    out: list[Triple] = []
    for i in _candidates(t, "lower_heads", fold=True):
        if not t.texts[i][:1].islower() or (out and i < out[-1][1]):  # `sứ quán` inside `đại sứ quán`
            continue
        n = match_at(t, i, "lower_heads", fold=True)
        if not n or t.ws[i + n - 1] != " ":
            continue
        if t.lower[i] == "bệnh":  # `bệnh viện Bạch Mai`, but `bệnh viện Baghdad` is a kind of place
            tail = cap_run(t, i + n, 5)
            name = t.span_text(i + n, i + n + tail)
            if tail < 2 or name in places() or name in world_places():
                continue
        else:
            tail = qualifier(t, i + n) or cap_run(t, i + n, 5)
        if tail and t.cap[i + n + tail - 1] or (tail and t.num[i + n + tail - 1]):
            out.append((i, i + n + tail, "ORG"))
    return out


def club_orgs(doc: Doc | Tokens) -> list[Triple]:
    """`CLB TP.HCM`, `CLB Hoàng Anh Gia Lai`, `câu lạc bộ Thể Công`: a club head and its capitalised name."""
    t = tokens(doc)
    firsts = _by_first("clubs")
    out: list[Triple] = []
    for i, word in enumerate(t.texts):
        n = match_at(t, i, "clubs") if word in firsts else 0
        if not n or i + n >= len(t) or t.ws[i + n - 1] != " ":
            continue
        name = qualifier(t, i + n) or cap_run(t, i + n, 5)
        if name and (t.cap[i + n + name - 1] or t.num[i + n + name - 1]):
            out.append((i, i + n + name, "ORG"))
    return out


def absorb(
    spans: Sequence[Triple], extra: Iterable[Triple], labels: tuple[str, ...] = ("LOC",), strict: bool = True
) -> list[Triple]:
    """Each `extra` span replaces the spans of `labels` it strictly contains (or also the same range, with
    `strict=False`), when it overlaps nothing else."""
    chosen = list(spans)
    for s, e, label in extra:
        inside = [t for t in chosen if t[0] < e and s < t[1]]
        if inside and all(s <= a and b <= e and lab in labels and (not strict or (a, b) != (s, e)) for a, b, lab in inside):
            chosen = [t for t in chosen if t not in inside] + [(s, e, label)]
    return sorted(chosen)


_CODE = regex.compile(r"^[\p{Lu}][\p{Lu}\d]{1,4}$")
_CODE_BEFORE = frozenset({"mã", "cổ phiếu", "CP", "chứng khoán", "chỉ số"})


_STOCK_WORDS = frozenset({"cổ phiếu", "khớp lệnh", "chứng khoán", "vn-index", "hastc-index", "niêm yết", "mã"})


def _stock_report(t: Tokens) -> bool:
    """True when the text reports share trading (three or more market words)."""
    pairs = (f"{a} {b}" for a, b in zip(t.lower, t.lower[1:]))
    return sum(w in _STOCK_WORDS for w in t.lower) + sum(p in _STOCK_WORDS for p in pairs) >= 3


def codes(doc: Doc | Tokens) -> set[int]:
    """Tokens that are stock tickers or product codes, not organisations: three or more in a comma list
    with a digit in one (`BT6, DHA, GIL, TS4`; `AJC, PNJ, SJC` may be shops), two or more in a list
    (`,` or `và`) of a share-trading report, one after `mã`/`cổ phiếu`, or one joined to a number (`MOF-177`)."""
    t = tokens(doc)
    texts, n = t.texts, len(t.texts)
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
        if i and (t.lower[i - 1] in _CODE_BEFORE or texts[i - 1] in _CODE_BEFORE) or joined:
            out.add(i)
    return out


# Long forms that name an agreement or a programme, not a body (`EVFTA`, `CPTPP`).
_AGREEMENT_OPENINGS = ("Hiệp định", "Hiệp ước", "Công ước", "Nghị định thư")


def _names_an_event(long: str) -> bool:
    """`Hội chợ Khoa học và Kỹ thuật quốc tế` (ISEF), `Hiệp định Thương mại tự do Việt Nam - EU` (EVFTA):
    an event's or an agreement's name, whose acronym is no ORG."""
    return _opens_with(long, NOT_ORG_OPENINGS + _AGREEMENT_OPENINGS)


def concept_acronyms(doc: Doc | Tokens, spans: Sequence[Triple], mentions: Sequence) -> list[Triple]:
    """Drop one-token ORGs that the abbreviation stage expands to a lower-case concept (`BHTN`, `XHHT`) or
    to an event (`ISEF`), and those that are tickers or product codes (`codes`)."""
    t = tokens(doc)
    lower = {m.start for m in mentions if m.long[:1].islower() or _names_an_event(m.long)}
    coded = codes(t)
    return [(s, e, lab) for s, e, lab in spans
            if not (lab == "ORG" and e - s == 1 and (t.idx[s] in lower or s in coded))]


@lru_cache(maxsize=1)
def _world_first_words() -> frozenset[str]:
    return frozenset(name.split(" ")[0] for name in world_places())


_NOT_A_PLACE_BEFORE = frozenset({"tiếng", "người", "dân", "chữ", "giọng", "kiểu", "món", "phong cách", "gốc"})


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
    for i, word in enumerate(t.texts):
        if word not in firsts:
            continue
        for n in (4, 3, 2, 1):
            if i + n > len(t.texts):  # a country name can end the document
                continue
            text = t.span_text(i, i + n)
            if text not in known or not _joined(t, i, i + n):
                continue
            if (n == 1 and text in names) or _continues_name(t, i, i + n):
                break
            if i and t.lower[i - 1] in _NOT_A_PLACE_BEFORE:
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
                if e + n <= len(t) and _joined(t, e, e + n) and known.get(t.span_text(e, e + n)) == "country":
                    if taken.get((e, e + n), "LOC") == "LOC" and not any(
                        a < e + n and e < b and (a, b) != (e, e + n) for a, b in taken
                    ):
                        skip.add((e, e + n))
                        e += n
                    break
        out.append((s, e, label))
    return out


def consistent_labels(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """Relabel each surface text to its majority label in the document (ties keep the first)."""
    t = tokens(doc)
    votes: dict[str, Counter] = defaultdict(Counter)
    for start, end, label in spans:
        votes[t.span_text(start, end)][label] += 1
    return [(s, e, votes[t.span_text(s, e)].most_common(1)[0][0]) for s, e, _ in spans]


def add_missing(base: Sequence[Triple], extra: Iterable[Triple]) -> list[Triple]:
    """`base` plus every `extra` span that overlaps nothing already taken (longest extras first)."""
    chosen = list(base)
    occupied: set[int] = {i for s, e, _ in base for i in range(s, e)}
    for s, e, label in sorted(extra, key=lambda t: (-(t[1] - t[0]), t[0])):
        if occupied.isdisjoint(range(s, e)):
            chosen.append((s, e, label))
            occupied.update(range(s, e))
    return sorted(chosen)
