"""The library API: one article or many in, `Document`s out."""
from __future__ import annotations

import datetime as _dt
import os
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping

import regex
from spacy.tokens import Doc

from .document import Document
from .errors import InputError
from .extensions import add_warning
from .pipeline import count_processed, load
from .tokenizer import replace_surrogates
from .workers import (  # noqa: F401  (re-exported for batch jobs)
    RECYCLE_WORKERS_AFTER_DOCS, chunked, local_executor, make_executor, ordered_map,
)

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
HTML_WARNING = "HTML input: offsets index the article text extracted from the page, given in `text`"


@dataclass
class RecordError:
    """A record that could not be analysed: which one, where, and why."""

    id: str | None
    position: int
    error: str
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "position": self.position, "source": self.source, "error": self.error}


# `2024-03-07`, `2024/03/07`, `07/03/2024`, `7-3-2024`, `07.03.2024`, each with an optional time
# part after it (`T09:27:00+07:00`, ` 09:27`) that is ignored.
_ISO_DATE = regex.compile(r"(?P<y>\d{4})([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})")
_DMY_DATE = regex.compile(r"(?P<d>\d{1,2})([-/.])(?P<m>\d{1,2})\2(?P<y>\d{4})")
_TIME_PART = regex.compile(r"(?:Z|(?:[T,]|\s|\s-\s)+\d{1,2}[:h]\d{2}(?!\d).*)?\s*", regex.DOTALL)
PUBLISHED_FORMS = "such as 2024-03-07, 07/03/2024 or 07-03-2024; a time after it is ignored"


def normalise_published(value: Any, source: str = "<input>") -> str | None:
    """A publication date → `YYYY-MM-DD`; empty → None.

    Takes a `date`/`datetime`, ISO (`2024-03-07`, `2024-03-07T09:27:00+07:00`), or the day-first
    forms of Vietnamese sites and dumps (`07/03/2024`, `7-3-2024 09:27`, `07.03.2024`); a time
    part is ignored. Anything else raises `InputError` naming `source`.
    """
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    for pattern in (_ISO_DATE, _DMY_DATE):
        match = pattern.match(text)
        if match and _TIME_PART.fullmatch(text, match.end()):
            try:
                return _dt.date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat()
            except ValueError:
                raise InputError(source, f"published is not a calendar date: {text!r}") from None
    raise InputError(source, f"published must be a date ({PUBLISHED_FORMS}), got {text!r}")


def _coerce_text(text: Any, source: str) -> tuple[str, list[str], bool]:
    """(text, warnings, whether the text differs from the input as given)."""
    if isinstance(text, (bytes, bytearray)):
        from .decode import decode_bytes

        decoded = decode_bytes(bytes(text), source=source)
        return decoded.text, list(decoded.warnings), decoded.text.encode("utf-8", "surrogatepass") != text
    if not isinstance(text, str):
        raise InputError(source, f"text must be a string, got {type(text).__name__}")
    return text, [], False


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
    text_derived: bool = False,
) -> Doc:
    """Tokenize `text` and attach the record's fields, ready for the pipeline's components.

    `text_derived` says that `text` was made from the input (an HTML page's article), so the
    output must carry it; decoded bytes that differ from their UTF-8 reading count too.
    """
    # A non-string id (a dump's numeric key) would make the output break its schema.
    id = None if id is None else str(id)
    source = id or "<text>"
    limit = DEFAULT_MAX_CHARS if max_chars is None else max_chars
    # A zero or negative limit would silently cut from the end (`text[:-5]`).
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"max_chars must be a positive integer, got {limit!r}")
    text, warnings, decoded_differs = _coerce_text(text, source)
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
    # spaCy holds a lone surrogate as U+FFFD: then too the text the offsets index is not the input.
    doc._.vnnews_text_derived = text_derived or decoded_differs or bool(surrogates)
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
    include_text: bool = False,
    explain: bool = False,
) -> Document:
    """Analyse one article: structure, abbreviations, entities, dates, topic.

    `published` (a date, `2024-03-07` or `07/03/2024`) fills years that the text leaves out;
    `title`, when the dump gives one, wins over the detected title. Offsets in the result
    index `text` exactly as given; bytes are decoded first (warnings say so), and when the
    decoded text differs from the bytes it is carried in `Document.text`, as it always is
    with `include_text=True`. With `explain=True` every entity says where it came from
    (`source`: `model`, `rule:<step>`, `gazetteer:<list>`, `definition`; `changed_by`: the steps).
    """
    doc = make_doc(text, id=id, published=published, title=title, max_chars=max_chars)
    doc = load()(doc)
    document = Document.from_doc(doc, tokens=tokens, text=include_text)
    document.explain = explain
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
        "derived": False,
    }
    html = record.get("html")
    if fields["text"] in (None, "") and html not in (None, ""):
        from .io.html import extract_page

        page = extract_page(html, fields["id"])
        fields.update(text=page.text, warnings=(*page.warnings, HTML_WARNING), derived=True)
        for name in ("title", "author", "published"):
            if fields[name] in (None, ""):
                fields[name] = getattr(page, name)
    if fields["text"] is None:
        raise InputError(f"record {fields['id']}", "missing 'text' field")
    return fields


def analyze_record(record: Any, position: int = 0, tokens: bool = False, include_text: bool = False
                   ) -> Document | RecordError:
    """Analyse one dump record; a failure comes back as a `RecordError`, never raised."""
    return analyze_chunk([(position, record)], tokens, include_text=include_text)[0]


def analyze_chunk(chunk: list[tuple[int, Any]], tokens: bool = False, as_json: bool = False,
                  include_text: bool = False) -> list:
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
    results = [_finish(outcome, fields, position, tokens, as_json, include_text) for (position, fields, _), outcome
               in zip(prepared, outcomes)]
    for outcome in outcomes:
        if isinstance(outcome, Doc):
            release_doc(outcome)
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


def release_doc(doc: Doc) -> None:
    """Drop what a finished Doc holds (extension values, span groups, the recogniser's tensor).

    Its spans point back at it from `user_data`: such a Doc waits for the next full garbage
    collection, which in a worker came only after hundreds of articles, each holding its
    tensor and spans (after 2,000 VNTC test articles: 413 MB resident, 323 MB after a
    collection; releasing each Doc when done: 332 MB).
    """
    doc.user_data.clear()
    doc.spans.clear()
    doc.tensor = doc.tensor[:0]


def _prepared_doc(fields: dict[str, Any]) -> Doc:
    doc = make_doc(fields["text"], id=fields["id"], published=fields.get("published"), title=fields.get("title"),
                   text_derived=bool(fields.get("derived")))
    for warning in fields.get("warnings") or ():
        add_warning(doc, warning)
    return doc


def _one_by_one(position: int, fields: dict[str, Any]) -> Doc | RecordError:
    try:
        return load()(_prepared_doc(fields))
    except Exception as error:
        return _record_error(None, fields, position, error)


def _finish(outcome: Doc | RecordError, fields: dict[str, Any] | None, position: int, tokens: bool, as_json: bool,
            include_text: bool = False):
    if isinstance(outcome, RecordError):
        return outcome
    try:
        document = Document.from_doc(outcome, tokens=tokens, text=include_text)
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
    include_text: bool = False,
    pool: "Pool | None" = None,
) -> Iterator[Document | RecordError]:
    """Analyse records (dicts with `text` and optional `id`, `published`, `title`, or plain strings).

    Yields one result per record, in input order. `workers` > 1 uses that many
    processes, each building the pipeline once; at most a few chunks per
    worker are in flight, so memory stays flat however long the input.
    `pool` (a `Pool`) reuses its processes instead, for repeated calls.
    `on_error="raise"` stops at the first bad record with an `InputError`;
    `on_error="yield"` yields a `RecordError` in its place and goes on.
    """
    if on_error not in ("raise", "yield"):
        raise ValueError("on_error must be 'raise' or 'yield'")
    if pool is not None:
        results = pool._results(records, tokens, include_text)
    else:
        results = _results_in_new_pool(records, workers, tokens, chunk_size, include_text)
    for result in results:
        if isinstance(result, RecordError) and on_error == "raise":
            raise InputError(f"record {result.id or result.position}", result.error)
        yield result


def _results_in_new_pool(records: Iterable[Any], workers: int, tokens: bool, chunk_size: int, include_text: bool
                         ) -> Iterator[Document | RecordError]:
    with Pool(workers, chunk_size=chunk_size) as pool:
        yield from pool._results(records, tokens, include_text)


class Pool:
    """Worker processes kept for repeated calls, each with the pipeline loaded once.

        with vnnews_nlp.Pool(workers=2) as pool:
            for batch in batches:
                docs = list(pool.analyze_many(batch))

    `workers=1` runs in this process. Leaving the `with` block (or `close()`) stops the workers.
    """

    def __init__(self, workers: int = 2, *, chunk_size: int = 16):
        self.workers = max(1, workers)
        self.chunk_size = chunk_size
        self._executor: Executor | None = make_executor(self.workers, chunk_size)

    def analyze_many(self, records: Iterable[Any], *, tokens: bool = False, on_error: str = "raise",
                     include_text: bool = False) -> Iterator[Document | RecordError]:
        """`vnnews_nlp.analyze_many` on this pool's workers."""
        return analyze_many(records, tokens=tokens, on_error=on_error, include_text=include_text, pool=self)

    def _results(self, records: Iterable[Any], tokens: bool, include_text: bool) -> Iterator[Document | RecordError]:
        if self._executor is None:
            raise RuntimeError("this Pool is closed")
        executor = self._executor
        chunks = chunked(enumerate(records), self.chunk_size)
        try:
            for _chunk, results in ordered_map(
                    lambda chunk: executor.submit(analyze_chunk, chunk, tokens, False, include_text), chunks,
                    window=self.workers * 4):
                yield from results
        except BrokenProcessPool:
            method = getattr(executor, "method", "fork")
            cause = "killed or out of memory" if method == "fork" else \
                f'with the "{method}" start method, a script without `if __name__ == "__main__":`, or killed'
            raise RuntimeError(f"a worker process died ({cause})") from None

    def close(self) -> None:
        """Stop the workers (waiting for work in flight)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
