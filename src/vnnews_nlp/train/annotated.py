"""The hand-annotated articles, read through one loader: each set a part (`vntc`, `modern`, …).

Adding a set is one line in `ANNOTATED_SETS` (or `extra=` / `--set name=path` where a caller takes
it). Folds are a hash of the article id, so every script splits the same way.
"""
from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import VnnewsError
from ..paths import shared_path

# (part, path under the shared folder); `ner/dev.jsonl` is a regression set, never trained or tuned on.
ANNOTATED_SETS: tuple[tuple[str, str], ...] = (
    ("vntc", "data/ner/train.jsonl"),
    ("modern", "data/ner/modern-train.jsonl"),
)


@dataclass
class Article:
    """One annotated article: its text, gold abbreviation mentions and what a dump would give with it."""

    id: str
    part: str
    text: str
    mentions: list[dict] = field(default_factory=list)  # {start, end, short, long}
    published: str | None = None
    body_end: int | None = None


def read_set(part: str, path: Path) -> list[Article]:
    """The articles of one JSON Lines file; a bad line is an error naming the file and line."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                out.append(Article(str(rec["id"]), part, rec["text"], list(rec.get("abbreviations") or []),
                                   rec.get("published"), rec.get("body_end")))
            except (ValueError, KeyError, TypeError) as exc:
                raise VnnewsError(f"{path}:{n}: not an annotated article ({exc})") from exc
    return out


def annotated_articles(shared: Path | None = None, parts: Sequence[str] | None = None,
                       extra: Iterable[tuple[str, Path]] = ()) -> list[Article]:
    """Every annotated article of the known sets (or of `parts`), plus `extra` (part, path) files."""
    base = shared or shared_path()
    sets = [(part, base / rel) for part, rel in ANNOTATED_SETS if parts is None or part in parts]
    out: list[Article] = []
    for part, path in [*sets, *extra]:
        out.extend(read_set(part, Path(path)))
    return out


def fold_of(doc_id: str, folds: int) -> int:
    """The fold an article belongs to: a stable hash of its id."""
    return zlib.crc32(str(doc_id).encode()) % folds


def holdout_filter(spec: str | None) -> Callable[[str], bool] | None:
    """`K/N` → True for the article ids of fold K of N; None for no hold-out."""
    if not spec:
        return None
    try:
        k, n = (int(x) for x in spec.split("/"))
    except ValueError as exc:
        raise VnnewsError(f"--holdout wants K/N (e.g. 2/5), got {spec!r}") from exc
    return lambda doc_id: fold_of(doc_id, n) == k


def training_articles(shared: Path | None = None, holdout: str | None = None) -> list[Article]:
    """The annotated articles a model may be fitted on: all sets minus the held-out fold."""
    held = holdout_filter(holdout)
    return [a for a in annotated_articles(shared) if held is None or not held(a.id)]
