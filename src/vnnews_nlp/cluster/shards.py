"""The inputs of a cluster job as shards: files that one worker reads whole, named so that every
worker can open them (an absolute path on storage they all see, or an fsspec URL).

A dump file (JSON Lines, CSV/TSV, Parquet) is one shard; .txt/.html files go in shards of
`FILES_PER_SHARD`. Globs and folders are expanded here, on the driver, from listings only: no
record is read until a worker reads its shard.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterator

from ..errors import InputError
from ..io.fields import FieldMap
from ..io.readers import STDIN, Item, file_kind, file_record, read_dump_stream

FILES_PER_SHARD = 500
GLOB_CHARS = "*?["
# What a listing gives as a file's version, by filesystem (local, S3, GCS, Azure, memory ...).
_VERSION_KEYS = ("mtime", "LastModified", "last_modified", "updated", "mtime_ns", "ETag", "etag", "created")


@dataclass(frozen=True)
class Shard:
    """Files read by one task: one dump file (`kind` jsonl, csv or parquet) or a run of `files`
    (.txt/.html, ids relative to `root`)."""

    kind: str
    paths: tuple[str, ...]
    stamps: tuple[str, ...] = ()  # size and version of each path: a resume must see the same files
    root: str | None = None

    @property
    def name(self) -> str:
        """The input as the manifest names it."""
        if self.kind != "files":
            return self.paths[0]
        first, last = (_relative(p, self.root) for p in (self.paths[0], self.paths[-1]))
        where = self.root or first
        return f"{where} ({len(self.paths)} files: {first} .. {last})" if len(self.paths) > 1 else self.paths[0]


def expand_inputs(inputs: list[str], storage_options: dict[str, Any] | None = None) -> list[Shard]:
    """Files, folders (a Parquet dataset, a tree of dumps or of .txt/.html files) and globs → shards, in
    order, each file once. InputError for an input that is missing, matches nothing or has no data."""
    from fsspec.core import url_to_fs

    shards: list[Shard] = []
    seen: set[str] = set()
    for given in inputs:
        if given == STDIN:
            raise InputError(STDIN, "a cluster job reads files its workers open; standard input cannot be shared")
        fs, path = url_to_fs(given, **(storage_options or {}))
        files = [(name, info, root) for name, info, root in _listing(given, fs, path) if name not in seen]
        seen.update(name for name, _, _ in files)
        shards.extend(_shards(fs, files))
    if not shards:
        raise InputError(", ".join(inputs) or "(none)", "no input files")
    return shards


def _listing(given: str, fs: Any, path: str) -> Iterator[tuple[str, dict, str | None]]:
    """(path, info, root) of the data files `given` names, sorted."""
    if any(char in path for char in GLOB_CHARS) and not fs.exists(path):
        matches = fs.glob(path, detail=True)
        if not matches:
            raise InputError(given, "no file matches")
        found = False
        for name, info in sorted(matches.items()):
            if info.get("type") == "directory":
                entries = list(_folder(fs, name))
            else:
                entries = [(name, info, None)] if file_kind(name) else []
            found = found or bool(entries)
            yield from entries
        if not found:
            raise InputError(given, "matches no .jsonl[.gz], .csv, .tsv, .parquet, .txt or .html file")
    elif fs.isdir(path):
        entries = list(_folder(fs, path))
        if not entries:
            raise InputError(given, "the folder holds no .jsonl[.gz], .csv, .tsv, .parquet, .txt or .html file")
        yield from entries
    elif fs.exists(path):
        if file_kind(path) is None:
            raise InputError(given, "unsupported input type (expected .jsonl[.gz], .csv, .tsv, .parquet, .txt, "
                                    ".html, a folder or a glob)")
        yield path, fs.info(path), None
    else:
        raise InputError(given, "no such file or directory")


def _folder(fs: Any, root: str) -> Iterator[tuple[str, dict, str]]:
    """The data files under `root`, skipping names that begin with `_` or `.` below it (a dataset's
    `_metadata`, a job's `_temporary/`), as Parquet readers do."""
    for name, info in sorted(fs.find(root, detail=True).items()):
        hidden = any(part.startswith(("_", ".")) for part in _relative(name, root).split("/"))
        if not hidden and file_kind(name):
            yield name, info, root


def _shards(fs: Any, files: list[tuple[str, dict, str | None]]) -> Iterator[Shard]:
    run: list[tuple[str, str]] = []
    run_root: str | None = None
    for name, info, root in files:
        kind = file_kind(name)
        if kind in ("text", "html"):
            if run and (root != run_root or len(run) >= FILES_PER_SHARD):
                yield _files_shard(fs, run, run_root)
                run = []
            run.append((name, _stamp(info)))
            run_root = root
            continue
        yield Shard(kind, (_url(fs, name),), (_stamp(info),))
    if run:
        yield _files_shard(fs, run, run_root)


def _files_shard(fs: Any, run: list[tuple[str, str]], root: str | None) -> Shard:
    return Shard("files", tuple(_url(fs, name) for name, _ in run), tuple(stamp for _, stamp in run),
                 None if root is None else _url(fs, root))


def _url(fs: Any, path: str) -> str:
    """A local file as its absolute path, anything else as a full URL (what a worker opens)."""
    from fsspec.implementations.local import LocalFileSystem

    return path if isinstance(fs, LocalFileSystem) else fs.unstrip_protocol(path)


def _stamp(info: dict) -> str:
    version = next((info[key] for key in _VERSION_KEYS if info.get(key) is not None), "")
    return f"{info.get('size')}:{version}"


def _relative(path: str, root: str | None) -> str:
    if root and path.startswith(root.rstrip("/") + "/"):
        return path[len(root.rstrip("/")) + 1:]
    return path.rsplit("/", 1)[-1]


def shards_digest(shards: list[Shard]) -> str:
    """One hash of every shard's files and their sizes and versions."""
    data = json.dumps([[s.kind, s.paths, s.stamps, s.root] for s in shards], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def read_shard(shard: Shard, fields: FieldMap, storage_options: dict[str, Any] | None = None) -> Iterator[Item]:
    """Every record of a shard, opened where it lies (on a worker); unreadable parts become `BadRecord`s."""
    import fsspec

    options = storage_options or {}
    if shard.kind != "files":
        path = shard.paths[0]
        with fsspec.open(path, "rb", **options) as handle:
            yield from read_dump_stream(handle, path, shard.kind, fields)
        return
    for path in shard.paths:
        record_id = _relative(path, shard.root).rsplit(".", 1)[0]  # as `vnnews batch` names them
        yield file_record(path, record_id, lambda path=path: _read_bytes(path, options))


def _read_bytes(path: str, options: dict[str, Any]) -> bytes:
    import fsspec

    with fsspec.open(path, "rb", **options) as handle:
        return handle.read()
