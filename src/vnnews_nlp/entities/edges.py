"""Where a name begins and ends: titles and honorifics stay outside PER, run-on spans are cut,
hyphenated names stay whole, doubled names are two mentions, the name after an honorific is a person.
"""
from __future__ import annotations

from collections.abc import Sequence

import regex
from spacy.tokens import Doc

from .places import qualifier
from .spans import Triple
from .tokens import Tokens, match_at, tokens

ACRONYM = regex.compile(r"^[\p{Lu}][\p{Lu}\d&]*\p{Lu}[\p{Lu}\d]*$")












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


def _html_entity_end(t: Tokens, i: int) -> bool:
    """True for the `;` of a raw HTML entity such as `&amp;` (three glued tokens)."""
    return i >= 2 and t.texts[i - 2] == "&" and not t.ws[i - 2] and not t.ws[i - 1]


def _after_acronym(t: Tokens, start: int, end: int) -> int:
    """`Sở GD&ĐT phát biểu ...` → `Sở GD&ĐT`: after a head's acronym only a qualifier may follow."""
    words = t.texts
    i = start + 1
    if i >= end or not ACRONYM.match(words[i]) or match_at(t, start, "government") != 1:
        return end
    while i + 2 < end and words[i + 1] in ("&", "-") and not t.ws[i] and ACRONYM.match(words[i + 2]):
        i += 2
    i += 1
    if i < end and words[i].islower() and t.ws[i - 1] == " ":
        q = qualifier(t, i)
        return i + q if q and i + q <= end else i
    return end


def tidy_edges(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """No span ends on an unmatched `(`-part, a dash or a sentence full stop after a lower-case word, runs on
    over a verb (`cut` words) or ends on a function word (`trailing` words)."""
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
