"""A mention's structural role read from where it stands: a press tag, a document type, a phone label."""
from __future__ import annotations

from functools import lru_cache

import regex

from .lexicon import alternation

_PHONE_AFTER = regex.compile(r"\s*:?\s*[(+]?\d")


@lru_cache(maxsize=1)
def _paper_before() -> regex.Pattern:
    return regex.compile(rf"(?:^|[^\p{{L}}])(?:{alternation('press_before')}) $")


@lru_cache(maxsize=1)
def _numbered() -> regex.Pattern:
    return regex.compile(rf" (?:{alternation('document_number')}) \d| \d+/\d")


def is_press_tag(text: str, start: int, end: int) -> bool:
    """`(NLĐ)-`, `(TTXVN) -`, `TTO -` at a line start: a press source tag; or a paper's name (`báo NLĐ`)."""
    if _paper_before().search(text[max(0, start - 10):start]):
        return True
    after = text[end:end + 3]
    if start > 0 and text[start - 1] == "(" and after[:1] == ")":
        rest = text[end + 1:end + 4].lstrip(" ")
        return rest[:1] in ("-", "–", "\n", "") or text[end + 1:end + 2] == "\n"
    line_start = start == 0 or text[start - 1] == "\n"
    return line_start and after.lstrip(" ")[:1] in ("-", "–")


def role_of(text: str, start: int, end: int) -> str | None:
    """`press`, `doc` (`TT số 02/…`), `phone` (`ĐT: 0912…`) or None."""
    if is_press_tag(text, start, end):
        return "press"
    if _numbered().match(text, end):
        return "doc"
    if _PHONE_AFTER.match(text, end) and text[end:end + 1] in (":", " "):
        return "phone"
    return None
