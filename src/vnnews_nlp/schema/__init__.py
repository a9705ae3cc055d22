"""The published JSON Schema of the output document."""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from ..paths import schema_path


@lru_cache(maxsize=1)
def document_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every output document satisfies."""
    return json.loads(schema_path().read_text(encoding="utf-8"))


def validate_document(data: dict[str, Any]) -> None:
    """Raise `jsonschema.ValidationError` when `data` breaks the schema."""
    import jsonschema

    jsonschema.Draft202012Validator(document_schema()).validate(data)
