"""Topic classifier at run time: syllable uni+bigram TF-IDF, linear heads, calibrated softmax.

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
        """(row, feature, value) triplets, one per distinct feature of a row; rows l2-normalised."""
        flat: list[int] = []
        lengths = []
        for text in texts:
            ids = self.token_ids(text)
            flat.extend(ids)
            lengths.append(len(ids))
        n_rows = len(texts)
        ids = np.array(flat, dtype=np.int64)
        row = np.repeat(np.arange(n_rows, dtype=np.int64), lengths)
        known = ids >= 0
        uni_keys, uni_counts = np.unique(row[known] * self.n_unigrams + ids[known], return_counts=True)
        uni_rows, uni_feats = np.divmod(uni_keys, self.n_unigrams)

        pair = known[:-1] & known[1:] & (row[:-1] == row[1:])
        codes = ids[:-1][pair] * self.n_unigrams + ids[1:][pair]
        # Deduplicate first and key by code: the bigram search then runs on
        # sorted, distinct queries, which is several times faster.
        bi_keys, bi_counts = np.unique(codes * n_rows + row[:-1][pair], return_counts=True)
        bi_codes, bi_rows = np.divmod(bi_keys, n_rows)
        if len(self.bigrams):
            slot = np.minimum(np.searchsorted(self.bigrams, bi_codes), len(self.bigrams) - 1)
            hit = self.bigrams[slot] == bi_codes
        else:
            slot = hit = np.zeros(len(bi_codes), dtype=bool)

        rows = np.concatenate([uni_rows, bi_rows[hit]])
        feats = np.concatenate([uni_feats, self.n_unigrams + slot[hit]])
        counts = np.concatenate([uni_counts, bi_counts[hit]])
        values = (1.0 + np.log(counts.astype(np.float32))) * self.idf[feats]
        norms = np.sqrt(np.bincount(rows, values * values, minlength=n_rows)).astype(np.float32)
        values /= norms[rows]
        return rows, feats, values


class _SparseRows:
    """A weight matrix kept as its non-zero cells, row by row (compressed sparse rows).

    Training zeroes nine weights in ten: dense, the shipped matrix took 57 MB in every process
    that classifies; this way 7 MB. The products are those of the dense matrix, in the same
    order, without its zeros, so the scores are the same to the last bit.
    """

    def __init__(self, dense: np.ndarray) -> None:
        self.shape = dense.shape
        self.n_cols = dense.shape[1]
        rows, cols = np.nonzero(dense)
        self.values = dense[rows, cols]
        self.cols = cols.astype(np.int32)
        self.starts = np.zeros(dense.shape[0] + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=dense.shape[0]), out=self.starts[1:])

    def products(self, rows: np.ndarray, feats: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each (document row, feature, value) and each non-zero weight of that feature: the
        output cell `row * n_cols + column` and `weight * value`."""
        first = self.starts[feats]
        lengths = self.starts[feats + 1] - first
        cell = np.repeat(first - (np.cumsum(lengths) - lengths), lengths) + np.arange(lengths.sum())
        return (np.repeat(rows * self.n_cols, lengths) + self.cols[cell],
                self.values[cell] * np.repeat(values, lengths))

    def dense(self) -> np.ndarray:
        out = np.zeros(self.shape, dtype=np.float32)
        rows = np.repeat(np.arange(self.shape[0]), np.diff(self.starts))
        out[rows, self.cols] = self.values
        return out


class TopicModel:
    """Calibrated linear topic classifier: one or more heads, mixed by an era gate.

    Each head is a linear model over the same features with its own softmax
    temperature. With two heads a gate column (`P(first head)` = sigmoid of
    its linear score) mixes the heads' probabilities: the shipped model has a
    head for today's news and one for VNTC's 2006 press, and the gate tells
    which era an article reads like.
    """

    def __init__(
        self,
        featurizer: Featurizer,
        weights: np.ndarray,
        bias: np.ndarray,
        temperature: float | Sequence[float],
        labels: Sequence[str] = LABELS,
        heads: Sequence[str] = ("main",),
    ) -> None:
        self.featurizer = featurizer
        self._rows = _SparseRows(np.asarray(weights, dtype=np.float32))
        self.bias = np.asarray(bias, dtype=np.float32)
        self.labels = tuple(labels)
        self.heads = tuple(heads)
        temps = [temperature] * len(self.heads) if np.isscalar(temperature) else list(temperature)
        self.temperatures = [float(t) for t in temps]
        expected = len(self.heads) * len(self.labels) + (len(self.heads) > 1)
        if self._rows.n_cols != expected or len(self.bias) != expected or len(self.temperatures) != len(self.heads):
            raise ValueError(f"topic model: {len(self.heads)} heads × {len(self.labels)} labels need {expected} "
                             f"weight columns, got {self._rows.n_cols}")

    @property
    def weights(self) -> np.ndarray:
        """The weight matrix, features × columns, dense (built on each call: for saving a model)."""
        return self._rows.dense()

    @property
    def temperature(self) -> float:
        """The first head's temperature (the only one of a single-head model)."""
        return self.temperatures[0]

    @temperature.setter
    def temperature(self, value: float) -> None:
        self.temperatures[0] = float(value)

    @classmethod
    def load(cls, path: Path | None = None) -> TopicModel:
        """Read a model folder (default: the shipped `models/classifier`)."""
        folder = Path(path) if path is not None else model_path("classifier")
        config_file = folder / "config.json"
        if not config_file.is_file():
            raise FileNotFoundError(f"{folder}: not a topic model folder (no config.json)")
        config = json.loads(config_file.read_text(encoding="utf-8"))
        unigrams = (folder / "vocab.txt").read_text(encoding="utf-8").split("\n")
        arrays = np.load(folder / "weights.npz")
        featurizer = Featurizer(unigrams, arrays["bigrams"], arrays["idf"])
        weights = arrays["weights"].astype(np.float32) * np.float32(config["weight_scale"])
        heads = config.get("heads", [{"name": "main", "temperature": config.get("temperature", 1.0)}])
        return cls(featurizer, weights, arrays["bias"], [h["temperature"] for h in heads], config["labels"],
                   [h["name"] for h in heads])

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Raw linear scores, one row per text: each head's label columns, then the gate's."""
        out = np.tile(self.bias, (len(texts), 1))
        for start in range(0, len(texts), _BATCH):
            batch = texts[start : start + _BATCH]
            rows, feats, values = self.featurizer.transform(batch)
            n_cols = out.shape[1]
            cells, contrib = self._rows.products(rows, feats, values)
            sums = np.bincount(cells, contrib, minlength=len(batch) * n_cols)
            out[start : start + len(batch)] += sums.reshape(len(batch), n_cols)
        return out

    def head_probabilities(self, scores: np.ndarray) -> tuple[list[np.ndarray], np.ndarray | None]:
        """(each head's calibrated probabilities, the gate's P(first head) or None) from `scores`."""
        k = len(self.labels)
        probs = [softmax(scores[:, h * k : (h + 1) * k] / t) for h, t in enumerate(self.temperatures)]
        gate = None
        if len(self.heads) > 1:
            gate = 1.0 / (1.0 + np.exp(-np.clip(scores[:, -1], -50.0, 50.0)))
        return probs, gate

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities as an array (rows sum to 1)."""
        probs, gate = self.head_probabilities(self.scores(texts))
        if gate is None:
            return probs[0]
        return gate[:, None] * probs[0] + (1.0 - gate[:, None]) * probs[1]

    def predict(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Probability of every label for each text."""
        probs = self.probabilities(list(texts)).tolist()
        return [dict(zip(self.labels, row)) for row in probs]

    def predict_one(self, text: str) -> tuple[str, float, dict[str, float]]:
        """(best label, its probability, all probabilities) for one text."""
        probs = self.predict([text])[0]
        best = max(probs, key=probs.__getitem__)
        return best, probs[best], probs


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
