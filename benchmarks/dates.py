"""Benchmark `find_dates` on the gold sets, scored the way `shared/eval/score.py` scores DATE.

    python benchmarks/dates.py [--shared ../shared] [--verbose] [--sets train,dev,evaldev] [--scaling]

Per document: the set of unique DATE texts after the scorer's normalisation
(NFC, whitespace folding, leading time-of-day words / `ngày` / `hôm` /
weekday dropped); precision, recall, F1 over those sets; value accuracy on the
matched ones. `--verbose` adds examples of misses, false positives and wrong values.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Iterator

from vnnews_nlp.entities.dates import find_dates

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"


@dataclass
class GoldDoc:
    """One document: the text to search, its publication date and its gold DATEs."""

    id: str
    text: str
    published: str | None
    dates: dict[str, str]  # normalised text -> value


@dataclass
class Tally:
    """Counts for one gold set, plus examples for `--verbose`."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    matched: int = 0
    correct: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)
    false_pos: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        acc = self.correct / self.matched if self.matched else 0.0
        return (
            f"{name:8s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  value acc {acc:.3f} "
            f"({self.correct}/{self.matched})   tp {self.tp} fp {self.fp} fn {self.fn}   {self.seconds:.2f}s"
        )


def load_scorer(shared: Path) -> ModuleType:
    """The official scorer, so normalisation is exactly the one used for grading."""
    spec = importlib.util.spec_from_file_location("vnnews_score", shared / "eval" / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {shared / 'eval' / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_dates(scorer: ModuleType, entities: list[dict]) -> dict[str, str]:
    """Normalised text -> value for the gold DATEs (first value wins, as in the scorer)."""
    out: dict[str, str] = {}
    for e in entities:
        if e["label"] == "DATE":
            out.setdefault(scorer.norm_entity("DATE", e["text"]), e.get("value"))
    return out


def read_jsonl(path: Path, scorer: ModuleType) -> Iterator[GoldDoc]:
    """`shared/data/ner/*.jsonl`: whole text is article, no publication date."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            yield GoldDoc(str(d["id"]), d["text"], None, gold_dates(scorer, d["entities"]))


def read_gold_dir(path: Path, scorer: ModuleType) -> Iterator[GoldDoc]:
    """`shared/eval/dev/`: article ends at `body_end`; `published` fills missing years."""
    for gpath in sorted(path.glob("*.json")):
        g = json.loads(gpath.read_text(encoding="utf-8"))
        text = (path / f"{gpath.stem}.txt").read_text(encoding="utf-8")
        end = g.get("body_end") or len(text)
        yield GoldDoc(str(g["id"]), text[:end], g.get("published"), gold_dates(scorer, g.get("entities", [])))


def score_set(docs: Iterator[GoldDoc], scorer: ModuleType) -> Tally:
    """Run `find_dates` on every document and count as the scorer does."""
    t = Tally()
    for doc in docs:
        t0 = time.perf_counter()
        mentions = find_dates(doc.text, doc.published)
        t.seconds += time.perf_counter() - t0
        sys_vals: dict[str, str] = {}
        for m in mentions:
            sys_vals.setdefault(scorer.norm_entity("DATE", m.text), m.value)
        g, s = set(doc.dates), set(sys_vals)
        t.tp += len(g & s)
        t.fp += len(s - g)
        t.fn += len(g - s)
        t.misses += [f"{doc.id}: {x!r}  {_context(doc.text, x)}" for x in sorted(g - s)]
        t.false_pos += [f"{doc.id}: {x!r}  {_context(doc.text, x)}" for x in sorted(s - g)]
        for key in g & s:
            t.matched += 1
            if str(sys_vals[key]) == str(doc.dates[key]):
                t.correct += 1
            else:
                t.wrong.append(f"{doc.id}: {key!r} gold {doc.dates[key]} system {sys_vals[key]}")
    return t


def _context(text: str, needle: str, width: int = 35) -> str:
    i = text.find(needle)
    if i < 0:
        return ""
    return repr(text[max(0, i - width):i + len(needle) + width])


def _examples(title: str, items: list[str], n: int, rng: random.Random) -> None:
    if not items:
        return
    print(f"  {title} ({len(items)}):")
    for item in rng.sample(items, min(n, len(items))):
        print(f"    {item}")


PATHOLOGICAL = ("1/", "12-", "1.", "2006 ", "1/1/", "ngày 1/1 ", "năm 2000-")


def scaling(sizes: tuple[int, int] = (50_000, 200_000)) -> None:
    """Seconds for `find_dates` on date-like noise at two sizes, and their ratio: linear time keeps the
    ratio near the size ratio (a backtracking pattern would square it)."""
    small, large = sizes
    print(f"pathological input: seconds at {small:,} and {large:,} characters (size ratio {large / small:.0f})")
    for pattern in PATHOLOGICAL:
        times = []
        for size in sizes:
            text = pattern * (size // len(pattern))
            t0 = time.perf_counter()
            find_dates(text)
            times.append(time.perf_counter() - t0)
        print(f"  {pattern!r:14} {times[0]:7.3f}  {times[1]:7.3f}  ratio {times[1] / max(times[0], 1e-9):5.1f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (gold data, scorer)")
    ap.add_argument("--sets", default="train,dev,evaldev", help="comma-separated: train, dev, evaldev")
    ap.add_argument("--verbose", action="store_true", help="print examples of errors")
    ap.add_argument("--examples", type=int, default=8, help="examples per error kind with --verbose")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--scaling", action="store_true", help="also time date-like noise at two sizes (linear time check)")
    args = ap.parse_args()

    scorer = load_scorer(args.shared)
    ner = args.shared / "data" / "ner"
    sources = {
        "train": lambda: read_jsonl(ner / "train.jsonl", scorer),
        "dev": lambda: read_jsonl(ner / "dev.jsonl", scorer),
        "evaldev": lambda: read_gold_dir(args.shared / "eval" / "dev", scorer),
    }
    rng = random.Random(args.seed)
    for name in args.sets.split(","):
        tally = score_set(sources[name](), scorer)
        print(tally.line(name))
        if args.verbose:
            _examples("misses", tally.misses, args.examples, rng)
            _examples("false positives", tally.false_pos, args.examples, rng)
            _examples("wrong values", tally.wrong, args.examples, rng)
    if args.scaling:
        scaling()
    return 0


if __name__ == "__main__":
    sys.exit(main())
