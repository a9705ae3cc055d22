"""Train the PER/ORG/LOC recogniser and write it to `models/ner/`.

    python -m vnnews_nlp.train.ner [--data ../shared/data] [--out DIR] [--seed 0] [--overwrite]

A spaCy pipeline (tok2vec + ner, `ner.cfg`) over our syllable tokenizer, trained on
every annotated article (`train.corpus.annotated_corpus`: the VNTC and modern sets of
`shared/data/ner` and the project's own `annotations/`). A seeded twentieth is held
out to pick the checkpoint (`ner/dev.jsonl` and `eval/dev` stay untouched: they are
regression tests). When the config asks for static vectors and `--vectors` names
none, `train.vectors` makes them first (cached under `build/vectors`). CPU, one thread.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from thinc.api import Config

from ..paths import folder_mb, model_path, repository_root, shared_path

CONFIG = Path(__file__).with_name("ner.cfg")
HOLDOUT = 0.05
# Files in out_dir that training does not own and must keep (the lexicon is rewritten after the model).
_KEEP = {"MODEL_CARD.md"}


def one_thread() -> None:
    """Pin BLAS/OpenMP to one thread: training and benchmarks are measured on one core."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def _install(best: Path, out_dir: Path) -> None:
    """Replace the trained files in out_dir with those of `best`, keeping the model card."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for child in out_dir.iterdir():
        if child.name in _KEEP:
            continue
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    for child in best.iterdir():
        target = out_dir / child.name
        shutil.copytree(child, target) if child.is_dir() else shutil.copy2(child, target)


def _forget_paths(out_dir: Path) -> None:
    """The saved config names no file of the machine it was trained on (paths are for training only)."""
    path = Path(out_dir) / "config.cfg"
    cfg = Config().from_disk(path, interpolate=False)
    for key in cfg["paths"]:
        cfg["paths"][key] = None
    cfg.to_disk(path)


def uses_vectors(config: Path = CONFIG) -> bool:
    """True when the config's tok2vec reads static vectors."""
    cfg = Config().from_disk(config, interpolate=False)
    return bool(cfg["components"]["tok2vec"]["model"]["embed"].get("include_static_vectors"))


def default_vectors(data: Path) -> Path:
    """The vectors folder `train.vectors` writes under `build/`, made on first use."""
    out = (repository_root() or Path.cwd()) / "build" / "vectors"
    if not (out / "vocab" / "vectors.cfg").exists():
        from .vectors import train as train_vectors

        print(f"training static vectors into {out} ...", flush=True)
        print(json.dumps(train_vectors(data, out), ensure_ascii=False))
    return out


def train(data_dir: Path, out_dir: Path, seed: int = 0, config: Path = CONFIG, overrides: dict | None = None,
          vectors: Path | None = None) -> dict:
    """The shipped recogniser from a clean checkout: every annotated article of `data_dir` (the shared
    `data/` folder) and the project's annotations, with the static vectors `train.vectors` makes
    (once, under `build/vectors`) when the config reads them; returns the figures."""
    from .corpus import annotated_corpus

    started = time.time()
    vectors = vectors or (default_vectors(data_dir) if uses_vectors(config) else None)
    report = fit(annotated_corpus(data_dir), out_dir, seed, config, HOLDOUT, overrides, vectors)
    report["seconds_with_vectors"] = round(time.time() - started, 1)
    return report


def fit(
    records: list[dict],
    out_dir: Path,
    seed: int = 0,
    config: Path = CONFIG,
    holdout: float = HOLDOUT,
    overrides: dict | None = None,
    vectors: Path | None = None,
) -> dict:
    """Train on `records` (corpus records), save the best checkpoint and its lexicon to `out_dir`; returns its figures."""
    one_thread()
    from spacy.cli.train import train as spacy_train

    from ..pipeline import blank
    from .ner_data import convert, split, write_docbin

    started = time.time()
    fit, held = split(records, holdout, seed)
    nlp = blank()
    fit_docs, held_docs = convert(nlp, fit), convert(nlp, held)
    with tempfile.TemporaryDirectory(prefix="vnnews-ner-") as tmp:
        work = Path(tmp)
        settings = {
            "paths.train": str(write_docbin(fit_docs.docs, work / "train.spacy")),
            "paths.dev": str(write_docbin(held_docs.docs, work / "dev.spacy")),
            "system.seed": seed,
        }
        if vectors is not None:
            settings["paths.vectors"] = str(vectors)
        settings.update(overrides or {})
        spacy_train(config, work / "output", overrides=settings)
        best = work / "output" / "model-best"
        meta = json.loads((best / "meta.json").read_text(encoding="utf-8"))
        _install(best, Path(out_dir))
        _forget_paths(Path(out_dir))
    from .ner_lexicon import write_lexicon

    lexicon = write_lexicon(records, Path(out_dir) / "entity_lexicon.tsv")
    return {
        "lexicon_names": lexicon["lexicon"],
        "seed": seed,
        "train_docs": len(fit),
        "held_out_docs": len(held),
        "misaligned_entities": len(fit_docs.misaligned) + len(held_docs.misaligned),
        "held_out": meta.get("performance", {}),
        "seconds": round(time.time() - started, 1),
        "size_mb": round(folder_mb(Path(out_dir)), 2),
    }


def _config_value(value: str):
    """A `--set` value as JSON when it parses (numbers, lists, booleans), else the plain string."""
    try:
        return json.loads(value)
    except ValueError:
        return value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, help="shared data folder (default: ../shared/data beside the checkout)")
    ap.add_argument("--out", type=Path, help="model folder to write (default: a new folder under build/)")
    ap.add_argument("--overwrite", action="store_true", help="write over the shipped models/ner")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--vectors", type=Path, help="spaCy vectors folder (default: made by train.vectors)")
    ap.add_argument("--holdout", type=float, default=HOLDOUT)
    ap.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="config override, e.g. training.max_steps=2000"
    )
    args = ap.parse_args(argv)
    data = args.data or shared_path("data")
    out = args.out or (model_path("ner") if args.overwrite else (repository_root() or Path.cwd()) / "build" / "ner")
    if out.resolve() == model_path("ner").resolve() and not args.overwrite:
        ap.error(f"{out} is the shipped model: pass --overwrite to replace it")
    overrides = {}
    for item in args.set:
        key, _, value = item.partition("=")
        overrides[key] = _config_value(value)
    vectors = args.vectors or (default_vectors(data) if uses_vectors(args.config) else None)
    from .corpus import annotated_corpus

    report = fit(annotated_corpus(data), out, args.seed, args.config, args.holdout, overrides, vectors)
    report["out"] = str(out)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
