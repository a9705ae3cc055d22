"""The HTML view: markup built from offsets, and what headless Chromium makes of it."""
from __future__ import annotations

import json
import subprocess
import sys
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from vnnews_nlp.document import Abbreviation, Block, Category, Document, Entity
from vnnews_nlp.view import COLOURS, render_html, render_notebook

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_13bed65524387229.txt"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VOID = {"meta", "br", "img", "link", "input", "hr"}


class _Marks(HTMLParser):
    """Collects the article's marks (text without injected tags) and checks nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.open: list[dict] = []  # marks being read, with their text so far
        self.marks: list[dict] = []
        self.article = ""  # the text inside .vnnews-text, without label and kind tags
        self.in_article = 0
        self.skip = 0  # inside a label/kind tag: not article text

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag in VOID:
            return
        classes = (attributes.get("class") or "").split()
        self.stack.append((tag, attributes))
        if "vnnews-text" in classes:
            self.in_article = len(self.stack)
        if not self.in_article:
            return
        if "vnnews-label" in classes or "vnnews-kind" in classes:
            self.skip += 1
        for kind in ("vnnews-entity", "vnnews-abbr", "vnnews-boilerplate"):
            if kind in classes:
                mark = {"kind": kind, "depth": len(self.stack), "text": "", "attrs": attributes}
                self.open.append(mark)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> does not close {self.stack[-1:]}"
        depth = len(self.stack)
        _, attributes = self.stack.pop()
        classes = (attributes.get("class") or "").split()
        if self.in_article and ("vnnews-label" in classes or "vnnews-kind" in classes):
            self.skip -= 1
        if self.open and self.open[-1]["depth"] == depth:
            self.marks.append(self.open.pop())
        if self.in_article == depth:
            self.in_article = 0

    def handle_data(self, data: str) -> None:
        if not self.in_article or self.skip:
            return
        self.article += data
        for mark in self.open:
            mark["text"] += data


def _parse(html: str) -> _Marks:
    parser = _Marks()
    parser.feed(html)
    parser.close()
    assert not parser.stack, f"unclosed: {parser.stack}"
    return parser


def _by_kind(parser: _Marks, kind: str) -> list[dict]:
    return [m for m in parser.marks if m["kind"] == kind]


TEXT = "Tin liên quan: <b>x</b>\nSáng 7/3, Sở GD&ĐT tỉnh Quảng Bình & HKH tỉnh họp.\nẢnh: Phong Sắc"


def _document() -> Document:
    org = TEXT.index("Sở GD&ĐT")
    loc = TEXT.index("tỉnh Quảng Bình")
    hkh = TEXT.index("HKH")
    caption = TEXT.index("Ảnh")
    return Document(
        id="t",
        title='Tiêu đề <script>alert("x")</script>',
        author="Phong Sắc",
        published="2024-03-07",
        category=Category("Giáo dục", 0.91, {"Giáo dục": 0.91}),
        entities=[
            Entity("DATE", "Sáng 7/3", TEXT.index("Sáng"), TEXT.index("Sáng") + 8, value="2024-03-07"),
            Entity("ORG", "Sở GD&ĐT", org, org + 8, expansion="Sở Giáo dục và Đào tạo"),
            Entity("LOC", "tỉnh Quảng Bình", loc, loc + 15),
            # Reaches into the caption block: must be split, not mis-nested.
            Entity("PER", "họp.\nẢnh", TEXT.index("họp"), caption + 3),
        ],
        abbreviations=[
            Abbreviation("GD&ĐT", "Giáo dục và Đào tạo", org + 3, org + 8, "definition", 0.99),
            Abbreviation("HKH", "Hội khuyến học", hkh, hkh + 3, "context", 0.93),
        ],
        boilerplate=[
            Block("related", 0, TEXT.index("\n"), TEXT[: TEXT.index("\n")]),
            Block("caption", caption, len(TEXT), TEXT[caption:]),
        ],
    )


def test_markup_is_well_formed_and_keeps_the_text() -> None:
    parsed = _parse(render_html(_document(), TEXT))
    assert parsed.article == TEXT


def test_entities_abbreviations_and_blocks_come_from_offsets() -> None:
    document = _document()
    parsed = _parse(render_html(document, TEXT))
    entities = _by_kind(parsed, "vnnews-entity")
    # The PER mark crossing the caption's start is drawn in two pieces.
    assert [(m["attrs"]["data-label"], m["text"]) for m in entities] == [
        ("DATE", "Sáng 7/3"), ("ORG", "Sở GD&ĐT"), ("LOC", "tỉnh Quảng Bình"), ("PER", "họp.\n"), ("PER", "Ảnh"),
    ]
    assert entities[0]["attrs"]["data-value"] == "2024-03-07"
    assert "2024-03-07" in entities[0]["attrs"]["title"]
    assert "Sở Giáo dục và Đào tạo" in entities[1]["attrs"]["title"]
    abbreviations = _by_kind(parsed, "vnnews-abbr")
    assert [m["text"] for m in abbreviations] == ["GD&ĐT", "HKH"]
    assert abbreviations[0]["attrs"]["title"] == "GD&ĐT = Giáo dục và Đào tạo (definition, confidence 0.99)"
    assert abbreviations[1]["attrs"]["data-source"] == "context"
    blocks = _by_kind(parsed, "vnnews-boilerplate")
    assert [(m["attrs"]["data-kind"], m["text"]) for m in blocks] == [
        ("related", "Tin liên quan: <b>x</b>"), ("caption", "Ảnh: Phong Sắc"),
    ]


def test_abbreviation_nests_inside_its_entity() -> None:
    html = render_html(_document(), TEXT)
    assert '>Sở <abbr class="vnnews-abbr"' in html
    assert "GD&amp;ĐT</abbr><span class=\"vnnews-label\"" in html


def test_everything_is_escaped() -> None:
    html = render_html(_document(), TEXT)
    assert "<script>" not in html and "<b>x" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_header_and_legend() -> None:
    html = render_html(_document(), TEXT)
    assert '<meta charset="utf-8">' in html
    for fact in ("Phong Sắc", "2024-03-07", "Giáo dục (0.91)"):
        assert fact in html
    assert all(f'class="vnnews-legend-entity" data-label="{label}"' in html for label in COLOURS)
    assert "http" not in html.replace('name="viewport"', "")  # no external resources


def test_marks_outside_the_text_are_dropped() -> None:
    document = Document(id="x", entities=[Entity("ORG", "ab", 2, 40), Entity("LOC", "", 1, 1)])
    assert _parse(render_html(document, "abcdef")).marks == []


def test_render_notebook_has_repr_html() -> None:
    view = render_notebook(_document(), TEXT)
    fragment = view._repr_html_()
    assert fragment.startswith('<div class="vnnews-view"') and "<html" not in fragment
    assert _parse(fragment).article == TEXT
    assert view.html.startswith("<!DOCTYPE html>")


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, timeout=180, check=True,
    )


@pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium not installed (/usr/bin/chromium): run scripts/install_browser.sh")
@pytest.mark.skipif(not SEED.exists(), reason=f"seed article not found at {SEED}")
def test_seed_article_in_headless_chromium(tmp_path: Path) -> None:
    page, out = tmp_path / "view.html", tmp_path / "seed.json"
    subprocess.run(
        [sys.executable, "-m", "vnnews_nlp.cli", "analyze", str(SEED), "-o", str(out), "--html", str(page)],
        check=True, timeout=300,
    )
    document = json.loads(out.read_text(encoding="utf-8"))
    text = SEED.read_text(encoding="utf-8")
    assert document["entities"] and document["abbreviations"]

    dom = _chromium(["--dump-dom", page.as_uri()], tmp_path / "profile").stdout.decode("utf-8")
    parsed = _parse(dom)
    # The browser's DOM holds the article exactly, with every entity and abbreviation marked where the JSON says.
    assert parsed.article == text
    entities = [(m["attrs"]["data-label"], m["text"]) for m in _by_kind(parsed, "vnnews-entity")]
    expected = [(e["label"], e["text"]) for e in document["entities"]]
    assert entities == expected
    shorts = [(m["text"], m["attrs"]["data-long"]) for m in _by_kind(parsed, "vnnews-abbr")]
    assert shorts == [(a["short"], a["long"]) for a in document["abbreviations"]]
    for mark, entity in zip(_by_kind(parsed, "vnnews-entity"), document["entities"]):
        if entity["label"] == "DATE":
            assert entity["value"] in mark["attrs"]["title"]
    kinds = [m["attrs"]["data-kind"] for m in _by_kind(parsed, "vnnews-boilerplate")]
    assert sorted(set(kinds)) == sorted({b["kind"] for b in document.get("boilerplate", [])})
    if document["title"]:
        assert escape(document["title"], quote=False) in dom

    shot = tmp_path / "view.png"
    _chromium(["--window-size=1200,1400", "--hide-scrollbars", f"--screenshot={shot}", page.as_uri()], tmp_path / "profile2")
    _check_screenshot(shot, {e["label"] for e in document["entities"]})


def _check_screenshot(path: Path, labels: set[str]) -> None:
    from PIL import Image

    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(path).convert("RGB")
    assert image.size == (1200, 1400)
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours and len(colours) > 50, "screenshot is (nearly) blank"
    counts = {rgb: n for n, rgb in colours}
    for label in labels:
        rgb = tuple(int(COLOURS[label][i : i + 2], 16) for i in (1, 3, 5))
        # Entity backgrounds are flat fills: each label present in the article shows up as many pixels.
        assert counts.get(rgb, 0) > 200, f"no {label} highlight ({COLOURS[label]}) in the screenshot"
