"""Document structure of a news dump as plain functions over text.

The title is the first line; the article is the title, lead, body and
captions; everything else (template junk, related headlines, share buttons,
credits, source lines, e-mail headers, the byline) is boilerplate. All
offsets index the input text exactly.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import regex

from ..textnorm import canonical_with_map, match_key
from . import patterns as P
from .byline import find_byline, find_inline_byline


@dataclass
class Block:
    """A span of the input judged not to be article text, and why."""

    kind: str
    start: int
    end: int


@dataclass
class Structure:
    """Where the title, author, article and boilerplate are in one text."""

    title: tuple[int, int] | None
    author: tuple[int, int] | None
    published: str | None
    article_ranges: list[tuple[int, int]] = field(default_factory=list)
    captions: list[tuple[int, int]] = field(default_factory=list)
    boilerplate: list[Block] = field(default_factory=list)
    article_end: int = 0


@dataclass
class Line:
    """One non-empty line, stripped: `text == source[start:end]`."""

    start: int
    end: int
    text: str


_LINE = regex.compile(r"[^\n]+")
_PRESS_TAG = regex.compile(r"\s\(\p{Lu}[\p{Lu}\p{Ll}]{1,9}\)\s?[-–]", regex.V1)
_HEAD_LINES = 3  # datelines and head bylines sit this close to the title


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with surrounding whitespace trimmed, offsets kept."""
    lines = []
    for match in _LINE.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if stripped:
            start = match.start() + (len(raw) - len(raw.lstrip()))
            lines.append(Line(start, start + len(stripped), stripped))
    return lines


def _full(pattern: regex.Pattern, text: str) -> bool:
    return len(text) < 2000 and pattern.fullmatch(text) is not None


def is_headline_like(text: str) -> bool:
    """A related-article headline: one short line that is not a finished paragraph."""
    words = len(text.split())
    if len(text) > 250 or words > 40:
        return False
    return not (text.endswith((".", ";", ",")) and words >= 12 and not text.endswith("..."))


def is_paragraph(text: str) -> bool:
    """Body prose: a long line, or a sentence that ends like one."""
    return len(text) > 250 or (len(text.split()) >= 12 and text.endswith((".", "…", ";", ":")))


def junk_kind(text: str) -> str | None:
    """The boilerplate kind of a whole line, or None for a line that may be article."""
    if len(text) > 650:
        return None  # every boilerplate line is shorter: long lines are prose
    if _full(P.TEMPLATE, text):
        return "template"
    if _full(P.SEPARATOR, text):
        return "separator"
    if _full(P.TIMESTAMP, text):
        return "timestamp"
    if _full(P.SHARE, text):
        return "share"
    if _full(P.TAGS, text) and len(text) < 400:
        return "tags"
    if len(text) <= 120 and len(text.split()) <= 14 and _full(P.CREDIT, text):
        return "credit"
    if len(text.split()) <= 8 and _full(P.SOURCE, text):
        return "source"
    if len(text) < 40 and match_key(text) in P.PAPERS:
        return "source"
    if _full(P.LETTER_HEADER, text) and (text.lower().startswith("from") or len(P.LETTER_KEY.findall(text)) >= 2):
        return "letter-header"
    if _full(P.HEADLINE_STAMP, text):
        return "related"
    if len(text) <= 320:
        marker = P.RELATED_MARKER.match(text)
        if marker and _full(P.RELATED_TAIL, text[marker.end():]):
            return "related-marker"
    return None


def iso_date(text: str) -> str | None:
    """`2024-03-07` from the first date in a timestamp line, if it is a real date."""
    match = P.DATE_PARTS.search(text)
    if not match:
        return None
    if match.group("y"):
        year, month, day = match.group("y", "m", "d")
    else:
        day, month, year = match.group("d2", "m2", "y2")
        if len(year) == 2:
            year = ("20" if int(year) < 50 else "19") + year
    try:
        found = datetime.date(int(year), int(month), int(day))
    except ValueError:  # 29/2/2023, 31/4: not a real day
        return None
    if not 1900 <= found.year <= 2100:
        return None
    return found.isoformat()


def _title(lines: list[Line], given: str | None) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The title range and, when the lead shares the first line, the lead's range on it."""
    first = lines[0]
    if given is not None:
        if match_key(first.text) == match_key(given):
            return (first.start, first.end), None
        return None, None
    if len(first.text) > 120:
        # VNTC-style dumps run title and lead together: `Tiêu đề (NLĐ)- Lead…`.
        tag = _PRESS_TAG.search(first.text, 15)
        if tag and len(first.text[: tag.start()].split()) >= 3:
            title_end = first.start + tag.start()
            return (first.start, title_end), (title_end + 1, first.end)
    return (first.start, first.end), None


def _classify(lines: list[Line], body_from: int) -> list[str | None]:
    """Kinds per line (None = article) for lines from `body_from` on; footer runs become `related`."""
    found = [junk_kind(line.text) if i >= body_from else None for i, line in enumerate(lines)]
    for i in range(body_from + 1, len(lines)):
        # `Sent:`, `To:`, `Subject:` on lines of their own under a `From:` line.
        if found[i] is None and found[i - 1] == "letter-header" and _full(P.LETTER_HEADER, lines[i].text):
            found[i] = "letter-header"
    kinds: list[str | None] = [None] * len(lines)
    in_related = False
    for i in range(body_from, len(lines)):
        text, kind = lines[i].text, found[i]
        nxt = found[i + 1] if i + 1 < len(lines) else None
        if kind == "timestamp" and not in_related:
            if i < body_from + _HEAD_LINES:
                kinds[i] = "dateline"
                continue
            if P.MACHINE_STAMP.search(text) is None:
                continue  # a date line in the body (a letter's `Ngày 27-4-2006`) is prose
        if kind in ("template", "related-marker", "timestamp"):
            in_related = True
        elif kind == "separator" and nxt in ("timestamp", "template"):
            in_related = True
        elif kind is None and _full(P.DATED_HEADLINE, text) and is_headline_like(text):
            kind, in_related = "related", True
        elif in_related and kind is None:
            if is_paragraph(text) or not is_headline_like(text):
                in_related = False
            else:
                kind = "related"
        if kind is not None:
            kinds[i] = "template" if kind == "template" else ("related" if in_related else kind)
    return kinds


def analyze_structure(text: str, *, title: str | None = None) -> Structure:
    """Title, author, publication date, article ranges, captions and boilerplate of `text`.

    The patterns read the text's canonical spelling (NFC, one tone placement); offsets index `text`.
    """
    view, mapping = canonical_with_map(text)
    found = _analyze(view, title)
    if mapping is None:
        return found

    def back(span: tuple[int, int] | None) -> tuple[int, int] | None:
        return None if span is None else (mapping[span[0]], mapping[span[1]])

    return Structure(
        title=back(found.title),
        author=back(found.author),
        published=found.published,
        article_ranges=[back(r) for r in found.article_ranges],
        captions=[back(r) for r in found.captions],
        boilerplate=[Block(b.kind, mapping[b.start], mapping[b.end]) for b in found.boilerplate],
        article_end=mapping[found.article_end],
    )


def _analyze(text: str, title: str | None) -> Structure:
    lines = split_lines(text)
    if not lines:
        return Structure(None, None, None)
    title_range, lead_on_title = _title(lines, title)
    body_from = 1 if title_range is not None else 0
    kinds = _classify(lines, body_from)
    published = next((iso_date(lines[i].text) for i, k in enumerate(kinds) if k == "dateline"), None)

    ranges: dict[int, tuple[int, int]] = {}
    for i in range(body_from, len(lines)):
        if kinds[i] is None:
            ranges[i] = (lines[i].start, lines[i].end)
    blocks: list[Block] = []
    author = find_byline(lines, kinds, body_from)
    if author is not None:
        index, name = author
        kinds[index] = "byline"
        ranges.pop(index, None)
        for after in range(index + 1, len(lines)):  # a page's footer under the byline
            if kinds[after] is None:
                kinds[after] = "footer"
                ranges.pop(after, None)
        author_range: tuple[int, int] | None = name
    else:
        author_range = None
        inline = find_inline_byline(lines, kinds, body_from)
        if inline is not None:
            index, cut, name = inline
            blocks.append(Block("byline" if name else "source", cut, lines[index].end))
            ranges[index] = (lines[index].start, _rstrip_at(text, lines[index].start, cut))
            author_range = name

    captions = _captions(text, lines, kinds, ranges, body_from, blocks)
    blocks.extend(_merge_blocks(lines, kinds))
    inline = _inline_credits(text, list(ranges.values()))
    blocks.extend(inline)
    article = _cut(sorted(ranges.values()), inline, text)
    if lead_on_title is not None:
        article.insert(0, _strip_range(text, *lead_on_title))
    if title_range is not None:
        title_credits = _inline_credits(text, [title_range])  # a Dân Trí lead opening on a captioned photo
        blocks.extend(title_credits)
        pieces = _cut([title_range], title_credits, text)
        title_range = pieces[0] if pieces else None
        article[:0] = pieces
    blocks.sort(key=lambda b: (b.start, b.end))
    return Structure(
        title=title_range,
        author=author_range,
        published=published,
        article_ranges=article,
        captions=captions,
        boilerplate=blocks,
        article_end=max((end for _, end in article), default=0),
    )


def _strip_range(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    return start, _rstrip_at(text, start, end)


def _rstrip_at(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _captions(text: str, lines: list[Line], kinds: list[str | None], ranges: dict[int, tuple[int, int]],
              body_from: int, blocks: list[Block]) -> list[tuple[int, int]]:
    """Short lines between paragraphs that describe a photo; a credit on the line is cut off."""
    article = sorted(ranges)
    captions = []
    for pos, i in enumerate(article):
        if pos == 0 or pos == len(article) - 1:
            continue  # the lead and the closing line are prose, not captions
        line = lines[i]
        credit = P.TRAILING_CREDIT.search(line.text) if len(line.text) <= 250 else None
        caption_text = line.text[: credit.start()].rstrip() if credit else line.text
        words = len(caption_text.split())
        if credit and words >= 2:
            cut = line.start + credit.start()
            blocks.append(Block("credit", _strip_range(text, cut, line.end)[0], line.end))
            ranges[i] = (line.start, line.start + len(caption_text))
            captions.append(ranges[i])
        elif 2 <= words <= 20 and len(caption_text) <= 160 and caption_text.endswith((".", "…")) \
                and (is_paragraph(lines[article[pos + 1]].text) or is_paragraph(lines[article[pos - 1]].text)):
            captions.append(ranges[i])
    return captions


def _inline_credits(text: str, ranges: list[tuple[int, int]]) -> list[Block]:
    """Photo credits and source credits inside article lines (`(Ảnh: Q.LIÊM)`, `(Theo Reuters)`), and a
    credit closing any article line (`… hội nghị. Ảnh: Q.LIÊM`)."""
    found: list[Block] = []
    for start, end in ranges:
        line = text[start:end]
        for match in P.INLINE_CREDIT.finditer(line):
            found.append(Block("credit", start + match.start(), start + match.end()))
        trailing = P.TRAILING_CREDIT.search(line) if len(line) <= 400 else None
        if trailing and len(line[: trailing.start()].split()) >= 2:
            cut = _strip_range(text, start + trailing.start(), end)[0]
            if not any(b.start <= cut < b.end for b in found):
                found.append(Block("credit", cut, end))
    return found


def _cut(ranges: list[tuple[int, int]], blocks: list[Block], text: str) -> list[tuple[int, int]]:
    """Article ranges minus the blocks inside them, each piece stripped of outer spaces."""
    out: list[tuple[int, int]] = []
    for start, end in ranges:
        pos = start
        for block in sorted((b for b in blocks if start <= b.start < end), key=lambda b: b.start):
            out.append(_strip_range(text, pos, block.start))
            pos = max(pos, block.end)
        out.append(_strip_range(text, pos, end))
    return [(a, b) for a, b in out if a < b]


def _merge_blocks(lines: list[Line], kinds: list[str | None]) -> list[Block]:
    """Adjacent lines of one kind become one block; `related` absorbs separators and timestamps in it."""
    blocks: list[Block] = []
    previous: str | None = None
    for line, kind in zip(lines, kinds):
        if kind is not None and kind == previous and kind in ("related", "share", "letter-header", "tags"):
            blocks[-1].end = line.end
        elif kind is not None:
            blocks.append(Block(kind, line.start, line.end))
        previous = kind
    return blocks


def article_text(text: str, structure: Structure) -> str:
    """The article (title, lead, body, captions) with its ranges joined by newlines."""
    return "\n".join(text[start:end] for start, end in structure.article_ranges)
