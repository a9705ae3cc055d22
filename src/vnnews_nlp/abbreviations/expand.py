"""Writing abbreviations out: whole articles (`expanded_text`) and single spans (entity expansions).

In running text only free-standing mentions are written out. A mention stays as written where it is
part of a document code (`723/QĐ-UBND`, `14/KH-UBND`), of a name (inside a recognised entity larger
than itself, `Sở GD&ĐT` → the entity's own `expansion` says it), or of a mixed term (`AI Factory`,
`ASEAN Cup 2024`, `VTC News`); its long form stays in `abbreviations`. A definition site keeps its
short form (`Hội khuyến học (HKH)`).
"""
from __future__ import annotations

from typing import Sequence

import regex

from ..textnorm import match_key
from .detect import AbbreviationMention
from .filters import syllable_like

_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:(?:&amp;|[&./\-])[\p{L}\p{M}\p{N}]+)*")
# A capitalised Latin word beside the mention, and what follows it: `AI Factory`, `ASEAN Cup 2024`.
_LATIN_AFTER = regex.compile(r" ([A-Z][A-Za-z]+)(?: (\d+))?")
_LATIN_BEFORE = regex.compile(r"([A-Z][A-Za-z]+) $")


def _is_definition_site(text: str, m: AbbreviationMention) -> bool:
    """`long (SHORT)` or `SHORT (long)`: the long form already stands beside the short one."""
    key = match_key(m.long)
    before = text[max(0, m.start - len(m.long) - 40):m.start]
    if before.rstrip().endswith("(") or ", " in before[-6:]:
        head = before[:before.rfind("(")] if "(" in before else before
        if match_key(head).endswith(key):
            return True
        if "(" in before[-12:]:
            return key in match_key(head[-len(m.long) - 30:])
    after = text[m.end:m.end + len(m.long) + 4]
    return after.lstrip().startswith("(") and match_key(after.lstrip()[1:]).startswith(key)


def in_code(text: str, m: AbbreviationMention) -> bool:
    """Whether the mention is a part of a longer joined token: a document code (`723/QĐ-UBND`), a stack
    (`PGS.TS`), a glued word (`250USD`)."""
    lo = max(0, m.start - 40)
    for t in _TOKEN.finditer(text, lo, min(len(text), m.end + 40)):
        if t.start() <= m.start and m.end <= t.end():
            return (t.start(), t.end()) != (m.start, m.end)
    return False


def in_mixed_term(text: str, m: AbbreviationMention) -> bool:
    """`AI Factory`, `VTC News`, `ASEAN Cup 2024`: a Latin word beside the mention makes it part of a name."""
    after = _LATIN_AFTER.match(text, m.end)
    if after and (not syllable_like(after.group(1)) or after.group(2)):
        return True
    before = _LATIN_BEFORE.search(text, max(0, m.start - 30), m.start)
    return bool(before) and not syllable_like(before.group(1))


def _inside(spans: Sequence[tuple[int, int]], m: AbbreviationMention) -> bool:
    """Whether a span strictly larger than the mention holds it."""
    return any(a <= m.start and m.end <= b and (a, b) != (m.start, m.end) for a, b in spans)


def free_standing(text: str, mentions: Sequence[AbbreviationMention],
                  names: Sequence[tuple[int, int]] = ()) -> list[AbbreviationMention]:
    """The mentions `expand_text` writes out: not in a code, a name among `names` (entity spans) or a
    mixed term, not a definition site."""
    return [m for m in sorted(mentions, key=lambda m: m.start)
            if not in_code(text, m) and not in_mixed_term(text, m) and not _inside(names, m)
            and not (m.source == "definition" and _is_definition_site(text, m))]


def _render(text: str, start: int, end: int, mentions: Sequence[AbbreviationMention]) -> tuple[str, int]:
    parts = []
    pos = start
    count = 0
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start < pos or m.end > end or m.start < start:
            continue
        parts.append(text[pos:m.start])
        parts.append(m.long)
        pos = m.end
        count += 1
    parts.append(text[pos:end])
    return "".join(parts), count


def expand_text(text: str, mentions: Sequence[AbbreviationMention], names: Sequence[tuple[int, int]] = ()) -> str:
    """The text with every free-standing mention written out (`free_standing`)."""
    return _render(text, 0, len(text), free_standing(text, mentions, names))[0]


def expand_span(text: str, start: int, end: int, mentions: Sequence[AbbreviationMention]) -> str | None:
    """`Sở GD&ĐT` → `Sở Giáo dục và Đào tạo` (an entity's expansion); None when the span holds no
    mention to write out. Code parts and definition sites stay as written."""
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    out, count = _render(text, start, end, [m for m in inside if not in_code(text, m)
                                           and not (m.source == "definition" and _is_definition_site(text, m))])
    return out if count else None


def expanded_article(text: str, ranges: Sequence[tuple[int, int]], mentions: Sequence[AbbreviationMention],
                     names: Sequence[tuple[int, int]] = ()) -> str:
    """The article (its ranges joined by newlines) with its free-standing mentions written out."""
    chosen = free_standing(text, mentions, names)
    return "\n".join(_render(text, a, b, [m for m in chosen if a <= m.start and m.end <= b])[0] for a, b in ranges)
