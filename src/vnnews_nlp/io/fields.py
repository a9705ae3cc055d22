"""Field mapping: a dump's own column names → the names the pipeline reads."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

# Passed on under their own names when present: `html` goes through HTML
# extraction, `author` and `url` are the dump's own and win over detection.
PASSED_ON = ("html", "author", "url")


@dataclass(frozen=True)
class FieldMap:
    """Which input field holds the text, id, publication date and title."""

    text: str = "text"
    id: str = "id"
    published: str = "published"
    title: str = "title"

    def apply(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The record under our names; absent fields are left out, empty strings count as absent except text."""
        out: dict[str, Any] = {}
        for ours, theirs in (("text", self.text), ("id", self.id), ("published", self.published), ("title", self.title)):
            value = data.get(theirs)
            if value is None or (ours != "text" and isinstance(value, str) and not value.strip()):
                continue
            out[ours] = value
        for name in PASSED_ON:
            if data.get(name) not in (None, ""):
                out.setdefault(name, data[name])
        return out

    def describe(self, ours: str) -> str:
        """How a field is named in the input, for error messages: `text` or `text (from 'body')`."""
        theirs = getattr(self, ours)
        return repr(ours) if theirs == ours else f"{ours!r} (input field {theirs!r})"

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "id": self.id, "published": self.published, "title": self.title}
