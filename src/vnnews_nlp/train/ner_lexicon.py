"""Entity lexicon learnt from the annotated training articles.

    python -m vnnews_nlp.train.ner_lexicon [--data ../shared/data] [--out data/gazetteers]

`entity_lexicon.tsv`: names annotated with one label and marked in most of
their occurrences (`Quốc hội` ORG, `Hà Nội` LOC); the rules add their missed
multi-syllable mentions and relabel the model's.
"""
from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from vnnews_nlp.pipeline import blank
from vnnews_nlp.train.ner_data import read_records

SOURCE = "ner/train.jsonl annotations (project data)"
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


def write(records: list[dict], out: Path) -> dict:
    """Write the lexicon under `out`; returns its size."""
    out.mkdir(parents=True, exist_ok=True)
    lex = lexicon(records)
    with (out / "entity_lexicon.tsv").open("w", encoding="utf-8") as handle:
        handle.write("text\tlabel\tannotated\toccurrences\tsource\n")
        handle.writelines(f"{t}\t{lab}\t{n}\t{m}\t{SOURCE}\n" for t, lab, n, m in lex)
    return {"lexicon": len(lex)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=Path("data/gazetteers"))
    args = ap.parse_args()
    print(write(read_records(args.data / "ner" / "train.jsonl"), args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
