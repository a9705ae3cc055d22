"""The order in which the guideline rules correct and complete the recogniser's spans.

`combine` runs the steps of `STEPS` over one Doc, each measured on train and out of
fold (`benchmarks/ner.py --ablate`, the model card); `steps` picks a
subset, as the tests and ablations do. The rules themselves live in `rules` and in
the modules beside it (`teams`, `compounds`, `persons`, `companies`).
"""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from .companies import companies
from .compounds import not_word_openings, whole_words
from .persons import context_persons, country_names
from .rules import (
    Tokens,
    Triple,
    absorb,
    abbreviations_prevail,
    add_missing,
    address_streets,
    bracket_abbreviations,
    club_orgs,
    concept_acronyms,
    consistent_labels,
    country_qualifiers,
    defined_names_are_not_people,
    extend_qualifiers,
    fixed_orgs,
    foreign_places,
    honorific_names,
    is_named_place,
    join_hyphens,
    latin_orgs,
    lexicon_names,
    line_starts,
    lower_head_orgs,
    ministries,
    not_organisations,
    override,
    person_titles,
    place_not_person,
    press_tags,
    prevail,
    qualified_heads,
    relabel_known,
    school_orgs,
    split_officials,
    split_repeats,
    tidy_edges,
    trim_titles,
    unit_places,
)
from .teams import team_names

STEPS = (
    "titles", "tidy", "words", "person_titles", "honorifics", "persons", "officials", "qualifiers", "lower_heads",
    "relabel", "press", "fixed", "teams", "brackets", "lexicon", "world", "country_names", "units", "latin",
    "companies", "acronyms", "consistent", "generic",
)


def combine(doc: Doc, model: Sequence[Triple], steps: Sequence[str] = STEPS, text: str | None = None) -> list[Triple]:
    """The model's PER/ORG/LOC corrected by the guideline rules, plus what only the rules find.

    Pass `text` (= `doc.text`) when the caller has it: spaCy rebuilds it from every token.
    """
    abbreviations = doc._.vnnews_abbreviations or []
    doc = Tokens(doc, text)  # every rule reads these lists, built once
    spans = list(model)
    if "titles" in steps:
        spans = trim_titles(doc, spans)
    if "tidy" in steps:
        spans = split_repeats(doc, join_hyphens(doc, tidy_edges(doc, spans)))
    if "words" in steps:
        spans = whole_words(doc, not_word_openings(doc, spans))
    if "person_titles" in steps:
        spans = place_not_person(doc, person_titles(doc, spans))
    if "honorifics" in steps:
        spans = add_missing(spans, honorific_names(doc))
    if "persons" in steps:
        spans = context_persons(doc, spans)
    if "officials" in steps:
        spans = split_officials(doc, spans)
    if "qualifiers" in steps:
        spans = extend_qualifiers(doc, spans)
    if "lower_heads" in steps:
        heads = lower_head_orgs(doc) + club_orgs(doc)
        spans = prevail(spans, school_orgs(doc))  # a school named after a person is no PER
        spans = add_missing(absorb(spans, heads), heads)
    known = lexicon_names(doc) if {"relabel", "lexicon"} & set(steps) else []
    if "relabel" in steps:
        spans = relabel_known(doc, spans, known)
    if "press" in steps:
        spans = add_missing(spans, press_tags(doc, line_starts(doc)))
    if "fixed" in steps:
        bodies = ministries(doc)
        spans = absorb(spans, bodies, ("ORG", "LOC"))
        fixed = bodies + qualified_heads(doc) + fixed_orgs(doc)
        spans = add_missing(absorb(spans, fixed), fixed)
    if "teams" in steps:
        spans = team_names(doc, spans)  # before brackets: `Đồng Tháp (ĐT)` defines a club
    if "brackets" in steps:
        spans = defined_names_are_not_people(doc, spans)
        spans = abbreviations_prevail(doc, spans, bracket_abbreviations(doc, spans))
    if "lexicon" in steps:
        spans = add_missing(spans, [t for t in known if t[1] - t[0] > 1])
    if "world" in steps:
        spans, countries = foreign_places(doc, spans)
        spans = country_qualifiers(doc, add_missing(spans, countries))
    if "country_names" in steps:
        spans = country_names(doc, spans)
    if "units" in steps:
        units = unit_places(doc)
        places_at = {(s, e) for s, e, _ in units}
        spans = [(s, e, "LOC" if (s, e) in places_at else label) for s, e, label in spans]
        named = [u for u in units if is_named_place(doc, u)]  # `đường Nguyễn Huệ`, `cảng Sơn Dương`: no persons
        spans = override(prevail(spans, named), address_streets(doc))  # `63 Nguyễn Huệ, Q.1` always a road
        spans = add_missing(absorb(spans, units), units)
    if "latin" in steps:
        spans = prevail(spans, latin_orgs(doc), relabel_container=True)
    if "companies" in steps:
        spans = companies(doc, spans)
    if "acronyms" in steps:
        spans = concept_acronyms(doc, spans, abbreviations)
    if "words" in steps:
        spans = not_word_openings(doc, spans)  # again: the rules' own additions (`Mỹ` of `Mỹ phẩm`)
    if "consistent" in steps:
        spans = consistent_labels(doc, spans)
    if "generic" in steps:
        spans = not_organisations(doc, spans)
    return add_missing([], spans)  # flat: a step that grew a span into a neighbour never breaks doc.ents
