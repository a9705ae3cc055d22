"""CSV/TSV and Parquet dumps, one record per row, read in bounded batches."""
from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path
from typing import BinaryIO, Iterator

from .fields import FieldMap
from .readers import BadRecord, InputRecord

_PARQUET_BATCH = 256

csv.field_size_limit(sys.maxsize)  # one article per cell can exceed csv's 128 KB default


def _open_text(path: Path | BinaryIO, source: str | None = None) -> io.TextIOBase:
    gz = (source or str(path)).lower().endswith(".gz")
    if isinstance(path, Path):
        raw = gzip.open(path, "rb") if gz else open(path, "rb")
    else:  # an opened file (closing it twice is harmless)
        raw = gzip.GzipFile(fileobj=path, mode="rb") if gz else path
    # surrogateescape keeps bad bytes visible per row instead of failing the whole file.
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")


def _delimiter(source: str) -> str:
    return "\t" if ".tsv" in Path(source).name.lower() else ","


def read_csv(path: Path | BinaryIO, fields: FieldMap, source: str | None = None) -> Iterator[InputRecord | BadRecord]:
    """Rows of a CSV (comma) or TSV (tab) file with a header line, given by path or opened (then
    `source` names it; .tsv and .gz are told by that name).

    Quoting is read strictly: a quote left open would otherwise swallow the
    rows after it into one cell without a word.
    """
    source = source or str(path)
    with _open_text(path, source) as handle:
        reader = csv.reader(handle, delimiter=_delimiter(source), strict=True)
        header = next(reader, None)
        if header is None:
            return
        number = 0
        while True:
            start_line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                number += 1
                where = f"lines {start_line}-{reader.line_num}" if reader.line_num > start_line else f"line {start_line}"
                yield BadRecord(source, f"row {number}", f"broken CSV quoting ({where}): {error}")
                continue
            number += 1
            yield _row_record(header, row, source, number, fields)


def _row_record(header: list[str], row: list[str], source: str, number: int, fields: FieldMap):
    location = f"row {number}"
    if not row or all(not cell for cell in row):
        return BadRecord(source, location, "empty row")
    if len(row) != len(header):
        return BadRecord(source, location, f"{len(row)} cells, the header has {len(header)}")
    if any(_has_bad_bytes(cell) for cell in row):
        return BadRecord(source, location, "not UTF-8: undecodable bytes in a cell")
    return InputRecord(fields.apply(dict(zip(header, row))), source, location)


def _has_bad_bytes(cell: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in cell)


def read_parquet(path: Path | BinaryIO, fields: FieldMap, source: str | None = None) -> Iterator[InputRecord | BadRecord]:
    """Rows of a Parquet file (a path, or an opened file that `source` names), a few hundred at a time."""
    import pyarrow.parquet as pq

    source = source or str(path)
    number = 0
    parquet = pq.ParquetFile(path)
    for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH):
        for row in batch.to_pylist():
            number += 1
            yield InputRecord(fields.apply(row), source, f"row {number}")


def count_rows(path: Path, kind: str) -> int | None:
    """Rows in a CSV/TSV or Parquet file, or None if it cannot be read."""
    try:
        if kind == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows
        with _open_text(path) as handle:
            return max(sum(1 for _ in csv.reader(handle, delimiter=_delimiter(str(path)))) - 1, 0)
    except (OSError, EOFError, ValueError, csv.Error):
        return None
