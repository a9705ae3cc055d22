"""Training data of the topic classifier: VNTC, the modern news, a user's labelled dump, held-out splits."""
from __future__ import annotations

import gzip
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.model_selection import train_test_split

from vnnews_nlp.errors import InputError

# The modern sources whose articles the shipped model is measured on (held out
# by source and section); the 2018 portals and VNTC are training data only.
NEWS_SOURCES = ("VnExpress", "Dân Trí")


@dataclass
class Labelled:
    """Labelled articles with where they came from."""

    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    strata: list[str] = field(default_factory=list)

    def add(self, id_: str, text: str, label: str, source: str, stratum: str) -> None:
        self.ids.append(id_)
        self.texts.append(text)
        self.labels.append(label)
        self.sources.append(source)
        self.strata.append(stratum)

    def subset(self, mask: np.ndarray) -> Labelled:
        """The records where `mask` is true, in order."""
        keep = np.flatnonzero(mask)
        return Labelled(*([getattr(self, name)[i] for i in keep] for name in ("ids", "texts", "labels", "sources", "strata")))

    def __len__(self) -> int:
        return len(self.texts)


def read_vntc(path: Path) -> Labelled:
    """A VNTC `*.jsonl.gz` file (`id`, `label`, `text`)."""
    out = Labelled()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            out.add(record["id"], record["text"], record["label"], "VNTC", "VNTC/" + record["label"])
    return out


def read_modern(path: Path) -> Labelled:
    """The labelled modern articles (`label` not null), stratum = source/section."""
    out = Labelled()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("label"):
                out.add(record["id"], record["text"], record["label"], record["source"],
                        f"{record['source']}/{record['label_src']}")
    return out


def read_unlabelled(path: Path, limit: int | None = None) -> list[str]:
    """Texts of the unlabelled modern articles (the first `limit`)."""
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if limit is not None and len(texts) >= limit:
                break
            texts.append(json.loads(line)["text"])
    return texts


def read_dump(path: Path, label_field: str, text_field: str = "text", id_field: str = "id") -> Labelled:
    """A user's labelled dump (JSONL, CSV/TSV, Parquet): records with an empty label are skipped.

    Raises `InputError` naming the file and record when a record cannot be read,
    or when no record has the label field.
    """
    from vnnews_nlp.io.fields import FieldMap
    from vnnews_nlp.io.readers import BadRecord, read_input

    # The readers map a dump's fields onto ours; the `title` slot carries the label here.
    fields = FieldMap(text=text_field, id=id_field, title=label_field)
    out = Labelled()
    seen = 0
    for item in read_input(str(path), fields):
        if isinstance(item, BadRecord):
            raise InputError(f"{item.source}: {item.location}", item.error)
        seen += 1
        text, label = item.fields.get("text"), item.fields.get("title")
        if label is None or not str(label).strip():
            continue
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{item.source}: {item.location}", f"no text in field {text_field!r}")
        label = str(label).strip()
        out.add(item.id or f"{item.location}", text, label, "data", label)
    if not len(out):
        raise InputError(str(path), f"none of its {seen} records has a label in field {label_field!r}")
    if len(set(out.labels)) < 2:
        raise InputError(str(path), f"field {label_field!r} has a single label ({out.labels[0]!r}): nothing to learn")
    return out


def heldout_mask(strata: list[str], fraction: float, seed: int, eligible: np.ndarray | None = None) -> np.ndarray:
    """A seeded held-out `fraction` of the `eligible` records, stratified by `strata`.

    Strata too small to split (under 2 records) are pooled into one.
    """
    eligible = np.ones(len(strata), dtype=bool) if eligible is None else eligible
    idx = np.flatnonzero(eligible)
    counts = Counter(strata[i] for i in idx)
    groups = [strata[i] if counts[strata[i]] >= 2 else "(rare)" for i in idx]
    pooled = Counter(groups)
    stratify = groups if min(pooled.values()) >= 2 and len(pooled) <= fraction * len(idx) else None
    _, held = train_test_split(idx, test_size=fraction, stratify=stratify, random_state=seed)
    mask = np.zeros(len(strata), dtype=bool)
    mask[held] = True
    return mask


def fold_ids(strata: list[str], eligible: np.ndarray, folds: int, seed: int) -> np.ndarray:
    """Fold number (0..folds-1) of each eligible record, -1 elsewhere; stratified, seeded."""
    from sklearn.model_selection import StratifiedKFold

    out = np.full(len(strata), -1)
    idx = np.flatnonzero(eligible)
    counts = Counter(strata[i] for i in idx)
    groups = [strata[i] if counts[strata[i]] >= folds else "(rare)" for i in idx]
    if min(Counter(groups).values()) < folds:
        groups = ["all"] * len(idx)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for k, (_, test) in enumerate(splitter.split(idx, groups)):
        out[idx[test]] = k
    return out
