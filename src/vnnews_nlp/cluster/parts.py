"""One task of a cluster job, run on a worker: read a shard, analyse it, write its part file.

The worker reads its shard where it lies and writes `part-NNNNN.<format>` (and, when records
failed, `_errors/part-NNNNN.jsonl`) into the output folder itself: no record passes through the
driver, which gets back only the counts. The files appear whole, under their final names, only
when the part is done, so an attempt cut short (a lost worker, a killed job) leaves nothing a
rerun could count twice.
"""
from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Any

from ..io.fields import FieldMap
from ..io.writers import finalize
from .shards import Shard, read_shard
from .storage import OutputFolder

PART_FORMATS = ("jsonl", "jsonl.gz", "parquet", "csv", "tsv")
ERRORS_FOLDER = "_errors"
PART_PREFIX = "part-"


def part_name(index: int, fmt: str) -> str:
    return f"{PART_PREFIX}{index:05d}.{fmt}"


def errors_name(index: int) -> str:
    return f"{ERRORS_FOLDER}/{PART_PREFIX}{index:05d}.jsonl"


@dataclass(frozen=True)
class PartTask:
    """Everything a worker needs for one part; small, so the driver ships no records."""

    index: int
    shard: Shard
    output: str  # the output folder, as a path or URL every worker can open
    fmt: str = "jsonl.gz"
    fields: FieldMap = field(default_factory=FieldMap)
    tokens: bool = False
    include_text: bool = False
    storage_options: dict[str, Any] = field(default_factory=dict)
    chunk_size: int = 16


# Dask's statistical profiler keeps a call tree per second for the last 1,000 seconds, twice:
# with the pipeline's deep stacks that was 340 MB of dicts in each worker after 20 minutes
# (1.2 GB peak over VNTC test). Workers for vnnews jobs run without it: the Dask config of the
# local clusters vnnews starts, and the environment of `dask worker` processes started by hand.
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}
WORKER_ENVIRONMENT = {"DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False"}


@lru_cache(maxsize=1)
def warn_if_profiling() -> bool:
    """Log once per worker process when Dask's profiler runs in it (it holds hundreds of MB over a
    long job); True when it does."""
    try:
        from distributed import get_worker

        profiling = "profile" in get_worker().periodic_callbacks
    except (ImportError, ValueError):  # not on a Dask worker
        return False
    if profiling:
        logging.getLogger(__name__).warning(
            "Dask's profiler is on in this worker: over a long job it holds hundreds of MB; start workers with "
            "%s (docs/cluster.md, Memory and speed)", " ".join(f"{k}={v}" for k, v in WORKER_ENVIRONMENT.items()))
    return profiling


def write_part(task: PartTask) -> dict[str, Any]:
    """Analyse the task's shard into its part files; returns the part's counts and where it ran."""
    from ..batch import analyze_items  # the batch job's own record handling: same outputs, same error entries
    from ..memory import tune_allocator

    tune_allocator()
    warn_if_profiling()

    started = time.perf_counter()
    folder = OutputFolder(task.output, task.storage_options)
    worker = f"{socket.gethostname()}:{os.getpid()}"
    # The attempt's files carry the worker's process id: which attempt a leftover came from.
    attempt = f"{PART_PREFIX}{task.index:05d}.{os.getpid()}-{uuid.uuid4().hex[:8]}"
    scratch = folder.scratch()
    outputs, failures = scratch / f"{attempt}.jsonl", scratch / f"{attempt}.errors.jsonl"
    ok = errors = 0
    try:
        with open(outputs, "wb") as out, open(failures, "wb") as err:
            items = enumerate(read_shard(task.shard, task.fields, task.storage_options))
            while chunk := list(islice(items, task.chunk_size)):
                for good, line in analyze_items(chunk, task.tokens, task.fields, task.include_text):
                    (out if good else err).write(line)
                    ok, errors = ok + good, errors + (not good)
        part = scratch / f"{attempt}.{task.fmt}"
        finalize(outputs, part, task.fmt, task.tokens)
        if errors:
            folder.commit(failures, errors_name(task.index))
        folder.commit(part, part_name(task.index, task.fmt))
    finally:
        folder.drop_scratch(scratch)
    return {"index": task.index, "records": ok + errors, "ok": ok, "errors": errors,
            "seconds": round(time.perf_counter() - started, 3), "worker": worker}
