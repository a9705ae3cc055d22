"""Structure stage figures: title/author accuracy and article end on the dev gold, body kept on raw dumps.

    python benchmarks/structure.py [--shared ../shared] [--sample 100] [--show]

Dev gold (`eval/dev/<id>.txt|json`): title accuracy, author accuracy (whitespace
folded; null must be null), documents whose article ranges stop at `body_end`,
and the share of body characters (up to `body_end`) kept as article.
Raw dumps (NER train + VNTC, sampled): the share of each text kept as article
and the texts that lost more than 10%, the place to look for real body cut;
and the NER gold entities (annotated in the article only) that fall outside it.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from pathlib import Path

from vnnews_nlp.structure.rules import analyze_structure

ROOT = Path(__file__).resolve().parents[1]


def _fold(value: str | None) -> str | None:
    return " ".join(value.split()) if value is not None else None


def _chars(text: str, ranges: list[tuple[int, int]], limit: int) -> int:
    return sum(len("".join(text[s:min(e, limit)].split())) for s, e in ranges if s < limit)


def dev(gold_dir: Path, show: bool) -> None:
    n = title_ok = author_ok = end_ok = 0
    kept = total = 0
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = gold_path.with_suffix(".txt").read_text(encoding="utf-8")
        s = analyze_structure(text)
        title = text[slice(*s.title)] if s.title else None
        author = text[slice(*s.author)] if s.author else None
        body_end = gold["body_end"]
        n += 1
        title_ok += _fold(title) == _fold(gold["title"])
        author_ok += _fold(author) == _fold(gold["author"])
        end_ok += s.article_end <= body_end and all(e <= body_end for _, e in s.article_ranges)
        kept += _chars(text, s.article_ranges, body_end)
        total += len("".join(text[:body_end].split()))
        if show:
            print(f"  {gold_path.stem}: title={'ok' if _fold(title) == _fold(gold['title']) else title!r} "
                  f"author={author!r}/{gold['author']!r} end={s.article_end}/{body_end}")
    print(f"dev documents            {n}")
    print(f"title accuracy           {title_ok / n:.3f}  (target 0.95)")
    print(f"author accuracy          {author_ok / n:.3f}  (target 0.90)")
    print(f"article ends by body_end {end_ok}/{n}")
    print(f"body chars kept          {kept / total:.3f}")


def raw_sample(shared: Path, size: int, show: bool) -> None:
    rng = random.Random(5)
    ner = [json.loads(line)["text"] for line in (shared / "data/ner/train.jsonl").open(encoding="utf-8")]
    texts = rng.sample(ner, size // 2)
    with gzip.open(shared / "data/vntc/train.jsonl.gz", "rt", encoding="utf-8") as handle:
        vntc = [json.loads(line)["text"] for _, line in zip(range(20_000), handle)]
    texts += rng.sample(vntc, size - size // 2)
    ratios, cut, kinds = [], [], {}
    started = time.perf_counter()
    for text in texts:
        s = analyze_structure(text)
        full = len("".join(text.split())) or 1
        ratio = _chars(text, s.article_ranges, len(text)) / full
        ratios.append(ratio)
        for block in s.boilerplate:
            kinds[block.kind] = kinds.get(block.kind, 0) + 1
        if ratio < 0.9:
            cut.append((ratio, text, s))
    elapsed = time.perf_counter() - started
    ratios.sort()
    print(f"raw texts sampled        {len(texts)} (NER train + VNTC), {elapsed * 1000 / len(texts):.1f} ms/text")
    print(f"median share kept        {ratios[len(ratios) // 2]:.3f}")
    print(f"texts keeping < 90%      {len(cut)}")
    print(f"boilerplate blocks       {dict(sorted(kinds.items()))}")
    if show:
        for ratio, text, s in sorted(cut, key=lambda c: c[0])[:15]:
            print(f"  --- kept {ratio:.2f}")
            for block in s.boilerplate:
                print(f"      {block.kind}: {text[block.start:block.end][:100]!r}")


def ner_entities(shared: Path) -> None:
    """Gold entities are annotated in the article only: any outside our article ranges was cut."""
    total = outside = 0
    docs = set()
    for split in ("train", "dev"):
        for line in (shared / f"data/ner/{split}.jsonl").open(encoding="utf-8"):
            row = json.loads(line)
            s = analyze_structure(row["text"])
            for entity in row["entities"]:
                total += 1
                if not any(a <= entity["start"] and entity["end"] <= b for a, b in s.article_ranges):
                    outside += 1
                    docs.add(row["id"])
    print(f"NER gold entities cut    {outside}/{total} in {len(docs)} document(s) (NER train + dev)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--show", action="store_true", help="print per-document details")
    args = parser.parse_args()
    dev(args.shared / "eval/dev", args.show)
    raw_sample(args.shared, args.sample, args.show)
    ner_entities(args.shared)


if __name__ == "__main__":
    main()
