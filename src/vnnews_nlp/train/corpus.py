"""The annotated corpus: every hand-annotated article, VNTC and modern, as one list of records.

Sources, all per `shared/ANNOTATION.md`:

- `shared/data/ner/train.jsonl`: 760 VNTC articles (c. 2006), part `vntc`;
- `shared/data/ner/modern-train.jsonl`: 900 articles of 2017–2024, part `modern`;
- `annotations/*.jsonl` in this repository: articles the project annotated itself. They hold
  offsets, the article id and a SHA-256 of its text, never the text: the text is read from
  `shared/data/modern/*.jsonl.gz` and must hash the same.

`ner/dev.jsonl` and `eval/dev` are not part of it: they are regression tests.
A record: `{id, part, source, published, text, entities: [{start, end, label, text, value?}],
abbreviations: [{start, end, short, long}], title, author, body_end}`.
"""
from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from ..paths import repository_root

ANNOTATIONS_DIR = "annotations"
MODERN_FILES = ("modern/labelled.jsonl.gz", "modern/unlabelled.jsonl.gz")


def text_hash(text: str) -> str:
    """SHA-256 of the UTF-8 text: how a stored annotation names the exact text it indexes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_jsonl(path: Path) -> list[dict]:
    """One JSON object per non-empty line."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def modern_texts(data: Path, ids: Iterable[str]) -> dict[str, dict]:
    """The `shared/data/modern` records of `ids` (one streaming pass over each file)."""
    wanted = set(ids)
    found: dict[str, dict] = {}
    for name in MODERN_FILES:
        if len(found) == len(wanted):
            break
        with gzip.open(data / name, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if record["id"] in wanted:
                    found[record["id"]] = record
    return found


def _shared_record(record: dict, part: str) -> dict:
    return {
        "id": record["id"],
        "part": part,
        "source": record.get("source", "VNTC"),
        "published": record.get("published"),
        "text": record["text"],
        "entities": record["entities"],
        "abbreviations": record.get("abbreviations", []),
        "title": record.get("title"),
        "author": record.get("author"),
        "body_end": record.get("body_end"),
    }


def stored_annotations(folder: Path | None = None) -> list[dict]:
    """The project's own annotation records (offsets, id, hash), from `annotations/*.jsonl`."""
    root = folder or (repository_root() or Path.cwd()) / ANNOTATIONS_DIR
    out: list[dict] = []
    for path in sorted(Path(root).glob("*.jsonl")):
        out.extend(read_jsonl(path))
    return out


def resolve(stored: list[dict], data: Path) -> list[dict]:
    """Stored annotations joined with their texts from `data/modern`; a hash mismatch is an error."""
    texts = modern_texts(data, (s["id"] for s in stored))
    out = []
    for s in stored:
        if s["id"] not in texts:
            raise ValueError(f"annotation {s['id']}: no such article in {data}/modern")
        source = texts[s["id"]]
        text = source["text"]
        if text_hash(text) != s["sha256"]:
            raise ValueError(f"annotation {s['id']}: text hash differs from the annotated text")
        entities = [
            {"start": a, "end": b, "label": label, "text": text[a:b], **({"value": rest[0]} if rest else {})}
            for a, b, label, *rest in s["entities"]
        ]
        abbreviations = [{"start": a, "end": b, "short": text[a:b], "long": long} for a, b, long in s["abbreviations"]]
        title = text[: s["title_end"]] if s.get("title_end") else None
        author = text[s["author"][0] : s["author"][1]] if s.get("author") else None
        out.append({
            "id": s["id"], "part": "modern", "source": source.get("source"), "published": s.get("published"),
            "text": text, "entities": entities, "abbreviations": abbreviations,
            "title": title, "author": author, "body_end": s.get("body_end"), "annotator": s.get("annotator"),
        })
    return out


def annotated_corpus(data: Path, include_project: bool = True, annotations: Path | None = None) -> list[dict]:
    """Every annotated article for training and cross-validation, VNTC first, in a fixed order."""
    records = [_shared_record(r, "vntc") for r in read_jsonl(data / "ner" / "train.jsonl")]
    records += [_shared_record(r, "modern") for r in read_jsonl(data / "ner" / "modern-train.jsonl")]
    if include_project:
        stored = [s for s in stored_annotations(annotations) if not s.get("second_pass")]
        records += resolve(stored, data)
    seen: set[str] = set()
    for record in records:
        if record["id"] in seen:
            raise ValueError(f"article {record['id']} is annotated twice in the corpus")
        seen.add(record["id"])
    return records


def fold_of(record_id: str, folds: int) -> int:
    """The cross-validation fold of an article: a stable hash of its id, so adding articles moves none."""
    return int(hashlib.md5(record_id.encode("utf-8")).hexdigest(), 16) % folds
