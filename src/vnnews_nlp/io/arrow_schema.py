"""The output document's JSON Schema as an Arrow schema: Parquet gets typed nested columns."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import pyarrow as pa

OPTIONAL_SECTIONS = ("sentences", "tokens")  # present only with --tokens


@lru_cache(maxsize=1)
def document_json_schema() -> dict[str, Any]:
    return json.loads(resources.files("vnnews_nlp.schema").joinpath("document.schema.json").read_text("utf-8"))


def document_columns(tokens: bool = False) -> list[str]:
    """Top-level output fields in schema order; the token sections only when asked for."""
    names = list(document_json_schema()["properties"])
    return [n for n in names if tokens or n not in OPTIONAL_SECTIONS]


def document_arrow_schema(tokens: bool = False) -> pa.Schema:
    """One Arrow field per output field, nested as the JSON is."""
    schema = document_json_schema()
    props = schema["properties"]
    return pa.schema([pa.field(name, _arrow_type(props[name], schema)) for name in document_columns(tokens)])


def _arrow_type(node: dict[str, Any], root: dict[str, Any]) -> pa.DataType:
    if "$ref" in node:
        return _arrow_type(_resolve(node["$ref"], root), root)
    if "anyOf" in node:
        options = [o for o in node["anyOf"] if o.get("type") != "null"]
        return _arrow_type(options[0], root) if len(options) == 1 else pa.string()
    if "const" in node or "enum" in node:
        return pa.string()
    kind = node.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else "string"
    if kind == "integer":
        return pa.int64()
    if kind == "number":
        return pa.float64()
    if kind == "boolean":
        return pa.bool_()
    if kind == "array":
        return pa.list_(_arrow_type(node.get("items", {"type": "string"}), root))
    if kind == "object":
        if "properties" in node:
            return pa.struct([pa.field(k, _arrow_type(v, root)) for k, v in node["properties"].items()])
        values = node.get("additionalProperties")
        return pa.map_(pa.string(), _arrow_type(values if isinstance(values, dict) else {"type": "string"}, root))
    return pa.string()


def _resolve(ref: str, root: dict[str, Any]) -> dict[str, Any]:
    node: Any = root
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node
