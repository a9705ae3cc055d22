"""Batch jobs: a dump in, one output line per record, failures in an errors file.

Every input record yields exactly one output document or one error entry.
Outputs are written to a temporary file and renamed when complete, so a crash
never leaves a half-written output under the final name.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .api import RecordError, analyze_many
from .io.readers import BadRecord, InputRecord, read_inputs


@dataclass
class BatchSummary:
    ok: int = 0
    errors: int = 0
    seconds: float = 0.0

    @property
    def docs_per_second(self) -> float:
        return (self.ok + self.errors) / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (f"{self.ok} ok, {self.errors} errors, {self.seconds:.1f} s, "
                f"{self.docs_per_second:.1f} docs/s")


def errors_path(output: Path) -> Path:
    """`out.jsonl` → `out.errors.jsonl` (beside the output)."""
    name = output.name
    for suffix in (".jsonl.gz", ".jsonl", ".json"):
        if name.endswith(suffix):
            return output.with_name(name[: -len(suffix)] + ".errors.jsonl")
    return output.with_name(name + ".errors.jsonl")


def run_batch(
    inputs: list[str],
    output: Path,
    *,
    workers: int = 1,
    tokens: bool = False,
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Analyse every record of `inputs` into JSON Lines at `output` (errors beside it)."""
    summary = BatchSummary()
    started = time.perf_counter()
    output.parent.mkdir(parents=True, exist_ok=True)
    err_path = errors_path(output)
    tmp_out = output.with_name(output.name + ".part")
    tmp_err = err_path.with_name(err_path.name + ".part")
    entries: list = []  # source/location of each record, by position

    def records() -> Iterator:
        for item in read_inputs(inputs):
            entries.append(item)
            yield item.fields if isinstance(item, InputRecord) else _Unreadable(item)

    with open(tmp_out, "w", encoding="utf-8") as out, open(tmp_err, "w", encoding="utf-8") as err:
        for position, result in enumerate(analyze_many(records(), workers=workers, tokens=tokens, on_error="yield")):
            item = entries[position]
            entries[position] = None  # keep memory flat on long dumps
            if isinstance(result, RecordError):
                err.write(json.dumps(_error_entry(item, result), ensure_ascii=False) + "\n")
                summary.errors += 1
            else:
                out.write(result.to_json() + "\n")
                summary.ok += 1
            if progress:
                progress(position + 1)
    os.replace(tmp_out, output)
    os.replace(tmp_err, err_path)
    summary.seconds = time.perf_counter() - started
    return summary


class _Unreadable(dict):
    """Stands in the record stream for a line the reader could not parse."""

    def __init__(self, bad: BadRecord):
        super().__init__()
        self.bad = bad


def _error_entry(item, result: RecordError) -> dict:
    if isinstance(item, BadRecord):
        return {"id": item.id, "position": result.position, "source": item.source,
                "location": item.location, "error": item.error}
    return {"id": result.id, "position": result.position, "source": item.source,
            "location": item.location, "error": result.error}
