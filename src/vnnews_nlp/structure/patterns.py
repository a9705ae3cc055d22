"""Line patterns of news dumps: web-template junk, credits, bylines, datelines.

Every pattern is anchored on one stripped line and built from bounded,
non-nested repetitions, so matching stays linear on long inputs. The words
come from `data/lexicons/boilerplate_words.tsv`; the patterns match the text's
canonical spelling (`textnorm.canonical_with_map`).
"""
from __future__ import annotations

import regex

from ..lexicon import alternation, keys


def _words(kind: str, space: str = " ") -> str:
    return alternation("boilerplate_words", kind, space)


_FLAGS = regex.V1 | regex.IGNORECASE

# `{name} - {time}`: an unfilled page template.
TEMPLATE = regex.compile(r"\{[^{}\n]{1,40}\}(?:\s{0,3}[-–—|:,/]?\s{0,3}\{[^{}\n]{1,40}\}){0,5}")
# A lone `-`, `***`, `___` between template items.
SEPARATOR = regex.compile(r"[-–—_=*•·~|+#.…]{1,80}")

_WEEKDAY = _words("weekday", r"\s?") + r"[a-z]{0,6}"
_DATE = (r"(?:\d{4}-\d{1,2}-\d{1,2}(?:t\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:z|[+-]\d{2}:?\d{2})?)?"
         r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2}))")
_TIME = r"\d{1,2}(?::|h|g)\d{2}(?::\d{2})?(?:\s?(?:am|pm|sa|ch))?"
_STAMP_PREFIX = _words("stamp_prefix") + r"\s{0,3}:?"
# A line that is only a date and/or time, as pages print them near the title or per related item.
TIMESTAMP = regex.compile(
    rf"(?:{_STAMP_PREFIX}\s{{0,3}})?(?:{_WEEKDAY}\s{{0,3}}[,-]?\s{{0,3}})?"
    rf"(?:{_TIME}\s{{0,3}}[,|-]?\s{{0,3}})?(?:ngày\s{{1,2}})?{_DATE}"
    rf"(?:\s{{0,3}}[,|-]?\s{{0,3}}(?:lúc\s)?{_TIME})?"
    r"(?:\s{0,3}\(?(?:gmt|utc)\s?[+-]\s?\d{1,2}(?::?00)?\)?)?",
    _FLAGS)
# A stamp a page prints (with a clock time or in ISO form), not a date a writer typed.
MACHINE_STAMP = regex.compile(rf"{_TIME}|\d{{4}}-\d{{1,2}}-\d{{1,2}}", _FLAGS)
DATE_PARTS = regex.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})|(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[/.-](?P<y2>\d{4}|\d{2})")

RELATED_MARKER = regex.compile(_words("related_marker", r"\s"), _FLAGS)
# After a marker: nothing, or `:`/`>>` and one headline on the same line.
RELATED_TAIL = regex.compile(r"\s{0,3}(?:[:>»›.]{1,3}.{0,300})?", regex.V1)

# `Bình luận (12)`, `12 bình luận`: a button may carry its count
_SHARE_WORD = rf"(?:\d{{1,6}} )?{_words('share_word')}(?: \(\d{{1,6}}\))?"
SHARE = regex.compile(rf"{_SHARE_WORD}(?:\s{{0,3}}[|/·•,-]?\s{{0,3}}{_SHARE_WORD}){{0,8}}", _FLAGS)
TAGS = regex.compile(_words("tag_word") + r"\s{0,3}:.{0,400}", _FLAGS)

_CREDIT_WORD = _words("credit_word")
# `Ảnh: Q.LIÊM`, `(Ảnh minh họa)`, `Ảnh: internet`.
CREDIT = regex.compile(
    rf"[(\[]?\s{{0,2}}{_CREDIT_WORD}(?:\s{{0,2}}[:-]\s{{0,2}}[^\n]{{1,80}}?)?\s{{0,2}}[)\]]?\.?", _FLAGS)
# A credit closing a caption line: `Toàn cảnh hội nghị. Ảnh: Q.LIÊM`, `… - Ảnh: T.T.D.`.
_CREDIT_NAME = r"[\p{Lu}\p{N}][\p{L}\p{M}\p{N}.&]{0,20}"
TRAILING_CREDIT = regex.compile(
    r"(?:(?<=[.!?…”\"])\s{1,3}|\s[-–]\s{1,3}|\s{1,3}(?=[(\[]))"
    rf"[(\[]?{_words('credit_head')}\s{{0,2}}:\s{{0,2}}"
    rf"{_CREDIT_NAME}(?:(?:\s|\s[-–/]\s|/){_CREDIT_NAME}){{0,5}}\s{{0,2}}[)\]]?\.?$",
    regex.V1)
# `Theo TTXVN`, `(Theo báo Nhân Dân)`, `(Nguồn: Bộ Y tế)`, `(TTXVN)`: names, not prose.
SOURCE = regex.compile(
    rf"[(\[]?\s{{0,2}}(?:(?i:{_words('source_word')})\s{{0,2}}:\s{{0,2}}|(?i:{_words('source_word')})\s{{1,3}})"
    rf"(?:(?i:{_words('source_medium')})\s)?"
    r"\p{Lu}[\p{L}\p{N}.&-]{0,20}(?:\s?[/,]\s?[\p{L}\p{N}][\p{L}\p{N}.&-]{0,20}|\s[\p{L}\p{N}][\p{L}\p{N}.&-]{0,20}){0,6}"
    r"\s{0,2}[)\]]?\.?"
    r"|[(\[](?:\p{Lu}{2,8}|\p{Lu}\p{Ll}{1,10}(?:\s\p{Lu}\p{Ll}{1,10}){1,3})[)\]]", regex.V1)
# Reader letters forwarded as e-mail: `From: … Sent: … Subject: …`.
LETTER_HEADER = regex.compile(_words("letter_key") + r"\s{0,2}:.{0,600}", _FLAGS)
LETTER_KEY = regex.compile(rf"\b{_words('letter_key_strong')}\s{{0,2}}:", _FLAGS)

# A headline that ends with its date: `Đà Lạt thêm công trình được chỉnh trang(18/11/2004)`.
DATED_HEADLINE = regex.compile(r".{8,250}?\(\s?\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\s?\)", regex.V1)
# The date glued to a line's end is a machine stamp of a related-headline list, however long the line.
HEADLINE_STAMP = regex.compile(r".{1,400}?\S\(\d{1,2}/\d{1,2}/\d{4}\)", regex.V1)
# Credits and sources inside an article line: `(Ảnh: Q.LIÊM)`, `(Theo Reuters)`, `(Nguồn: Bộ Y tế)` (names
# only: `(theo thống kê của Facebook)` is prose), and `Ảnh: AFP/TTXVN` after a caption in a one-line dump:
# the name is slash-joined words, or up to three capitalised words closing with a full stop or the line.
_CAPITALISED = r"[\p{Lu}\p{N}][\p{L}\p{N}.&'-]{0,20}"
INLINE_CREDIT = regex.compile(
    rf"[(\[]\s{{0,2}}{_words('credit_head')}\s{{0,2}}:[^()\[\]\n]{{1,80}}[)\]]"
    rf"|[(\[]\s{{0,2}}(?i:{_words('source_word')})\s{{0,2}}:?\s{{1,3}}(?:(?i:{_words('source_medium')})\s)?"
    rf"{_CAPITALISED}(?:\s{_CAPITALISED}){{0,5}}\s{{0,2}}[)\]]"
    rf"|(?<=[.!?…”\"]\s{{1,3}}){_words('credit_head')}\s{{0,2}}:\s{{0,2}}"
    rf"(?:{_CAPITALISED}(?:\s?/\s?{_CAPITALISED})+|{_CAPITALISED}(?:\s{_CAPITALISED}){{0,2}}(?=\.|$)|{_CAPITALISED})",
    regex.V1)

# Byline: optional role prefix, one or more names, optional agency suffix.
# A name word ends at a non-letter, or where a source credit is glued on (`Minh PhươngTheo RT`).
_NAME_WORD = (r"(?:(?:\p{Lu}\.){0,3}\p{Lu}[\p{Ll}\p{M}]{0,7}|(?:\p{Lu}\.){0,3}\p{Lu}[\p{Lu}\p{M}]{0,7}"
              r"|(?:\p{Lu}\.){1,3})(?:(?![\p{L}\p{M}\p{N}]|\.\p{L})|(?=(?:Theo|Nguồn)[\s:]))")
NAME = regex.compile(rf"(?:{_NAME_WORD})(?:\s(?:{_NAME_WORD})){{0,4}}", regex.V1)
BYLINE_PREFIX = regex.compile(_words("byline_prefix", r"\s?") + r"\.?\s{0,2}[:-]?\s{0,2}", _FLAGS)
NAME_JOINER = regex.compile(r"\s{0,2}(?:[-–,&]|và)\s{0,2}", regex.V1)
# After the names: an agency (`(TTXVN)`, `/VOV-TP HCM`, `, Hà Nội`), or a source credit (`Theo Reuters`,
# glued or not), or a full stop.
BYLINE_SUFFIX = regex.compile(
    r"\s{0,2}(?:[(\[][^()\[\]\n]{1,40}[)\]]|[-–/]\s{0,2}\p{Lu}[\p{L}.-]{1,15}(?:\s\p{Lu}[\p{L}.-]{1,15}){0,2}"
    r"|,\s{0,2}\p{Lu}[\p{L}.]{0,15}(?:\s\p{L}[\p{L}.]{0,15}){0,3})?\.?"
    rf"(?:\s{{0,3}}[(\[]?(?i:{_words('source_word')})\s{{0,2}}:?\s{{0,2}}[^\n]{{1,60}})?"
    r"|\.", regex.V1)
# First words of headings and captions that never open a name (match keys).
NOT_NAME_FIRST = keys("boilerplate_words", "not_name_first")
# Newspapers signed at the end of a reprint: a source line, not a byline.
PAPERS = keys("boilerplate_words", "paper")
# Bare lines that look like names but are places.
NOT_NAMES = PAPERS | keys("boilerplate_words", "not_name")
