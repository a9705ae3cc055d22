"""Text → spaCy `Doc` that keeps the input exactly (`doc.text == text`; only a
lone surrogate, which spaCy cannot store, reads as U+FFFD).

spaCy tokens are syllables and punctuation marks, the units every entity and
abbreviation boundary in Vietnamese news falls on. underthesea's word
segmentation sits on top of them: `doc._.vnnews_words` gives the words as spans and
`token._.vnnews_word_start` marks where each begins. Segmentation costs more than all
other stages together, so it runs when first asked for (or at tokenization with
`segment_words=True`). Sentences come from underthesea's sentence splitter, one
paragraph (line) at a time.

underthesea sees NFC text with its own character fixes; every offset it
reports is mapped back to the input, so NFD or odd input never shifts a span.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Iterable

import regex
from spacy.tokens import Doc, Span, Token
from spacy.util import DummyTokenizer, registry
from spacy.vocab import Vocab

from .spans import doc_text, remember_text
from .textnorm import canonical, nfc_with_map

# A syllable or word-like run (letters, digits, combining marks, inner
# apostrophes as in H'Mông), a number with separators, or one other character.
_TOKEN = regex.compile(r"\d+(?:[.,]\d+)+|\w+(?:['’]\w+)*|[^\w\s]", regex.UNICODE)
_LINE = regex.compile(r"[^\n\r\u2028\u2029]+")
# A capital right after a small letter inside one run is where a dump glued two words
# (`Thái NguyênTrước khi`, `Hà NộiĐT:`): a token boundary. Brand names cut there
# (`You|Tube`) stay whole as entities, which may span tokens.
_GLUED = regex.compile(r"(?<=\p{Ll}\p{M}*)(?=\p{Lu})")
# underthesea's character fixes (ð → đ) keep lengths, so we apply them too.
_UNDERTHESEA_CHAR_FIXES = str.maketrans({"ð": "đ", "Ð": "Đ"})
# Lines longer than this are segmented in pieces: underthesea's CRF cost grows
# with the line and a 5 MB line must not stall the pipeline.
_MAX_SEGMENT_CHARS = 20_000
# Lone surrogates (left by `surrogateescape` decoding or a JSON `\\ud800`
# escape) cannot be stored by spaCy, which keeps token strings as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def syllables(text: str) -> list[str]:
    """The non-space tokens the tokenizer makes of `text` without word segmentation: how a word list's
    phrase is cut to match token sequences."""
    out: list[str] = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        cuts = [m.start() for m in _GLUED.finditer(word)] if len(word) > 2 else []
        points = [0, *cuts, len(word)]
        out.extend(word[a:b] for a, b in zip(points, points[1:]))
    return out


def replace_surrogates(text: str) -> tuple[str, int]:
    """`text` with each lone surrogate replaced by U+FFFD (one for one, so offsets hold), and how many."""
    if text.isascii():
        return text, 0
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.subn(REPLACEMENT, text)
    return text, 0


def _register_extensions() -> None:
    if not Token.has_extension("vnnews_word_start"):
        Token.set_extension("vnnews_word_start", default=False)
    if not Doc.has_extension("vnnews_words"):
        Doc.set_extension("vnnews_words", getter=_doc_words)


def _doc_words(doc: Doc) -> list[Span]:
    """The doc's words (underthesea segmentation) as spans, whitespace excluded."""
    if not doc.user_data.get(_SEGMENTED):
        segment_doc(doc)
    words: list[Span] = []
    start = None
    for token in doc:
        if token.is_space:
            if start is not None:
                words.append(doc[start : token.i])
                start = None
            continue
        if token._.vnnews_word_start or start is None:
            if start is not None:
                words.append(doc[start : token.i])
            start = token.i
    if start is not None:
        words.append(doc[start:])
    return words


_SEGMENTED = "vnnews_segmented"


def segment_doc(doc: Doc) -> Doc:
    """Run underthesea word segmentation over a doc made by this tokenizer; marks `token._.vnnews_word_start`."""
    nfc, to_input = nfc_with_map(doc_text(doc))
    starts = {start for start, _end, is_start in _words_of(nfc) if is_start}
    if to_input is not None:
        starts = {to_input[b] for b in starts}
    for token in doc:
        token._.vnnews_word_start = token.idx in starts
    doc.user_data[_SEGMENTED] = True
    return doc


def _words_of(nfc: str) -> Iterable[tuple[int, int, bool]]:
    """underthesea tokens of NFC text, line by line: (start, end, starts_a_word), offsets into `nfc`."""
    for line in _LINE.finditer(nfc):
        for seg_start, seg_end in _chunks(line.start(), line.end()):
            yield from _segment_words(nfc, seg_start, seg_end)


@lru_cache(maxsize=1)
def _segmenter():
    """underthesea's regex tokenizer and word-segmentation CRF, loaded once."""
    from os.path import dirname, join

    import underthesea.pipeline.word_tokenize as word_tokenize_pkg
    from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    model = FastCRFSequenceTagger()
    model.load(join(dirname(word_tokenize_pkg.__file__), "models", "ws_crf_vlsp2013_20230727"))
    return tokenize, model


# underthesea's word regex backtracks over runs like `-1-1-1…` (16k characters
# took a second, growing with the square), so words are segmented in pieces
# this short, cut after a space where there is one.
_MAX_WORD_PIECE = 2_000


def _segment_words(text: str, start: int, end: int) -> Iterable[tuple[int, int, bool]]:
    """underthesea words of `text[start:end]` as (start, end, starts_a_word), offsets into `text`."""
    while end - start > _MAX_WORD_PIECE:
        space = text.rfind(" ", start + _MAX_WORD_PIECE // 2, start + _MAX_WORD_PIECE)
        cut = space + 1 if space >= 0 else start + _MAX_WORD_PIECE
        for a, b, is_start in _word_starts(text[start:cut]):
            yield start + a, start + b, is_start
        start = cut
    for a, b, is_start in _word_starts(text[start:end]):
        yield start + a, start + b, is_start


def _word_starts(segment: str) -> list[tuple[int, int, bool]]:
    """underthesea tokens of `segment` as (start, end, starts_a_word), offsets into `segment`."""
    tokenize, model = _segmenter()
    fixed = segment.translate(_UNDERTHESEA_CHAR_FIXES)
    pieces = tokenize(fixed, use_character_normalize=False, use_token_normalize=False)
    if not pieces:
        return []
    tags = model.predict([[piece] for piece in pieces])
    out: list[tuple[int, int, bool]] = []
    cursor = 0
    for piece, tag in zip(pieces, tags):
        found = fixed.find(piece, cursor)
        if found < 0:  # underthesea rewrote the piece: skip it, keep the rest aligned
            continue
        cursor = found + len(piece)
        out.append((found, cursor, tag != "I-W" or not out))
    return out


# underthesea looks for an abbreviation before every full stop by walking back
# over letters, digits and dots, so `A.A.A.…` (a run with many dots) costs
# quadratic time. A dot inside so long a run never ends a sentence: it is
# hidden from underthesea, one character for one, so offsets do not move.
_LONG_RUN = regex.compile(r"[\w.]{65,}")


def _hide_dots_in_long_runs(segment: str) -> str:
    return _LONG_RUN.sub(lambda m: m.group().replace(".", " "), segment)


def _sentence_starts(segment: str) -> list[int]:
    """Offsets (into `segment`) where underthesea starts a new sentence, the first excluded."""
    from underthesea import sent_tokenize

    segment = _hide_dots_in_long_runs(segment)
    starts: list[int] = []
    cursor = 0
    for sentence in sent_tokenize(segment):
        sentence = sentence.strip()
        if not sentence:
            continue
        found = segment.find(sentence[: min(len(sentence), 16)], cursor)
        if found < 0:
            continue
        if found > 0:
            starts.append(found)
        cursor = found + 1
    return starts


def canonical_lexemes(vocab: Vocab) -> None:
    """Compute every lexical attribute (NORM, PREFIX, SUFFIX, SHAPE, IS_ALPHA ...) of a token from its
    canonical spelling (`textnorm.canonical`): `Hòa` in NFD, `Hoà` and `Hòa` get the same features, so the
    recogniser and every matcher on NORM see one word while token texts and offsets stay the input's."""
    getters = vocab.lex_attr_getters
    for attr, getter in list(getters.items()):
        if not getattr(getter, "on_canonical", False):
            getters[attr] = _on_canonical(getter)


def _on_canonical(getter):
    def get(string: str, *args, **kwargs):
        return getter(canonical(string), *args, **kwargs)

    get.on_canonical = True
    return get


class VietnameseTokenizer(DummyTokenizer):
    """spaCy tokenizer: syllable tokens, underthesea words and sentences, exact offsets."""

    def __init__(self, vocab: Vocab, segment_words: bool = False, split_sentences: bool = True):
        _register_extensions()
        canonical_lexemes(vocab)
        self.vocab = vocab
        self.segment_words = segment_words
        self.split_sentences = split_sentences

    def __call__(self, text: str) -> Doc:
        # `doc.text == text` except that a lone surrogate reads as U+FFFD.
        text, _ = replace_surrogates(text)
        nfc, to_input = nfc_with_map(text)
        boundaries: set[int] = set()
        word_starts: set[int] = set()
        sentence_starts: set[int] = set()
        for line in _LINE.finditer(nfc):
            for seg_start, seg_end in _chunks(line.start(), line.end()):
                sentence_starts.add(seg_start)
                if self.split_sentences:
                    sentence_starts.update(seg_start + s for s in _sentence_starts(nfc[seg_start:seg_end]))
        if self.segment_words:
            for start, end, is_start in _words_of(nfc):
                boundaries.update((start, end))
                if is_start:
                    word_starts.add(start)
        if to_input is not None:
            boundaries = {to_input[b] for b in boundaries}
            word_starts = {to_input[b] for b in word_starts}
            sentence_starts = {to_input[b] for b in sentence_starts}
        return self._make_doc(text, boundaries, word_starts, sentence_starts)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        for text in texts:
            yield self(text)

    def _make_doc(
        self, text: str, boundaries: set[int], word_starts: set[int], sentence_starts: set[int]
    ) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        starts: list[int] = []
        cursor = 0
        ordered = sorted(boundaries)
        for match in _TOKEN.finditer(text):
            start, end = match.span()
            if start > cursor:
                _add_gap(text[cursor:start], cursor, words, spaces, starts)
            first = bisect_right(ordered, start)
            cuts = ordered[first : bisect_left(ordered, end)]
            word = match.group()
            if end - start > 2 and word[1:] != word[1:].lower():  # a capital inside: maybe two words glued
                glued = [start + m.start() for m in _GLUED.finditer(word)]
                if glued:
                    cuts = sorted(set(cuts).union(glued))
            for piece_start, piece_end in _split(start, end, cuts):
                words.append(text[piece_start:piece_end])
                spaces.append(False)
                starts.append(piece_start)
            cursor = end
        if cursor < len(text):
            _add_gap(text[cursor:], cursor, words, spaces, starts)
        doc = Doc(self.vocab, words=words, spaces=spaces, sent_starts=_sent_starts(words, starts, sentence_starts))
        remember_text(doc, text)
        if self.segment_words:
            for token, start in zip(doc, starts):
                token._.vnnews_word_start = start in word_starts
            doc.user_data[_SEGMENTED] = True
        return doc


def _sent_starts(words: list[str], starts: list[int], sentence_starts: set[int]) -> list[bool]:
    """True where a sentence begins; whitespace tokens stay inside the sentence before them."""
    flags: list[bool] = []
    seen = False
    for word, start in zip(words, starts):
        if word.isspace():
            flags.append(not flags)
            continue
        begins = start in sentence_starts or not seen
        seen = True
        flags.append(begins)
    return flags


def _chunks(start: int, end: int) -> Iterable[tuple[int, int]]:
    while end - start > _MAX_SEGMENT_CHARS:
        yield start, start + _MAX_SEGMENT_CHARS
        start += _MAX_SEGMENT_CHARS
    yield start, end


def _split(start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    if not cuts:
        return [(start, end)]
    points = [start, *cuts, end]
    return list(zip(points, points[1:]))


def _add_gap(gap: str, offset: int, words: list[str], spaces: list[bool], starts: list[int]) -> None:
    """Whitespace between tokens: one plain space rides on the previous token, the rest are space tokens."""
    if gap == " " and words and not spaces[-1]:
        spaces[-1] = True
        return
    if gap.startswith(" ") and words and not spaces[-1]:
        spaces[-1] = True
        gap = gap[1:]
        offset += 1
    words.append(gap)
    spaces.append(False)
    starts.append(offset)


def create_tokenizer(segment_words: bool = False, split_sentences: bool = True):
    """spaCy registry-style factory: `nlp.tokenizer = create_tokenizer()(nlp)`."""

    def make(nlp) -> VietnameseTokenizer:
        return VietnameseTokenizer(nlp.vocab, segment_words=segment_words, split_sentences=split_sentences)

    return make


@registry.tokenizers("vnnews.VietnameseTokenizer.v1")
def registered_tokenizer(segment_words: bool = False, split_sentences: bool = True):
    """The tokenizer as named in spaCy configs: `@tokenizers = "vnnews.VietnameseTokenizer.v1"`."""
    return create_tokenizer(segment_words=segment_words, split_sentences=split_sentences)
