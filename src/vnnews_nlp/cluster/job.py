"""The driver of a cluster job: one task per shard, the manifest kept as parts commit.

The driver lists the inputs and hands out tasks; workers read and write the records. A worker
lost midway costs only its unfinished parts, which the scheduler reruns elsewhere; a driver
killed midway leaves a manifest of the parts committed so far, and `resume=True` redoes only
the others. Either way each input record ends in exactly one output document or error entry.
"""
from __future__ import annotations

import logging
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator, TextIO

from ..batch import BatchError, BatchSummary
from ..io.fields import FieldMap
from ..io.progress import Progress
from .manifest import MANIFEST, Manifest
from .parts import (ERRORS_FOLDER, PART_FORMATS, PART_PREFIX, WORKER_CONFIG, PartTask, errors_name, part_name,
                    write_part)
from .shards import Shard, expand_inputs, shards_digest
from .storage import STAGING, OutputFolder

# The manifest is rewritten whole: often enough that a killed driver loses little, not on every
# part of a job with thousands.
MANIFEST_SECONDS = 1.0
OWN_NAMES = (MANIFEST, ERRORS_FOLDER, STAGING)


@dataclass
class FilesSummary(BatchSummary):
    """A cluster job's counts: `resumed_from` counts the records of parts an earlier run committed."""

    parts: int = 0
    parts_resumed: int = 0
    output: str = ""

    def line(self) -> str:
        resumed = f" ({self.parts_resumed} from an earlier run)" if self.parts_resumed else ""
        return f"{self.parts} parts{resumed}, " + super().line()


@contextmanager
def connect(scheduler: str | None = None, workers: int = 1, client: Any = None) -> Iterator[Any]:
    """A Dask client: `client` as given, one on the scheduler at `scheduler`, or one on a local cluster
    of `workers` single-threaded processes (closed afterwards)."""
    import dask
    from dask.distributed import Client, LocalCluster

    if client is not None:
        yield client
    elif scheduler:
        try:
            own = Client(scheduler)
        except (OSError, TimeoutError) as error:
            raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
        with own:
            yield own
    else:
        # A cluster of this machine listens on the loopback interface only; its workers do not
        # profile themselves (`WORKER_CONFIG`).
        with dask.config.set(WORKER_CONFIG), \
                LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True, host="127.0.0.1",
                             dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as cluster, \
                Client(cluster) as own:
            yield own


def analyze_files(
    inputs: str | list[str],
    output: str,
    *,
    client: Any = None,
    scheduler: str | None = None,
    workers: int = 2,
    tokens: bool = False,
    fields: FieldMap | None = None,
    include_text: bool = False,
    part_format: str = "jsonl.gz",
    resume: bool = False,
    storage_options: dict[str, Any] | None = None,
    progress: bool | None = False,
    log: TextIO | None = None,
    chunk_size: int = 16,
) -> FilesSummary:
    """Analyse every record of `inputs` on a Dask cluster into the folder `output`, workers reading
    their own input files and writing their own parts.

    `inputs`: files, folders (a Parquet dataset, a tree of dumps or of .txt/.html files) and globs,
    as local paths every worker sees or fsspec URLs (`s3://bucket/dump/*.jsonl.gz`, with
    `storage_options`). `output` receives `part-NNNNN.<part_format>` per input file (`jsonl.gz`,
    `jsonl`, `parquet`, `csv`, `tsv`), `_errors/part-NNNNN.jsonl` for records that failed, and
    `_manifest.json`. `include_text` puts the analysed text in every document. Runs on `client`, else on the scheduler at `scheduler`, else on a local
    cluster of `workers` processes. `resume=True` continues an interrupted job, redoing only the
    parts its manifest does not list. Raises `InputError` for a missing input and `BatchError`
    when the job cannot go on (parts that failed are named; the others are kept for a resume).
    """
    if part_format not in PART_FORMATS:
        raise BatchError(f"unknown part format {part_format!r} (expected {', '.join(PART_FORMATS)})")
    fields = fields or FieldMap()
    options = dict(storage_options or {})
    inputs = [inputs] if isinstance(inputs, str) else list(inputs)
    shards = expand_inputs(inputs, options)
    folder = OutputFolder(str(output), options)
    _check_folder(folder, inputs, shards, options)
    _check_fields(shards, fields)
    job = {"inputs": shards_digest(shards), "fields": fields.to_dict(), "tokens": tokens, "format": part_format}
    if include_text:
        job["text"] = True
    manifest, note = _start(folder, job, len(shards), resume)
    records, ok, errors = manifest.totals()
    summary = FilesSummary(ok, errors, resumed_from=records, note=note, parts=len(shards),
                           parts_resumed=len(manifest.parts), output=folder.url)
    tasks = [PartTask(index, shard, folder.url, part_format, fields, tokens, include_text, options, chunk_size)
             for index, shard in enumerate(shards) if index not in manifest.parts]
    started = time.perf_counter()
    failures: list[tuple[int, BaseException]] = []
    if tasks:
        meter = Progress(lambda: None, records, bar=progress, stream=log)
        try:
            with connect(scheduler, workers, client) as dask_client:
                failures = _run(dask_client, tasks, shards, folder, manifest, meter)
        finally:
            meter.close()
            manifest.complete = len(manifest.parts) == len(shards)
            manifest.save(folder)
        folder.remove(STAGING)  # what attempts cut short left behind
    summary.seconds = time.perf_counter() - started
    _, summary.ok, summary.errors = manifest.totals()
    if failures:
        raise BatchError(_failure_message(failures, shards, folder))
    return summary


def _check_folder(folder: OutputFolder, inputs: list[str], shards: list[Shard], options: dict[str, Any]) -> None:
    """Refuse an output folder that holds other files, or lies among the inputs (a rerun would read
    the parts as input)."""
    inputs_folders = [place.url for place in (OutputFolder(given, options) for given in inputs) if place.isdir()]
    output = folder.url.rstrip("/") + "/"
    if any(output.startswith(f"{root.rstrip('/')}/") for root in inputs_folders) or \
            any(path.startswith(output) for shard in shards for path in shard.paths):
        raise BatchError(f"{folder.url}: the output folder is inside an input; give another folder")
    try:
        folder.prepare()
    except NotADirectoryError as error:
        raise BatchError(str(error)) from None
    foreign = [name for name in folder.list() if name not in OWN_NAMES and not name.startswith(PART_PREFIX)]
    if foreign:
        raise BatchError(f"{folder.url}: holds files that are not a vnnews job's ({', '.join(foreign[:3])}); "
                         f"give a new or empty folder")


def _check_fields(shards: list[Shard], fields: FieldMap) -> None:
    """Refuse a job whose first dump file lacks the text field (or a renamed one), as `vnnews batch`
    does, before any work: its records would all go to the errors. Only the first file is read
    (its header or first lines): shards of one dump share their fields."""
    from ..io.preflight import check_fields

    first = next((shard.paths[0] for shard in shards if shard.kind != "files"), None)
    if first is not None and "://" not in first:  # a local path (the check reads local files)
        check_fields([first], fields)


def _start(folder: OutputFolder, job: dict[str, Any], parts: int, resume: bool) -> tuple[Manifest, str]:
    """The manifest to continue (the interrupted job's, on resume), else a fresh one in a cleared folder."""
    previous = Manifest.load(folder)
    if resume and previous is not None:
        if previous.job != job or previous.parts_total != parts:
            raise BatchError(f"cannot resume {folder.url}: the interrupted job had other inputs or options (or an "
                             f"input changed since); rerun without --resume to start over")
        if previous.complete:
            return previous, f"nothing to resume: {folder.url} is complete"
        return previous, f"resuming: {len(previous.parts)} of {parts} parts were done"
    note = ""
    if previous is not None or folder.list(PART_PREFIX):
        note = "started over: the parts of an earlier job in the folder were removed (--resume continues one)"
    for name in folder.list(PART_PREFIX) + [ERRORS_FOLDER, STAGING, MANIFEST]:
        folder.remove(name)
    manifest = Manifest(job, parts)
    manifest.save(folder)
    return manifest, note


def _run(client: Any, tasks: list[PartTask], shards: list[Shard], folder: OutputFolder, manifest: Manifest,
         meter: Progress) -> list[tuple[int, BaseException]]:
    """Run the tasks; each part that commits goes into the manifest. The parts that failed, with why."""
    from dask.distributed import as_completed

    run = uuid.uuid4().hex[:8]  # a rerun's tasks must not share keys with a killed run's still on the cluster
    futures = client.map(write_part, tasks, key=[f"vnnews-part-{t.index:05d}-{run}" for t in tasks], pure=False)
    index_of = {future.key: task.index for future, task in zip(futures, tasks)}
    failures = []
    saved, pause = time.monotonic(), MANIFEST_SECONDS
    for future in as_completed(futures):
        index = index_of[future.key]
        try:
            result = future.result()
        except Exception as error:
            failures.append((index, error))
            continue
        finally:
            future.release()
        manifest.add({"index": index, "input": shards[index].name, "output": part_name(index, tasks[0].fmt),
                      "errors_output": errors_name(index) if result["errors"] else None,
                      **{key: result[key] for key in ("records", "ok", "errors", "seconds", "worker")}})
        meter.update(*manifest.totals())
        if time.monotonic() - saved >= pause:
            began = time.monotonic()
            manifest.save(folder)
            saved = time.monotonic()
            # A manifest of many thousand parts takes a while to write: then it is written less often.
            pause = max(MANIFEST_SECONDS, 20 * (saved - began))
    return failures


def _failure_message(failures: list[tuple[int, BaseException]], shards: list[Shard], folder: OutputFolder) -> str:
    index, error = min(failures, key=lambda failure: failure[0])
    cause = f"{type(error).__name__}: {error}".splitlines()[0][:300]
    return (f"{len(failures)} of {len(shards)} parts failed (the first, from {shards[index].name}: {cause}); "
            f"the parts done are listed in {folder.url_of(MANIFEST)}: rerun with --resume to redo the rest")


def report(summary: FilesSummary, stream: TextIO | None = None) -> None:
    """The end-of-job summary line."""
    import sys

    stream = stream or sys.stderr
    folder = summary.output.rstrip("/")
    stream.write(f"vnnews batch: {summary.line()}; output {folder}/ (manifest {folder}/{MANIFEST})\n")
    if summary.errors:
        which = "every record" if not summary.ok else f"{summary.errors} of {summary.ok + summary.errors} records"
        stream.write(f"vnnews batch: {which} failed; see {folder}/{ERRORS_FOLDER}/ (exit status {summary.exit_code})\n")
