"""HTML records → article text and metadata, through `vnnews_nlp.html.extract_html` when installed."""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

FALLBACK_WARNING = "HTML reduced to its visible text by the basic fallback (vnnews_nlp.html is not available)"


@dataclass
class Page:
    """What an HTML page gave: its article text and whatever metadata it carried."""

    text: str
    title: str | None = None
    author: str | None = None
    published: Any = None
    url: str | None = None
    warnings: tuple[str, ...] = ()


def extract_page(html: str | bytes, source: str) -> Page:
    """The article of an HTML page; `bytes` are decoded first (encoding detection, warnings kept)."""
    warnings: list[str] = []
    if isinstance(html, (bytes, bytearray)):
        from ..decode import decode_bytes

        decoded = decode_bytes(bytes(html), source=source)
        html, warnings = decoded.text, list(decoded.warnings)
    try:
        from ..html import extract_html
    except ImportError:
        page = _fallback(html)
        page.warnings = (*warnings, FALLBACK_WARNING)
        return page
    found = extract_html(html, source)
    return Page(found.text, getattr(found, "title", None), getattr(found, "author", None),
                getattr(found, "published", None), getattr(found, "url", None), tuple(warnings))


class _TextParser(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "head"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "figcaption"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._SKIP:
            self._skip = max(self._skip - 1, 0)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def _fallback(html: str) -> Page:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    title = " ".join("".join(parser.title).split()) or None
    return Page("\n".join(line for line in lines if line), title)
