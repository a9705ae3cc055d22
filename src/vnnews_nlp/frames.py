"""Documents → tidy pandas tables: one row per document, entity or abbreviation."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    import pandas as pd

TABLES = ("documents", "entities", "abbreviations")


def to_dataframe(documents: Iterable, table: str = "documents") -> pd.DataFrame:
    """A tidy table of `documents`: `documents`, `entities` or `abbreviations`, keyed by `id`."""
    if table not in TABLES:
        raise ValueError(f"table must be one of {', '.join(TABLES)}, not {table!r}")
    rows: list[dict] = []
    for document in documents:
        data = document.to_dict() if hasattr(document, "to_dict") else dict(document)
        if table == "documents":
            rows.append(_document_row(data))
        else:
            rows.extend({"id": data.get("id"), **item} for item in data.get(table) or [])
    columns = {
        "documents": ["id", "title", "author", "published", "category", "category_score",
                      "n_entities", "n_abbreviations", "n_warnings"],
        "entities": ["id", "label", "text", "start", "end", "value", "expansion"],
        "abbreviations": ["id", "short", "long", "start", "end", "source", "confidence"],
    }[table]
    import pandas as pd  # here, not at import: batch workers never need it (~60 MB each)

    frame = pd.DataFrame(rows)
    for column in columns:
        if column not in frame.columns:
            frame[column] = None
    return frame[columns + [c for c in frame.columns if c not in columns]]


def _document_row(data: dict) -> dict:
    category = data.get("category") or {}
    return {
        "id": data.get("id"),
        "title": data.get("title"),
        "author": data.get("author"),
        "published": data.get("published"),
        "category": category.get("label"),
        "category_score": category.get("score"),
        "n_entities": len(data.get("entities") or []),
        "n_abbreviations": len(data.get("abbreviations") or []),
        "n_warnings": len(data.get("warnings") or []),
    }


def flatten_for_csv(data: dict) -> dict:
    """One flat row of a document: nested fields as JSON strings (CSV output)."""
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in data.items()}
