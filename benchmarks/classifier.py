"""Topic classifier: VNTC test, the modern held-out split, calibration, speed and size.

Scores the shipped `models/classifier` and, as the baseline, the VNTC-only model
it replaced (read from git at `BASELINE_COMMIT`) on the same articles:
- all 49,519 VNTC test articles (2006 press): accuracy, macro-F1;
- the modern held-out split (VnExpress 2022–2024 and Dân Trí 2019–2021 articles
  whose ids the trainer wrote to `models/classifier/heldout_ids.txt`, never
  trained on): accuracy and macro-F1 per source, ECE (15 bins), accuracy among
  articles with score ≥ 0.9, a reliability table and the confusion matrix;
- speed: articles per CPU second (`time.process_time`, one process, BLAS pinned
  to one thread) over the VNTC test texts, classification alone;
- size on disk.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from vnnews_nlp.category.model import TopicModel  # noqa: E402
from vnnews_nlp.paths import folder_mb, model_path, shared_path  # noqa: E402
from vnnews_nlp.train import calibration  # noqa: E402
from vnnews_nlp.train.classifier_data import NEWS_SOURCES, Labelled, read_modern, read_vntc  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# The last commit whose models/classifier was trained on VNTC alone.
BASELINE_COMMIT = "8cfd220d21e7"
BASELINE_FILES = ("config.json", "vocab.txt", "weights.npz")


def baseline_model(folder: Path) -> TopicModel | None:
    """The VNTC-only model from git, or None when the checkout has no history."""
    for name in BASELINE_FILES:
        done = subprocess.run(["git", "-C", str(ROOT), "show", f"{BASELINE_COMMIT}:models/classifier/{name}"],
                              capture_output=True)
        if done.returncode:
            return None
        (folder / name).write_bytes(done.stdout)
    return TopicModel.load(folder)


def measure(model: TopicModel, vntc: Labelled, held: Labelled) -> dict:
    labels = list(model.labels)
    start = time.process_time()
    vntc_probs = model.probabilities(vntc.texts)
    speed = len(vntc.texts) / (time.process_time() - start)
    vntc_y = np.array([labels.index(label) for label in vntc.labels])
    probs = model.probabilities(held.texts)
    y = np.array([labels.index(label) for label in held.labels])
    sources = np.array(held.sources)
    return {
        "vntc": calibration.summary(vntc_probs, vntc_y, len(labels)),
        "modern": calibration.summary(probs, y, len(labels)),
        "by_source": {s: calibration.summary(probs[sources == s], y[sources == s], len(labels)) for s in NEWS_SOURCES},
        "reliability": calibration.reliability(probs, y),
        "confusion": calibration.confusion(probs, y, len(labels)),
        "speed": speed,
    }


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.2f}%"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="shared data folder (vntc/, modern/)")
    parser.add_argument("--model", type=Path, default=model_path("classifier"))
    args = parser.parse_args()
    data = args.data_dir or shared_path("data")

    vntc = read_vntc(data / "vntc" / "test.jsonl.gz")
    held_ids = set((args.model / "heldout_ids.txt").read_text(encoding="utf-8").split())
    modern = read_modern(data / "modern" / "labelled.jsonl.gz")
    held = modern.subset(np.array([i in held_ids for i in modern.ids]))
    print(f"VNTC test: {len(vntc)} articles; modern held-out: {len(held)} "
          f"({', '.join(f'{s} {held.sources.count(s)}' for s in NEWS_SOURCES)}; ids in {args.model.name}/heldout_ids.txt)")

    rows = [("shipped models/classifier", measure(TopicModel.load(args.model), vntc, held), folder_mb(args.model))]
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline_model(Path(tmp))
        if base is not None:
            rows.append((f"baseline: VNTC-only ({BASELINE_COMMIT[:7]})", measure(base, vntc, held), folder_mb(Path(tmp))))

    print()
    print("| model | VNTC test acc | VNTC macro-F1 | VnExpress acc | VnExpress macro-F1 | Dân Trí acc | Dân Trí macro-F1 "
          "| modern ECE | acc @ score≥0.9 (share) | articles/s (1 core) | size MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, m, size in rows:
        vne, dt = m["by_source"]["VnExpress"], m["by_source"]["Dân Trí"]
        sure = m["modern"]
        print(f"| {name} | {pct(m['vntc']['accuracy'])} | {m['vntc']['macro_f1']:.4f} | {pct(vne['accuracy'])} | "
              f"{vne['macro_f1']:.4f} | {pct(dt['accuracy'])} | {dt['macro_f1']:.4f} | {sure['ece']:.4f} | "
              f"{pct(sure['accuracy_score_ge_0.9'])} ({sure['share_score_ge_0.9']:.0%}) | {m['speed']:,.0f} | {size:.1f} |")
    for name, m, _ in rows:
        print(f"\n{name}: modern held-out {pct(m['modern']['accuracy'])}, macro-F1 {m['modern']['macro_f1']:.4f}, "
              f"VNTC-test ECE {m['vntc']['ece']:.4f}")
        print("| score bin | articles | mean score | accuracy |\n| --- | ---: | ---: | ---: |")
        for r in m["reliability"]:
            if r["n"]:
                print(f"| {r['bin']} | {r['n']} | {r['mean_score']:.3f} | {r['accuracy']:.3f} |")
    labels = TopicModel.load(args.model).labels
    print("\nshipped model, modern held-out confusion (rows gold, columns predicted):")
    print("| gold \\ predicted | " + " | ".join(labels) + " |")
    print("| --- |" + " ---: |" * len(labels))
    for label, row in zip(labels, rows[0][1]["confusion"]):
        if sum(row):
            print(f"| {label} | " + " | ".join(str(n) for n in row) + " |")


if __name__ == "__main__":
    main()
