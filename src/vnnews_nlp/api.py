"""The library API: one article or many in, `Document`s out."""
from __future__ import annotations

import datetime as _dt
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping

from spacy.tokens import Doc

from .document import Document
from .errors import InputError
from .extensions import add_warning
from .pipeline import load

# Beyond this many characters an article is cut (with a warning): real news is
# far shorter, and the cost of every stage grows with length.
DEFAULT_MAX_CHARS = int(os.environ.get("VNNEWS_MAX_CHARS", 1_000_000))


@dataclass
class RecordError:
    """A record that could not be analysed: which one, where, and why."""

    id: str | None
    position: int
    error: str
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "position": self.position, "source": self.source, "error": self.error}


def normalise_published(value: Any, source: str = "<input>") -> str | None:
    """`2024-03-07`, `2024-03-07T09:27:00`, a date or datetime → `2024-03-07`; empty → None."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return _dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise InputError(source, f"published must be an ISO date (YYYY-MM-DD), got {text!r}") from None


def _coerce_text(text: Any, source: str) -> tuple[str, list[str]]:
    if isinstance(text, (bytes, bytearray)):
        from .decode import decode_bytes

        decoded = decode_bytes(bytes(text), source=source)
        return decoded.text, list(decoded.warnings)
    if not isinstance(text, str):
        raise InputError(source, f"text must be a string, got {type(text).__name__}")
    return text, []


def make_doc(
    text: str | bytes,
    *,
    id: str | None = None,
    published: Any = None,
    title: str | None = None,
    max_chars: int | None = None,
) -> Doc:
    """Tokenize `text` and attach the record's fields, ready for the pipeline's components."""
    source = id or "<text>"
    text, warnings = _coerce_text(text, source)
    limit = DEFAULT_MAX_CHARS if max_chars is None else max_chars
    if len(text) > limit:
        warnings.append(f"text truncated from {len(text)} to {limit} characters (max_chars)")
        text = text[:limit]
    nlp = load()
    doc = nlp.make_doc(text)
    doc._.doc_id = id
    doc._.published = normalise_published(published, source)
    doc._.given_title = title.strip() if isinstance(title, str) and title.strip() else None
    for warning in warnings:
        add_warning(doc, warning)
    if not text.strip():
        add_warning(doc, "empty text: nothing to analyse")
    return doc


def analyze(
    text: str | bytes,
    *,
    id: str | None = None,
    published: Any = None,
    title: str | None = None,
    tokens: bool = False,
    max_chars: int | None = None,
) -> Document:
    """Analyse one article: structure, abbreviations, entities, dates, topic.

    `published` (ISO date) fills years that the text leaves out; `title`, when
    the dump gives one, wins over the detected title. Offsets in the result
    index `text` exactly as given (bytes are decoded first; warnings say so).
    """
    doc = make_doc(text, id=id, published=published, title=title, max_chars=max_chars)
    doc = load()(doc)
    return Document.from_doc(doc, tokens=tokens)


def _record_fields(record: Any, position: int) -> dict[str, Any]:
    if isinstance(record, str):
        return {"text": record, "id": str(position)}
    if not isinstance(record, Mapping):
        raise InputError(f"record {position}", f"expected an object with a 'text' field, got {type(record).__name__}")
    if "text" not in record or record["text"] is None:
        raise InputError(f"record {position}", "missing 'text' field")
    record_id = record.get("id")
    return {
        "text": record["text"],
        "id": str(record_id) if record_id is not None else str(position),
        "published": record.get("published"),
        "title": record.get("title"),
    }


def analyze_record(record: Any, position: int, tokens: bool = False) -> Document | RecordError:
    """Analyse one dump record; a failure comes back as a `RecordError`, never raised."""
    record_id = record.get("id") if isinstance(record, Mapping) else None
    try:
        fields = _record_fields(record, position)
        record_id = fields["id"]
        return analyze(
            fields["text"], id=fields["id"], published=fields.get("published"), title=fields.get("title"), tokens=tokens
        )
    except InputError as error:
        return RecordError(None if record_id is None else str(record_id), position, error.cause)
    except Exception as error:  # a bug must cost one record, not the job
        return RecordError(None if record_id is None else str(record_id), position, f"{type(error).__name__}: {error}")


def _analyze_chunk(chunk: list[tuple[int, Any]], tokens: bool) -> list[Document | RecordError]:
    return [analyze_record(record, position, tokens) for position, record in chunk]


def analyze_many(
    records: Iterable[Any],
    *,
    workers: int = 1,
    tokens: bool = False,
    on_error: str = "raise",
    chunk_size: int = 16,
) -> Iterator[Document | RecordError]:
    """Analyse records (dicts with `text` and optional `id`, `published`, `title`, or plain strings).

    Yields one result per record, in input order. `workers` > 1 uses that many
    processes, each building the pipeline once. `on_error="raise"` stops at the
    first bad record with an `InputError`; `on_error="yield"` yields a
    `RecordError` in its place and goes on.
    """
    if on_error not in ("raise", "yield"):
        raise ValueError("on_error must be 'raise' or 'yield'")
    for result in _results(records, workers, tokens, chunk_size):
        if isinstance(result, RecordError) and on_error == "raise":
            raise InputError(f"record {result.id or result.position}", result.error)
        yield result


def _results(records: Iterable[Any], workers: int, tokens: bool, chunk_size: int):
    numbered = enumerate(records)
    if workers <= 1:
        for position, record in numbered:
            yield analyze_record(record, position, tokens)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending = []
        for chunk in _chunked(numbered, chunk_size):
            pending.append(pool.submit(_analyze_chunk, chunk, tokens))
            # Bounded look-ahead keeps memory flat on million-record dumps.
            if len(pending) >= workers * 4:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()


def _chunked(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

