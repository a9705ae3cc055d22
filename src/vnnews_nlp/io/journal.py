"""The checkpoint of a batch job: how far it got, so `--resume` picks up exactly there.

Output lines are appended to staging files; after they are flushed and synced,
the checkpoint records how many records they account for and their sizes.
Anything written after the last checkpoint is cut off on resume and redone.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

VERSION = 1


@dataclass
class Checkpoint:
    """Records done (ok + errors) and the staging sizes that hold them."""

    signature: dict[str, Any]
    records: int = 0
    ok: int = 0
    errors: int = 0
    output_bytes: int = 0
    errors_bytes: int = 0
    finished: bool = False
    version: int = field(default=VERSION)

    def save(self, path: Path) -> None:
        """Write atomically: a crash leaves the old checkpoint or the new one, never half of one."""
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(asdict(self), handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> "Checkpoint | None":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return None
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def sync(*handles: BinaryIO) -> None:
    """Flush and fsync: what the checkpoint counts must be on disk first."""
    for handle in handles:
        handle.flush()
        os.fsync(handle.fileno())


def input_signature(paths: list[str]) -> list[dict[str, Any]]:
    """What identifies the inputs: a changed file must not be resumed as if it were the same."""
    out = []
    for path in paths:
        entry: dict[str, Any] = {"path": path if path == "-" else str(Path(path).resolve())}
        p = Path(path)
        if path != "-" and p.is_file():
            stat = p.stat()
            entry.update(size=stat.st_size, mtime_ns=stat.st_mtime_ns)
        elif path != "-" and p.is_dir():
            # Files added, removed or rewritten shift the record positions a resume relies on.
            stats = [f.stat() for f in p.rglob("*") if f.is_file()]
            entry.update(files=len(stats), size=sum(s.st_size for s in stats),
                         mtime_ns=max((s.st_mtime_ns for s in stats), default=0))
        out.append(entry)
    return out


def truncate(path: Path, size: int) -> None:
    """Cut a staging file back to the checkpointed size."""
    actual = path.stat().st_size if path.exists() else -1
    if actual < size:
        raise OSError(f"{path}: shorter ({actual} bytes) than its checkpoint says ({size} bytes)")
    with open(path, "r+b") as handle:
        handle.truncate(size)
