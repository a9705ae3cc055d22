"""Writing abbreviations out: whole texts and single spans (entity mentions)."""
from __future__ import annotations

from typing import Sequence

from ..textnorm import match_key
from .detect import AbbreviationMention


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


def _render(text: str, start: int, end: int, mentions: Sequence[AbbreviationMention]) -> tuple[str, int]:
    parts = []
    pos = start
    count = 0
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start < pos or m.end > end or m.start < start:
            continue
        if m.source == "definition" and _is_definition_site(text, m):
            continue
        parts.append(text[pos:m.start])
        parts.append(m.long)
        pos = m.end
        count += 1
    parts.append(text[pos:end])
    return "".join(parts), count


def expand_text(text: str, mentions: Sequence[AbbreviationMention]) -> str:
    """The text with every mention written out; a definition site keeps its short form."""
    return _render(text, 0, len(text), mentions)[0]


def expand_span(text: str, start: int, end: int, mentions: Sequence[AbbreviationMention]) -> str | None:
    """`Sở GD&ĐT` → `Sở Giáo dục và Đào tạo`; None when the span holds no mention."""
    out, count = _render(text, start, end, mentions)
    return out if count else None
