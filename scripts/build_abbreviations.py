#!/usr/bin/env python3
"""Build `data/abbreviations.tsv` (see `vnnews_nlp.train.abbreviation_dictionary` for the sources).

    python scripts/build_abbreviations.py [--shared ../shared] [--holdout K/N] [--out FILE]

`--holdout K/N` leaves out the annotated articles of cross-validation fold K of N.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from vnnews_nlp.train.abbreviation_dictionary import build, write  # noqa: E402
from vnnews_nlp.train.annotated import training_articles  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "abbreviations.tsv")
    ap.add_argument("--holdout", help="K/N: leave out the annotated articles of fold K of N (cross-validation)")
    args = ap.parse_args()
    rows = build(args.shared, ROOT / "data", training_articles(args.shared, args.holdout))
    write(rows, args.out)
    print(f"{len(rows)} senses of {len({r['short'] for r in rows})} short forms -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
