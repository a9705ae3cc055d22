"""The library API: one article or many in, `Document`s out."""
from __future__ import annotations

import datetime as _dt
import os
from collections import deque
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Mapping

from spacy.tokens import Doc

from .document import Document
from .errors import InputError
from .extensions import add_warning
from .pipeline import count_processed, load
from .tokenizer import replace_surrogates

# Beyond this many characters an article is cut (with a warning): real news is
# far shorter, and the cost of every stage grows with length.
_MAX_CHARS_FALLBACK = 1_000_000


def _default_max_chars() -> int:
    """`VNNEWS_MAX_CHARS` when it is a positive integer; a bad value must not break every import."""
    raw = os.environ.get("VNNEWS_MAX_CHARS", "").strip()
    if not raw:
        return _MAX_CHARS_FALLBACK
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        value = 0
    if value < 1:
        import warnings

        warnings.warn(f"VNNEWS_MAX_CHARS={raw!r} is not a positive integer; using {_MAX_CHARS_FALLBACK}", stacklevel=2)
        return _MAX_CHARS_FALLBACK
    return value


DEFAULT_MAX_CHARS = _default_max_chars()


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


def _clean_field(value: Any) -> tuple[Any, bool]:
    """A string field with lone surrogates replaced (output must be writable as UTF-8), and whether any were."""
    if not isinstance(value, str):
        return value, False
    cleaned, count = replace_surrogates(value)
    return cleaned, bool(count)


def make_doc(
    text: str | bytes,
    *,
    id: str | None = None,
    published: Any = None,
    title: str | None = None,
    max_chars: int | None = None,
) -> Doc:
    """Tokenize `text` and attach the record's fields, ready for the pipeline's components."""
    # A non-string id (a dump's numeric key) would make the output break its schema.
    id = None if id is None else str(id)
    source = id or "<text>"
    limit = DEFAULT_MAX_CHARS if max_chars is None else max_chars
    # A zero or negative limit would silently cut from the end (`text[:-5]`).
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"max_chars must be a positive integer, got {limit!r}")
    text, warnings = _coerce_text(text, source)
    if len(text) > limit:
        warnings.append(f"text truncated from {len(text)} to {limit} characters (max_chars)")
        text = text[:limit]
    _, surrogates = replace_surrogates(text)  # the tokenizer makes the same replacement
    if surrogates:
        warnings.append(
            f"{surrogates} lone surrogate code point(s) (undecodable input) read as U+FFFD; offsets unchanged"
        )
    id, id_fixed = _clean_field(id)
    title, title_fixed = _clean_field(title)
    if id_fixed or title_fixed:
        warnings.append("lone surrogates in the record's id or title replaced by U+FFFD")
    nlp = load()
    doc = nlp.make_doc(text)
    doc._.vnnews_doc_id = id
    doc._.vnnews_published = normalise_published(published, source)
    doc._.vnnews_given_title = title.strip() if isinstance(title, str) and title.strip() else None
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
    document = Document.from_doc(doc, tokens=tokens)
    count_processed(1)
    return document


def _record_fields(record: Any, position: int) -> dict[str, Any]:
    """A record's fields under our names; an `html` field stands in for a missing text."""
    if isinstance(record, str):
        return {"text": record, "id": str(position), "warnings": ()}
    if not isinstance(record, Mapping):
        raise InputError(f"record {position}", f"expected an object with a 'text' field, got {type(record).__name__}")
    record_id = record.get("id")
    fields = {
        "text": record.get("text"),
        "id": str(record_id) if record_id is not None else str(position),
        "published": record.get("published"),
        "title": record.get("title"),
        "author": record.get("author"),
        "warnings": (),
    }
    html = record.get("html")
    if fields["text"] in (None, "") and html not in (None, ""):
        from .io.html import extract_page

        page = extract_page(html, fields["id"])
        fields.update(text=page.text, warnings=page.warnings)
        for name in ("title", "author", "published"):
            if fields[name] in (None, ""):
                fields[name] = getattr(page, name)
    if fields["text"] is None:
        raise InputError(f"record {fields['id']}", "missing 'text' field")
    return fields


def analyze_record(record: Any, position: int, tokens: bool = False) -> Document | RecordError:
    """Analyse one dump record; a failure comes back as a `RecordError`, never raised."""
    return analyze_chunk([(position, record)], tokens)[0]


def analyze_chunk(chunk: list[tuple[int, Any]], tokens: bool = False, as_json: bool = False) -> list:
    """Analyse (position, record) pairs through `nlp.pipe`; one `Document` (or its JSON line) or `RecordError` each.

    A record that breaks the batch is found by rerunning the batch one record
    at a time, so a bug costs that record only.
    """
    prepared: list[tuple[int, dict[str, Any] | None, Doc | RecordError]] = []
    for position, record in chunk:
        fields, doc = None, None
        try:
            fields = _record_fields(record, position)
            doc = _prepared_doc(fields)
        except Exception as error:
            doc = _record_error(record, fields, position, error)
        prepared.append((position, fields, doc))
    docs = [doc for _, _, doc in prepared if isinstance(doc, Doc)]
    try:
        nlp = load()
        processed = iter([done for group in token_batches(docs) for done in nlp.pipe(group, batch_size=len(group))])
        outcomes = [doc if isinstance(doc, RecordError) else next(processed) for _, _, doc in prepared]
    except Exception:
        outcomes = [doc if isinstance(doc, RecordError) else _one_by_one(position, fields)
                    for position, fields, doc in prepared]
    results = [_finish(outcome, fields, position, tokens, as_json) for (position, fields, _), outcome
               in zip(prepared, outcomes)]
    count_processed(len(chunk))
    return results


# The recogniser's activations take some 7 KB per token while a batch runs: a chunk of
# long articles (90,000 characters, 20,000 tokens) lifted a worker's peak by 130 MB.
# Ordinary chunks still go through whole, which is where batching pays (a 4,000-token
# cap cost 11 % CPU).
BATCH_TOKENS = 10_000


def token_batches(docs: list[Doc], max_tokens: int | None = None) -> Iterator[list[Doc]]:
    """`docs` in order, grouped so that each group holds at most `max_tokens` (`BATCH_TOKENS`) tokens
    or is one document."""
    max_tokens = max_tokens or BATCH_TOKENS
    group: list[Doc] = []
    size = 0
    for doc in docs:
        if group and size + len(doc) > max_tokens:
            yield group
            group, size = [], 0
        group.append(doc)
        size += len(doc)
    if group:
        yield group


def _prepared_doc(fields: dict[str, Any]) -> Doc:
    doc = make_doc(fields["text"], id=fields["id"], published=fields.get("published"), title=fields.get("title"))
    for warning in fields.get("warnings") or ():
        add_warning(doc, warning)
    return doc


def _one_by_one(position: int, fields: dict[str, Any]) -> Doc | RecordError:
    try:
        return load()(_prepared_doc(fields))
    except Exception as error:
        return _record_error(None, fields, position, error)


def _finish(outcome: Doc | RecordError, fields: dict[str, Any] | None, position: int, tokens: bool, as_json: bool):
    if isinstance(outcome, RecordError):
        return outcome
    try:
        document = Document.from_doc(outcome, tokens=tokens)
        author = fields.get("author") if fields else None
        if isinstance(author, str) and author.strip():
            document.author = author.strip()  # a dump's own fields win over detection
        return document.to_json() if as_json else document
    except Exception as error:
        return _record_error(None, fields, position, error)


def _record_error(record: Any, fields: dict[str, Any] | None, position: int, error: Exception) -> RecordError:
    record_id = fields["id"] if fields else (record.get("id") if isinstance(record, Mapping) else None)
    cause = error.cause if isinstance(error, InputError) else f"{type(error).__name__}: {error}"
    return RecordError(None if record_id is None else str(record_id), position, cause)


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
    processes, each building the pipeline once; at most a few chunks per
    worker are in flight, so memory stays flat however long the input.
    `on_error="raise"` stops at the first bad record with an `InputError`;
    `on_error="yield"` yields a `RecordError` in its place and goes on.
    """
    if on_error not in ("raise", "yield"):
        raise ValueError("on_error must be 'raise' or 'yield'")
    for result in _results(records, workers, tokens, chunk_size):
        if isinstance(result, RecordError) and on_error == "raise":
            raise InputError(f"record {result.id or result.position}", result.error)
        yield result


def _results(records: Iterable[Any], workers: int, tokens: bool, chunk_size: int) -> Iterator[Document | RecordError]:
    chunks = chunked(enumerate(records), chunk_size)
    with local_executor(workers, chunk_size) as executor:
        for _chunk, results in ordered_map(lambda chunk: executor.submit(analyze_chunk, chunk, tokens), chunks,
                                           window=max(workers, 1) * 4):
            yield from results


class _InlineExecutor(Executor):
    """Runs each task at submit time, in this process: the one-worker case without a pool."""

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            future.set_exception(error)
        return future


# The worker processes are replaced by fresh ones after this many documents each: the only
# way to hand back all of a worker's heap (spaCy's string store and fragmented arenas only
# grow). Forking a new pool costs about a second against some 5 minutes of work.
RECYCLE_WORKERS_AFTER_DOCS = 10_000


class RecyclingPool(Executor):
    """A process pool that hands new tasks to a freshly forked pool after `tasks_per_worker` tasks per
    worker; the old pool finishes what it was given, then its processes exit.

    Unlike `ProcessPoolExecutor(max_tasks_per_child=...)` this keeps the `fork` start method, so
    workers inherit what the parent imported and loaded, and scripts need no `__main__` guard.
    """

    def __init__(self, workers: int, tasks_per_worker: int):
        self.workers = workers
        self.limit = max(1, tasks_per_worker) * workers
        self.pools_started = 0
        self._pool: ProcessPoolExecutor | None = None
        self._submitted = 0

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> Future:
        if self._pool is None or self._submitted >= self.limit:
            if self._pool is not None:
                self._pool.shutdown(wait=False)  # queued tasks still run; then its workers exit
            self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_warm_up)
            self.pools_started += 1
            self._submitted = 0
        self._submitted += 1
        return self._pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


@contextmanager
def local_executor(workers: int, chunk_size: int = 1) -> Iterator[Executor]:
    """This process for one worker, else a pool of `workers` processes that each load the pipeline once
    and are replaced after `RECYCLE_WORKERS_AFTER_DOCS` documents each (tasks of `chunk_size` records)."""
    if workers <= 1:
        yield _InlineExecutor()
        return
    pool = RecyclingPool(workers, RECYCLE_WORKERS_AFTER_DOCS // max(chunk_size, 1))
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _warm_up() -> None:
    """In each worker: build the pipeline once, and exit if the parent dies (a killed job leaves no orphans)."""
    import threading

    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    load()


def _exit_with_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def ordered_map(submit: Callable[[list], Future], chunks: Iterable[list], window: int) -> Iterator[tuple[list, Any]]:
    """(chunk, result) in input order, with at most `window` chunks submitted ahead of the one being read."""
    pending: deque[tuple[list, Future]] = deque()
    for chunk in chunks:
        pending.append((chunk, submit(chunk)))
        if len(pending) >= window:
            done_chunk, future = pending.popleft()
            yield done_chunk, future.result()
    while pending:
        done_chunk, future = pending.popleft()
        yield done_chunk, future.result()


def chunked(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items (the last may be shorter)."""
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
