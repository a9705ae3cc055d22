"""The rule steps that correct and complete the recogniser's spans, in the order they run.

Each step is named, reads the spans so far and returns new ones. How a step's new spans
meet the old is decided by the functions of `spans.py`, the one place that documents the
overlap policy; the step below names which it uses. Every step was measured out of fold
(`python benchmarks/ner.py --ablate`: the cross-validated micro-F1 without it) and the model
card lists its gain; a step that does not gain is deleted with its data.

`run_steps` also keeps each span's provenance: where it came from (`model`, or the
`source` of the step that made it: `rule:<step>`, `gazetteer:<list>`, `definition`) and
the steps that changed it since.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from .acronyms import (
    abbreviations_prevail,
    bracket_abbreviations,
    concept_acronyms,
    defined_names_are_not_people,
)
from .cleanup import consistent_labels, lexicon_names, not_organisations
from .companies import companies
from .compounds import not_word_openings, whole_words
from .edges import join_hyphens, split_repeats, tidy_edges
from .orgs import extend_qualifiers, fixed_orgs, latin_orgs, ministries, qualified_heads, split_officials
from .persons import context_persons
from .places import address_streets, country_qualifiers, foreign_places, is_named_place, listed_places, unit_places
from .spans import Triple, absorb, add_missing, override, prevail, relabel
from .teams import team_names
from .tokens import Tokens
from .vocab import Lexicon


@dataclass
class Context:
    """What steps read besides the spans: the tokens, the abbreviation mentions, values computed once."""

    tokens: Tokens
    abbreviations: Sequence[tuple[int, str]] = ()  # (start char, long form)
    lexicon: Lexicon = field(default_factory=dict)  # the recogniser's training lexicon
    cache: dict = field(default_factory=dict)

    def known(self) -> list[Triple]:
        """Names of the training lexicon in this document (`cleanup.lexicon_names`), found once."""
        if "known" not in self.cache:
            self.cache["known"] = lexicon_names(self.tokens, self.lexicon) if self.lexicon else []
        return self.cache["known"]


@dataclass(frozen=True)
class Step:
    """A named rule step: `run(context, spans) -> spans`; `source` names what the spans it adds come from."""

    name: str
    run: Callable[[Context, list[Triple]], list[Triple]]
    source: str


def _fixed(c: Context, spans: list[Triple]) -> list[Triple]:
    bodies = ministries(c.tokens)
    spans = absorb(spans, bodies, ("ORG", "LOC"))
    fixed = bodies + qualified_heads(c.tokens) + fixed_orgs(c.tokens)
    return add_missing(absorb(spans, fixed), fixed)


def _brackets(c: Context, spans: list[Triple]) -> list[Triple]:
    spans = defined_names_are_not_people(c.tokens, spans)
    return abbreviations_prevail(c.tokens, spans, bracket_abbreviations(c.tokens, spans))


def _world(c: Context, spans: list[Triple]) -> list[Triple]:
    spans, countries = foreign_places(c.tokens, spans)
    return country_qualifiers(c.tokens, add_missing(spans, countries))


def _units(c: Context, spans: list[Triple]) -> list[Triple]:
    t = c.tokens
    units = unit_places(t)
    places_at = {(s, e) for s, e, _ in units}
    spans = [(s, e, "LOC" if (s, e) in places_at else label) for s, e, label in spans]
    named = [u for u in units if is_named_place(t, u)]  # `đường Nguyễn Huệ`, `cảng Sơn Dương`: no persons
    spans = override(prevail(spans, named), address_streets(t))  # `63 Nguyễn Huệ, Q.1` always a road
    return add_missing(absorb(spans, units), units)


STEPS: tuple[Step, ...] = (
    Step("tidy", lambda c, s: split_repeats(c.tokens, join_hyphens(c.tokens, tidy_edges(c.tokens, s))), "rule:tidy"),
    Step("words", lambda c, s: whole_words(c.tokens, not_word_openings(c.tokens, s)), "rule:words"),
    Step("persons", lambda c, s: context_persons(c.tokens, s), "rule:persons"),
    Step("officials", lambda c, s: split_officials(c.tokens, s), "rule:officials"),
    Step("qualifiers", lambda c, s: extend_qualifiers(c.tokens, s), "rule:qualifiers"),
    Step("relabel", lambda c, s: relabel(s, {(a, b): lab for a, b, lab in c.known()}), "gazetteer:training_lexicon"),
    Step("fixed", _fixed, "rule:fixed"),
    Step("teams", lambda c, s: team_names(c.tokens, s), "rule:teams"),
    Step("brackets", _brackets, "definition"),
    Step("lexicon", lambda c, s: add_missing(s, [x for x in c.known() if x[1] - x[0] > 1]), "gazetteer:training_lexicon"),
    Step("world", _world, "gazetteer:world_places"),
    Step("units", _units, "rule:units"),
    Step("listed_places", lambda c, s: listed_places(c.tokens, s), "rule:listed_places"),
    Step("latin", lambda c, s: prevail(s, latin_orgs(c.tokens), relabel_container=True), "rule:latin"),
    Step("companies", lambda c, s: companies(c.tokens, s), "gazetteer:world_organisations"),
    Step("acronyms", lambda c, s: concept_acronyms(c.tokens, s, c.abbreviations), "rule:acronyms"),
    Step("word_openings", lambda c, s: not_word_openings(c.tokens, s), "rule:word_openings"),
    Step("consistent", lambda c, s: consistent_labels(c.tokens, s), "rule:consistent"),
    Step("generic", lambda c, s: not_organisations(c.tokens, s), "rule:generic"),
)
STEP_NAMES = tuple(step.name for step in STEPS)


@dataclass
class Provenance:
    """Where a span came from and which steps changed it since."""

    source: str
    changed_by: tuple[str, ...] = ()


def check_steps(names: Sequence[str]) -> tuple[str, ...]:
    """`names` as a tuple, or an error naming the unknown ones: a misspelt step must not silently do nothing."""
    unknown = [n for n in names if n not in STEP_NAMES]
    if unknown:
        raise ValueError(f"unknown entity rule step(s) {unknown}; the steps are: {', '.join(STEP_NAMES)}")
    return tuple(names)


def run_steps(
    doc: Doc | Tokens,
    model: Sequence[Triple],
    names: Sequence[str] = STEP_NAMES,
    abbreviations: Sequence[tuple[int, str]] = (),
    text: str | None = None,
    lexicon: Lexicon | None = None,
) -> list[tuple[int, int, str, Provenance]]:
    """The model's spans through the named steps, in `STEPS` order; flat, each with its provenance."""
    wanted = set(check_steps(names))
    t = doc if isinstance(doc, Tokens) else Tokens(doc, text)
    context = Context(t, abbreviations, lexicon or {})
    spans = sorted(model)
    origin = {(s, e): Provenance("model") for s, e, _ in spans}
    labels = {(s, e): label for s, e, label in spans}
    for step in STEPS:
        if step.name not in wanted:
            continue
        spans = step.run(context, spans)
        origin, labels = _trace(step, spans, origin, labels)
    flat = add_missing([], spans)  # a step that grew a span into a neighbour never breaks doc.ents
    return [(s, e, label, origin[(s, e)]) for s, e, label in flat]


def _trace(step: Step, spans: list[Triple], origin: dict, labels: dict) -> tuple[dict, dict]:
    """Provenance after `step`: a span seen before keeps its own (plus the step, if it relabelled it); a span
    that overlaps earlier ones was reshaped from the first of them; any other span is the step's own."""
    new_origin: dict[tuple[int, int], Provenance] = {}
    new_labels: dict[tuple[int, int], str] = {}
    before = sorted(origin)
    for s, e, label in spans:
        key = (s, e)
        if key in origin:
            was = origin[key]
            changed = labels[key] != label
        else:
            overlap = next(((a, b) for a, b in before if a < e and s < b), None)
            was = origin[overlap] if overlap else Provenance(step.source)
            changed = overlap is not None
        if changed and step.name not in was.changed_by:
            was = Provenance(was.source, was.changed_by + (step.name,))
        new_origin[key] = was
        new_labels[key] = label
    return new_origin, new_labels
