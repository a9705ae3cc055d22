"""Build the vnnews spaCy pipeline once per process."""
from __future__ import annotations

import threading
from pathlib import Path

import spacy
from spacy.language import Language

from . import language as _language  # noqa: F401  (registers the vnnews_language factory)
from . import tokenizer as _tokenizer  # registers the tokenizer in spaCy's registry
from .errors import VnnewsError
from .extensions import register_extensions
from .memory import release_free_memory
from .paths import model_path
from .static_vectors import remembering

TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "vnnews.VietnameseTokenizer.v1"}}}
STAGES = ("vnnews_structure", "vnnews_language", "vnnews_abbreviations", "vnnews_entities", "vnnews_category")

# spaCy's string store keeps every new word it meets (about 4 per news article), so a
# process that runs for millions of articles needs a fresh pipeline now and then. Not
# often: the new pipeline lands in fresh heap (+80 MB) while the old one's fragments stay.
# Batch workers are recycled instead (`workers.RECYCLE_WORKERS_AFTER_DOCS`).
RELOAD_AFTER_DOCS = 50_000

# Documents per batch in `nlp.pipe` (spaCy's default is 1,000). The recogniser's activations take
# some 7 KB per token while a batch runs; at 1,000 documents they are fresh memory the kernel must
# map for every batch (1.4 of 5.5 CPU-s were system time on 150 articles), at 16 (~9,000 tokens of
# news, near `api.BATCH_TOKENS`) the allocator reuses them.
PIPE_BATCH_SIZE = 16

_lock = threading.Lock()
_cache: dict[tuple, Language] = {}
_processed_since_load = 0
_default_classifier: Path | None = None


def blank() -> Language:
    """A Vietnamese spaCy pipeline with only our tokenizer: the base of training and of `load()`."""
    register_extensions()
    return spacy.blank("vi", config=TOKENIZER_CONFIG)


def build(ner_model: Path | None = None, exclude: tuple[str, ...] = (), classifier: Path | None = None) -> Language:
    """A fresh pipeline: structure, language check, abbreviations, the trained recogniser, entities, category
    (from the model folder `classifier` when given)."""
    nlp = blank()
    nlp.batch_size = PIPE_BATCH_SIZE
    for stage in STAGES:
        if stage in exclude:
            continue
        if stage == "vnnews_entities":
            _add_recogniser(nlp, ner_model or model_path("ner"), exclude)
        config = {"model": str(classifier)} if stage == "vnnews_category" and classifier is not None else {}
        component = nlp.add_pipe(stage, config=config)
        lexicon = (ner_model or model_path("ner")) / "entity_lexicon.tsv"
        if stage == "vnnews_entities" and lexicon.exists():
            component.load_lexicon(lexicon)
    return nlp


def _add_recogniser(nlp: Language, path: Path, exclude: tuple[str, ...]) -> None:
    """Source the trained components (e.g. tok2vec + ner) saved under `models/ner`."""
    if "ner" in exclude or not (path / "meta.json").exists():
        return
    trained = spacy.load(path)
    if trained.vocab.vectors.size:  # the tok2vec reads static vectors from the Doc's vocab
        nlp.vocab.vectors = remembering(trained.vocab.vectors)
    for name in trained.pipe_names:
        nlp.add_pipe(name, source=trained)


def count_processed(n: int = 1) -> None:
    """Record documents finished by the shared pipeline: the heap they freed goes back to the OS now
    and then, and past `RELOAD_AFTER_DOCS` the next `load()` builds afresh.

    Call only between documents: a Doc made by one pipeline must be finished by it.
    """
    global _processed_since_load
    with _lock:
        _processed_since_load += n
        if _processed_since_load >= RELOAD_AFTER_DOCS:
            _processed_since_load = 0
            _cache.clear()
    release_free_memory()


def load(exclude: tuple[str, ...] = (), classifier: str | Path | None = None) -> Language:
    """The shared pipeline of this process, built on first use.

    `classifier` names a topic model folder (made by `vnnews train classifier --data ...`) to use
    instead of the shipped one; without it, the one set by `use_classifier` (if any).
    """
    if classifier is None:
        classifier = _default_classifier
    folder = None if classifier is None else Path(classifier).resolve()
    if folder is not None and not (folder / "config.json").is_file():
        raise VnnewsError(f"{classifier}: not a topic model folder (no config.json)")
    key = (tuple(sorted(exclude)), folder)
    with _lock:
        if key not in _cache:
            _cache[key] = build(exclude=key[0], classifier=folder)
        return _cache[key]


def use_classifier(classifier: str | Path | None) -> None:
    """Make `load()` (and so `analyze`) use the topic model folder `classifier`; None: the shipped one."""
    global _default_classifier
    if classifier is not None and not (Path(classifier) / "config.json").is_file():
        raise VnnewsError(f"{classifier}: not a topic model folder (no config.json)")
    _default_classifier = None if classifier is None else Path(classifier).resolve()
