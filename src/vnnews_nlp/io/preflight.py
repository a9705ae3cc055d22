"""Checks of a job's inputs before any work: a whole file that cannot serve is refused in one line.

A record that breaks goes to the errors file and the job goes on; but a file whose
records can never be analysed (no text column, a `.gz` that is not gzip, a `.jsonl`
holding no JSON object) would only fill the errors file, so the job refuses to start,
naming the file and what it has instead.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError
from .fields import FieldMap
from .readers import STDIN, gzip_lines, input_kind, peek_stdin

SAMPLE_LINES = 100  # JSON Lines records read to learn which fields a dump has
MAX_LINE_BYTES = 16 << 20  # a longer line (or binary data without line breaks) ends the sample
GZIP_MAGIC = b"\x1f\x8b"
_DEFAULTS = FieldMap()
_OPTIONS = {"text": "--text-field", "id": "--id-field", "published": "--published-field", "title": "--title-field"}


def check_fields(paths: list[str], fields: FieldMap | None = None) -> None:
    """Raise `InputError` naming the file when an input lacks the text field (or the `html` that stands
    in for it), lacks a field the caller renamed, or cannot be read as its type at all."""
    fields = fields or FieldMap()
    for path in paths:
        kind = input_kind(path)
        if kind in ("folder", "text", "html"):
            continue
        _check_gzip(path)
        if kind == "csv":
            names, what = _csv_header(Path(path)), "columns"
        elif kind == "parquet":
            names, what = _parquet_columns(Path(path)), "columns"
        else:
            names, what = _jsonl_fields(path), "fields"
        if names is not None:
            _check_names(path, names, fields, what)


def _check_gzip(path: str) -> None:
    if path != STDIN and path.lower().endswith(".gz"):
        with open(path, "rb") as handle:
            head = handle.read(2)
        if head and head != GZIP_MAGIC:
            raise InputError(path, "not a gzip file, though its name ends in .gz")


def _check_names(path: str, names: list[str], fields: FieldMap, what: str) -> None:
    present = set(names)
    listed = ", ".join(sorted(present, key=str.lower)) or "none"
    # The text is needed (an `html` field stands in for it); the others only when renamed.
    if fields.text not in present and "html" not in present:
        raise InputError(path, f"no {what[:-1]} {fields.text!r} for the text (set {_OPTIONS['text']}); "
                               f"its {what} are: {listed}")
    for ours in ("id", "published", "title"):
        theirs = getattr(fields, ours)
        if theirs != getattr(_DEFAULTS, ours) and theirs not in present:
            raise InputError(path, f"no {what[:-1]} {theirs!r} ({_OPTIONS[ours]}); its {what} are: {listed}")


def _csv_header(path: Path) -> list[str] | None:
    from .tabular import _delimiter, _open_text

    try:
        with _open_text(path) as handle:
            return next(csv.reader(handle, delimiter=_delimiter(path)), None)
    except (OSError, EOFError, csv.Error) as error:
        raise InputError(str(path), f"cannot read its header: {error}") from None


def _parquet_columns(path: Path) -> list[str]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return list(pq.read_schema(path).names)
    except (OSError, pa.ArrowException) as error:
        raise InputError(str(path), f"not a readable Parquet file: {str(error).splitlines()[0][:200]}") from None


def _jsonl_fields(path: str) -> list[str] | None:
    """The fields of the first JSON objects; None for an empty input."""
    lines = peek_stdin(SAMPLE_LINES) if path == STDIN else list(_first_lines(path, SAMPLE_LINES))
    names: dict[str, None] = {}
    seen = objects = 0
    first_problem = ""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        seen += 1
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            first_problem = first_problem or f"line {number}: {_short(error)}"
            continue
        if isinstance(data, dict):
            objects += 1
            names.update(dict.fromkeys(map(str, data)))
        else:
            first_problem = first_problem or f"line {number}: a JSON {type(data).__name__}, not an object"
    if not seen:
        return None
    if not objects:
        raise InputError(path, f"not JSON Lines: none of its first {seen} line(s) is a JSON object ({first_problem})")
    return list(names)


def _short(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"not UTF-8 at byte {error.start}"
    return f"invalid JSON ({error.msg})" if isinstance(error, json.JSONDecodeError) else str(error)


def _first_lines(path: str, count: int) -> Iterator[bytes]:
    try:
        if path.lower().endswith(".gz"):
            lines: Iterable[bytes] = gzip_lines(Path(path))
            for i, line in enumerate(lines):
                if i >= count:
                    return
                yield line
            return
        with open(path, "rb") as handle:
            for _ in range(count):
                line = handle.readline(MAX_LINE_BYTES)
                if not line or (len(line) == MAX_LINE_BYTES and not line.endswith(b"\n")):
                    return  # the end, or a line too long to judge here: the job reads it
                yield line
    except (OSError, EOFError):
        return  # a truncated file: its whole records are read, the cut one reported, by the job
