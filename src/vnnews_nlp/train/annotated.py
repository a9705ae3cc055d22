"""The hand-annotated articles as the abbreviation stage reads them: `train.corpus.annotated_corpus` (the
project's one loader: VNTC `ner/train.jsonl`, modern `ner/modern-train.jsonl`, the project's own
`annotations/*.jsonl`), each article an `Article` with its part (`vntc`, `modern`).

Adding a set is adding it to that loader, or passing `extra=` (part, JSON Lines file) here (the
benchmark's `--set PART=FILE`). Folds are `train.corpus.fold_of`, so every script splits the same way.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import VnnewsError
from ..paths import shared_path
from .corpus import annotated_corpus
from .corpus import fold_of as _fold_of


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
    """The articles of one JSON Lines file (records with `text`); a bad line is an error naming the file and line."""
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


def annotated_articles(shared: Path | None = None, parts: Iterable[str] | None = None,
                       extra: Iterable[tuple[str, Path]] = ()) -> list[Article]:
    """Every annotated article of the corpus (or of `parts`), plus `extra` (part, path) files."""
    base = shared or shared_path()
    wanted = None if parts is None else set(parts)
    out = [Article(str(r["id"]), r["part"], r["text"], list(r.get("abbreviations") or []), r.get("published"),
                   r.get("body_end"))
           for r in annotated_corpus(base / "data") if wanted is None or r["part"] in wanted]
    for part, path in extra:
        out.extend(read_set(part, Path(path)))
    return out


def fold_of(doc_id: str, folds: int) -> int:
    """The fold an article belongs to (the project's one split)."""
    return _fold_of(str(doc_id), folds)


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
    """The annotated articles a model may be fitted on: all of them minus the held-out fold."""
    held = holdout_filter(holdout)
    return [a for a in annotated_articles(shared) if held is None or not held(a.id)]
