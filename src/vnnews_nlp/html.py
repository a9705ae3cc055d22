"""HTML page → article text and metadata, offline, via trafilatura.

The title is written as the first line of `text`, so the structure stage
finds it there like in any dump; offsets downstream index that text.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Imported here so that a missing or broken trafilatura (it needs
# lxml_html_clean with lxml >= 5.2) fails the import of this module, which the
# dump readers catch to fall back to plain visible text.
import trafilatura

from .decode import decode_bytes
from .errors import InputError


@dataclass
class ExtractedPage:
    """The main content of a page and what the page says about itself."""

    text: str
    title: str | None
    author: str | None
    published: str | None
    url: str | None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(unicodedata.normalize("NFC", value).split())
    return value or None


def extract_html(html: str | bytes, source: str = "<html>") -> ExtractedPage:
    """Main text, title, author, date (ISO) and URL of one HTML page; never touches the network.

    Bytes are decoded with `decode_bytes` (legacy Vietnamese encodings too).
    A page with no main content gives empty text; unreadable input raises InputError.
    """
    if isinstance(html, bytes):
        html = decode_bytes(html, source).text
    if not html.strip():
        return ExtractedPage("", None, None, None, None)
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            deduplicate=False,
        )
    except (ValueError, TypeError) as exc:  # malformed markup lxml cannot parse
        raise InputError(source, f"cannot parse HTML: {exc}") from None
    if doc is None:
        return ExtractedPage("", None, None, None, None)
    fields = doc if isinstance(doc, dict) else doc.as_dict()
    title = _clean(fields.get("title"))
    body = unicodedata.normalize("NFC", fields.get("text") or "").strip()
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if title and lines and " ".join(lines[0].split()) == title:
        lines = lines[1:]  # the page repeated its headline in the body
    text = "\n".join(([title] if title else []) + lines)
    return ExtractedPage(
        text=text,
        title=title,
        author=_clean(fields.get("author")),
        published=_clean(fields.get("date")),
        url=_clean(fields.get("url")),
    )
