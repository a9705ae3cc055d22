"""The output folder of a cluster job, local or behind an fsspec URL, where files appear whole.

A file is written under a unique name in `_temporary/` and then renamed to its final name, so
a reader (or a rerun) never sees half of one, and two attempts at the same part (a task rerun
after its worker was lost while the first attempt still finished) each leave a complete file.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

STAGING = "_temporary"


class OutputFolder:
    """A folder on the local disk (a path every worker sees) or on any fsspec filesystem."""

    def __init__(self, url: str, storage_options: dict[str, Any] | None = None):
        from fsspec.core import url_to_fs
        from fsspec.implementations.local import LocalFileSystem

        self.fs, self.path = url_to_fs(url, **(storage_options or {}))
        self.path = self.path.rstrip("/") or "/"
        self.local = isinstance(self.fs, LocalFileSystem)
        self.url = self.path if self.local else self.fs.unstrip_protocol(self.path)

    def join(self, name: str) -> str:
        return f"{self.path}/{name}"

    def url_of(self, name: str) -> str:
        return f"{self.url.rstrip('/')}/{name}"

    def prepare(self) -> None:
        """Create the folder; refuse a file in its place."""
        if self.fs.exists(self.path) and not self.fs.isdir(self.path):
            raise NotADirectoryError(f"{self.url}: exists and is not a folder")
        self.fs.makedirs(self.path, exist_ok=True)

    def isdir(self) -> bool:
        return self.fs.isdir(self.path)

    def read_text(self, name: str) -> str | None:
        try:
            return self.fs.cat_file(self.join(name)).decode("utf-8")
        except FileNotFoundError:
            return None

    def list(self, prefix: str = "") -> list[str]:
        """Names of the files directly in the folder that begin with `prefix`."""
        try:
            entries = self.fs.ls(self.path, detail=False)
        except FileNotFoundError:
            return []
        names = [entry.rstrip("/").rsplit("/", 1)[-1] for entry in entries]
        return sorted(name for name in names if name.startswith(prefix))

    def remove(self, name: str) -> None:
        """Remove a file or a subfolder, if there."""
        path = self.join(name)
        try:
            if self.fs.isdir(path):
                self.fs.rm(path, recursive=True)
            else:
                self.fs.rm_file(path)
        except FileNotFoundError:
            pass

    def scratch(self) -> Path:
        """A local folder for a task's files while it writes them: inside `_temporary/` for a local
        output (the final rename stays on one filesystem), else a temporary folder of the worker's."""
        if self.local:
            folder = Path(self.join(STAGING))
            folder.mkdir(parents=True, exist_ok=True)
            return Path(tempfile.mkdtemp(dir=folder))
        return Path(tempfile.mkdtemp(prefix="vnnews-part-"))

    def drop_scratch(self, scratch: Path) -> None:
        shutil.rmtree(scratch, ignore_errors=True)

    def commit(self, local_file: Path, name: str) -> None:
        """Put a complete local file under `name` in one step (a rename; on object stores an upload
        that appears whole), replacing what was there."""
        if self.local:
            with open(local_file, "rb") as handle:
                os.fsync(handle.fileno())
            target = Path(self.join(name))
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(local_file, target)
            return
        staged = self.join(f"{STAGING}/{uuid.uuid4().hex}-{name.replace('/', '-')}")
        self.fs.put_file(str(local_file), staged)
        parent = self.join(name).rsplit("/", 1)[0]
        self.fs.makedirs(parent, exist_ok=True)
        self.fs.mv(staged, self.join(name))
        local_file.unlink()

    def write_text(self, name: str, text: str) -> None:
        """Write a small file (the manifest) whole: the old version or the new one, never half."""
        scratch = self.scratch()
        try:
            staged = scratch / name.replace("/", "-")
            staged.write_text(text, encoding="utf-8")
            self.commit(staged, name)
        finally:
            self.drop_scratch(scratch)
