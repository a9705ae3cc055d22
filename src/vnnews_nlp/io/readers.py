"""Dump readers: every input record comes out as an `InputRecord` or a `BadRecord`.

A reader never drops a line: what cannot be parsed becomes a `BadRecord` that
the batch job writes to its errors file.
"""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError

TEXT_SUFFIXES = (".txt",)


@dataclass
class InputRecord:
    """One article of a dump, with where it came from."""

    fields: dict[str, Any]
    source: str
    location: str  # "line 12", "row 3", or the file itself

    @property
    def id(self) -> str | None:
        value = self.fields.get("id")
        return None if value is None else str(value)


@dataclass
class BadRecord:
    """A part of a dump that is not a readable record (broken JSON, binary junk)."""

    source: str
    location: str
    error: str
    id: str | None = field(default=None)


def read_inputs(paths: list[str]) -> Iterator[InputRecord | BadRecord]:
    """All records of all inputs, in order. Raises `InputError` for an input that cannot be opened at all."""
    for path in paths:
        yield from read_input(path)


def read_input(path: str) -> Iterator[InputRecord | BadRecord]:
    p = Path(path)
    if not p.exists():
        raise InputError(path, "no such file or directory")
    if p.is_dir():
        yield from _read_folder(p)
    elif p.name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        yield from _read_jsonl(p)
    elif p.suffix in TEXT_SUFFIXES:
        yield _read_text_file(p)
    else:
        raise InputError(path, "unsupported input type (expected .jsonl, .jsonl.gz, .txt or a folder)")


def _read_jsonl(path: Path) -> Iterator[InputRecord | BadRecord]:
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                yield _parse_json_line(raw, str(path), number)
    except (OSError, EOFError) as error:  # truncated gzip, unreadable file
        raise InputError(str(path), f"cannot read: {error}") from None


def _parse_json_line(raw: bytes, source: str, number: int) -> InputRecord | BadRecord:
    location = f"line {number}"
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        return BadRecord(source, location, f"not UTF-8: {error.reason} at byte {error.start}")
    except json.JSONDecodeError as error:
        return BadRecord(source, location, f"invalid JSON: {error.msg} (column {error.colno})")
    if not isinstance(data, dict):
        return BadRecord(source, location, f"expected a JSON object, got {type(data).__name__}")
    return InputRecord(data, source, location)


def _read_folder(folder: Path) -> Iterator[InputRecord | BadRecord]:
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES):
        yield _read_text_file(path, root=folder)


def _read_text_file(path: Path, root: Path | None = None) -> InputRecord | BadRecord:
    record_id = path.stem if root is None else str(path.relative_to(root).with_suffix(""))
    try:
        data = path.read_bytes()
    except OSError as error:
        return BadRecord(str(path), "file", f"cannot read: {error.strerror or error}", record_id)
    # Bytes go to the pipeline as they are: decoding there records its warnings on the document.
    return InputRecord({"id": record_id, "text": data}, str(path), "file")
