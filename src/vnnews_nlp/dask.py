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
from .schema import document_schema

try:
    import dask.bag as db
    import dask.dataframe as dd
    from dask.distributed import Client
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError("vnnews_nlp.dask needs Dask: pip install 'vnnews-nlp[dask]'") from error

import pandas as pd

from .cluster import FilesSummary, analyze_files, connect

__all__ = ["FilesSummary", "analyze_bag", "analyze_dataframe", "analyze_files", "cluster_executor",
           "dataframe_columns"]

_TOKEN_SECTIONS = ("sentences", "tokens")


def dataframe_columns(tokens: bool = False) -> tuple[str, ...]:
    """The columns of `analyze_dataframe`: the output document's fields in schema order
    (`category` as its label and `category_score`, no `schema_version`), the token
    sections only with `tokens`, then `error`."""
    names: list[str] = []
    for name in document_schema()["properties"]:
        if name == "schema_version" or (name in _TOKEN_SECTIONS and not tokens):
            continue
        names.extend(("category", "category_score") if name == "category" else (name,))
    return (*names, "error")


# Read from the schema so that a field the schema gains reaches the DataFrame too.
DATAFRAME_COLUMNS = dataframe_columns()


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


def _analyze_partition(records: list[Any], tokens: bool, include_text: bool = False) -> list[dict[str, Any]]:
    """One partition: documents as dicts, failures as `{"id", "position", "error"}`."""
    results = analyze_chunk(list(enumerate(records)), tokens, as_json=True, include_text=include_text)
    return [json.loads(r) if isinstance(r, str) else _error_dict(r) for r in results]


def _error_dict(error: RecordError) -> dict[str, Any]:
    return {"id": error.id, "position": error.position, "error": error.error}


def analyze_bag(bag: db.Bag, *, tokens: bool = False, include_text: bool = False) -> db.Bag:
    """A bag of records (dicts with `text`, optional `id`, `published`, `title`, `html`; or strings)
    → a bag of output documents as dicts, one per record, in order. A record that
    fails gives `{"id", "position", "error"}` (position within its partition).
    `include_text` puts the analysed text in every document (`vnnews --text`)."""
    return bag.map_partitions(_analyze_partition, tokens, include_text)


def analyze_dataframe(
    ddf: dd.DataFrame,
    *,
    text_column: str = "text",
    id_column: str | None = None,
    published_column: str | None = None,
    title_column: str | None = None,
    tokens: bool = False,
    include_text: bool = False,
) -> dd.DataFrame:
    """One output row per input row, same index: the fields of the JSON output (`dataframe_columns`),
    nested ones as JSON strings, `error` for failures. `text` holds the analysed text when
    `include_text` is set (`vnnews --text`) or when it is not the input as given, else None."""
    columns = {"text": text_column, "id": id_column, "published": published_column, "title": title_column}
    meta = pd.DataFrame({name: pd.Series(dtype="float64" if name == "category_score" else "object")
                         for name in dataframe_columns(tokens)})
    return ddf.map_partitions(_analyze_frame, columns, tokens, include_text, meta=meta)


def _analyze_frame(frame: pd.DataFrame, columns: dict[str, str | None], tokens: bool,
                   include_text: bool = False) -> pd.DataFrame:
    wanted = {ours: theirs for ours, theirs in columns.items() if theirs}
    records = []
    for index, values in zip(frame.index, frame[list(wanted.values())].to_dict("records")):
        record = {ours: None if _missing(values[theirs]) else values[theirs] for ours, theirs in wanted.items()}
        if record.get("id") is None:
            record["id"] = str(index)
        records.append(record)
    names = dataframe_columns(tokens)
    rows = [_row(result, names) for result in _analyze_partition(records, tokens, include_text)]
    return pd.DataFrame(rows, index=frame.index, columns=list(names))


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _row(result: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    if "error" in result and "schema_version" not in result:
        return {"id": result["id"], "error": result["error"]}
    category = result.get("category") or {}
    row = {name: result.get(name) for name in names if name not in ("category", "category_score", "error")}
    row.update(category=category.get("label"), category_score=category.get("score"), error=None)
    for name, value in row.items():
        if isinstance(value, (list, dict)):
            row[name] = json.dumps(value, ensure_ascii=False)
    return row
