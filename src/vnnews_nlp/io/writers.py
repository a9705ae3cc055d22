"""Output formats, chosen by extension. A job always writes JSON Lines first (the
staging file, appendable and resumable); `finalize` turns it into the asked-for
format in bounded batches and renames it into place, so the final name never
holds a half-written file.
"""
from __future__ import annotations

import csv
import gzip
import json
import os
import shutil
from itertools import islice
from pathlib import Path
from typing import Iterator

from ..errors import InputError

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonl.gz": "jsonl.gz", ".ndjson.gz": "jsonl.gz",
           ".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".tsv": "tsv"}
_BATCH = 500


def output_format(path: Path) -> str:
    """`jsonl`, `jsonl.gz`, `parquet`, `csv` or `tsv`, from the output's name."""
    name = path.name.lower()
    for suffix, fmt in sorted(FORMATS.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(suffix):
            return fmt
    raise InputError(str(path), "unsupported output type (expected .jsonl, .jsonl.gz, .parquet, .csv or .tsv)")


def check_writable(path: Path) -> None:
    """Fail before any work when `path` cannot be written: its folder is missing or not a folder,
    not writable, or `path` is a folder itself. Raises `InputError` naming the path."""
    folder = path.parent
    if path.is_dir():
        raise InputError(str(path), "is a directory (give a file name with a format's extension)")
    if not folder.exists():
        raise InputError(str(folder), "no such directory (create it first)")
    if not folder.is_dir():
        raise InputError(str(folder), "not a directory")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InputError(str(path if path.exists() else folder), "permission denied: cannot write there")


def errors_path(output: Path) -> Path:
    """`out.jsonl` / `out.parquet` → `out.errors.jsonl`, beside the output."""
    name = output.name
    for suffix in sorted(FORMATS, key=len, reverse=True) + [".json"]:
        if name.lower().endswith(suffix):
            return output.with_name(name[: -len(suffix)] + ".errors.jsonl")
    return output.with_name(name + ".errors.jsonl")


def finalize(staging: Path, output: Path, fmt: str, tokens: bool = False) -> None:
    """Turn the complete staging JSON Lines into `output` (a temporary name, then an atomic rename)."""
    if fmt == "jsonl":
        os.replace(staging, output)
        return
    tmp = output.with_name(output.name + ".tmp")
    if fmt == "jsonl.gz":
        with open(staging, "rb") as src, gzip.open(tmp, "wb", compresslevel=6) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    elif fmt == "parquet":
        _write_parquet(staging, tmp, tokens)
    else:
        _write_csv(staging, tmp, tokens, delimiter="\t" if fmt == "tsv" else ",")
    os.replace(tmp, output)
    staging.unlink()


def _batches(staging: Path) -> Iterator[list[dict]]:
    with open(staging, "rb") as handle:
        while True:
            lines = list(islice(handle, _BATCH))
            if not lines:
                return
            yield [json.loads(line) for line in lines]


def _write_parquet(staging: Path, target: Path, tokens: bool) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .arrow_schema import document_arrow_schema

    schema = document_arrow_schema(tokens)
    with pq.ParquetWriter(target, schema, compression="zstd") as writer:
        for rows in _batches(staging):
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))


def _write_csv(staging: Path, target: Path, tokens: bool, delimiter: str) -> None:
    from ..frames import flatten_for_csv
    from .arrow_schema import document_columns

    columns = document_columns(tokens)
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, delimiter=delimiter)
        writer.writeheader()
        for rows in _batches(staging):
            writer.writerows(flatten_for_csv(row) for row in rows)
