"""`static_vectors.remembering`: the floret vectors the recogniser reads are spaCy's numbers, bit for bit."""
from __future__ import annotations

import numpy
import spacy

from vnnews_nlp.paths import model_path
from vnnews_nlp.static_vectors import RememberingFloretVectors, remembering

BATCHES = [
    "Sáng 7/3, UBND tỉnh Quảng Bình họp bàn kế hoạch năm 2024 .",
    "Ông Việt , Chủ tịch UBND tỉnh Quảng Bình , phát biểu tại Hà Nội ; Covid-19 ?",
    "",
]


def test_remembered_vectors_equal_spacys() -> None:
    vectors = spacy.load(model_path("ner")).vocab.vectors
    remembered = remembering(vectors)
    assert isinstance(remembered, RememberingFloretVectors)
    for text in BATCHES:  # the second batch repeats words of the first: those come from memory
        keys = numpy.asarray([vectors.strings.add(w) for w in text.split(" ")], dtype="uint64")
        expected, got = vectors.get_batch(keys), remembered.get_batch(keys)
        assert got.dtype == expected.dtype and got.shape == expected.shape
        assert numpy.array_equal(got, expected)
