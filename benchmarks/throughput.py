"""Throughput of `vnnews batch` against underthesea, in one run.

    python benchmarks/throughput.py                # first 2,000 VNTC test articles
    python benchmarks/throughput.py --limit 500
    python benchmarks/throughput.py --all          # all 49,519: RSS over time (flatness), 2 workers

Prints docs/s and syllables/s of the full pipeline (the batch job: read the
dump, analyse, write JSON Lines) at 1 and 2 workers, peak RSS per worker, and
underthesea's `word_tokenize` and `ner` on the same texts, with the ratios.
Syllables are runs of letters/digits (`\\w+`), the units the tokenizer makes.
The machine may be shared: the load average at the start is printed too.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import psutil
from rss_sampling import Sampler

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "vntc" / "test.jsonl.gz"
SYLLABLE = re.compile(r"\w+")
TARGETS = {"syllables_per_s_1_worker": 15_000, "vs_underthesea_ner": 3.0, "scaling_2_workers": 1.7, "rss_mb": 700}


def load_texts(path: Path, limit: int | None) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in itertools.islice(handle, limit)]


def syllables(texts: list[str]) -> int:
    return sum(len(SYLLABLE.findall(t)) for t in texts)


class RssSampler(Sampler):
    """Samples the RSS of this process and its children; peak per process and a timeline."""

    def __init__(self, interval: float = 0.5):
        super().__init__(interval)
        self.peak: dict[int, int] = {}
        self.timeline: list[tuple[float, int, int]] = []  # (seconds, main MB, largest child MB)

    def sample(self, me: psutil.Process) -> None:
        main = _rss(me)
        children = [(c.pid, _rss(c)) for c in me.children(recursive=True)]
        self.peak[me.pid] = max(self.peak.get(me.pid, 0), main)
        for pid, rss in children:
            self.peak[pid] = max(self.peak.get(pid, 0), rss)
        self.timeline.append((self.elapsed(), main >> 20, max((r for _, r in children), default=0) >> 20))

    def peak_mb(self, children: bool) -> float:
        me = os.getpid()
        values = [v for pid, v in self.peak.items() if (pid != me) == children]
        return max(values, default=0) / 2**20


def _rss(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.Error:
        return 0


def run_pipeline(records: list[dict] | None, workers: int, source: Path | None = None) -> dict:
    """The batch job over `records` (or the whole `source` dump) with `workers` processes."""
    from vnnews_nlp.batch import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        if source is None:
            source = Path(tmp) / "in.jsonl"
            with open(source, "w", encoding="utf-8") as handle:
                handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        with RssSampler(interval=2.0 if records is None else 0.25) as rss:
            cpu_before = time.process_time()
            started = time.perf_counter()
            summary = run_batch([str(source)], Path(tmp) / "out.jsonl", workers=workers, progress=None if records is None else False)
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu_before
    if workers > 1:
        cpu = None  # the workers' CPU time is not this process's to measure exactly
    worker_mb = rss.peak_mb(children=workers > 1) if workers > 1 else rss.peak_mb(children=False)
    return {"seconds": seconds, "cpu": cpu, "docs": summary.ok + summary.errors, "errors": summary.errors,
            "rss_mb": worker_mb, "timeline": rss.timeline}



def run_underthesea(texts: list[str], name: str, budget: float) -> dict:
    """underthesea `name` sentence by sentence (as it is meant to be called; whole articles are
    ~10x slower for ner), until done or `budget` seconds pass (then on that subset)."""
    import underthesea

    fn = getattr(underthesea, name)
    fn("Khởi động mô hình.")  # model loading is not throughput
    cpu_before = time.process_time()
    started = time.perf_counter()
    done = 0
    for text in texts:
        for sentence in underthesea.sent_tokenize(text):
            fn(sentence)
        done += 1
        if time.perf_counter() - started > budget:
            break
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cpu": time.process_time() - cpu_before, "docs": done, "syllables": syllables(texts[:done])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=2000, help="articles from the start of VNTC test (default 2000)")
    parser.add_argument("--all", action="store_true", help="every article, RSS over time, --workers processes")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for --all (default 2)")
    parser.add_argument("--ner-seconds", type=float, default=120.0,
                        help="time budget for underthesea's ner; it runs on the first articles that fit")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()

    import vnnews_nlp

    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    started = time.perf_counter()
    nlp = vnnews_nlp.load()
    print(f"pipeline: {', '.join(nlp.pipe_names) or '(tokenizer only)'}; loaded in {time.perf_counter() - started:.1f} s")
    if args.all:
        return run_all(args)

    records = load_texts(args.data, args.limit)
    texts = [r["text"] for r in records]
    total_syllables = syllables(texts)
    print(f"data: first {len(texts):,} articles of {args.data.name}: {sum(map(len, texts)):,} characters, "
          f"{total_syllables:,} syllables\n")
    for _ in vnnews_nlp.analyze_many(records[:20], on_error="yield"):
        pass  # warm-up: lazy model parts load on first use, not throughput
    rows = []
    one = run_pipeline(records, 1)
    rows.append(("full pipeline (batch job), 1 worker", one["docs"], total_syllables, one["seconds"], one["cpu"], one["rss_mb"]))
    two = run_pipeline(records, 2)
    rows.append(("full pipeline (batch job), 2 workers", two["docs"], total_syllables, two["seconds"], two["cpu"], two["rss_mb"]))
    tok = run_underthesea(texts, "word_tokenize", budget=args.ner_seconds)
    rows.append((_label("underthesea word_tokenize, per sentence", tok, len(texts)), tok["docs"], tok["syllables"], tok["seconds"], tok["cpu"], None))
    ner = run_underthesea(texts, "ner", budget=args.ner_seconds)
    rows.append((_label("underthesea ner, per sentence", ner, len(texts)), ner["docs"], ner["syllables"], ner["seconds"], ner["cpu"], None))

    print(f"{'':48} {'docs/s':>8} {'syllables/s':>12} {'syl/CPU-s':>10} {'peak RSS/worker':>16}")
    rates, cpu_rates = [], []
    for label, docs, syl, seconds, cpu, rss in rows:
        rates.append(syl / seconds)
        cpu_rates.append(syl / cpu if cpu else None)
        rss_text = f"{rss:,.0f} MB" if rss is not None else "-"
        cpu_text = f"{cpu_rates[-1]:,.0f}" if cpu_rates[-1] else "-"
        print(f"{label:48} {docs / seconds:8.1f} {syl / seconds:12,.0f} {cpu_text:>10} {rss_text:>16}")
    if one["errors"] or two["errors"]:
        print(f"(records that failed: {one['errors']} at 1 worker, {two['errors']} at 2)")
    print("(syl/CPU-s: syllables per CPU-second of the process, steadier than wall time on a busy machine)")
    print("\nratios and targets (wall time unless said):")
    _check("syllables/s, 1 worker", rates[0], TARGETS["syllables_per_s_1_worker"], "{:,.0f}")
    _check("syllables per CPU-second, 1 worker", cpu_rates[0], TARGETS["syllables_per_s_1_worker"], "{:,.0f}")
    _check("1 worker / underthesea ner", rates[0] / rates[3], TARGETS["vs_underthesea_ner"], "{:.2f}x")
    _check("1 worker / underthesea ner, per CPU-second", cpu_rates[0] / cpu_rates[3], TARGETS["vs_underthesea_ner"],
           "{:.2f}x")
    print(f"  1 worker / underthesea word_tokenize: {rates[0] / rates[2]:.2f}x")
    _check("2 workers / 1 worker", rates[1] / rates[0], TARGETS["scaling_2_workers"], "{:.2f}x")
    worst_rss = max(one["rss_mb"], two["rss_mb"])
    print(f"  peak RSS per worker: {worst_rss:,.0f} MB (target <= {TARGETS['rss_mb']} MB): "
          f"{'met' if worst_rss <= TARGETS['rss_mb'] else 'NOT met'}")
    print(f"  largest worker's RSS through the 2-worker run: {_quarters(two['timeline'])}")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _quarters(timeline: list[tuple[float, int, int]]) -> str:
    """RSS at a quarter, half, three quarters and the end of a run: flat or growing."""
    samples = [worker for _, _, worker in timeline if worker]
    if not samples:
        return "no samples"
    marks = [samples[min(len(samples) - 1, int(len(samples) * q))] for q in (0.25, 0.5, 0.75)] + [samples[-1]]
    return " / ".join(f"{mb:,} MB" for mb in marks)


def _label(name: str, result: dict, total: int) -> str:
    return name if result["docs"] == total else f"{name} (first {result['docs']:,})"


def _check(name: str, value: float, target: float, fmt: str) -> None:
    print(f"  {name}: {fmt.format(value)} (target >= {fmt.format(target)}): {'met' if value >= target else 'NOT met'}")


def run_all(args: argparse.Namespace) -> None:
    result = run_pipeline(None, args.workers, source=args.data)
    print(f"\nall {result['docs']:,} articles, {args.workers} workers: {result['seconds']:.0f} s, "
          f"{result['docs'] / result['seconds']:.1f} docs/s, {result['errors']} errors, "
          f"peak RSS per worker {result['rss_mb']:,.0f} MB")
    timeline = result["timeline"]
    print("RSS over time (main process / largest worker):")
    step = max(len(timeline) // 12, 1)
    for seconds, main_mb, worker_mb in timeline[::step] + timeline[-1:]:
        print(f"  {seconds:7.0f} s  {main_mb:6,} MB  {worker_mb:6,} MB")


if __name__ == "__main__":
    sys.exit(main())
