"""Topic classifier benchmark: spaCy TextCatBOW vs linear models on the full VNTC test set.

    python benchmarks/classifier.py [--data-dir ../shared/data/vntc] [--spacy-epochs 5]

Rows: (a) spaCy `textcat` with `spacy.TextCatBOW.v3` (uni+bigrams, exclusive
classes) trained on all of train for a few epochs; (b) our syllable uni+bigram
sublinear TF-IDF with LinearSVC, exactly the shipped recipe (`train()`, which
includes the held-out calibration fit), and with SGD (modified Huber) on the
same features. Speed is docs per CPU second (`time.process_time`, one process,
BLAS threads pinned to 1) on all 49,519 test articles, so it is not skewed by
other jobs on the machine. Then the shipped model on `eval/dev` (text cut at
the gold `body_end`). underthesea's classifier is not run: it downloads its
model, and it reports 92.49% on a different VNTC split.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from vnnews_nlp.category.labels import LABELS  # noqa: E402
from vnnews_nlp.category.model import TopicModel  # noqa: E402
from vnnews_nlp.paths import folder_mb, model_path  # noqa: E402
from vnnews_nlp.train import classifier as trainer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def scores(gold: Sequence[int], pred: Sequence[int]) -> tuple[float, float]:
    """(accuracy, macro-F1)."""
    gold, pred = np.asarray(gold), np.asarray(pred)
    f1s = []
    for k in range(len(LABELS)):
        tp = np.sum((pred == k) & (gold == k))
        denom = np.sum(pred == k) + np.sum(gold == k)
        f1s.append(2 * tp / denom if denom else 0.0)
    return float(np.mean(gold == pred)), float(np.mean(f1s))


def timed(predict: Callable[[list[str]], list[int]], texts: list[str]) -> tuple[list[int], float]:
    """Predictions and docs per CPU second."""
    start = time.process_time()
    pred = predict(texts)
    return pred, len(texts) / (time.process_time() - start)


def bench_linear(train_texts, train_y, test_texts, test_y, data_dir: Path, seed: int) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        start = time.process_time()
        trainer.train(data_dir, Path(tmp), seed)
        train_s = time.process_time() - start
        model = TopicModel.load(Path(tmp))
        pred, speed = timed(lambda t: model.probabilities(t).argmax(axis=1).tolist(), test_texts)
        log("linear model trained and scored")
        rows.append(row("TF-IDF syl 1-2g + LinearSVC (shipped recipe)", test_y, pred, train_s, speed, folder_mb(Path(tmp))))

        from sklearn.linear_model import SGDClassifier

        start = time.process_time()
        featurizer = trainer.build_featurizer(train_texts)
        clf = SGDClassifier(loss="modified_huber", alpha=2e-5, max_iter=30, tol=None, random_state=seed)
        clf.fit(trainer.to_matrix(featurizer, train_texts), train_y)
        train_s = time.process_time() - start
        sgd = TopicModel(featurizer, clf.coef_.T, clf.intercept_, 1.0)
        sgd_dir = Path(tmp) / "sgd"
        trainer.save(sgd, sgd_dir, {})
        pred, speed = timed(lambda t: sgd.scores(t).argmax(axis=1).tolist(), test_texts)
        rows.append(row("TF-IDF syl 1-2g + SGD modified Huber", test_y, pred, train_s, speed, folder_mb(sgd_dir)))
    return rows


def bench_spacy(train_texts, train_y, test_texts, test_y, epochs: int, seed: int) -> dict:
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    rng = random.Random(seed)
    start = time.process_time()
    # `xx` splits punctuation off words (the `vi` tokenizer without pyvi does
    # not); BOW features are case-sensitive ORTH, so feed lower-cased text.
    nlp = spacy.blank("xx")
    textcat = nlp.add_pipe(
        "textcat",
        config={
            "model": {
                "@architectures": "spacy.TextCatBOW.v3",
                "exclusive_classes": True,
                "ngram_size": 2,
                "no_output_layer": False,
                "length": 262144,
            }
        },
    )
    for label in LABELS:
        textcat.add_label(label)
    docs = [nlp.make_doc(text.lower()) for text in train_texts]
    cats = [{label: float(i == y) for i, label in enumerate(LABELS)} for y in train_y]

    def examples(indices: Sequence[int]) -> list[Example]:
        # Built per batch: holding all Examples (two Docs each) costs gigabytes.
        return [Example.from_dict(docs[i], {"cats": cats[i]}) for i in indices]

    order = list(range(len(docs)))
    rng.shuffle(order)
    optimizer = nlp.initialize(lambda: examples(order[:2000]))
    for epoch in range(epochs):
        rng.shuffle(order)
        for batch in minibatch(order, size=64):
            nlp.update(examples(batch), sgd=optimizer)
        log(f"spaCy epoch {epoch + 1}/{epochs} done")
    train_s = time.process_time() - start

    def predict(texts: list[str]) -> list[int]:
        return [
            LABELS.index(max(doc.cats, key=doc.cats.get))
            for doc in nlp.pipe((t.lower() for t in texts), batch_size=256)
        ]

    pred, speed = timed(predict, test_texts)
    with tempfile.TemporaryDirectory() as tmp:
        nlp.to_disk(tmp)
        size = folder_mb(Path(tmp))
    return row(f"spaCy TextCatBOW.v3 1-2g, {epochs} epochs, all train", test_y, pred, train_s, speed, size)


def row(name: str, gold, pred, train_s: float, speed: float, size_mb: float) -> dict:
    acc, f1 = scores(gold, pred)
    return {"model": name, "accuracy": acc, "macro_f1": f1, "train_cpu_s": train_s, "docs_per_s": speed, "size_mb": size_mb}


def dev_accuracy(model: TopicModel, dev_dir: Path) -> tuple[int, int, list[str]]:
    right, lines = 0, []
    golds = sorted(dev_dir.glob("*.json"))
    for path in golds:
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = path.with_suffix(".txt").read_text(encoding="utf-8")[: gold["body_end"]]
        label, prob, _ = model.predict_one(text)
        right += label == gold["category_vntc"]
        mark = "ok " if label == gold["category_vntc"] else "ERR"
        lines.append(f"  {mark} {path.stem:5} gold {gold['category_vntc']:17} → {label} ({prob:.2f})")
    return right, len(golds), lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data" / "vntc")
    parser.add_argument("--dev-dir", type=Path, default=ROOT.parent / "shared" / "eval" / "dev")
    parser.add_argument("--spacy-epochs", type=int, default=5)
    parser.add_argument("--skip-spacy", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    train_texts, train_labels = trainer.read_jsonl(args.data_dir / "train.jsonl.gz")
    test_texts, test_labels = trainer.read_jsonl(args.data_dir / "test.jsonl.gz")
    train_y = np.array([LABELS.index(label) for label in train_labels])
    test_y = [LABELS.index(label) for label in test_labels]
    print(f"VNTC: {len(train_texts)} train, {len(test_texts)} test articles")

    rows = bench_linear(train_texts, train_y, test_texts, test_y, args.data_dir, args.seed)
    if not args.skip_spacy:
        rows.append(bench_spacy(train_texts, train_y, test_texts, test_y, args.spacy_epochs, args.seed))

    shipped = TopicModel.load()
    pred, speed = timed(lambda t: shipped.probabilities(t).argmax(axis=1).tolist(), test_texts)
    rows.append(row("shipped models/classifier", test_y, pred, float("nan"), speed, folder_mb(model_path("classifier"))))

    print()
    print(f"| {'model':52} | accuracy | macro-F1 | train CPU s | docs/s (1 core) | size MB |")
    print(f"| {'-' * 52} | -------- | -------- | ----------- | --------------- | ------- |")
    for r in rows:
        print(
            f"| {r['model']:52} | {r['accuracy'] * 100:7.2f}% | {r['macro_f1']:8.4f} | "
            f"{r['train_cpu_s']:11.0f} | {r['docs_per_s']:15,.0f} | {r['size_mb']:7.1f} |"
        )
    print("(underthesea classifier: 92.49% reported on its own VNTC split; not run, it downloads its model)")

    right, total, lines = dev_accuracy(shipped, args.dev_dir)
    print(f"\nshipped model on eval/dev: {right}/{total} = {right / total:.1%}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
