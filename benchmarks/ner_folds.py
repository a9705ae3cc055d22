"""Fold models for the NER cross-validation: trained once, cached, reused.

A fold model is trained (`vnnews_nlp.train.ner.train`) on every annotated article
outside its fold, or on a seeded fraction of them for the learning curve. Each is
cached under WORK/<key>/ where the key hashes what makes the model: the training
config and overrides, the vectors, the ids of the training articles, the seed.
Training runs in separate processes, `jobs` at a time, one thread each.
"""
from __future__ import annotations

import hashlib
import json
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from vnnews_nlp.train.corpus import fold_of


@dataclass(frozen=True)
class FoldJob:
    """One model to train: the fold it must not see and the share of the other folds it learns from."""

    fold: int
    fraction: float = 1.0


def training_records(records: list[dict], job: FoldJob, folds: int, seed: int) -> list[dict]:
    """The articles outside `job.fold`; for a fraction < 1, a seeded sample of them."""
    pool = [r for r in records if fold_of(r["id"], folds) != job.fold]
    if job.fraction >= 1:
        return pool
    rng = random.Random(f"{seed}-{job.fold}-{job.fraction}")
    return rng.sample(pool, round(len(pool) * job.fraction))


def model_key(config: Path, overrides: dict, vectors: Path | None, ids: list[str], seed: int) -> str:
    """A short hash of everything a trained model depends on."""
    digest = hashlib.sha256()
    digest.update(Path(config).read_bytes())
    digest.update(json.dumps(overrides, sort_keys=True).encode())
    if vectors is not None:
        digest.update((Path(vectors) / "vocab" / "vectors.cfg").read_bytes())
        digest.update(str((Path(vectors) / "vocab" / "vectors").stat().st_size).encode())
    digest.update("\n".join(sorted(ids)).encode())
    digest.update(str(seed).encode())
    return digest.hexdigest()[:12]


def _train_one(args: tuple) -> tuple[str, dict]:
    records, out, seed, config, overrides, vectors = args
    from vnnews_nlp.train.ner import fit

    report = fit(records, out, seed=seed, config=config, overrides=overrides, vectors=vectors)
    (out / "train-report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    return str(out), report


def fold_models(
    records: list[dict],
    jobs_wanted: list[FoldJob],
    work: Path,
    folds: int,
    config: Path,
    overrides: dict | None = None,
    vectors: Path | None = None,
    seed: int = 0,
    jobs: int = 2,
) -> dict[FoldJob, Path]:
    """A trained model folder for every job, training those not cached yet, `jobs` in parallel."""
    overrides = overrides or {}
    paths: dict[FoldJob, Path] = {}
    todo = []
    for job in jobs_wanted:
        train_set = training_records(records, job, folds, seed)
        key = model_key(config, overrides, vectors, [r["id"] for r in train_set], seed)
        out = work / f"fold{job.fold}-{int(job.fraction * 100)}-{key}"
        paths[job] = out
        if not (out / "meta.json").exists():
            todo.append((train_set, out, seed, config, overrides, vectors))
    if todo:
        print(f"training {len(todo)} fold models ({jobs} at a time) under {work} ...", flush=True)
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for out, report in pool.map(_train_one, todo):
                print(f"  {Path(out).name}: {report['train_docs']} articles, {report['seconds']:.0f} s, "
                      f"held-out F1 {report['held_out'].get('ents_f', 0):.3f}", flush=True)
    return paths
