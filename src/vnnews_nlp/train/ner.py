"""Train the PER/ORG/LOC recogniser and write it to `models/ner/`.

    python -m vnnews_nlp.train.ner [--data ../shared/data] [--out models/ner] [--seed 0]

A spaCy pipeline (tok2vec + ner, `ner.cfg`) over our syllable tokenizer,
trained on `ner/train.jsonl`; a seeded twentieth of train is held out to pick the
best checkpoint (dev.jsonl stays untouched for the benchmark). DATE is trained
too, as context: the shipped DATE comes from the date grammar. CPU, one thread.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from spacy.util import DummyTokenizer, registry
from spacy.vocab import Vocab
from thinc.api import Config

from vnnews_nlp.paths import folder_mb, model_path

CONFIG = Path(__file__).with_name("ner.cfg")
STAND_IN_TOKENIZER = {"@tokenizers": "spacy.vi.VietnameseTokenizer", "use_pyvi": False}
HOLDOUT = 0.05
# Files in out_dir that training does not own and must keep.
_KEEP = {"MODEL_CARD.md"}


class _StatelessTokenizer(DummyTokenizer):
    """Our tokenizer as checkpoints save it: it has no state, so nothing is written for it
    (loading rebuilds it from the config's `vnnews.VietnameseTokenizer.v1`)."""

    def __init__(self, inner):
        self.inner = inner
        self.vocab = inner.vocab

    def __call__(self, text: str):
        return self.inner(text)


@registry.callbacks("vnnews.ner_stateless_tokenizer.v1")
def stateless_tokenizer():
    """`training.before_to_disk`: let spaCy save checkpoints although our tokenizer has no `to_disk`."""

    def wrap(nlp):
        if not hasattr(nlp.tokenizer, "to_disk"):
            nlp.tokenizer = _StatelessTokenizer(nlp.tokenizer)
        return nlp

    return wrap


def _one_thread() -> None:
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


def _loadable(out_dir: Path) -> None:
    """Make `spacy.load(out_dir)` work while our tokenizer cannot deserialise itself.

    spaCy calls `tokenizer.from_disk` on load; until `VietnameseTokenizer` has it, the saved
    config names spaCy's own Vietnamese syllable tokenizer (no pyvi) as a stand-in. The
    pipeline never uses it: `pipeline.build()` sources only tok2vec and ner onto our tokenizer.
    """
    from spacy.lang.vi import VietnameseTokenizer as SpacyVietnamese

    from vnnews_nlp.tokenizer import VietnameseTokenizer

    if hasattr(VietnameseTokenizer, "from_disk"):
        return
    config = Config().from_disk(out_dir / "config.cfg", interpolate=False)
    config["nlp"]["tokenizer"] = dict(STAND_IN_TOKENIZER)
    config.to_disk(out_dir / "config.cfg")
    SpacyVietnamese(Vocab(), use_pyvi=False).to_disk(out_dir / "tokenizer")


def train(
    data_dir: Path = Path("../shared/data"),
    out_dir: Path = model_path("ner"),
    seed: int = 0,
    config: Path = CONFIG,
    holdout: float = HOLDOUT,
    overrides: dict | None = None,
    work_dir: Path | None = None,
) -> dict:
    """Train on `data_dir/ner/train.jsonl`, save the best checkpoint to `out_dir`; returns its figures."""
    _one_thread()
    from spacy.cli.train import train as spacy_train

    from vnnews_nlp.pipeline import blank
    from vnnews_nlp.train.ner_data import convert, read_records, split, write_docbin

    started = time.time()
    records = read_records(Path(data_dir) / "ner" / "train.jsonl")
    fit, held = split(records, holdout, seed)
    nlp = blank()
    fit_docs, held_docs = convert(nlp, fit), convert(nlp, held)
    with tempfile.TemporaryDirectory(prefix="vnnews-ner-") as tmp:
        work = Path(work_dir) if work_dir else Path(tmp)
        train_path = write_docbin(fit_docs.docs, work / "train.spacy")
        dev_path = write_docbin(held_docs.docs, work / "dev.spacy")
        settings = {"paths.train": str(train_path), "paths.dev": str(dev_path), "system.seed": seed}
        settings.update(overrides or {})
        spacy_train(config, work / "output", overrides=settings)
        best = work / "output" / "model-best"
        meta = json.loads((best / "meta.json").read_text(encoding="utf-8"))
        _install(best, Path(out_dir))
        _loadable(Path(out_dir))
    return {
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
    ap.add_argument("--data", type=Path, default=Path("../shared/data"), help="shared data folder (holds ner/)")
    ap.add_argument("--out", type=Path, default=model_path("ner"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--holdout", type=float, default=HOLDOUT)
    ap.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="config override, e.g. training.max_steps=2000"
    )
    args = ap.parse_args(argv)
    overrides = {}
    for item in args.set:
        key, _, value = item.partition("=")
        overrides[key] = _config_value(value)
    report = train(args.data, args.out, args.seed, args.config, args.holdout, overrides)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
