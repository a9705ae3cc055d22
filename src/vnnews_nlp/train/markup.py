"""The annotation markup of `shared/ANNOTATING.md`, read into offsets.

Markup is written around the original text:

- entity `⟦LABEL|text⟧` (PER, ORG, LOC), date `⟦DATE=VALUE|text⟧`;
- abbreviation `⟨SHORT|long form⟩`, SHORT the literal text; it may sit inside an entity;
- `⟪END⟫` once, where a trailing byline / `Theo …` / related block begins (`body_end`).

`parse` strips the markup and returns the plain text with every span's offsets
into it; `check_against` refuses a markup whose plain text is not the original
byte for byte. Nothing here guesses: malformed markup is an error naming the
line and what is wrong.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

ENTITY_LABELS = ("PER", "ORG", "LOC")
OPEN_ENTITY, CLOSE_ENTITY = "⟦", "⟧"
OPEN_ABBR, CLOSE_ABBR = "⟨", "⟩"
BODY_END = "⟪END⟫"
DATE_VALUE = regex.compile(
    r"^(?:\d{4}|XXXX)(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?|-Q[1-4])?"
    r"(?:/(?:\d{4}|XXXX)(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?|-Q[1-4])?)?$"
)


class MarkupError(ValueError):
    """A markup that cannot be read; the message says where and why."""


@dataclass
class Parsed:
    """Plain text and the spans the markup put on it."""

    text: str
    entities: list[dict] = field(default_factory=list)
    abbreviations: list[dict] = field(default_factory=list)
    body_end: int | None = None


def _where(markup: str, pos: int) -> str:
    line = markup.count("\n", 0, pos) + 1
    start = markup.rfind("\n", 0, pos) + 1
    return f"line {line}, column {pos - start + 1}: …{markup[max(0, pos - 30):pos + 30]!r}…"


def parse(markup: str) -> Parsed:
    """The plain text of `markup` with its entities, DATE values, abbreviations and body end."""
    out: list[str] = []
    length = 0
    out_parsed = Parsed(text="")
    entity: dict | None = None
    i = 0
    n = len(markup)
    while i < n:
        if markup.startswith(BODY_END, i):
            if out_parsed.body_end is not None:
                raise MarkupError(f"second {BODY_END} at {_where(markup, i)}")
            if entity is not None:
                raise MarkupError(f"{BODY_END} inside an entity at {_where(markup, i)}")
            out_parsed.body_end = length
            i += len(BODY_END)
            continue
        ch = markup[i]
        if ch == OPEN_ENTITY:
            if entity is not None:
                raise MarkupError(f"nested entity at {_where(markup, i)}: entities are flat")
            bar = markup.find("|", i)
            if bar < 0 or "\n" in markup[i:bar]:
                raise MarkupError(f"entity without '|' at {_where(markup, i)}")
            head = markup[i + 1 : bar]
            label, _, value = head.partition("=")
            if label == "DATE":
                if not DATE_VALUE.match(value):
                    raise MarkupError(f"DATE value {value!r} is not ISO 8601 at {_where(markup, i)}")
            elif label not in ENTITY_LABELS or value:
                raise MarkupError(f"unknown entity label {head!r} at {_where(markup, i)}")
            entity = {"start": length, "label": label, **({"value": value} if label == "DATE" else {}), "_at": i}
            i = bar + 1
            continue
        if ch == CLOSE_ENTITY:
            if entity is None:
                raise MarkupError(f"'{CLOSE_ENTITY}' without an open entity at {_where(markup, i)}")
            at = entity.pop("_at")
            entity["end"] = length
            text = "".join(out)[entity["start"] :]
            if not text or text != text.strip():
                raise MarkupError(f"entity text {text!r} is empty or has outer spaces at {_where(markup, at)}")
            out_parsed.entities.append(entity)
            entity = None
            i += 1
            continue
        if ch == OPEN_ABBR:
            bar = markup.find("|", i)
            close = markup.find(CLOSE_ABBR, i)
            if bar < 0 or close < 0 or close < bar or "\n" in markup[i:close]:
                raise MarkupError(f"abbreviation not of the form ⟨SHORT|long⟩ at {_where(markup, i)}")
            short, long = markup[i + 1 : bar], markup[bar + 1 : close]
            if not short or short != short.strip() or not long.strip() or any(c in short for c in "⟦⟧⟨"):
                raise MarkupError(f"bad abbreviation {markup[i:close + 1]!r} at {_where(markup, i)}")
            out_parsed.abbreviations.append({"start": length, "end": length + len(short), "long": long.strip()})
            out.append(short)
            length += len(short)
            i = close + 1
            continue
        if ch in (CLOSE_ABBR, "⟪", "⟫"):
            raise MarkupError(f"stray {ch!r} at {_where(markup, i)}")
        out.append(ch)
        length += 1
        i += 1
    if entity is not None:
        raise MarkupError(f"entity never closed, opened at {_where(markup, entity['_at'])}")
    out_parsed.text = "".join(out)
    return out_parsed


def check_against(parsed: Parsed, original: str) -> None:
    """Raise unless the markup's plain text is exactly `original` (the first difference is named)."""
    if parsed.text == original:
        return
    k = next((j for j, (a, b) in enumerate(zip(parsed.text, original)) if a != b), min(len(parsed.text), len(original)))
    line = original.count("\n", 0, k) + 1
    raise MarkupError(
        f"text differs from the original at offset {k} (line {line}): "
        f"markup gives {parsed.text[max(0, k - 25):k + 25]!r}, original has {original[max(0, k - 25):k + 25]!r}"
    )


def render(text: str, entities: list[dict], abbreviations: list[dict], body_end: int | None = None) -> str:
    """Markup for `text` with the given spans: the inverse of `parse` (used to show and to test)."""
    inserts: list[tuple[int, int, str]] = []  # (offset, order, string): closes before opens at one offset
    for e in entities:
        head = f"DATE={e['value']}" if e["label"] == "DATE" else e["label"]
        inserts.append((e["start"], 2, f"{OPEN_ENTITY}{head}|"))
        inserts.append((e["end"], 0, CLOSE_ENTITY))
    if body_end is not None:
        inserts.append((body_end, 1, BODY_END))
    skip: dict[int, tuple[int, str]] = {}
    for a in abbreviations:
        skip[a["start"]] = (a["end"], a["long"])
    out: list[str] = []
    events = sorted(inserts)
    k = 0
    i = 0
    while i <= len(text):
        while k < len(events) and events[k][0] <= i:
            out.append(events[k][2])
            k += 1
        if i == len(text):
            break
        if i in skip:
            end, long = skip[i]
            out.append(f"{OPEN_ABBR}{text[i:end]}|{long}{CLOSE_ABBR}")
            i = end
            continue
        out.append(text[i])
        i += 1
    return "".join(out)
