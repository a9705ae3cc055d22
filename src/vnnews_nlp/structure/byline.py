"""Bylines: a bare name line after the body (`Phong Sắc`, `NGUYỄN VĂN A`, `Q.LIÊM`, `Nguyễn Văn A (TTXVN)`)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ..decode import is_vietnamese_syllable
from ..textnorm import match_key
from . import patterns as P

if TYPE_CHECKING:
    from .rules import Line

# The last sentence end of a paragraph after a word, a number or a closing quote (not `10.` opening a list item).
_LAST_SENTENCE_END = regex.compile(r"(?<=[\p{Ll}\d\"”)])[.!?…][”\"]?\s+(?=[^.!?…”\"]{2,60}$)")


def byline_names(text: str) -> tuple[int, int] | None:
    """The span of the name(s) when the whole of `text` is a byline, else None."""
    if len(text) > 80 or len(text.split()) > 12:
        return None
    pos = 0
    prefix = P.BYLINE_PREFIX.match(text)
    if prefix and prefix.end() < len(text) and P.NAME.match(text, prefix.end()):
        pos = prefix.end()
    first = P.NAME.match(text, pos)
    if first is None:
        return None
    start, end = first.span()
    while True:
        joiner = P.NAME_JOINER.match(text, end)
        following = P.NAME.match(text, joiner.end()) if joiner and joiner.end() > end else None
        if following is None or not _plausible(following.group()):
            break
        end = following.end()
    suffix = P.BYLINE_SUFFIX.match(text, end)
    if (suffix.end() if suffix else end) != len(text):
        return None
    names = text[start:end]
    if not _plausible(names):
        return None
    return start, end


def _plausible(names: str) -> bool:
    words = names.replace(".", ". ").split()
    first = next((w for w in words if not w.endswith(".")), words[0]).lower()
    if first in P.NOT_NAME_FIRST or match_key(names) in P.NOT_NAMES:
        return False
    # Vietnamese bylines: every written-out word is a syllable (`Krung Thai Bank` is not).
    if not all(is_vietnamese_syllable(w.rstrip(".")) for w in words if not w.endswith(".") and w[:1].isalpha()):
        return False
    # One bare word (`Hương`, `VIDEO`) is too weak; initials (`Q.LIÊM`) are not.
    return len(names.split()) >= 2 or "." in names


def _prose(text: str) -> bool:
    return len(text.split()) >= 8 or text.rstrip().endswith((".", "!", "?", "…", "”", '"'))


# Lines a page may print after the byline (`* Mọi ý kiến đóng góp ...`, `Tổng hợp`, a sponsor's address) are
# short; a longer line is prose, and a name above it is no byline.
MAX_FOOTER_CHARS = 300
MAX_FOOTER_LINES = 3


def find_byline(lines: list[Line], kinds: list[str | None], body_from: int) -> tuple[int, tuple[int, int]] | None:
    """(line index, name span) of a byline line after the body, or right under the title. A byline may be
    followed by a few short footer lines; the caller marks them as not article."""
    article = [i for i in range(body_from, len(lines)) if kinds[i] is None]
    if len(article) >= 2:
        for back in range(1, min(MAX_FOOTER_LINES + 1, len(article) - 1) + 1):
            at = article[-back]
            if back > 1 and len(lines[article[-back + 1]].text) > MAX_FOOTER_CHARS:
                break
            names = byline_names(lines[at].text)
            # A byline closes prose; a name-like last cell of a table does not.
            if names is not None and _prose(lines[article[-back - 1]].text):
                return at, (lines[at].start + names[0], lines[at].start + names[1])
        head = article[0]
        names = byline_names(lines[head].text)
        if names is not None and head <= body_from + 2:
            return head, (lines[head].start + names[0], lines[head].start + names[1])
    return None


def find_inline_byline(lines: list[Line], kinds: list[str | None],
                       body_from: int) -> tuple[int, int, tuple[int, int] | None] | None:
    """A byline or source closing the last paragraph (`… 300.000 người. N.Triều - P.Ngọc`, `… TTXVN/Tin Tức`):
    (line, cut, name span or None for a source)."""
    article = [i for i in range(body_from, len(lines)) if kinds[i] is None]
    if len(article) < 2:
        return None
    line = lines[article[-1]]
    if len(line.text) > 20_000:
        return None
    end = _LAST_SENTENCE_END.search(line.text)
    if end is None or len(line.text[: end.start()].split()) < 8:
        return None
    rest = line.text[end.end():]
    cut = line.start + end.end()
    names = byline_names(rest)
    if names is None or "." not in rest and len(rest.split()) < 2:
        # a bracketed tag closing the text (`(AP)`) is read as the press tag it is, not cut as a source
        if not rest.startswith(("(", "[")) and (P.SOURCE.fullmatch(rest) or match_key(regex.split(r"[/,-]", rest)[0]) in P.PAPERS):
            return article[-1], cut, None  # `… nhậm chức hôm 1/2. TTXVN/Tin Tức`: a source, no author
        return None
    return article[-1], cut, (cut + names[0], cut + names[1])
