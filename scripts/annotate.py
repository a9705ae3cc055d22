"""Annotation work: choose articles, check markup, convert it to stored offsets.

    python scripts/annotate.py select --out WORK --batches 8 --size 25 [--seed 0]
    python scripts/annotate.py check WORK/batch-01/<id>.ann
    python scripts/annotate.py convert WORK/batch-01 --annotator a1 --out annotations/modern-2026.jsonl
    python scripts/annotate.py convert WORK/blind-01 --annotator b1 --second-pass \
        --out annotations/second-pass/modern-2026.jsonl

`select` copies articles from `shared/data/modern/labelled.jsonl.gz` (VnExpress and Dân Trí,
the sources of today's news, stratified by site section, none already annotated) into
WORK/batch-NN/<id>.txt with <id>.meta.json (`published`, and `title`/`author` for the annotator
to fill). WORK lies outside the repository: it holds third-party text. The annotator writes
<id>.ann (the text with markup, `shared/ANNOTATING.md`, plus `⟪END⟫` where a trailing
byline / `Theo …` / related block begins) and fills the meta. `convert` checks every markup
against its original and writes offsets + id + SHA-256 of the text (no text) into the repository.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from vnnews_nlp.paths import shared_path  # noqa: E402
from vnnews_nlp.train.corpus import read_jsonl, stored_annotations, text_hash  # noqa: E402
from vnnews_nlp.train.markup import MarkupError, check_against, parse  # noqa: E402

SOURCES = ("VnExpress", "Dân Trí")
MIN_CHARS, MAX_CHARS = 1200, 4500


def select(out: Path, batches: int, size: int, seed: int) -> None:
    """Seeded, section-stratified choice of not-yet-annotated modern articles, in batch folders."""
    data = shared_path("data")
    taken = {r["id"] for r in read_jsonl(data / "ner" / "modern-train.jsonl")}
    taken |= {s["id"] for s in stored_annotations()}
    taken |= {p.stem for p in out.glob("*/*.txt")}
    pool: dict[tuple, list[dict]] = defaultdict(list)
    for record in read_jsonl(data / "modern" / "labelled.jsonl.gz"):
        if record["source"] in SOURCES and record["id"] not in taken and MIN_CHARS <= len(record["text"]) <= MAX_CHARS:
            pool[(record["source"], record["label_src"])].append(record)
    rng = random.Random(seed)
    strata = sorted(pool)
    for stratum in strata:
        rng.shuffle(pool[stratum])
    chosen: list[dict] = []
    while len(chosen) < batches * size and any(pool.values()):
        for stratum in strata:
            if pool[stratum] and len(chosen) < batches * size:
                chosen.append(pool[stratum].pop())
    rng.shuffle(chosen)
    existing = len(list(out.glob("batch-*")))
    for b in range(batches):
        folder = out / f"batch-{existing + b + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        for record in chosen[b * size : (b + 1) * size]:
            (folder / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
            meta = {"id": record["id"], "source": record["source"], "section": record["label_src"],
                    "published": record.get("date"), "title": None, "author": None}
            (folder / f"{record['id']}.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{folder}: {len(list(folder.glob('*.txt')))} articles")


def check(markup_path: Path) -> dict:
    """Parse one markup file against its original; returns the counts (raises MarkupError)."""
    original = markup_path.with_suffix(".txt").read_text(encoding="utf-8")
    parsed = parse(markup_path.read_text(encoding="utf-8"))
    check_against(parsed, original)
    counts: dict[str, int] = defaultdict(int)
    for e in parsed.entities:
        counts[e["label"]] += 1
    counts["abbreviations"] = len(parsed.abbreviations)
    counts["body_end"] = parsed.body_end if parsed.body_end is not None else -1
    return dict(counts)


def stored_record(markup_path: Path, annotator: str, second_pass: bool) -> dict:
    """The repository form of one annotated article: offsets, id, text hash, meta; no text."""
    original = markup_path.with_suffix(".txt").read_text(encoding="utf-8")
    parsed = parse(markup_path.read_text(encoding="utf-8"))
    check_against(parsed, original)
    meta = json.loads(markup_path.with_suffix(".meta.json").read_text(encoding="utf-8"))
    title_end = None
    if meta.get("title"):
        first_line = original.split("\n", 1)[0]
        if meta["title"] is not True and meta["title"].strip() != first_line.strip():
            raise MarkupError(f"{markup_path}: meta title is not the first line")
        title_end = len(first_line.rstrip())
    author = None
    if meta.get("author"):
        at = original.rfind(meta["author"])
        if at < 0:
            raise MarkupError(f"{markup_path}: meta author {meta['author']!r} not in the text")
        author = [at, at + len(meta["author"])]
    entities = [[e["start"], e["end"], e["label"], *([e["value"]] if "value" in e else [])]
                for e in sorted(parsed.entities, key=lambda e: e["start"])]
    abbreviations = [[a["start"], a["end"], a["long"]] for a in sorted(parsed.abbreviations, key=lambda a: a["start"])]
    record = {"id": meta["id"], "source": meta.get("source"), "section": meta.get("section"),
              "sha256": text_hash(original), "published": meta.get("published"), "title_end": title_end,
              "author": author, "body_end": parsed.body_end, "annotator": annotator,
              "entities": entities, "abbreviations": abbreviations}
    if second_pass:
        record["second_pass"] = True
    return record


def convert(folder: Path, annotator: str, out: Path, second_pass: bool) -> None:
    """Every `<id>.ann` of `folder` into `out` (replacing earlier records of the same ids), sorted by id."""
    records = {r["id"]: r for r in (read_jsonl(out) if out.exists() else [])}
    errors = 0
    for markup_path in sorted(folder.glob("*.ann")):
        try:
            record = stored_record(markup_path, annotator, second_pass)
        except MarkupError as error:
            print(f"{markup_path.name}: {error}", file=sys.stderr)
            errors += 1
            continue
        records[record["id"]] = record
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for key in sorted(records):
            handle.write(json.dumps(records[key], ensure_ascii=False) + "\n")
    print(f"{out}: {len(records)} articles ({errors} markup files refused)")
    if errors:
        raise SystemExit(1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("select")
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--batches", type=int, default=1)
    s.add_argument("--size", type=int, default=25)
    s.add_argument("--seed", type=int, default=0)
    c = sub.add_parser("check")
    c.add_argument("markup", type=Path, nargs="+")
    v = sub.add_parser("convert")
    v.add_argument("folder", type=Path)
    v.add_argument("--annotator", required=True)
    v.add_argument("--out", type=Path, required=True)
    v.add_argument("--second-pass", action="store_true")
    args = ap.parse_args()
    if args.command == "select":
        select(args.out, args.batches, args.size, args.seed)
    elif args.command == "check":
        failed = 0
        for path in args.markup:
            try:
                print(f"{path.name}: OK {check(path)}")
            except (MarkupError, OSError) as error:
                print(f"{path.name}: {error}")
                failed += 1
        return 1 if failed else 0
    else:
        convert(args.folder, args.annotator, args.out, args.second_pass)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
