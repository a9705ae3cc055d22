"""People that the context names, whatever the name looks like: `Varaluk, 34 tuổi`, `S.Trithip`.

Foreign one-word names carry no Vietnamese surname for the model to lean on;
an age right after a name (`X, 34 tuổi`) makes it a person, and a name written
with one initial (`S.Trithip`, `W. Bush`) is a person, not the club or company
the model may take it for. Initials of administrative units (`Q.1`, `P.Linh
Trung`, `H.Bình Chánh`) are places and are left alone.
"""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from .spans import Triple, absorb, add_missing
from .tokens import Tokens, cap_run, phrase_before, tokens
from .vocab import canonical_words, given_syllables, places, surnames, word_set, world_places

MAX_NAME = 4


def _initial_at(t: Tokens, i: int) -> int:
    """Tokens of a one-letter initial with its full stop at i (`S`, `.`), 0 if none."""
    if i + 2 < len(t) and len(t.texts[i]) == 1 and t.cap[i] and t.texts[i + 1] == "." and not t.ws[i]:
        # one-letter abbreviations of units (`Q.` quận, `P.` phường): places
        return 2 if t.texts[i] not in canonical_words("place_units", "initial") else 0
    return 0


def _name_start(t: Tokens, end: int) -> int:
    """Start of the capitalised name (initial included) that ends at token `end` (exclusive)."""
    start = end
    while start > 0 and end - start < MAX_NAME and t.cap[start - 1] and (start == end or t.ws[start - 1] == " "):
        start -= 1
    if start >= 2 and _initial_at(t, start - 2) and t.ws[start - 1] in ("", " "):
        start -= 2
    return start


def aged_names(doc: Doc | Tokens) -> list[Triple]:
    """The capitalised name right before `, <number> tuổi` (`Varaluk, 34 tuổi`)."""
    t = tokens(doc)
    out: list[Triple] = []
    for i, word in enumerate(t.lower):
        if word != "tuổi" or i < 3 or not t.num[i - 1] or t.texts[i - 2] != ",":
            continue
        end = i - 2
        start = _name_start(t, end)
        if start == end or t.ws[end - 1]:
            continue
        name = t.span_text(start, end)
        if name not in places() and name not in world_places():
            out.append((start, end, "PER"))
    return out


def initial_names(doc: Doc | Tokens) -> list[Triple]:
    """`S.Trithip`, `W. Bush`: an initial and a capitalised name (no unit initial)."""
    t = tokens(doc)
    out: list[Triple] = []
    for i in range(len(t)):
        if not _initial_at(t, i) or t.ws[i + 1] not in ("", " ") or not t.cap[i + 2]:
            continue
        if i > 0 and not t.ws[i - 1] and t.alpha[i - 1]:
            continue  # inside a dotted abbreviation (`XSKT.ĐL.LĐ`)
        n = cap_run(t, i + 2, MAX_NAME - 1)
        if t.texts[i + 2].isupper():
            continue  # `H.H`, `T.Ư`: abbreviations
        out.append((i, i + 2 + n, "PER"))
    return out


def _person_shaped(t: Tokens, start: int, end: int) -> bool:
    """`Đoàn Thị Trung`: a surname, `Thị`, then given names, which the model took for a body or a place."""
    return (
        3 <= end - start <= 4
        and t.texts[start] in surnames()
        and t.texts[start + 1] in canonical_words("person_words", "middle_name")  # not `Văn`: `Chu Văn An`
        and all(t.cap[k] and t.ws[k - 1] == " " for k in range(start + 1, end))
    )


def _given_names_only(t: Tokens, start: int, end: int) -> bool:
    """`Hùng Dũng`, `Thùy Dương`: two or three given-name syllables that name no known place."""
    name = t.span_text(start, end)
    given = given_syllables()
    return (
        2 <= end - start <= 3
        and all(t.cap[k] and t.texts[k] in given for k in range(start, end))
        and name not in places() and name not in world_places()
        and not phrase_before(t, start, word_set("context_words", "place_before"))
    )


def context_persons(doc: Doc | Tokens, spans: Sequence[Triple]) -> list[Triple]:
    """Spans shaped like Vietnamese full names (`Đoàn Thị Trung`) are PER whatever the model said, and
    places of given names only that no gazetteer knows (`Hùng Dũng`) are PER.
    Spans found by `aged_names` and `initial_names` take PER where the model found something in
    them (exact spans relabelled, spans inside replaced); aged names are also added where nothing
    lies. An initial alone adds nothing: a letter and a full stop also end sentences (`vitamin C. Song`)."""
    t = tokens(doc)
    aged = aged_names(t)
    out = [(s, e, "PER") if label != "PER" and _person_shaped(t, s, e) or label == "LOC" and _given_names_only(t, s, e)
           else (s, e, label) for s, e, label in spans]
    out = absorb(out, aged + initial_names(t), ("PER", "ORG", "LOC"), strict=False)
    return add_missing(out, aged)

