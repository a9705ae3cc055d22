"""Dump readers: every input record comes out as an `InputRecord` or a `BadRecord`.

A reader never drops a record: what cannot be parsed becomes a `BadRecord`
that the batch job writes to its errors file. Records are numbered in one
stream over all inputs, so a rerun over the same inputs sees the same
positions (what `--resume` relies on).
"""
from __future__ import annotations

import csv
import json
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import InputError
from .fields import FieldMap

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
CSV_SUFFIXES = (".csv", ".tsv", ".csv.gz", ".tsv.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")
STDIN = "-"


@dataclass
class InputRecord:
    """One article of a dump, its fields under our names (`text`, `id`, `html` ...), and where it came from."""

    fields: dict[str, Any]
    source: str
    location: str  # "line 12", "row 3", or "file"

    @property
    def id(self) -> str | None:
        value = self.fields.get("id")
        return None if value is None else str(value)


@dataclass
class BadRecord:
    """A part of a dump that is not a readable record (broken JSON, binary junk, a truncated file)."""

    source: str
    location: str
    error: str
    id: str | None = field(default=None)


Item = InputRecord | BadRecord


def input_kind(path: str) -> str:
    """`jsonl`, `csv`, `parquet`, `text`, `html`, `folder` or `stdin`; InputError when unsupported or missing."""
    if path == STDIN:
        return "stdin"
    p = Path(path)
    if not p.exists():
        raise InputError(path, "no such file or directory")
    name = p.name.lower()
    if p.is_dir():
        return "folder"
    for kind, suffixes in (("jsonl", JSONL_SUFFIXES), ("csv", CSV_SUFFIXES), ("parquet", PARQUET_SUFFIXES),
                           ("text", TEXT_SUFFIXES), ("html", HTML_SUFFIXES)):
        if name.endswith(suffixes):
            return kind
    raise InputError(path, "unsupported input type (expected .jsonl[.gz], .csv, .tsv, .parquet, .txt, .html, a folder or -)")


def check_inputs(paths: list[str]) -> None:
    """Fail before any work when an input is missing or of an unknown type."""
    for path in paths:
        input_kind(path)


def read_inputs(paths: list[str], fields: FieldMap | None = None) -> Iterator[Item]:
    """All records of all inputs, in order."""
    fields = fields or FieldMap()
    for path in paths:
        yield from read_input(path, fields)


def read_input(path: str, fields: FieldMap | None = None) -> Iterator[Item]:
    """The records of one input; a file that breaks midway ends with a `BadRecord` saying so."""
    fields = fields or FieldMap()
    kind = input_kind(path)
    if kind == "folder":
        yield from _read_folder(Path(path))
    elif kind in ("text", "html"):
        yield _read_file(Path(path))
    elif kind == "stdin":
        yield from _read_jsonl_stream(stdin_lines(), "<stdin>", fields)
    elif kind == "jsonl":
        yield from _guarded(path, lambda: _read_jsonl(Path(path), fields))
    else:
        from . import tabular

        reader = tabular.read_csv if kind == "csv" else tabular.read_parquet
        yield from _guarded(path, lambda: reader(Path(path), fields))


def _guarded(path: str, make: Any) -> Iterator[Item]:
    """Records of `make()`, then one `BadRecord` if the file cannot be read to its end."""
    count = 0
    try:
        for item in make():
            count += 1
            yield item
    except (OSError, EOFError, ValueError, csv.Error) as error:  # truncated gzip, corrupt file
        where = f"after record {count}" if count else "file"
        yield BadRecord(path, where, f"cannot read the rest of the file: {_reason(error)}")


def _reason(error: Exception) -> str:
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return text.splitlines()[0][:300]


def _read_jsonl(path: Path, fields: FieldMap) -> Iterator[Item]:
    if path.name.lower().endswith(".gz"):
        yield from _read_jsonl_stream(gzip_lines(path), str(path), fields)
        return
    with open(path, "rb") as handle:
        yield from _read_jsonl_stream(handle, str(path), fields)


def gzip_lines(path: Path, block: int = 1 << 16) -> Iterator[bytes]:
    """The lines of a (multi-member) gzip file; complete lines before a truncation come out
    before the error (gzip's own reader drops what it had buffered)."""
    with open(path, "rb") as handle:
        inflate = zlib.decompressobj(wbits=31)
        pending = b""
        while True:
            data = handle.read(block)
            if not data:
                break
            while data:
                try:
                    pending += inflate.decompress(data)
                except zlib.error as error:
                    raise OSError(f"not a valid gzip stream ({error})") from None
                data = b""
                if inflate.eof and inflate.unused_data:  # the next member of a concatenated file
                    data = inflate.unused_data
                    inflate = zlib.decompressobj(wbits=31)
            *lines, pending = pending.split(b"\n")
            for line in lines:
                yield line + b"\n"
        if not inflate.eof:  # the cut line is accounted for by the error
            raise EOFError("the gzip stream is truncated")
        if pending:
            yield pending


def _read_jsonl_stream(handle: Iterable[bytes], source: str, fields: FieldMap) -> Iterator[Item]:
    for number, raw in enumerate(handle, start=1):
        if not raw.strip():
            continue
        yield parse_json_line(raw, source, number, fields)


def parse_json_line(raw: bytes, source: str, number: int, fields: FieldMap | None = None) -> Item:
    """One JSON Lines line → a record under our field names, or why it is not one."""
    location = f"line {number}"
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        return BadRecord(source, location, f"not UTF-8: {error.reason} at byte {error.start}")
    except json.JSONDecodeError as error:
        return BadRecord(source, location, f"invalid JSON: {error.msg} (column {error.colno})")
    if not isinstance(data, dict):
        return BadRecord(source, location, f"expected a JSON object, got {type(data).__name__}")
    return InputRecord((fields or FieldMap()).apply(data), source, location)


def _read_folder(folder: Path) -> Iterator[Item]:
    wanted = TEXT_SUFFIXES + HTML_SUFFIXES
    # Not `is_file()`: a broken link must come out as a failed record, not vanish.
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in wanted and not p.is_dir()):
        yield _read_file(path, root=folder)


def _read_file(path: Path, root: Path | None = None) -> Item:
    record_id = path.stem if root is None else path.relative_to(root).with_suffix("").as_posix()
    try:
        data = path.read_bytes()
    except OSError as error:
        return BadRecord(str(path), "file", f"cannot read: {error.strerror or error}", record_id)
    # Bytes go on as they are: decoding later records its warnings on the document.
    key = "html" if path.suffix.lower() in HTML_SUFFIXES else "text"
    return InputRecord({"id": record_id, key: data}, str(path), "file")


# Standard input can be read once: the lines the check reads are kept for the job.
_stdin_head: list[bytes] | None = None


def peek_stdin(count: int) -> list[bytes]:
    """The first `count` lines of standard input, kept so that `stdin_lines()` yields them again."""
    global _stdin_head
    if _stdin_head is None:
        _stdin_head = []
        for line in sys.stdin.buffer:
            _stdin_head.append(line)
            if len(_stdin_head) >= count:
                break
    return list(_stdin_head)


def stdin_lines() -> Iterator[bytes]:
    """Standard input's lines, those a check already read first."""
    global _stdin_head
    head, _stdin_head = _stdin_head or [], None
    yield from head
    yield from sys.stdin.buffer


def count_records(paths: list[str]) -> int | None:
    """How many records the inputs hold (for an ETA), or None when that cannot be known cheaply."""
    total = 0
    for path in paths:
        kind = input_kind(path)
        if kind == "stdin":
            return None
        if kind == "folder":
            wanted = TEXT_SUFFIXES + HTML_SUFFIXES
            total += sum(1 for p in Path(path).rglob("*") if p.suffix.lower() in wanted and not p.is_dir())
        elif kind in ("text", "html"):
            total += 1
        elif kind == "jsonl":
            try:
                if path.lower().endswith(".gz"):
                    total += sum(1 for line in gzip_lines(Path(path)) if line.strip())
                else:
                    with open(path, "rb") as handle:
                        total += sum(1 for line in handle if line.strip())
            except (OSError, EOFError):
                return None
        else:
            from . import tabular

            count = tabular.count_rows(Path(path), kind)
            if count is None:
                return None
            total += count
    return total
