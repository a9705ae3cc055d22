"""Calibration of the topic scores: softmax temperature, expected calibration error, reliability table."""
from __future__ import annotations

import numpy as np

BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0)


def fit_temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """The softmax temperature minimising the negative log-likelihood of `y` given `scores`."""
    def nll(t: float) -> float:
        z = scores / t
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-log_p[np.arange(len(y)), y].mean())

    grid = np.exp(np.linspace(np.log(0.01), np.log(10.0), 400))
    return float(min(grid, key=nll))


def calibration_error(probs: np.ndarray, y: np.ndarray, bins: int = 15) -> float:
    """Expected calibration error of the top label (equal-width confidence bins)."""
    conf = probs.max(axis=1)
    right = probs.argmax(axis=1) == y
    which = np.minimum((conf * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.sum() * abs(right[mask].mean() - conf[mask].mean())
    return float(total / len(y)) if len(y) else 0.0


def reliability(probs: np.ndarray, y: np.ndarray, edges: tuple[float, ...] = BINS) -> list[dict]:
    """Per score bin: articles, mean score, observed accuracy of the top label."""
    conf = probs.max(axis=1)
    right = probs.argmax(axis=1) == y
    rows = []
    for low, high in zip(edges[:-1], edges[1:]):
        mask = (conf >= low) & ((conf < high) if high < 1.0 else (conf <= high))
        n = int(mask.sum())
        rows.append({"bin": f"{low:.2f}–{high:.2f}", "n": n,
                     "mean_score": float(conf[mask].mean()) if n else None,
                     "accuracy": float(right[mask].mean()) if n else None})
    return rows


def summary(probs: np.ndarray, y: np.ndarray, n_labels: int) -> dict:
    """Accuracy, macro-F1, ECE, accuracy and share of articles with score ≥ 0.9."""
    pred = probs.argmax(axis=1)
    f1s = []
    for k in range(n_labels):
        tp = np.sum((pred == k) & (y == k))
        denom = np.sum(pred == k) + np.sum(y == k)
        if np.sum(y == k):
            f1s.append(2 * tp / denom)
    sure = probs.max(axis=1) >= 0.9
    return {
        "n": int(len(y)),
        "accuracy": float(np.mean(pred == y)) if len(y) else None,
        "macro_f1": float(np.mean(f1s)) if f1s else None,
        "ece": calibration_error(probs, y),
        "share_score_ge_0.9": float(sure.mean()) if len(y) else None,
        "accuracy_score_ge_0.9": float(np.mean(pred[sure] == y[sure])) if sure.any() else None,
    }


def confusion(probs: np.ndarray, y: np.ndarray, n_labels: int) -> list[list[int]]:
    """Counts: rows gold label, columns predicted label."""
    matrix = np.zeros((n_labels, n_labels), dtype=int)
    np.add.at(matrix, (y, probs.argmax(axis=1)), 1)
    return matrix.tolist()
