"""spaCy component `vnnews_entities`: final PER/ORG/LOC/DATE entities in `doc.ents`.

It takes what the trained recogniser put in `doc.ents` (when one ran before it),
corrects and completes it with the named rule steps (`steps.STEPS`), adds the date
grammar's DATEs (they win over anything overlapping), keeps only entities in the
article part (`doc._.vnnews_article_ranges`, written by `vnnews_structure`), and
annotates spans: `span._.vnnews_value` (ISO 8601) and `span._.vnnews_recurring` for DATE,
`span._.vnnews_expansion`
for mentions that contain abbreviations, `span._.vnnews_source` and
`span._.vnnews_changed_by` for where each span came from.
"""
from __future__ import annotations

import shutil
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.scorer import Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example

from ..extensions import article_ranges, register_extensions
from ..spans import char_span, doc_text, within
from .steps import STEP_NAMES, check_steps, run_steps
from .vocab import Lexicon, read_entity_lexicon

LABELS = ("PER", "ORG", "LOC")
LEXICON_FILE = "entity_lexicon.tsv"
DATE_SOURCE = "rule:date_grammar"


class EntityComponent:
    """Grammar dates, then model entities corrected by the rule steps (`use_rules`), article only."""

    def __init__(self, nlp: Language, name: str, use_rules: bool = True, steps: Iterable[str] | None = None):
        register_extensions()
        from .dates import find_dates
        from .vocab import preload

        preload()  # a missing or corrupt word list fails here, naming it
        self.name = name
        self.lexicon: Lexicon = {}  # names the recogniser's training data always labels alike
        self.use_rules = use_rules
        self.steps = STEP_NAMES if steps is None else steps
        self._find_dates = find_dates

    @property
    def steps(self) -> tuple[str, ...]:
        """The rule steps that run, in `STEPS` order; an unknown name is an error."""
        return self._steps

    @steps.setter
    def steps(self, names: Iterable[str]) -> None:
        self._steps = check_steps(tuple(names))

    def __call__(self, doc: Doc) -> Doc:
        ranges = article_ranges(doc)
        text = doc_text(doc)
        chosen: list[Span] = []
        for date in self._find_dates(text, published=doc._.vnnews_published):
            span = char_span(doc, date.start, date.end, "DATE", text=text)
            if span is not None and within(ranges, span.start_char, span.end_char):
                span._.vnnews_value = date.value
                span._.vnnews_source = DATE_SOURCE
                span._.vnnews_recurring = date.recurring
                chosen.append(span)
        dated = {i for s in chosen for i in range(s.start, s.end)}
        for start, end, label, source, changed_by in self.names(doc, text):
            if dated.isdisjoint(range(start, end)):
                span = Span(doc, start, end, label=label)
                if within(ranges, span.start_char, span.end_char):
                    span._.vnnews_source = source
                    span._.vnnews_changed_by = changed_by
                    chosen.append(span)
        self._annotate_expansions(doc, text, chosen)
        doc.ents = sorted(chosen, key=lambda s: s.start)
        return doc

    def names(self, doc: Doc, text: str | None = None) -> list[tuple[int, int, str, str, tuple[str, ...]]]:
        """PER/ORG/LOC token spans with their provenance: the model's, through the rule steps when on."""
        model = [(e.start, e.end, e.label_) for e in doc.ents if e.label_ in LABELS]
        if not self.use_rules:
            return [(s, e, label, "model", ()) for s, e, label in model]
        mentions = [(m.start, m.long) for m in doc._.vnnews_abbreviations or ()]
        return [(s, e, label, p.source, p.changed_by)
                for s, e, label, p in run_steps(doc, model, self.steps, mentions, text=text,
                                                lexicon=self.lexicon)]

    def load_lexicon(self, path: Path) -> None:
        """Take the training lexicon written beside a recogniser (`entity_lexicon.tsv` in `models/ner`)."""
        self.lexicon = read_entity_lexicon(path)
        self._lexicon_path = path

    def to_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the training lexicon (the rest is the package's data)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        source = getattr(self, "_lexicon_path", None)
        if source is not None:
            shutil.copyfile(source, path / LEXICON_FILE)

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> "EntityComponent":
        """Load the training lexicon saved by `to_disk`, if there is one."""
        if (Path(path) / LEXICON_FILE).exists():
            self.load_lexicon(Path(path) / LEXICON_FILE)
        return self

    def score(self, examples: Iterable[Example], **kwargs) -> dict:
        """Precision, recall and F-score of `doc.ents` per label and overall (spaCy's `ents_*` keys)."""
        return Scorer.score_spans(examples, "ents", **kwargs)

    @staticmethod
    def _annotate_expansions(doc: Doc, text: str, spans: list[Span]) -> None:
        mentions = doc._.vnnews_abbreviations or []
        if not mentions:
            return
        from ..abbreviations import expand_span

        # Stable sort, as expand_span's own: each span gets only the mentions starting inside it,
        # in the same order, so the cost stays linear in the number of mentions.
        ordered = sorted(mentions, key=lambda m: m.start)
        starts = [m.start for m in ordered]
        for span in spans:
            if span.label_ != "DATE":
                start, end = span.start_char, span.end_char
                inside = ordered[bisect_left(starts, start):bisect_right(starts, end)]
                span._.vnnews_expansion = expand_span(text, start, end, inside)


@Language.factory(
    "vnnews_entities",
    default_config={"use_rules": True, "steps": None},
    assigns=["doc.ents", "span._.vnnews_value", "span._.vnnews_recurring", "span._.vnnews_expansion", "span._.vnnews_source",
             "span._.vnnews_changed_by"],
    requires=["doc._.vnnews_article_ranges", "doc._.vnnews_abbreviations", "doc._.vnnews_published", "doc.spans"],
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_entities(nlp: Language, name: str, use_rules: bool, steps: list[str] | None) -> EntityComponent:
    """Entities: the trained recogniser's PER/ORG/LOC with the guideline rules, the date grammar, article only."""
    return EntityComponent(nlp, name, use_rules=use_rules, steps=steps)
