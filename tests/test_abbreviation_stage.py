"""The abbreviation stage as a spaCy component, and matching on one normalised key."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.training import Example

from vnnews_nlp.abbreviations import find_abbreviations
from vnnews_nlp.abbreviations.component import mentions_of
from vnnews_nlp.pipeline import blank


@pytest.fixture(scope="module")
def nlp():
    nlp = blank()
    nlp.add_pipe("vnnews_abbreviations")
    return nlp


def test_spans_are_the_one_store_and_the_list_is_read_from_them(nlp):
    doc = nlp("UBND tỉnh và Sở GD&ĐT họp; HLV đội tuyển có mặt.")
    spans = doc.spans["vnnews_abbreviations"]
    assert [(s.text, s._.vnnews_long_form) for s in spans] == [
        ("UBND", "Ủy ban nhân dân"), ("GD&ĐT", "Giáo dục và Đào tạo"), ("HLV", "huấn luyện viên")]
    listed = doc._.vnnews_abbreviations
    assert [(m.start, m.end, m.short, m.long) for m in listed] == [
        (s.start_char, s.end_char, s.text, s._.vnnews_long_form) for s in spans]
    assert mentions_of(doc) == listed
    # "vnnews_abbreviations" is no stored attribute: changing the spans changes the list
    doc.spans["vnnews_abbreviations"] = list(spans)[:1]
    assert [m.short for m in doc._.vnnews_abbreviations] == ["UBND"]


def test_the_list_is_none_before_the_stage_ran():
    nlp = blank()


def test_an_entity_on_the_same_characters_leaves_the_mention_source_alone(nlp):
    # spaCy keys a span's extension values by its characters: an entity `UBND` and the mention `UBND`
    # share them, so the two stages' provenance must live in attributes of their own
    doc = nlp("UBND tỉnh họp sáng nay.")
    mention = doc.spans["vnnews_abbreviations"][0]
    before = mentions_of(doc)[0].source
    entity = doc.char_span(mention.start_char, mention.end_char, label="ORG")
    entity._.vnnews_source = "model"
    doc.ents = [entity]
    assert mentions_of(doc)[0].source == before == "dictionary"
    assert nlp.make_doc("UBND tỉnh")._.vnnews_abbreviations is None


def test_a_mention_inside_a_glued_token_gets_tokens_of_its_own(nlp):
    doc = nlp("Giá 250USD mỗi chiếc, liên hệ Hà NộiĐT: 04.726 1938")
    got = {(s.text, s._.vnnews_long_form) for s in doc.spans["vnnews_abbreviations"]}
    assert ("USD", "đô la Mỹ") in got
    assert doc.text == "Giá 250USD mỗi chiếc, liên hệ Hà NộiĐT: 04.726 1938"


def test_factory_declares_what_it_assigns_and_requires(nlp):
    meta = nlp.get_pipe_meta("vnnews_abbreviations")
    assert "doc.spans" in meta.assigns and "span._.vnnews_long_form" in meta.assigns
    assert "doc._.vnnews_article_ranges" in meta.requires


def test_evaluate_scores_mentions_as_the_shared_scorer_does(nlp):
    text = "UBND tỉnh giao Sở GD&ĐT rà soát."
    reference = nlp.make_doc(text)
    at = text.index("GD&ĐT")
    gold = [reference.char_span(0, 4), reference.char_span(at, at + 5)]
    gold[0]._.vnnews_long_form = "ủy ban  nhân dân"  # case and spacing do not count
    gold[1]._.vnnews_long_form = "Giáo dục và Thể thao"  # a wrong sense
    reference.spans["vnnews_abbreviations"] = gold
    scores = nlp.evaluate([Example(nlp.make_doc(text), reference)])
    assert scores["abbr_p"] == pytest.approx(0.5) and scores["abbr_r"] == pytest.approx(0.5)
    assert scores["abbr_wrong_sense"] == pytest.approx(0.5)


_PIECES = st.sampled_from([
    "Sở Giáo dục và Đào tạo (GD&ĐT)", " Sở GD&ĐT ", "UBND tỉnh Thanh Hoá", " Hội khuyến học (HKH) ", "HKH huyện",
    " TP.HCM ", "Quyết định 14/QĐ-UBND ", "hoà giải", " ĐT Việt Nam ", " Uỷ ban ", "\n", ", ", "KH, KT ",
    "Trung tâm Y tế (TTYT) ", " TT Phong Điền",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=12).map("".join))
def test_decomposed_input_gives_the_same_mentions_as_composed(text):
    nfc = unicodedata.normalize("NFC", text)
    nfd = unicodedata.normalize("NFD", text)
    a, b = find_abbreviations(nfc), find_abbreviations(nfd)
    assert [(m.long, unicodedata.normalize("NFC", m.short)) for m in a] == \
        [(m.long, unicodedata.normalize("NFC", m.short)) for m in b]
    for m in b:
        assert nfd[m.start:m.end] == m.short
    # the NFD offsets are the NFC ones moved by the characters NFD adds before them
    for x, y in zip(a, b):
        assert unicodedata.normalize("NFC", nfd[:y.start]) == nfc[:x.start]


def test_old_and_new_tone_placement_match_one_key():
    assert [m.long for m in find_abbreviations("Ủy ban MTTQ xã Hoà Bình")] == \
        [m.long for m in find_abbreviations("Uỷ ban MTTQ xã Hòa Bình")]
