"""Entity lexicon learnt from the annotated training articles, written beside the recogniser.

    python -m vnnews_nlp.train.ner_lexicon --out models/ner/entity_lexicon.tsv [--data ../shared/data]

`entity_lexicon.tsv`: names annotated with one label and marked in most of their
occurrences (`Quốc hội` ORG, `Hà Nội` LOC); the rule steps `relabel` and `lexicon` add
their missed multi-syllable mentions and relabel the model's. `train.ner` writes one
from the same articles as the model, so a cross-validation fold's lexicon never saw
the fold either.
"""
from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from vnnews_nlp.pipeline import blank

SOURCE = "annotated corpus (shared/data/ner and annotations/), project data"
LABELS = ("PER", "ORG", "LOC")
MIN_COUNT = 2
MIN_RATE = 0.7


def _tokens(nlp, text: str) -> tuple[str, ...]:
    return tuple(t.text for t in nlp.make_doc(text) if not t.is_space)


def lexicon(records: Iterable[dict], min_count: int = MIN_COUNT, min_rate: float = MIN_RATE) -> list[tuple]:
    """(text, label, annotated, occurrences) of names safe to match anywhere."""
    nlp = blank()
    nlp.tokenizer.split_sentences = False
    records = list(records)
    labels: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for record in records:
        for ent in record["entities"]:
            if ent["label"] in LABELS:
                labels[_tokens(nlp, ent["text"])][ent["label"]] += 1
    names = {name for name, c in labels.items() if len(c) == 1 and sum(c.values()) >= min_count and name}
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for name in names:
        by_first[name[0]].append(name)
    seen: Counter = Counter()
    for record in records:
        words = [t.text for t in nlp.make_doc(record["text"]) if not t.is_space]
        for i, word in enumerate(words):
            for name in by_first.get(word, ()):
                if tuple(words[i : i + len(name)]) == name:
                    seen[name] += 1
    rows = []
    for name in sorted(names):
        (label, count), = labels[name].items()
        if seen[name] and count / seen[name] >= min_rate:
            rows.append((" ".join(name), label, count, seen[name]))
    return rows


def write_lexicon(records: list[dict], path: Path) -> dict:
    """Write the lexicon learnt from `records` to `path` (TSV); returns its size."""
    lex = lexicon(records)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("text\tlabel\tannotated\toccurrences\tsource\n")
        handle.writelines(f"{t}\t{lab}\t{n}\t{m}\t{SOURCE}\n" for t, lab, n, m in lex)
    return {"lexicon": len(lex)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, help="shared data folder (default: ../shared/data beside the checkout)")
    ap.add_argument("--out", type=Path, required=True, help="the TSV to write (a recogniser's folder holds one)")
    args = ap.parse_args()
    from ..paths import shared_path
    from .corpus import annotated_corpus

    print(write_lexicon(annotated_corpus(args.data or shared_path("data")), args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
