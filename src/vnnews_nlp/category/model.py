"""Topic classifier at run time: syllable uni+bigram TF-IDF, linear scores, calibrated softmax.

Only numpy and the standard library: the trained weights live as plain arrays
in `models/classifier/` (`weights.npz`, `vocab.txt`, `config.json`), written by
`vnnews_nlp.train.classifier`.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from itertools import repeat
from pathlib import Path

import numpy as np

from vnnews_nlp.category.labels import LABELS
from vnnews_nlp.paths import model_path

# `re` (not `regex`) and no per-token normalisation: tokenising is most of the
# run time. Letters and digits only; `_` is a word character we do not want.
_TOKEN = re.compile(r"[^\W_]+")
# Tone marks of oa/oe/uy sit on either letter (`hòa`/`hoà`); the vocabulary
# keys carry them the `textnorm.match_key` way and alias the other spelling.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_NEW_STYLE = re.compile(rf"([oOuU])([aAeEyY])([{_TONES}])$")
_OLD_STYLE = re.compile(rf"([oOuU])([{_TONES}])([aAeEyY])$")
_BATCH = 512


def tokens(text: str) -> list[str]:
    """Lower-cased NFC syllables (letters/digits runs) of `text`."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _TOKEN.findall(text.lower())


def canonical(token: str) -> str:
    """One spelling per syllable: tone mark on the second vowel of a final oa/oe/uy."""
    decomposed = unicodedata.normalize("NFD", token)
    swapped = _OLD_STYLE.sub(r"\1\3\2", decomposed)
    return unicodedata.normalize("NFC", swapped) if swapped != decomposed else token


def other_spelling(token: str) -> str | None:
    """The old-style spelling (`hòa` for `hoà`) of a canonical syllable, if it has one."""
    decomposed = unicodedata.normalize("NFD", token)
    swapped = _NEW_STYLE.sub(r"\1\3\2", decomposed)
    return unicodedata.normalize("NFC", swapped) if swapped != decomposed else None


class Featurizer:
    """Texts → sparse sublinear TF-IDF rows (l2-normalised) over unigram+bigram features.

    Features 0..n_unigrams-1 are syllables; then one per kept bigram, identified
    by the code `first_id * n_unigrams + second_id` (sorted in `bigrams`).
    """

    def __init__(self, unigrams: Sequence[str], bigrams: np.ndarray, idf: np.ndarray) -> None:
        self.unigrams = list(unigrams)
        self.n_unigrams = len(self.unigrams)
        self.bigrams = np.asarray(bigrams, dtype=np.int64)
        self.idf = np.asarray(idf, dtype=np.float32)
        self.n_features = self.n_unigrams + len(self.bigrams)
        index = {word: i for i, word in enumerate(unigrams)}
        for word, i in list(index.items()):
            alias = other_spelling(word)
            if alias is not None and alias not in index:
                index[alias] = i
        self._lookup = index.get

    def token_ids(self, text: str) -> list[int]:
        """Unigram ids of the text's syllables, -1 for unknown ones."""
        toks = tokens(text)
        return list(map(self._lookup, toks, repeat(-1, len(toks))))

    def transform(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, feature, value) triplets sorted by row then feature; rows are l2-normalised."""
        flat: list[int] = []
        lengths = []
        for text in texts:
            ids = self.token_ids(text)
            flat.extend(ids)
            lengths.append(len(ids))
        ids = np.array(flat, dtype=np.int64)
        row = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        known = ids >= 0
        first, second = ids[:-1], ids[1:]
        pair = known[:-1] & known[1:] & (row[:-1] == row[1:])
        codes = first[pair] * self.n_unigrams + second[pair]
        pair_rows = row[:-1][pair]
        if len(self.bigrams):
            slot = np.minimum(np.searchsorted(self.bigrams, codes), len(self.bigrams) - 1)
            hit = self.bigrams[slot] == codes
        else:
            slot, hit = codes, np.zeros(len(codes), dtype=bool)
        feats = np.concatenate([ids[known], self.n_unigrams + slot[hit]])
        rows = np.concatenate([row[known], pair_rows[hit]])
        keys, counts = np.unique(rows * self.n_features + feats, return_counts=True)
        rows, feats = np.divmod(keys, self.n_features)
        values = (1.0 + np.log(counts, dtype=np.float32)) * self.idf[feats]
        norms = np.sqrt(np.bincount(rows, values * values, minlength=len(texts)))
        values /= norms[rows].astype(np.float32)
        return rows, feats, values


class TopicModel:
    """Calibrated linear topic classifier over the ten VNTC labels."""

    def __init__(
        self,
        featurizer: Featurizer,
        weights: np.ndarray,
        bias: np.ndarray,
        temperature: float,
        labels: Sequence[str] = LABELS,
    ) -> None:
        self.featurizer = featurizer
        self.weights = np.asarray(weights, dtype=np.float32)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.temperature = float(temperature)
        self.labels = tuple(labels)

    @classmethod
    def load(cls, path: Path | None = None) -> TopicModel:
        """Read a model folder (default: the shipped `models/classifier`)."""
        folder = Path(path) if path is not None else model_path("classifier")
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        unigrams = (folder / "vocab.txt").read_text(encoding="utf-8").split("\n")
        arrays = np.load(folder / "weights.npz")
        featurizer = Featurizer(unigrams, arrays["bigrams"], arrays["idf"])
        weights = arrays["weights"].astype(np.float32) * np.float32(config["weight_scale"])
        return cls(featurizer, weights, arrays["bias"], config["temperature"], config["labels"])

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Uncalibrated linear scores, one row per text, one column per label."""
        out = np.tile(self.bias, (len(texts), 1))
        for start in range(0, len(texts), _BATCH):
            batch = texts[start : start + _BATCH]
            rows, feats, values = self.featurizer.transform(batch)
            if not len(rows):
                continue
            contrib = self.weights[feats] * values[:, None]
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            out[start + rows[starts]] += np.add.reduceat(contrib, starts, axis=0)
        return out

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities as an array (rows sum to 1)."""
        logits = self.scores(texts) / self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        return probs

    def predict(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Probability of every label for each text."""
        probs = self.probabilities(list(texts)).tolist()
        return [dict(zip(self.labels, row)) for row in probs]

    def predict_one(self, text: str) -> tuple[str, float, dict[str, float]]:
        """(best label, its probability, all probabilities) for one text."""
        probs = self.predict([text])[0]
        best = max(probs, key=probs.__getitem__)
        return best, probs[best], probs
