"""Train the topic classifier and write a model folder (`models/classifier/` by default).

Syllable uni+bigram sublinear TF-IDF → one-vs-rest LinearSVC (class-balanced).
The shipped model learns from VNTC train (2006 press) and the modern labelled
news (2018–2024), with the features copied per era (shared + era-specific
weights, "frustratingly easy" domain adaptation): that gives two heads over
the same features, one for today's news and one for 2006 press, which a
logistic era gate (VNTC vs VnExpress/Dân Trí text, the unlabelled 2017
articles included) mixes at run time. A seeded fifth of the VnExpress and Dân Trí
articles, stratified by source and section, is held out and never trained on
(its ids are written beside the model). Each head's softmax temperature is
fitted on out-of-fold scores (3 folds over the modern news and a tenth of
VNTC). A user's labelled dump trains one head the same way, on its own held-out
fifth. scikit-learn is only needed here: the saved model is plain numpy arrays.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from vnnews_nlp.category.labels import LABELS
from vnnews_nlp.category.model import Featurizer, TopicModel, canonical, softmax, tokens
from vnnews_nlp.paths import model_path
from vnnews_nlp.train import calibration
from vnnews_nlp.train.classifier_data import (
    NEWS_SOURCES, Labelled, fold_ids, heldout_mask, read_dump, read_modern, read_unlabelled, read_vntc,
)

MIN_DF_UNIGRAM = 2
MIN_DF_BIGRAM = 3
# C, sample weights: a small grid on the modern split of a first run (VnExpress/Dân Trí
# accuracy 0.919/0.888 with oracle eras, VNTC test 93.3%); the era split itself is
# what lifted modern accuracy from 0.889/0.867 (pooled, same weights).
C = 0.5
CLASS_WEIGHT = "balanced"
WEIGHT_NEWS = 3.0  # VnExpress, Dân Trí
WEIGHT_PORTALS = 0.5  # the 2018 portals: three easy sections, 13,858 articles
HELDOUT = 0.2
FOLDS = 3
VNTC_CALIBRATION = 0.1
# Chosen on a stratified 15% of VNTC train and a third of the modern news training articles
# (never the held-out split or VNTC test): the 2006 copy scaled 3× lifted the 2006 head
# there from 92.54% to 92.86% (modern head 89.5% -> 89.1%, 5 of 1,279 articles).
ERA_COPY_SCALE = (1.0, 3.0)
# Same slices, gate without the 2018 portals: C = 1000 sent 0.96% of VNTC-val to the modern
# head (C = 100: 1.07%, C = 10: 1.35%), mixed accuracy 92.73% there, 89.29% on the modern third.
GATE_C = 1000.0
UNLABELLED_FOR_GATE = 15_000
MISSING_LABEL_BIAS = -30.0
# Zeroing the 90% smallest weights left accuracy unchanged (±0.05 points) and shrinks the model.
PRUNE_QUANTILE = 0.9
HEADS = ("modern", "vntc2006")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def build_featurizer(
    texts: Sequence[str], min_df_unigram: int = MIN_DF_UNIGRAM, min_df_bigram: int = MIN_DF_BIGRAM
) -> Featurizer:
    """Vocabulary (canonical syllables, frequent bigrams) and smoothed idf from `texts`."""
    cache: dict[str, str] = {}
    docs = []
    for text in texts:
        docs.append([cache.get(t) or cache.setdefault(t, canonical(t)) for t in tokens(text)])
    df = Counter(word for doc in docs for word in set(doc))
    # Sorted by frequency, ties alphabetically: the same data always gives the same ids.
    unigrams = sorted((w for w, n in df.items() if n >= min_df_unigram), key=lambda w: (-df[w], w))
    index = {w: i for i, w in enumerate(unigrams)}
    n_uni = len(unigrams)
    per_doc = []
    for doc in docs:
        ids = np.array([index.get(w, -1) for w in doc], dtype=np.int64)
        ok = (ids[:-1] >= 0) & (ids[1:] >= 0)
        per_doc.append(np.unique(ids[:-1][ok] * n_uni + ids[1:][ok]))
    codes, bigram_df = np.unique(np.concatenate(per_doc), return_counts=True)
    keep = bigram_df >= min_df_bigram
    bigrams, bigram_df = codes[keep], bigram_df[keep]
    all_df = np.concatenate([np.array([df[w] for w in unigrams]), bigram_df])
    idf = np.log((1 + len(texts)) / (1 + all_df)) + 1.0
    return Featurizer(unigrams, bigrams, idf.astype(np.float32))


def to_matrix(featurizer: Featurizer, texts: Sequence[str], batch: int = 2048) -> sparse.csr_matrix:
    """The TF-IDF rows exactly as `TopicModel` computes them at run time."""
    parts = []
    for start in range(0, len(texts), batch):
        chunk = texts[start : start + batch]
        rows, feats, values = featurizer.transform(chunk)
        shape = (len(chunk), featurizer.n_features)
        parts.append(sparse.csr_matrix((values, (rows, feats)), shape=shape))
    return sparse.vstack(parts).tocsr()


def prune(weights: np.ndarray, quantile: float = PRUNE_QUANTILE) -> np.ndarray:
    """`weights` with the smallest-magnitude `quantile` of entries set to zero."""
    threshold = np.quantile(np.abs(weights), quantile) if quantile > 0 else 0.0
    return np.where(np.abs(weights) < threshold, 0.0, weights).astype(np.float32)


def save(model: TopicModel, out_dir: Path, extra: dict) -> None:
    """Write vocab.txt, weights.npz (float16 weights) and config.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    feat = model.featurizer
    (out_dir / "vocab.txt").write_text("\n".join(feat.unigrams), encoding="utf-8")
    scale = float(np.abs(model.weights).max() / 60000.0) or 1.0
    np.savez_compressed(
        out_dir / "weights.npz",
        # Codes fit 32 bits while the vocabulary stays under 65,536 syllables.
        bigrams=feat.bigrams.astype(np.uint32 if feat.n_unigrams < 65536 else np.int64),
        idf=feat.idf.astype(np.float32),
        weights=(model.weights / scale).astype(np.float16),
        bias=model.bias.astype(np.float32),
    )
    heads = [{"name": h, "temperature": t} for h, t in zip(model.heads, model.temperatures)]
    config = {"labels": list(model.labels), "heads": heads, "weight_scale": scale}
    config.update(extra)
    (out_dir / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def fit_heads(x: sparse.csr_matrix, y: np.ndarray, domain: np.ndarray, weight: np.ndarray,
              n_domains: int, n_labels: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(weights features × (domains·labels), bias) of a one-vs-rest LinearSVC over era-copied features.

    Each era's own copy of the features is multiplied by `ERA_COPY_SCALE[era]`: its
    weights are then penalised scale² times less than the shared ones.
    """
    scale = ERA_COPY_SCALE if n_domains == len(ERA_COPY_SCALE) else (1.0,) * n_domains
    if n_domains > 1:
        blocks = [x] + [sparse.diags((domain == d).astype(np.float32) * scale[d]) @ x for d in range(n_domains)]
        blocks.append(sparse.csr_matrix(np.eye(n_domains, dtype=np.float32)[domain]))
        x = sparse.hstack(blocks).tocsr()
    clf = LinearSVC(C=C, class_weight=CLASS_WEIGHT, random_state=seed, dual=True, max_iter=5000)
    clf.fit(x, y, sample_weight=weight)
    coef, intercept = clf.coef_, clf.intercept_
    if len(clf.classes_) == 2:  # sklearn keeps one row for two classes
        coef, intercept = np.vstack([-coef[0], coef[0]]) / 2, np.array([-intercept[0], intercept[0]]) / 2
    full = np.zeros((n_labels, x.shape[1]), dtype=np.float32)
    bias = np.full(n_labels, MISSING_LABEL_BIAS, dtype=np.float32)
    full[clf.classes_], bias[clf.classes_] = coef, intercept
    n = full.shape[1] if n_domains == 1 else (full.shape[1] - n_domains) // (n_domains + 1)
    if n_domains == 1:
        return prune(full.T), bias
    shared = full[:, :n]
    weights = [shared + scale[d] * full[:, n * (d + 1): n * (d + 2)] for d in range(n_domains)]
    biases = [bias + full[:, -n_domains + d] for d in range(n_domains)]
    return prune(np.hstack([w.T for w in weights])), np.concatenate(biases).astype(np.float32)


def fit_gate(x_first: sparse.csr_matrix, x_second: sparse.csr_matrix, seed: int) -> tuple[np.ndarray, float]:
    """(weights, bias) of a logistic regression: log-odds that a text belongs to the first head's era."""
    x = sparse.vstack([x_first, x_second]).tocsr()
    y = np.r_[np.ones(x_first.shape[0]), np.zeros(x_second.shape[0])]
    clf = LogisticRegression(C=GATE_C, class_weight="balanced", solver="liblinear", random_state=seed)
    clf.fit(x, y)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def head_scores(weights: np.ndarray, bias: np.ndarray, x: sparse.csr_matrix, head: int, n_labels: int) -> np.ndarray:
    cols = slice(head * n_labels, (head + 1) * n_labels)
    return np.asarray(x @ weights[:, cols]) + bias[cols]


def out_of_fold_temperatures(x, y, domain, weight, folds, n_domains, n_labels, seed) -> tuple[list[float], dict]:
    """Each head's temperature fitted on the scores of records held out of a fit (fold ≥ 0)."""
    collected: list[list] = [[] for _ in range(n_domains)]
    for k in range(folds.max() + 1):
        fit = folds != k
        w, b = fit_heads(x[fit], y[fit], domain[fit], weight[fit], n_domains, n_labels, seed)
        for d in range(n_domains):
            rows = np.flatnonzero((folds == k) & (domain == d))
            collected[d].append((head_scores(w, b, x[rows], d, n_labels), y[rows]))
        log(f"calibration fold {k + 1}/{folds.max() + 1} fitted")
    temps, report = [], {}
    for d in range(n_domains):
        scores = np.vstack([s for s, _ in collected[d]])
        gold = np.concatenate([g for _, g in collected[d]])
        t = calibration.fit_temperature(scores, gold)
        temps.append(t)
        report[str(d)] = calibration.summary(softmax(scores / t), gold, n_labels)
    return temps, report


def fit_model(train: Labelled, labels: Sequence[str], domain: np.ndarray, weight: np.ndarray,
              calibrate: np.ndarray, heads: Sequence[str], seed: int,
              gate_extra: Sequence[str] = (), gate_rows: np.ndarray | None = None) -> tuple[TopicModel, dict]:
    """Featurize, fit the era heads (and gate), temperatures from out-of-fold scores.

    The gate learns from the `gate_rows` of `train` (default all) and the `gate_extra` texts (first era).
    """
    n_labels, n_domains = len(labels), len(heads)
    y = np.array([labels.index(label) for label in train.labels])
    featurizer = build_featurizer(train.texts)
    x = to_matrix(featurizer, train.texts)
    log(f"{x.shape[0]} training articles, {featurizer.n_features} features")
    folds = np.full(len(train), -1)
    for d in range(n_domains):
        eligible = calibrate & (domain == d)
        part = fold_ids(train.strata, eligible, FOLDS, seed)
        folds[eligible] = part[eligible]
    temps, oof = out_of_fold_temperatures(x, y, domain, weight, folds, n_domains, n_labels, seed)
    weights, bias = fit_heads(x, y, domain, weight, n_domains, n_labels, seed)
    log("final heads fitted")
    if n_domains > 1:
        x_extra = to_matrix(featurizer, list(gate_extra)) if gate_extra else x[:0]
        rows = np.ones(len(train), dtype=bool) if gate_rows is None else gate_rows
        gate_w, gate_b = fit_gate(sparse.vstack([x[rows & (domain == 0)], x_extra]).tocsr(), x[rows & (domain == 1)], seed)
        weights = np.hstack([weights, prune(gate_w[:, None])])
        bias = np.r_[bias, gate_b].astype(np.float32)
        log("era gate fitted")
    model = TopicModel(featurizer, weights, bias, temps, labels, heads)
    return model, {"out_of_fold": {heads[int(d)]: v for d, v in oof.items()}, "temperatures": temps,
                   "n_unigrams": featurizer.n_unigrams, "n_features": featurizer.n_features}


def heldout_report(model: TopicModel, held: Labelled, by_source: bool) -> dict:
    """Accuracy, macro-F1, ECE, reliability table and confusion matrix on the held-out articles."""
    labels = list(model.labels)
    y = np.array([labels.index(label) if label in labels else -1 for label in held.labels])
    known = y >= 0
    probs = model.probabilities([t for t, k in zip(held.texts, known) if k])
    y = y[known]
    sources = np.array(held.sources)[known]
    report = calibration.summary(probs, y, len(labels))
    report["reliability"] = calibration.reliability(probs, y)
    report["confusion"] = calibration.confusion(probs, y, len(labels))
    report["unknown_labels"] = int((~known).sum())
    if by_source:
        report["by_source"] = {s: calibration.summary(probs[sources == s], y[sources == s], len(labels))
                               for s in sorted(set(sources))}
    return report


def train(
    data_dir: Path = Path("../shared/data"),
    out_dir: Path = model_path("classifier"),
    seed: int = 0,
) -> dict:
    """Train the shipped model from the shared data folder (`vntc/`, `modern/`); write it to `out_dir`."""
    started = time.perf_counter()
    data_dir = Path(data_dir)
    if (data_dir / "train.jsonl.gz").exists() and not (data_dir / "vntc").is_dir():
        data_dir = data_dir.parent  # given the vntc folder itself, as before
    vntc = read_vntc(data_dir / "vntc" / "train.jsonl.gz")
    modern = read_modern(data_dir / "modern" / "labelled.jsonl.gz")
    news = np.isin(modern.sources, NEWS_SOURCES)
    held_mask = heldout_mask(modern.strata, HELDOUT, seed, eligible=news)
    held, modern_train = modern.subset(held_mask), modern.subset(~held_mask)
    train_set = Labelled(*(getattr(modern_train, f) + getattr(vntc, f) for f in ("ids", "texts", "labels", "sources", "strata")))
    domain = np.r_[np.zeros(len(modern_train), dtype=int), np.ones(len(vntc), dtype=int)]
    sources = np.array(train_set.sources)
    weight = np.where(np.isin(sources, NEWS_SOURCES), WEIGHT_NEWS, np.where(domain == 0, WEIGHT_PORTALS, 1.0))
    vntc_cal = heldout_mask(vntc.strata, VNTC_CALIBRATION, seed)
    calibrate = np.r_[np.isin(modern_train.sources, NEWS_SOURCES), vntc_cal]
    unlabelled = read_unlabelled(data_dir / "modern" / "unlabelled.jsonl.gz", UNLABELLED_FOR_GATE)
    # The 2018 portals (three topics, one-line texts) stay out of the gate: with them it read
    # health news as modern and sent 4.0% of the VNTC validation slice to the modern head, 1.1% without.
    gate_rows = np.isin(sources, NEWS_SOURCES) | (domain == 1)
    model, fit_report = fit_model(train_set, list(LABELS), domain, weight, calibrate, HEADS, seed, unlabelled,
                                  gate_rows)
    settings = {
        "method": "syllable uni+bigram sublinear TF-IDF (l2); one-vs-rest LinearSVC, class-balanced, features "
                  "copied per era (modern / VNTC 2006) → two heads; logistic era gate mixes the heads' "
                  "temperature-scaled softmax",
        "C": C, "class_weight": CLASS_WEIGHT, "weight_news": WEIGHT_NEWS, "weight_portals": WEIGHT_PORTALS,
        "min_df_unigram": MIN_DF_UNIGRAM, "min_df_bigram": MIN_DF_BIGRAM, "heldout_fraction": HELDOUT,
        "calibration_folds": FOLDS, "era_copy_scale": list(ERA_COPY_SCALE), "gate_C": GATE_C,
        "gate_sources": [*NEWS_SOURCES, "VNTC", "unlabelled"], "unlabelled_for_gate": len(unlabelled),
        "prune_quantile": PRUNE_QUANTILE, "seed": seed,
    }
    counts = dict(Counter(train_set.sources))
    metrics = {"train_docs": counts, "heldout_docs": dict(Counter(held.sources)), **fit_report}
    return _save_trained(model, Path(out_dir), settings, metrics, held, True, started)


def train_dump(data: Path, label_field: str, out_dir: Path, seed: int = 0, text_field: str = "text",
               id_field: str = "id") -> dict:
    """Train a one-head model on a user's labelled dump; a seeded stratified fifth is held out and reported."""
    started = time.perf_counter()
    records = read_dump(Path(data), label_field, text_field, id_field)
    labels = sorted(set(records.labels))
    held_mask = heldout_mask(records.strata, HELDOUT, seed)
    held, train_set = records.subset(held_mask), records.subset(~held_mask)
    missing = sorted(set(labels) - set(train_set.labels))
    domain = np.zeros(len(train_set), dtype=int)
    model, fit_report = fit_model(train_set, labels, domain, np.ones(len(train_set)),
                                  np.ones(len(train_set), dtype=bool), ("main",), seed)
    settings = {"method": "syllable uni+bigram sublinear TF-IDF (l2); one-vs-rest LinearSVC, class-balanced, "
                          "temperature-scaled softmax", "data": str(data), "label_field": label_field,
                "text_field": text_field, "C": C, "heldout_fraction": HELDOUT, "calibration_folds": FOLDS,
                "prune_quantile": PRUNE_QUANTILE, "seed": seed}
    metrics = {"train_docs": len(train_set), "heldout_docs": len(held), "labels_missing_from_training": missing,
               **fit_report}
    return _save_trained(model, Path(out_dir), settings, metrics, held, False, started)


def _save_trained(model, out_dir: Path, settings: dict, metrics: dict, held: Labelled, by_source: bool,
                  started: float) -> dict:
    """Write the model, its held-out ids and its report on them; the metrics with that report."""
    save(model, out_dir, {"settings": settings, "metrics": metrics})
    (out_dir / "heldout_ids.txt").write_text("\n".join(sorted(held.ids)) + "\n", encoding="utf-8")
    metrics["heldout"] = heldout_report(TopicModel.load(out_dir), held, by_source=by_source)
    metrics["train_seconds"] = round(time.perf_counter() - started, 1)
    save_metrics(out_dir, metrics)
    return metrics


def save_metrics(out_dir: Path, metrics: dict) -> None:
    """Put the final metrics (held-out report included) into `config.json`."""
    path = out_dir / "config.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    config["metrics"] = metrics
    path.write_text(json.dumps(config, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--data", type=Path, help="a labelled dump (JSONL/CSV/Parquet) instead of the shared data")
    parser.add_argument("--label-field", default="label")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--out-dir", type=Path, default=model_path("classifier"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.data is not None:
        metrics = train_dump(args.data, args.label_field, args.out_dir, args.seed, args.text_field)
    else:
        metrics = train(args.data_dir, args.out_dir, args.seed)
    print(json.dumps(metrics, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
