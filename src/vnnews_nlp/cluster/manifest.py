"""The manifest of a cluster job (`_manifest.json` in its output folder): which parts are committed,
from which input, with how many records, documents and errors.

The driver rewrites it (whole) as parts finish. It is the authority on the folder: a part is done
when the manifest lists it; `--resume` redoes every part it does not list. `complete` turns true
when every input has its part.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .storage import OutputFolder

MANIFEST = "_manifest.json"
VERSION = 1


@dataclass
class Manifest:
    job: dict[str, Any]  # what the job was: inputs (digest), fields, tokens, format
    parts_total: int
    parts: dict[int, dict[str, Any]] = field(default_factory=dict)
    complete: bool = False

    def add(self, entry: dict[str, Any]) -> None:
        self.parts[entry["index"]] = entry

    def totals(self) -> tuple[int, int, int]:
        """(records, ok, errors) over the committed parts."""
        parts = self.parts.values()
        return (sum(p["records"] for p in parts), sum(p["ok"] for p in parts), sum(p["errors"] for p in parts))

    def to_json(self) -> str:
        records, ok, errors = self.totals()
        data = {"version": VERSION, "complete": self.complete, "records": records, "ok": ok, "errors": errors,
                "parts_total": self.parts_total, "parts_done": len(self.parts), "job": self.job,
                "parts": [self.parts[index] for index in sorted(self.parts)]}
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    def save(self, folder: OutputFolder) -> None:
        folder.write_text(MANIFEST, self.to_json())

    @classmethod
    def load(cls, folder: OutputFolder) -> "Manifest | None":
        """The folder's manifest, or None when it has none (or one this version cannot read)."""
        text = folder.read_text(MANIFEST)
        try:
            data = json.loads(text) if text else None
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return None
        return cls(data["job"], data["parts_total"], {p["index"]: p for p in data["parts"]}, data["complete"])
