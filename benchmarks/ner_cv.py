"""Out-of-fold check of the entity rules on the 760 training articles.

    python benchmarks/ner_cv.py [--shared ../shared] [--folds 4] [--work /tmp/vnnews-ner-cv] [--baseline REF]

`benchmarks/ner.py` scores ner/dev, 40 articles that the rules were partly written
from, and ner/train, which the shipped model has seen. Neither says how a rule
does on text new to both. This script trains one recogniser per fold of
ner/train without that fold (`vnnews_nlp.train.ner`, seed 0, ~5 min each on one
core; models are kept in --work and reused), runs every article through the
model that never saw it, and prints model alone and model + rules over all
folds. With --baseline a git ref (e.g. the commit before a rule change), the
rules of that ref are scored on the same fold models too, so the rules' change
is measured on 760 articles unseen by the model.

The training lexicon (`entity_lexicon.tsv`) is learnt from all of train, so the
model + rules figure is somewhat optimistic; the comparison with --baseline is fair.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def train_folds(shared: Path, work: Path, folds: int) -> list[Path]:
    """One recogniser per fold, trained without it (reused when already in `work`)."""
    from vnnews_nlp.train.ner import train

    lines = [line for line in (shared / "data/ner/train.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    models = []
    for k in range(folds):
        model = work / f"model{k}"
        if not (model / "meta.json").exists():
            data = work / f"data{k}"
            (data / "ner").mkdir(parents=True, exist_ok=True)
            kept = [line for i, line in enumerate(lines) if i % folds != k]
            (data / "ner" / "train.jsonl").write_text("\n".join(kept) + "\n", encoding="utf-8")
            print(f"training fold {k} of {folds} on {len(kept)} articles ...", flush=True)
            train(data, model, seed=0)
        models.append(model)
    return models


SCORE_FOLDS = r'''
import json, sys
from pathlib import Path
root, shared, folds = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
sys.path.insert(0, str(root / "src")); sys.path.insert(0, str(root / "benchmarks"))
import ner as B
scorer = B.load_scorer(shared)
lines = [l for l in (shared / "data/ner/train.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
records = [{**json.loads(l), "published": None} for l in lines]
out = {}
for name in ("model alone", "model + rules"):
    recs, outs = [], []
    for k, model in enumerate(folds):
        fold = [r for i, r in enumerate(records) if i % len(folds) == k]
        recs += fold
        outs += B.run_pipeline(B.pipelines(Path(model))[name], fold)
    out[name] = B.score(scorer, recs, outs)
print(json.dumps(out))
'''


def score_rules(root: Path, shared: Path, models: list[Path]) -> dict:
    """Out-of-fold scores with the rules (and benchmark helpers) of the checkout at `root`."""
    done = subprocess.run(
        [sys.executable, "-c", SCORE_FOLDS, str(root), str(shared), json.dumps([str(m) for m in models])],
        check=True, capture_output=True, text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "vnnews-ner-cv")
    ap.add_argument("--baseline", help="git ref whose rules are scored on the same fold models")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ner import LABELS

    args.work.mkdir(parents=True, exist_ok=True)
    models = train_folds(args.shared, args.work, args.folds)
    rows = {}
    current = score_rules(ROOT, args.shared, models)
    rows["model alone"] = current["model alone"]
    if args.baseline:
        tree = args.work / "baseline"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], capture_output=True)
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), args.baseline],
                       check=True, capture_output=True)
        try:
            rows[f"model + rules at {args.baseline}"] = score_rules(tree, args.shared, models)["model + rules"]
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], capture_output=True)
    rows["model + rules (this checkout)"] = current["model + rules"]
    print(f"\n== out of fold: {args.folds} folds of ner/train.jsonl, each article run by a model that never saw it ==")
    print(f"{'system':36s} " + " ".join(f"{lab:>6s}" for lab in (*LABELS, "micro")))
    for name, rep in rows.items():
        print(f"{name:36s} " + " ".join(f"{rep[lab]['f1']:6.3f}" for lab in (*LABELS, "micro")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
