"""Syllable vectors learnt from unlabelled news, for the recogniser's tok2vec.

    python -m vnnews_nlp.train.vectors [--data ../shared/data] [--out build/vectors]

floret (fastText with hashed subwords) over the syllable tokens of the VNTC train
articles and the 53,000 modern articles of `shared/data/modern` (2017–2024), each
token in its matching key (`textnorm.match_key`: NFC, one tone placement, lower case).
Subwords give a vector to names never seen, which is most of today's news.
Articles of `ner/dev.jsonl` are left out (it stays a regression test). One thread,
so a run gives the same table every time (floret seeds itself). The table is written as a blank spaCy pipeline holding
the vectors (as `spacy init vectors --mode floret --attr NORM` would) for `train.ner --vectors`.
"""
from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from ..paths import shared_path
from ..textnorm import match_key
from ..tokenizer import _TOKEN

SOURCES = ("vntc/train.jsonl.gz", "modern/labelled.jsonl.gz", "modern/unlabelled.jsonl.gz")
SETTINGS = {"model": "cbow", "mode": "floret", "hashCount": 2, "bucket": 50_000, "minn": 3, "maxn": 5,
            "dim": 64, "epoch": 5, "minCount": 5, "thread": 1}


def token_lines(data: Path, exclude: set[str]) -> Iterator[str]:
    """One line of space-separated syllable keys per unlabelled article."""
    for name in SOURCES:
        with gzip.open(data / name, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if str(record.get("id")) in exclude:
                    continue
                yield " ".join(match_key(token) for token in _TOKEN.findall(record["text"]))


def write_vectors(table: Path, out: Path) -> None:
    """A floret text table as a blank spaCy pipeline with NORM-keyed floret vectors (what `spacy init vectors`
    does, on our tokenizer: spaCy's own `vi` wants pyvi); `[initialize] vectors` names such a folder."""
    from spacy.training.initialize import convert_vectors

    from ..pipeline import blank

    nlp = blank()
    convert_vectors(nlp, table, truncate=0, prune=-1, mode="floret", attr="NORM")
    nlp.to_disk(out)


def train(data: Path, out: Path, settings: dict | None = None) -> dict:
    """Train the floret table and write it as a spaCy vectors folder at `out`; returns figures."""
    import floret

    started = time.time()
    options = {**SETTINGS, **(settings or {})}
    exclude = {json.loads(line)["id"] for line in (data / "ner" / "dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vnnews-vectors-") as tmp:
        corpus = Path(tmp) / "corpus.txt"
        articles = tokens = 0
        with corpus.open("w", encoding="utf-8") as handle:
            for line in token_lines(data, exclude):
                handle.write(line + "\n")
                articles += 1
                tokens += line.count(" ") + 1
        model = floret.train_unsupervised(str(corpus), **options)
        table = Path(tmp) / "vectors.floret"
        model.save_floret_vectors(str(table))
        write_vectors(table, out)
    return {"articles": articles, "tokens": tokens, "settings": options, "seconds": round(time.time() - started, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, help="shared data folder (default: ../shared/data)")
    ap.add_argument("--out", type=Path, default=Path("build/vectors"))
    ap.add_argument("--dim", type=int, default=SETTINGS["dim"])
    ap.add_argument("--epoch", type=int, default=SETTINGS["epoch"])
    ap.add_argument("--bucket", type=int, default=SETTINGS["bucket"])
    args = ap.parse_args(argv)
    report = train(args.data or shared_path("data"), args.out,
                   {"dim": args.dim, "epoch": args.epoch, "bucket": args.bucket})
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
