"""Floret static vectors that keep each word's vector once computed.

spaCy builds a floret vector from the hashes of the word's character n-grams on every batch,
for every distinct word in it; news repeats the same few thousand syllables batch after batch.
The vectors are the same numbers either way: a word's vector is the mean of its own n-gram rows,
whatever else is in the batch.
"""
from __future__ import annotations

import numpy
from spacy.vectors import Mode, Vectors

# Distinct words kept (64 floats each: 13 MB); past it the memory starts afresh.
MAX_REMEMBERED = 50_000


class RememberingFloretVectors(Vectors):
    """`Vectors` in floret mode whose `get_batch` computes each key's vector once (up to `MAX_REMEMBERED` keys)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._row_of: dict[int, int] = {}  # key -> its row in `_table`
        self._table = numpy.zeros((1024, self.data.shape[1]), dtype=self.data.dtype)

    def get_batch(self, keys):
        """The vectors of `keys` (hashes), as spaCy's `get_batch` gives them."""
        ids = numpy.asarray(keys)
        if self.mode != Mode.floret or ids.dtype.kind not in "ui" or not ids.any():
            return super().get_batch(keys)  # spaCy's own answer for strings, and for no or only empty words
        ids = ids.tolist()
        row_of = self._row_of
        missing = [k for k in dict.fromkeys(ids) if k not in row_of]
        if missing:
            if len(row_of) + len(missing) > MAX_REMEMBERED:
                row_of.clear()
                missing = list(dict.fromkeys(ids))
            self._remember(missing, super().get_batch(numpy.asarray(missing, dtype="uint64")))
        return self._table[[row_of[k] for k in ids]]

    def _remember(self, keys: list[int], vectors) -> None:
        size = len(self._row_of)
        if size + len(keys) > len(self._table):
            grown = numpy.zeros((max(size + len(keys), 2 * len(self._table)), self._table.shape[1]), self._table.dtype)
            grown[:size] = self._table[:size]
            self._table = grown
        self._table[size : size + len(keys)] = vectors
        self._row_of.update(zip(keys, range(size, size + len(keys))))


def remembering(vectors: Vectors) -> Vectors:
    """`vectors` (same table, same settings) that remember each word's floret vector; other modes as they are."""
    if not isinstance(vectors, Vectors) or vectors.mode != Mode.floret:
        return vectors
    return RememberingFloretVectors(
        strings=vectors.strings, data=vectors.data, mode=Mode.floret, minn=vectors.minn, maxn=vectors.maxn,
        hash_count=vectors.hash_count, hash_seed=vectors.hash_seed, bow=vectors.bow, eow=vectors.eow,
        attr=vectors.attr,
    )
