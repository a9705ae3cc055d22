"""Cluster mode against the single-machine batch job, in one run.

    python benchmarks/cluster.py                 # first 5,000 VNTC test articles, 40 shards
    python benchmarks/cluster.py --limit 1000 --shards 10
    python benchmarks/cluster.py --rounds 2      # local, cluster, cluster, local: fairer on a busy machine
    python benchmarks/cluster.py --all           # all 49,519: peak RSS per cluster worker
    python benchmarks/cluster.py --rss --limit 8000   # the same over the first 8,000

The articles are written as gzip JSON Lines shards to a temporary folder. Then, on the same
shards: `vnnews batch SHARDS -o out.jsonl --workers 2` (the driver reads and writes every
record), and `vnnews batch 'shards/*.jsonl.gz' --engine dask --scheduler ADDR -o out/` on a
`dask scheduler` with two `dask worker` processes (one thread each, on the loopback interface),
where each worker reads its shards and writes its parts. Both are timed from the command's start
to its end, each loading the pipeline in its workers; the dask workers are started beforehand,
as a cluster is. Prints docs/s of each and their ratio (target >= 0.85), docs per CPU-second
(steadier than wall time on a shared machine), peak RSS per worker, and the records each
cluster worker read and wrote (from the manifest). `--all` runs the cluster mode alone over the
whole test set and prints each worker's RSS over time (target: peak <= 500 MB); `--rss` does
that over `--limit` articles.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import psutil
from rss_sampling import Sampler

from vnnews_nlp.cluster.parts import WORKER_ENVIRONMENT

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "vntc" / "test.jsonl.gz"
SRC = Path(__file__).resolve().parents[1] / "src"
TARGETS = {"ratio": 0.85, "rss_mb": 500}


class RssSampler(Sampler):
    """Peak RSS of every process below this one (and its parent), and the RSS of chosen ones over time."""

    def __init__(self, interval: float = 0.5, watch: set[int] | None = None):
        super().__init__(interval)
        self.watch = watch or set()
        self.peak: dict[int, int] = {}
        self.parent: dict[int, int] = {}
        self.timeline: list[tuple[float, dict[int, int]]] = []

    def sample(self, me: psutil.Process) -> None:
        now: dict[int, int] = {}
        for process in me.children(recursive=True):
            try:
                now[process.pid] = process.memory_info().rss
                self.parent.setdefault(process.pid, process.ppid())
            except psutil.Error:
                continue
        for pid, rss in now.items():
            self.peak[pid] = max(self.peak.get(pid, 0), rss)
        self.timeline.append((self.elapsed(), {pid: now.get(pid, 0) for pid in self.watch}))

    def peak_mb(self, pids) -> dict[int, float]:
        return {pid: self.peak.get(pid, 0) / 2**20 for pid in pids}


def write_shards(source: Path, limit: int | None, shards: int, folder: Path) -> int:
    """The first `limit` articles (all when None) as `shards` gzip JSON Lines files of about equal size."""
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        lines = list(itertools.islice(handle, limit))
    per_shard = -(-len(lines) // shards)
    for number in range(shards):
        chunk = lines[number * per_shard:(number + 1) * per_shard]
        if chunk:
            with gzip.open(folder / f"shard-{number:04d}.jsonl.gz", "wt", encoding="utf-8", compresslevel=1) as out:
                out.writelines(chunk)
    return len(lines)


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}


def vnnews(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "vnnews_nlp.cli", "batch", *arguments, "--no-progress"]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_local(shards: list[Path], out: Path, workers: int) -> dict:
    """`vnnews batch --workers N` over the shards: seconds, CPU seconds (command and its workers), peak RSS per worker."""
    cpu_before = children_cpu()
    with RssSampler(interval=0.5) as rss:
        started = time.perf_counter()
        job = subprocess.run(vnnews(*map(str, shards), "-o", str(out), "--workers", str(workers)), env=environment(),
                             capture_output=True, text=True)
        seconds = time.perf_counter() - started
    if job.returncode:
        raise SystemExit(f"vnnews batch failed:\n{job.stderr}")
    command = min(pid for pid, parent in rss.parent.items() if parent == os.getpid())
    workers = rss.peak_mb(pid for pid, parent in rss.parent.items() if parent == command)
    driver = rss.peak[command]
    return {"seconds": seconds, "cpu": children_cpu() - cpu_before, "worker_mb": workers,
            "driver_mb": driver / 2**20, "summary": job.stderr.strip().splitlines()[-1]}


class LocalScheduler:
    """`dask scheduler` and `workers` `dask worker` processes (one thread each) on 127.0.0.1."""

    def __init__(self, folder: Path, workers: int):
        loopback = ["--host", "127.0.0.1", "--no-dashboard", "--dashboard-address", "127.0.0.1:0"]
        folder.mkdir(parents=True, exist_ok=True)
        self.file = folder / "scheduler.json"
        self.log = open(folder / "cluster.log", "wb")
        self.processes = [self._start("scheduler", *loopback, "--port", "0", "--scheduler-file", str(self.file))]
        deadline = time.monotonic() + 120
        while not self.file.exists():
            if time.monotonic() > deadline:
                raise SystemExit("the dask scheduler did not start")
            time.sleep(0.2)
        time.sleep(0.2)
        self.address = json.loads(self.file.read_text())["address"]
        # Started as `dask worker` usually is: under a nanny, which sets the worker's environment
        # (MALLOC_TRIM_THRESHOLD_, one BLAS thread) and would restart it if it died.
        self.processes += [self._start("worker", *loopback, "--scheduler-file", str(self.file), "--nthreads", "1",
                                       "--memory-limit", "0", "--local-directory", str(folder / f"w{n}"))
                           for n in range(workers)]
        from dask.distributed import Client

        with Client(self.address, timeout=120) as client:
            client.wait_for_workers(workers, timeout=120)
            self.workers = [psutil.Process(pid) for pid in client.run(os.getpid).values()]

    def _start(self, *arguments: str) -> subprocess.Popen:
        # Workers for vnnews jobs run without Dask's profiler, as docs/cluster.md says to start them.
        env = {**environment(), **WORKER_ENVIRONMENT}
        return subprocess.Popen([sys.executable, "-m", "dask", *arguments], env=env, stdout=self.log,
                                stderr=subprocess.STDOUT)

    def worker_cpu(self) -> float:
        return sum(sum(worker.cpu_times()[:2]) for worker in self.workers)

    def close(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.log.close()


def run_cluster(cluster: LocalScheduler, pattern: str, out: Path, interval: float = 0.5) -> dict:
    """The cluster job over the shards: seconds, CPU seconds (driver and workers), RSS per worker."""
    cpu_before, workers_before = children_cpu(), cluster.worker_cpu()
    workers = {w.pid for w in cluster.workers}
    with RssSampler(interval=interval, watch=workers) as rss:
        started = time.perf_counter()
        job = subprocess.run(vnnews(pattern, "--engine", "dask", "--scheduler", cluster.address, "-o", f"{out}/"),
                             env=environment(), capture_output=True, text=True)
        seconds = time.perf_counter() - started
    if job.returncode:
        raise SystemExit(f"vnnews batch --engine dask failed:\n{job.stderr}")
    driver = [pid for pid, parent in rss.parent.items() if parent == os.getpid()
              and pid not in {p.pid for p in cluster.processes}]
    manifest = json.loads((out / "_manifest.json").read_text())
    by_worker: Counter = Counter()
    for part in manifest["parts"]:
        by_worker[int(part["worker"].rsplit(":", 1)[1])] += part["records"]
    return {"seconds": seconds, "cpu": children_cpu() - cpu_before + cluster.worker_cpu() - workers_before,
            "worker_mb": rss.peak_mb(workers),
            "driver_mb": max((rss.peak[pid] for pid in driver), default=0) / 2**20, "by_worker": by_worker,
            "manifest": manifest, "timeline": rss, "summary": job.stderr.strip().splitlines()[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=5000, help="articles from the start of VNTC test (default 5000)")
    parser.add_argument("--shards", type=int, default=40, help="input files to split them into (default 40)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of each job (default 2)")
    parser.add_argument("--all", action="store_true", help="all articles, cluster mode only: RSS per worker over time")
    parser.add_argument("--rss", action="store_true", help="cluster mode only over --limit articles: RSS over time")
    parser.add_argument("--rounds", type=int, default=1,
                        help="runs of each, alternating which goes first (default 1; 2 evens out a changing load)")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()

    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="vnnews-cluster-bench-") as tmp:
        folder = Path(tmp)
        shards_dir = folder / "shards"
        shards_dir.mkdir()
        shards = args.shards if not args.all or args.shards != 40 else 200
        count = write_shards(args.data, None if args.all else args.limit, shards, shards_dir)
        files = sorted(shards_dir.iterdir())
        print(f"data: {'all' if args.all else 'first'} {count:,} articles of {args.data.name} in {len(files)} shards "
              f"({sum(f.stat().st_size for f in files) / 2**20:.1f} MB gzip)\n")
        if args.all or args.rss:
            return run_all(folder, shards_dir, count, args.workers)
        local, dask = [], []
        for round_ in range(args.rounds):
            # Rounds alternate the order (A B, B A, ...) so that a load that rises or falls on a shared
            # machine does not favour one side; each cluster run starts fresh workers.
            for mode in ("local", "cluster") if round_ % 2 == 0 else ("cluster", "local"):
                if mode == "local":
                    local.append(run_local(files, folder / f"local-{round_}.jsonl", args.workers))
                    continue
                cluster = LocalScheduler(folder / f"cluster-{round_}", args.workers)
                try:
                    dask.append(run_cluster(cluster, str(shards_dir / "*.jsonl.gz"), folder / f"out-{round_}"))
                finally:
                    cluster.close()
    report(local, dask, count, args.workers)


def report(local: list[dict], dask: list[dict], count: int, workers: int) -> None:
    print(f"{'':52} {'seconds':>8} {'docs/s':>8} {'docs/CPU-s':>10} {'peak RSS/worker':>16}")
    for name, results in ((f"vnnews batch --workers {workers}", local),
                          (f"cluster: scheduler + {workers} dask workers", dask)):
        for number, result in enumerate(results, start=1):
            label = name if len(results) == 1 else f"{name}, round {number}"
            print(f"{label:52} {result['seconds']:8.1f} {count / result['seconds']:8.1f} "
                  f"{count / result['cpu']:10.2f} {max(result['worker_mb'].values()):13,.0f} MB")
    for result in local + dask:
        print(f"  {result['summary']}")
    last = dask[-1]
    print("\ncluster workers (peak RSS, records read and written): " + ", ".join(
        f"pid {pid}: {mb:,.0f} MB, {last['by_worker'][pid]:,} records" for pid, mb in sorted(last["worker_mb"].items())))
    print(f"cluster driver: peak RSS {max(r['driver_mb'] for r in dask):,.0f} MB, records read or written: none (it "
          f"lists the shards and gets counts back); single-machine command: peak RSS "
          f"{max(r['driver_mb'] for r in local):,.0f} MB, reads and writes all {count:,}")
    for result in dask:
        manifest = result["manifest"]
        assert manifest["complete"] and manifest["records"] == count, "the cluster job lost or doubled records"
    seconds = [sum(r["seconds"] for r in results) for results in (local, dask)]
    cpu = [sum(r["cpu"] for r in results) for results in (local, dask)]
    ratio, cpu_ratio = seconds[0] / seconds[1], cpu[0] / cpu[1]
    print("\nratios and targets" + (f" (over all {len(dask)} rounds)" if len(dask) > 1 else "") + ":")
    print(f"  cluster / --workers {workers} throughput: {ratio:.2f}x (target >= {TARGETS['ratio']:.2f}x): "
          f"{'met' if ratio >= TARGETS['ratio'] else 'NOT met'}")
    print(f"  cluster / --workers {workers} docs per CPU-second: {cpu_ratio:.2f}x")
    worst = max(max(r["worker_mb"].values()) for r in local + dask)
    print(f"  peak RSS per worker over {count:,} articles: {worst:,.0f} MB (target <= {TARGETS['rss_mb']} MB over all "
          f"49,519: see --all)")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def run_all(folder: Path, shards_dir: Path, count: int, workers: int) -> None:
    cluster = LocalScheduler(folder, workers)
    try:
        result = run_cluster(cluster, str(shards_dir / "*.jsonl.gz"), folder / "out", interval=2.0)
    finally:
        cluster.close()
    print(f"{count:,} articles, cluster mode on {workers} workers: {result['seconds']:.0f} s, "
          f"{count / result['seconds']:.1f} docs/s, {result['manifest']['errors']} errors")
    print(f"  {result['summary']}")
    for pid, mb in sorted(result["worker_mb"].items()):
        print(f"  worker pid {pid}: peak RSS {mb:,.0f} MB over {result['by_worker'][pid]:,} records")
    print("RSS of each worker over time:")
    timeline = result["timeline"].timeline
    step = max(len(timeline) // 12, 1)
    for seconds, sizes in timeline[::step] + timeline[-1:]:
        print(f"  {seconds:7.0f} s  " + "  ".join(f"{sizes[pid] / 2**20:6,.0f} MB" for pid in sorted(sizes)))
    worst = max(result["worker_mb"].values())
    print(f"peak RSS per worker: {worst:,.0f} MB (target <= {TARGETS['rss_mb']} MB): "
          f"{'met' if worst <= TARGETS['rss_mb'] else 'NOT met'}")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    sys.exit(main())
