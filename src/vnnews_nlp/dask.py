"""Run the pipeline on Dask: a batch job on a cluster, or a user's own bag or DataFrame.

Needs the optional extra: `pip install 'vnnews-nlp[dask]'`. Each worker
process builds the pipeline once (`load()` caches it) and analyses whole
partitions through `nlp.pipe`. `analyze_files` runs a job whose workers read
their own input files and write their own part files (`vnnews_nlp.cluster`).
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Any, Iterator

from .api import RecordError, analyze_chunk

try:
    import dask.bag as db
    import dask.dataframe as dd
    from dask.distributed import Client
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError("vnnews_nlp.dask needs Dask: pip install 'vnnews-nlp[dask]'") from error

import pandas as pd

from .cluster import FilesSummary, analyze_files, connect

__all__ = ["FilesSummary", "analyze_bag", "analyze_dataframe", "analyze_files", "cluster_executor"]

# The flat columns of `analyze_dataframe`; nested fields are JSON strings, as in CSV output.
DATAFRAME_COLUMNS = ("id", "title", "author", "published", "category", "category_score", "entities",
                     "abbreviations", "entity_groups", "boilerplate", "expanded_text", "warnings", "error")


class _ClientExecutor:
    """`submit(fn, *args)` on a Dask client; results come back as distributed futures."""

    def __init__(self, client: Client):
        self.client = client

    def submit(self, fn: Any, *args: Any) -> Any:
        return self.client.submit(fn, *args, pure=False)


@contextmanager
def cluster_executor(scheduler: str | None, workers: int) -> Iterator[tuple[_ClientExecutor, int]]:
    """(executor, task slots) on the scheduler at `scheduler`, or on a local cluster of `workers` processes."""
    with connect(scheduler, workers) as client:
        slots = sum(client.nthreads().values()) if scheduler else max(workers, 1)
        yield _ClientExecutor(client), slots or 1


def _analyze_partition(records: list[Any], tokens: bool) -> list[dict[str, Any]]:
    """One partition: documents as dicts, failures as `{"id", "position", "error"}`."""
    results = analyze_chunk(list(enumerate(records)), tokens, as_json=True)
    return [json.loads(r) if isinstance(r, str) else _error_dict(r) for r in results]


def _error_dict(error: RecordError) -> dict[str, Any]:
    return {"id": error.id, "position": error.position, "error": error.error}


def analyze_bag(bag: db.Bag, *, tokens: bool = False) -> db.Bag:
    """A bag of records (dicts with `text`, optional `id`, `published`, `title`, `html`; or strings)
    → a bag of output documents as dicts, one per record, in order. A record that
    fails gives `{"id", "position", "error"}` (position within its partition)."""
    return bag.map_partitions(_analyze_partition, tokens)


def analyze_dataframe(
    ddf: dd.DataFrame,
    *,
    text_column: str = "text",
    id_column: str | None = None,
    published_column: str | None = None,
    title_column: str | None = None,
    tokens: bool = False,
) -> dd.DataFrame:
    """One output row per input row, same index: flat fields, nested ones as JSON strings, `error` for failures."""
    columns = {"text": text_column, "id": id_column, "published": published_column, "title": title_column}
    meta = pd.DataFrame({name: pd.Series(dtype="float64" if name == "category_score" else "object")
                         for name in DATAFRAME_COLUMNS})
    return ddf.map_partitions(_analyze_frame, columns, tokens, meta=meta)


def _analyze_frame(frame: pd.DataFrame, columns: dict[str, str | None], tokens: bool) -> pd.DataFrame:
    wanted = {ours: theirs for ours, theirs in columns.items() if theirs}
    records = []
    for index, values in zip(frame.index, frame[list(wanted.values())].to_dict("records")):
        record = {ours: None if _missing(values[theirs]) else values[theirs] for ours, theirs in wanted.items()}
        if record.get("id") is None:
            record["id"] = str(index)
        records.append(record)
    rows = [_row(result) for result in _analyze_partition(records, tokens)]
    return pd.DataFrame(rows, index=frame.index, columns=list(DATAFRAME_COLUMNS))


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _row(result: dict[str, Any]) -> dict[str, Any]:
    if "error" in result and "schema_version" not in result:
        return {"id": result["id"], "error": result["error"]}
    category = result.get("category") or {}
    row = {name: result.get(name) for name in DATAFRAME_COLUMNS if name not in ("category", "category_score", "error")}
    row.update(category=category.get("label"), category_score=category.get("score"), error=None)
    for name in ("entities", "abbreviations", "entity_groups", "boilerplate", "warnings"):
        row[name] = json.dumps(row[name], ensure_ascii=False)
    return row
