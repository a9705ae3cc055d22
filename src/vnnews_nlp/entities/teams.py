"""Sports teams named after a province or a sponsor: ORG, not the place (`Đồng Tháp tiếp Huda Huế`).

The guideline makes clubs ORG and national teams named by their country LOC. A
province in a football report is the club when it stands where a team does:
after `đội` or `trận`, beside a match verb or a score, or in a fixture pair
(`An Giang-Quảng Nam`). The model reads such names as places; these rules, run
only on football reports, relabel them and every other mention of the same name
that is not placed by a preposition (`ở Đồng Tháp`).
"""
from __future__ import annotations

from collections.abc import Sequence

import regex
from spacy.tokens import Doc

from .spans import Triple
from .tokens import Tokens, cap_run, phrase_after, phrase_before, tokens
from .vocab import countries as known_countries
from .vocab import places as vietnamese_places
from .vocab import provinces, word_set

# A football report has several football words (`context_words.tsv`), two kinds at least.
MIN_FOOTBALL_WORDS, MIN_FOOTBALL_KINDS = 3, 2
_SCORE = regex.compile(r"^\d{1,2}-\d{1,2}$")


def is_football_report(doc: Doc | Tokens) -> bool:
    """True when the text reads as a football report (several football words of two kinds at least)."""
    t = tokens(doc)
    football = word_set("context_words", "football")
    seen: list[str] = []
    for i, word in enumerate(t.lower):
        if word in football:
            seen.append(word)
        elif i + 1 < len(t) and t.ws[i] == " " and f"{word} {t.lower[i + 1]}" in football:
            seen.append(f"{word} {t.lower[i + 1]}")
    return len(seen) >= MIN_FOOTBALL_WORDS and len(set(seen)) >= MIN_FOOTBALL_KINDS


def _score_after(t: Tokens, end: int) -> bool:
    """`X 4-3`: a score right after the name (one token, or `4`, `-`, `3` glued)."""
    if end >= len(t) or t.ws[end - 1] != " ":
        return False
    if _SCORE.match(t.texts[end]):
        return True
    return end + 2 < len(t) and t.digit[end] and t.texts[end + 1] == "-" and t.digit[end + 2] and not t.ws[end]


def _score_before(t: Tokens, start: int) -> bool:
    """`4-3 Y`: a score right before the name."""
    if start < 1 or t.ws[start - 1] != " ":
        return False
    if _SCORE.match(t.texts[start - 1]):
        return True
    return start >= 3 and t.digit[start - 1] and t.texts[start - 2] == "-" and t.digit[start - 3] and not t.ws[start - 3]


def _paired(t: Tokens, start: int, end: int) -> bool:
    """`An Giang-Quảng Nam`: the name is glued by a hyphen to another capitalised name."""
    after = end + 1 < len(t) and t.texts[end] == "-" and not t.ws[end - 1] and not t.ws[end] and t.cap[end + 1]
    before = start >= 2 and t.texts[start - 1] == "-" and not t.ws[start - 2] and not t.ws[start - 1] and t.cap[start - 2]
    return after or before


def _team_position(t: Tokens, start: int, end: int) -> bool:
    return (
        phrase_before(t, start, word_set("context_words", "before_team"))
        or phrase_after(t, end, word_set("context_words", "after_team"))
        or _score_after(t, end)
        or _score_before(t, start)
        or _paired(t, start, end)
    )


def _after_doi(t: Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """Capitalised names after `đội` that no span covers (`đội Thể Công`), as ORG."""
    out = list(spans)
    taken = {i for s, e, _ in spans for i in range(s, e)}
    for i, word in enumerate(t.lower):
        if word != "đội" or i + 1 >= len(t) or t.ws[i] != " ":
            continue
        n = cap_run(t, i + 1, 5)
        if n and taken.isdisjoint(range(i + 1, i + 1 + n)) and t.span_text(i + 1, i + 1 + n) not in known_countries():
            out.append((i + 1, i + 1 + n, "ORG"))
            taken.update(range(i + 1, i + 1 + n))
    return sorted(out)


def _home_name(t: Tokens, start: int, end: int) -> bool:
    """A Vietnamese place name, alone or after a sponsor (`Halida Thanh Hóa`): what clubs are called.
    Other names (`Libăng`, `VN`) are countries and their national teams, LOC."""
    known = vietnamese_places()
    name = t.span_text(start, end)
    if name in known_countries():
        return False
    return name in known or any(t.span_text(k, end) in provinces() for k in range(start + 1, end))


def _unmarked_provinces(t: Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """Province names no span covers, as LOC candidates (`trận Đồng Tháp (ĐT) tiếp ...`)."""
    taken = {i for s, e, _ in spans for i in range(s, e)}
    out: list[Triple] = []
    i = 0
    while i < len(t):
        n = cap_run(t, i, 4) if t.cap[i] and i not in taken else 0
        while n and t.span_text(i, i + n) not in provinces():
            n -= 1
        if n and taken.isdisjoint(range(i, i + n)):
            out.append((i, i + n, "LOC"))
        i += max(n, 1)
    return out


_LATIN = regex.compile(r"^[A-Za-z][A-Za-z .'-]*$")


def _foreign_club(t: Tokens, start: int, end: int, label: str) -> bool:
    """`Porto 2-1 Benfica`, `Auxerre-Bologna`, `đội Fenerbahce`: a Latin-script name the model took
    for a person or a city, standing where a club does."""
    name = t.span_text(start, end)
    if label not in ("PER", "LOC") or not _LATIN.match(name) or name in known_countries():
        return False
    return (_score_after(t, end) or _score_before(t, start) or _paired(t, start, end)
            # strong team positions only: a person also stands before `thắng` (`Federer thắng`)
            or phrase_before(t, start, word_set("context_words", "before_club")))


def team_names(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """In a football report, place spans standing as teams become ORG, with the other mentions of their
    names; capitalised names after `đội`, and province names where a team stands, that no span covers
    are added. Countries stay LOC."""
    t = tokens(doc)
    if not is_football_report(t):
        return list(spans)
    marked = _after_doi(t, spans)
    unmarked = _unmarked_provinces(t, marked)
    places = [(s, e) for s, e, label in marked + unmarked if label == "LOC" and _home_name(t, s, e)]
    orgs_end = {e for _s, e, label in marked if label == "ORG"}
    teams = {t.span_text(s, e) for s, e in places if _team_position(t, s, e)}
    # `đội Thể Công và Thanh Hóa`: a place joined to a team is a team too
    teams |= {t.span_text(s, e) for s, e in places if s >= 2 and t.lower[s - 1] in ("và", "với") and s - 1 in orgs_end}
    place_marks = word_set("context_words", "team_place_mark")  # where something happens: the place

    def as_team(s: int, e: int, label: str) -> bool:
        return label == "LOC" and t.span_text(s, e) in teams and not phrase_before(t, s, place_marks)

    relabelled = [
        (s, e, "ORG" if as_team(s, e, label) or _foreign_club(t, s, e, label) else label)
        for s, e, label in marked
    ]
    return sorted(relabelled + [(s, e, "ORG") for s, e, label in unmarked if as_team(s, e, label)])
