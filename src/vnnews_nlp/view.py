"""An analysed article as HTML: entities highlighted displaCy-style, abbreviations
with their expansions, boilerplate greyed, a header and a legend.

Markup is built from offsets, never by searching for strings. Boilerplate
blocks, entities and abbreviations are three layers (outermost first); where
marks of different layers cross rather than nest, the inner mark is closed and
reopened, so the output is always well-formed. Styles are inline (as displaCy
does) so the marks survive notebook viewers that strip `<style>`.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .document import ENTITY_LABELS, Document

COLOURS = {"PER": "#aa9cfc", "ORG": "#7aecec", "LOC": "#ff9561", "DATE": "#bfe1d9"}
_OTHER_COLOUR = "#ddd"
_LABEL_NAMES = {"PER": "person", "ORG": "organisation", "LOC": "place", "DATE": "date"}

_MARK_STYLE = "background:{colour};padding:0.15em 0.3em;margin:0 0.1em;line-height:2.2;border-radius:0.35em"
_TAG_STYLE = "font-size:0.65em;font-weight:bold;line-height:1;border-radius:0.35em;vertical-align:middle;margin-left:0.4em"
_ABBR_STYLE = "text-decoration:underline dotted #333;text-decoration-thickness:2px;text-underline-offset:3px;cursor:help"
_BLOCK_STYLE = "color:#999;background:#f4f4f4"
_KIND_STYLE = "font-size:0.65em;font-weight:bold;color:#fff;background:#aaa;border-radius:0.35em;padding:0 0.4em;margin-right:0.4em"

_PAGE_CSS = """
body{margin:0;background:#fafafa;color:#222;font-family:"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif}
.vnnews-view{max-width:52em;margin:0 auto;padding:1.5em 2em;background:#fff}
"""


@dataclass(frozen=True)
class _Mark:
    layer: int  # 0 block, 1 entity, 2 abbreviation: outer layers open first
    start: int
    end: int
    open_tag: str
    close_tag: str
    head: str = ""  # written after the open tag of the mark's first piece (block kind)
    tail: str = ""  # written before the close tag of the mark's last piece (entity label)


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _block_mark(kind: str, start: int, end: int) -> _Mark:
    return _Mark(
        0, start, end,
        f'<span class="vnnews-boilerplate" data-kind="{_attr(kind)}" title="{_attr("not article: " + kind)}" '
        f'style="{_BLOCK_STYLE}">',
        "</span>",
        head=f'<span class="vnnews-kind" style="{_KIND_STYLE}">{escape(kind)}</span>',
    )


def _entity_mark(label: str, start: int, end: int, value: str | None, expansion: str | None) -> _Mark:
    tooltip = _LABEL_NAMES.get(label, label)
    if value:
        tooltip += f": {value}"
    if expansion:
        tooltip += f" = {expansion}"
    colour = COLOURS.get(label, _OTHER_COLOUR)
    data = f' data-value="{_attr(value)}"' if value else ""
    return _Mark(
        1, start, end,
        f'<mark class="vnnews-entity" data-label="{_attr(label)}"{data} title="{_attr(tooltip)}" '
        f'style="{_MARK_STYLE.format(colour=colour)}">',
        "</mark>",
        tail=f'<span class="vnnews-label" style="{_TAG_STYLE}">{escape(label)}</span>',
    )


def _abbreviation_mark(short: str, long: str, start: int, end: int, source: str, confidence: float) -> _Mark:
    tooltip = f"{short} = {long} ({source}, confidence {confidence:.2f})"
    return _Mark(
        2, start, end,
        f'<abbr class="vnnews-abbr" data-long="{_attr(long)}" data-source="{_attr(source)}" '
        f'title="{_attr(tooltip)}" style="{_ABBR_STYLE}">',
        "</abbr>",
    )


def _marks(document: Document, size: int) -> list[_Mark]:
    marks = [_block_mark(b.kind, b.start, b.end) for b in document.boilerplate]
    marks += [_entity_mark(e.label, e.start, e.end, e.value, e.expansion) for e in document.entities]
    marks += [_abbreviation_mark(a.short, a.long, a.start, a.end, a.source, a.confidence) for a in document.abbreviations]
    # Offsets past the text (a truncated input) or empty marks cannot be drawn.
    return [m for m in marks if 0 <= m.start < m.end <= size]


def highlight(text: str, document: Document) -> str:
    """`text` as escaped HTML with every mark of `document` in place."""
    marks = _marks(document, len(text))
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    pending = sorted(marks, key=lambda m: m.start, reverse=True)
    active: list[_Mark] = []
    out: list[str] = []
    stack: list[_Mark] = []
    for a, b in zip(cuts, cuts[1:]):
        while pending and pending[-1].start <= a:
            active.append(pending.pop())
        active = [m for m in active if m.end > a]
        wanted = sorted(active, key=lambda m: (m.layer, m.start, -m.end))
        keep = 0
        while keep < len(stack) and keep < len(wanted) and stack[keep] is wanted[keep]:
            keep += 1
        while len(stack) > keep:
            mark = stack.pop()
            out.append((mark.tail if mark.end == a else "") + mark.close_tag)
        for mark in wanted[keep:]:
            out.append(mark.open_tag + (mark.head if mark.start == a else ""))
            stack.append(mark)
        out.append(escape(text[a:b], quote=False))
    while stack:
        mark = stack.pop()
        out.append(mark.tail + mark.close_tag)
    return "".join(out)


def _header(document: Document) -> str:
    title = escape(document.title) if document.title else "<em>(no title detected)</em>"
    facts = [
        ("author", document.author),
        ("published", document.published),
        ("category", f"{document.category.label} ({document.category.score:.2f})" if document.category else None),
        ("id", document.id),
    ]
    rows = "".join(
        f'<span class="vnnews-{name}" style="margin-right:1.5em"><b>{name}</b>: {escape(value) if value else "—"}</span>'
        for name, value in facts
    )
    warnings = "".join(
        f'<div class="vnnews-warning" style="color:#a60">⚠ {escape(w)}</div>' for w in document.warnings
    )
    return (
        f'<header style="border-bottom:1px solid #ddd;margin-bottom:1em;padding-bottom:0.6em">'
        f'<h1 class="vnnews-title" style="font-size:1.4em;margin:0 0 0.4em">{title}</h1>'
        f'<div style="font-size:0.9em;color:#555">{rows}</div>{warnings}</header>'
    )


def _legend(document: Document) -> str:
    counts = {label: 0 for label in ENTITY_LABELS}
    for entity in document.entities:
        counts[entity.label] = counts.get(entity.label, 0) + 1
    items = [
        f'<mark class="vnnews-legend-entity" data-label="{_attr(label)}" '
        f'style="{_MARK_STYLE.format(colour=COLOURS.get(label, _OTHER_COLOUR))}">{escape(_LABEL_NAMES.get(label, label))}'
        f'<span class="vnnews-label" style="{_TAG_STYLE}">{escape(label)}</span></mark> {n}'
        for label, n in counts.items()
    ]
    items.append(
        f'<abbr style="{_ABBR_STYLE}" title="hover a mark for its long form">abbreviation</abbr> {len(document.abbreviations)}'
    )
    items.append(
        f'<span style="{_BLOCK_STYLE};padding:0 0.3em"><span style="{_KIND_STYLE}">kind</span>not article</span> '
        f"{len(document.boilerplate)}"
    )
    body = "".join(f'<span style="margin-right:1.2em;white-space:nowrap">{item}</span>' for item in items)
    return f'<div class="vnnews-legend" style="font-size:0.85em;margin-bottom:1em">{body}</div>'


def _text_of(document: Document, text: str | None) -> str:
    """The text the offsets index: given, or carried by the document."""
    if text is not None:
        return text
    if document.text is None:
        raise ValueError("pass the text the document's offsets index (or analyse with include_text=True)")
    return document.text


def render_fragment(document: Document, text: str | None = None) -> str:
    """The view as one `<div>` (header, legend, article), for embedding."""
    text = _text_of(document, text)
    return (
        '<div class="vnnews-view" lang="vi">'
        f"{_header(document)}{_legend(document)}"
        '<div class="vnnews-text" style="white-space:pre-wrap;line-height:2;font-size:1em">'
        f"{highlight(text, document)}</div></div>"
    )


def render_html(document: Document, text: str | None = None) -> str:
    """A standalone UTF-8 HTML page of `document` over `text`, the input its offsets index
    (by default `document.text`, which decoded and HTML input carry)."""
    text = _text_of(document, text)
    title = escape(document.title or document.id or "vnnews view")
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_PAGE_CSS}</style>\n</head>\n<body>\n"
        f"{render_fragment(document, text)}\n</body>\n</html>\n"
    )


class NotebookView:
    """Shows the view in Jupyter (`_repr_html_`); `.html` is the standalone page."""

    def __init__(self, document: Document, text: str | None = None):
        self.document = document
        self.text = _text_of(document, text)

    def _repr_html_(self) -> str:
        return render_fragment(self.document, self.text)

    def __repr__(self) -> str:  # what a notebook stores beside the HTML: no memory address
        return f"NotebookView(id={self.document.id!r}, title={self.document.title!r})"

    @property
    def html(self) -> str:
        return render_html(self.document, self.text)

    def save(self, path) -> None:
        """Write the standalone page to `path` (UTF-8)."""
        from pathlib import Path

        Path(path).write_text(self.html, encoding="utf-8")


def render_notebook(document: Document, text: str | None = None) -> NotebookView:
    """An object Jupyter displays as the highlighted article."""
    return NotebookView(document, text)
