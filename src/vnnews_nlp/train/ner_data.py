"""Annotated NER articles (`ner/*.jsonl`) → spaCy Docs made by our tokenizer.

Gold boundaries fall on syllable/punctuation tokens by construction; an entity
that does not align (a name glued to the next word by the dump) is reported and
left out, and its tokens are marked missing rather than O so the model is not
taught a wrong O. So is the text the annotators left unmarked because it is not
article: after `body_end`, and the blocks the structure stage judges boilerplate
(related headlines, credits), where names stand unannotated.
"""
from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin

TRAIN_LABELS = ("PER", "ORG", "LOC", "DATE")


@dataclass
class Conversion:
    """Docs plus what could not be converted."""

    docs: list[Doc] = field(default_factory=list)
    misaligned: list[tuple[str, str, str]] = field(default_factory=list)


def read_records(path: Path) -> list[dict]:
    """One JSON object per line."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def to_doc(nlp: Language, record: dict, labels: Sequence[str] = TRAIN_LABELS) -> tuple[Doc, list[dict]]:
    """The record's text as a Doc with its gold entities of `labels` in `doc.ents`; returns misaligned ones."""
    doc = nlp.make_doc(record["text"])
    spans, bad = [], []
    for ent in sorted(record.get("entities", []), key=lambda e: (e["start"], -e["end"])):
        if ent["label"] not in labels:
            continue
        span = doc.char_span(ent["start"], ent["end"], label=ent["label"], alignment_mode="strict")
        if span is None or (spans and span.start < spans[-1].end):
            bad.append(ent)
            continue
        spans.append(span)
    taken = {i for s in spans for i in range(s.start, s.end)}
    missing = [doc.char_span(e["start"], e["end"], alignment_mode="expand") for e in bad]
    missing += [doc.char_span(a, b, alignment_mode="expand") for a, b in not_article(record)]
    missing = [s for s in missing if s is not None and not taken.intersection(range(s.start, s.end))]
    doc.set_ents(spans, missing=_disjoint(missing), default="outside")
    return doc, bad


def not_article(record: dict) -> list[tuple[int, int]]:
    """Char ranges of `record` that no annotator marked: after `body_end`, and structure-stage boilerplate."""
    from ..structure.rules import analyze_structure

    text = record["text"]
    end = record.get("body_end")
    out = [(end, len(text))] if end is not None and end < len(text) else []
    limit = end if end is not None else len(text)
    out += [(b.start, min(b.end, limit)) for b in analyze_structure(text).boilerplate if b.start < limit and b.kind != "byline"]
    return [(a, b) for a, b in out if a < b]


def _disjoint(spans: list) -> list:
    out: list = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if not out or span.start >= out[-1].end:
            out.append(span)
    return out


def convert(nlp: Language, records: Iterable[dict], labels: Sequence[str] = TRAIN_LABELS) -> Conversion:
    """Every record as a training Doc."""
    out = Conversion()
    for record in records:
        doc, bad = to_doc(nlp, record, labels)
        out.docs.append(doc)
        out.misaligned.extend((record["id"], e["label"], e["text"]) for e in bad)
    return out


def split(records: list[dict], holdout: float, seed: int) -> tuple[list[dict], list[dict]]:
    """A seeded (train, held-out) split of `records`."""
    order = list(range(len(records)))
    random.Random(seed).shuffle(order)
    n_hold = int(round(len(records) * holdout))
    hold = set(order[:n_hold])
    return [r for i, r in enumerate(records) if i not in hold], [r for i, r in enumerate(records) if i in hold]


def write_docbin(docs: Iterable[Doc], path: Path) -> Path:
    """Save docs for `spacy train`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    return path
