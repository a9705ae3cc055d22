"""Batch jobs: dumps in, one output record per input record, failures in an errors file.

Every input record yields exactly one output document or one entry in
`OUTPUT.errors.jsonl` (id, source, line or row, error). Results are appended
in input order to staging files beside the output and checkpointed; the final
files appear under their names only when complete. `resume=True` continues an
interrupted job from its last checkpoint and gives exactly the output an
uninterrupted run would have given.
"""
from __future__ import annotations

import json
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Iterator, TextIO

from .api import RecordError, analyze_chunk, chunked, local_executor, ordered_map
from .errors import VnnewsError
from .io.fields import FieldMap
from .io.journal import Checkpoint, input_signature, sync, truncate
from .io.progress import Progress
from .io.preflight import check_fields
from .io.readers import BadRecord, InputRecord, check_inputs, count_records, read_inputs
from .io.writers import check_writable, errors_path, finalize, output_format

ENGINES = ("local", "dask")
CHECKPOINT_SECONDS = 5.0
# Exit status of `vnnews batch` (docs/cli.md): 1 the job could not run, 2 a usage error (click).
EXIT_OK, EXIT_SOME_FAILED, EXIT_ALL_FAILED = 0, 3, 4


class BatchError(VnnewsError):
    """The job as a whole cannot go on (its output cannot be written, a resume does not match)."""


@dataclass
class BatchSummary:
    ok: int = 0
    errors: int = 0
    seconds: float = 0.0
    resumed_from: int = 0  # records a previous run had already done
    note: str = ""  # what the user should know about how the job started

    @property
    def docs_per_second(self) -> float:
        done = self.ok + self.errors - self.resumed_from
        return done / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        resumed = f" (resumed after {self.resumed_from})" if self.resumed_from else ""
        return (f"{self.ok} ok, {self.errors} errors{resumed}, {self.seconds:.1f} s, "
                f"{self.docs_per_second:.1f} docs/s")

    @property
    def exit_code(self) -> int:
        """0 when every record gave a document, 3 when some failed, 4 when all did."""
        if not self.errors:
            return EXIT_OK
        return EXIT_SOME_FAILED if self.ok else EXIT_ALL_FAILED


@dataclass(frozen=True)
class JobFiles:
    """Where a job writes: final files, their staging copies, and the checkpoint."""

    output: Path

    @property
    def errors(self) -> Path:
        return errors_path(self.output)

    @property
    def staging(self) -> Path:
        return self.output.with_name(self.output.name + ".part")

    @property
    def errors_staging(self) -> Path:
        return self.errors.with_name(self.errors.name + ".part")

    @property
    def checkpoint(self) -> Path:
        return self.output.with_name(self.output.name + ".progress.json")


def run_batch(
    inputs: list[str],
    output: Path,
    *,
    workers: int = 1,
    tokens: bool = False,
    fields: FieldMap | None = None,
    include_text: bool = False,
    resume: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool | None = None,
    log: TextIO | None = None,
    chunk_size: int = 16,
    checkpoint_every: int = 1000,
) -> BatchSummary:
    """Analyse every record of `inputs` into `output` (.jsonl, .jsonl.gz, .parquet, .csv, .tsv).

    Before any work, raises `InputError` for an input that is missing, of an unknown type, or
    that lacks the text field (or a renamed one; the message lists the fields it has), and for
    an output that cannot be written; `BatchError` when the job cannot go on. `include_text`
    puts the analysed text in every document (it is there anyway when it differs from the
    input: decoded files, HTML). `progress`: True for a bar, False for periodic log lines,
    None to pick by whether `log` (stderr) is a terminal. `BatchSummary.exit_code` says
    whether every record succeeded.
    """
    if engine not in ENGINES:
        raise BatchError(f"unknown engine {engine!r} (expected {' or '.join(ENGINES)})")
    fields = fields or FieldMap()
    fmt = output_format(output)
    check_inputs(inputs)
    check_writable(output)
    check_fields(inputs, fields)
    files = JobFiles(output)
    signature = {"inputs": input_signature(inputs), "fields": fields.to_dict(), "tokens": tokens, "format": fmt}
    if include_text:
        signature["text"] = True
    state, note = _start(files, signature, resume)
    summary = BatchSummary(state.ok, state.errors, resumed_from=state.records, note=note)
    if state.finished and not files.staging.exists() and not files.checkpoint.exists():
        return summary
    started = time.perf_counter()
    if not state.finished:
        meter = Progress(lambda: count_records(inputs), state.records, bar=progress, stream=log)
        try:
            with _executor(engine, workers, scheduler, chunk_size) as (executor, window):
                _process(inputs, fields, files, state, executor, window, (tokens, include_text), chunk_size,
                         checkpoint_every, meter)
        except BrokenProcessPool:
            raise BatchError("a worker process died (killed, or out of memory); the results so far are "
                             "checkpointed: rerun with --resume to continue") from None
        finally:
            meter.close()
    _finish(files, state, fmt, tokens)
    summary.ok, summary.errors = state.ok, state.errors
    summary.seconds = time.perf_counter() - started
    return summary


def _start(files: JobFiles, signature: dict[str, Any], resume: bool) -> tuple[Checkpoint, str]:
    """The checkpoint to continue from (the interrupted job's on resume, else a fresh one) and a note."""
    previous = Checkpoint.load(files.checkpoint)
    if resume and previous is not None:
        if previous.signature != signature:
            raise BatchError(f"cannot resume {files.output}: the interrupted job had other inputs or options "
                             f"(or an input changed since); rerun without --resume to start over")
        if not previous.finished:
            try:
                truncate(files.staging, previous.output_bytes)
                truncate(files.errors_staging, previous.errors_bytes)
            except OSError as error:
                raise BatchError(f"cannot resume: {error}; rerun without --resume to start over") from None
        return previous, f"resuming after record {previous.records}"
    if resume and files.output.exists() and not files.staging.exists():
        done = Checkpoint(signature, finished=True)
        return done, f"nothing to resume: {files.output} is complete"
    note = "started over: the partial output of an interrupted job was discarded (--resume continues one)" \
        if previous is not None else ""
    state = Checkpoint(signature)
    for path in (files.staging, files.errors_staging):
        path.write_bytes(b"")
    state.save(files.checkpoint)
    return state, note


def _process(inputs: list[str], fields: FieldMap, files: JobFiles, state: Checkpoint, executor: Any, window: int,
             options: tuple[bool, bool], chunk_size: int, checkpoint_every: int, meter: Progress) -> None:
    items = islice(enumerate(read_inputs(inputs, fields)), state.records, None)
    submit = _submitter(executor, *options)
    last_saved, last_time = state.records, time.monotonic()
    with open(files.staging, "ab") as out, open(files.errors_staging, "ab") as err:
        for chunk, results in ordered_map(submit, chunked(items, chunk_size), window):
            for (position, item), result in zip(chunk, _merge(chunk, results, fields)):
                if isinstance(result, str):
                    out.write(_utf8(result))
                    state.ok += 1
                else:
                    err.write(_utf8(json.dumps(_error_entry(item, position, result), ensure_ascii=False)))
                    state.errors += 1
                state.records = position + 1
            meter.update(state.records, state.ok, state.errors)
            if state.records - last_saved >= checkpoint_every or time.monotonic() - last_time >= CHECKPOINT_SECONDS:
                _checkpoint(state, files, out, err)
                last_saved, last_time = state.records, time.monotonic()
        state.finished = True
        _checkpoint(state, files, out, err)


def _utf8(line: str) -> bytes:
    """One JSON line as UTF-8. A lone surrogate (from an escaped `\\udc80` in the input) can only sit
    inside a JSON string, where the backslash escape written for it is the same JSON value."""
    return line.encode("utf-8", "backslashreplace") + b"\n"


def _submitter(executor: Any, tokens: bool, include_text: bool = False):
    def submit(chunk: list[tuple[int, InputRecord | BadRecord]]):
        work = [(position, item.fields) for position, item in chunk if _analysable(item)]
        return executor.submit(analyze_chunk, work, tokens, True, include_text)

    return submit


def _analysable(item: InputRecord | BadRecord) -> bool:
    return isinstance(item, InputRecord) and ("text" in item.fields or "html" in item.fields)


def _merge(chunk: list, results: list, fields: FieldMap) -> Iterator[str | RecordError]:
    """Results back in chunk order: records that never went to a worker get their error here."""
    done = iter(results)
    for position, item in chunk:
        if isinstance(item, BadRecord):
            yield RecordError(item.id, position, item.error, item.source)
        elif not _analysable(item):
            yield RecordError(item.id, position, f"no text: field {fields.text!r} is missing or null", item.source)
        else:
            yield next(done)


def _checkpoint(state: Checkpoint, files: JobFiles, out: Any, err: Any) -> None:
    sync(out, err)
    state.output_bytes, state.errors_bytes = out.tell(), err.tell()
    state.save(files.checkpoint)


def _finish(files: JobFiles, state: Checkpoint, fmt: str, tokens: bool) -> None:
    """Staging → final files; rerunnable, so a crash in here is resumed too."""
    if files.staging.exists():
        finalize(files.staging, files.output, fmt, tokens)
    if files.errors_staging.exists():
        files.errors_staging.replace(files.errors)
    files.checkpoint.unlink(missing_ok=True)


def _error_entry(item: InputRecord | BadRecord, position: int, result: RecordError) -> dict[str, Any]:
    return {"id": result.id if result.id is not None else item.id, "source": item.source,
            "location": item.location, "position": position, "error": result.error}


@contextmanager
def _executor(engine: str, workers: int, scheduler: str | None, chunk_size: int) -> Iterator[tuple[Any, int]]:
    """(executor, look-ahead in chunks): local processes, or a Dask cluster."""
    if engine == "dask":
        from .dask import cluster_executor

        with cluster_executor(scheduler, workers) as (executor, slots):
            yield executor, slots * 4
        return
    with local_executor(workers, chunk_size) as executor:
        yield executor, max(workers, 1) * 4


def report(summary: BatchSummary, output: Path, stream: TextIO | None = None) -> None:
    """The end-of-job summary line, and a second one when records failed."""
    stream = stream or sys.stderr
    stream.write(f"vnnews batch: {summary.line()}; output {output}, errors {errors_path(output)}\n")
    if summary.errors:
        which = "every record" if not summary.ok else f"{summary.errors} of {summary.ok + summary.errors} records"
        stream.write(f"vnnews batch: {which} failed; see {errors_path(output)} (exit status {summary.exit_code})\n")
