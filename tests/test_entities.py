"""PER/ORG/LOC: the trained recogniser through `build()`, the guideline rules, article ranges, offsets.

Every sentence here is written for these tests (no third-party article text).
"""
from __future__ import annotations

import pytest
from spacy.language import Language

from vnnews_nlp.entities import acronyms, cleanup, edges, orgs, places, tokens
from vnnews_nlp.entities.steps import STEP_NAMES, run_steps
from vnnews_nlp.paths import model_path
from vnnews_nlp.pipeline import blank, build

LEAD = (
    "TTO - Sáng 7/3, Chủ tịch HKH tỉnh Vương Văn Việt đã làm việc với UBND tỉnh Thanh Hóa "
    "về kế hoạch năm 2024.\n"
    "Bí thư Tỉnh ủy Lê Minh Hải đề nghị Sở Giáo dục và Đào tạo phối hợp với huyện Như Thanh."
)


@pytest.fixture(scope="module")
def recogniser() -> Language:
    return build(exclude=("vnnews_structure", "vnnews_abbreviations", "vnnews_category"))


def _ents(nlp: Language, text: str) -> set[tuple[str, str]]:
    return {(e.label_, e.text) for e in nlp(text).ents}


def _doc(text: str):
    return blank()(text)


def _texts(doc, spans) -> list[str]:
    return [doc[s:e].text for s, e, _ in spans]


def _labelled(doc, spans) -> list[tuple[str, str]]:
    return [(doc[s:e].text, label) for s, e, label in spans]


def combine(doc, model, steps=STEP_NAMES):
    """The spans the rule steps make of `model`, without their provenance."""
    return [(s, e, label) for s, e, label, _ in run_steps(doc, model, steps)]


def _after_step(doc, model_span, step: str) -> list[tuple[str, str]]:
    """The labelled spans the rule steps make of one model span with one step on."""
    return _labelled(doc, combine(doc, [model_span], steps=(step,)))


def test_model_loads_through_build(recogniser):
    assert (model_path("ner") / "meta.json").exists()
    assert "ner" in recogniser.pipe_names
    assert recogniser.pipe_names.index("ner") < recogniser.pipe_names.index("vnnews_entities")
    assert {"PER", "ORG", "LOC"} <= set(recogniser.get_pipe("ner").labels)


def test_finds_people_organisations_places(recogniser):
    found = _ents(recogniser, LEAD)
    expected = {
        ("ORG", "TTO"),
        ("DATE", "Sáng 7/3"),
        ("ORG", "HKH tỉnh"),
        ("PER", "Vương Văn Việt"),
        ("ORG", "UBND tỉnh Thanh Hóa"),
        ("ORG", "Tỉnh ủy"),
        ("PER", "Lê Minh Hải"),
        ("ORG", "Sở Giáo dục và Đào tạo"),
        ("LOC", "huyện Như Thanh"),
    }
    assert expected <= found, expected - found
    assert not {text for label, text in found if label == "PER" and text.split()[0] in ("Chủ", "Bí", "ông")}


def test_spans_index_the_input(recogniser):
    text = "Đoàn công tác của Bộ Y tế thăm Bệnh viện Đa khoa tỉnh Nghệ An;  ông Trần Văn Bình tiếp đón.\n\nHà Nội, Việt Nam."
    doc = recogniser(text)
    assert doc.ents
    for ent in doc.ents:
        assert doc.text[ent.start_char : ent.end_char] == ent.text


def test_entities_outside_article_are_dropped(recogniser):
    text = "Ông Nguyễn Văn Nam thăm TP Đà Nẵng.\nTin liên quan: Bà Phạm Thị Lan về Hà Nội."
    doc = recogniser.make_doc(text)
    doc._.vnnews_article_ranges = [(0, text.index("\n"))]
    for _name, proc in recogniser.pipeline:
        doc = proc(doc)
    assert doc.ents
    assert all(ent.end_char <= text.index("\n") for ent in doc.ents)


def test_qualifier_joins_the_organisation():
    doc = _doc("UBND tỉnh Thanh Hóa và HKH tỉnh họp; Sở GD&ĐT Nghệ An dự.")
    spans = orgs.extend_qualifiers(doc, [(0, 1, "ORG"), (1, 4, "LOC"), (5, 6, "ORG"), (9, 13, "ORG")])
    assert _texts(doc, spans) == ["UBND tỉnh Thanh Hóa", "HKH tỉnh", "Sở GD&ĐT Nghệ An"]


def test_qualifier_stops_before_a_person():
    doc = _doc("Chủ tịch HKH tỉnh Vương Văn Việt")
    assert _texts(doc, orgs.qualified_heads(doc)) == ["HKH tỉnh"]


def test_fixed_organisations_inside_titles():
    doc = _doc("Bí thư Tỉnh ủy và đại biểu Quốc hội gặp Chính phủ")
    assert _texts(doc, orgs.fixed_orgs(doc)) == ["Tỉnh ủy", "Quốc hội", "Chính phủ"]


def test_a_name_defined_with_an_acronym_of_its_initials_is_an_organisation():
    doc = _doc("Cơ quan Badan Intelijen Negara (BIN) và cô Minh Châu (MC) dẫn chương trình.")
    spans = acronyms.defined_names_are_not_people(doc, [(2, 5, "PER"), (11, 13, "PER")])
    assert [label for _, _, label in spans] == ["ORG", "PER"]


def test_tickers_and_product_codes_are_not_organisations():
    doc = _doc("Cổ phiếu tăng có BT6, DHA, GIL và mã REE; vật liệu MOF-177 mới. Vàng AJC, PNJ, SJC giảm.")
    found = {doc[i].text for i in acronyms.codes(doc)}
    assert found == {"BT6", "DHA", "GIL", "REE", "MOF"}


def test_in_share_trading_reports_short_code_lists_are_tickers():
    text = "Phiên sáng, cổ phiếu khớp lệnh nhiều nhất là KMX, TRV; chứng khoán {} và QLD cùng tăng."
    doc = _doc(text.format("HPX"))
    assert {doc[i].text for i in acronyms.codes(doc)} == {"KMX", "TRV", "HPX", "QLD"}
    other = _doc("Đại diện KMX, TRV và QLD đã ký thỏa thuận hợp tác.")
    assert acronyms.codes(other) == set()


def test_bracketed_abbreviation_is_a_second_organisation():
    doc = _doc("Hội khuyến học (HKH) huyện họp. HKH tặng quà.")
    found = acronyms.bracket_abbreviations(doc, [(0, 3, "ORG")])
    assert _texts(doc, found) == ["HKH", "HKH"]


def test_dotted_bracket_abbreviations_replace_the_models_pieces():
    doc = _doc("Đội Sao Mai Hà Tĩnh (S.M.HT) gặp Phú Yên. S.M.HT 3 điểm, còn S.M ở lại.")
    found = acronyms.bracket_abbreviations(doc, [(1, 5, "ORG")])
    assert _texts(doc, found) == ["S.M.HT", "S.M.HT"]
    second = found[1]
    model = [(1, 5, "ORG"), (second[0], second[0] + 3, "PER"), (second[0] + 4, second[1] + 1, "ORG")]
    out = acronyms.abbreviations_prevail(doc, model, found)
    assert _labelled(doc, out)[-2:] == [("S.M.HT", "ORG"), ("S.M.HT", "ORG")]


def test_bracketed_places_are_no_abbreviations():
    doc = _doc("Cục Môi trường Trung Quốc (TQ) và Trung tâm thú y vùng (TP.HCM) cho biết.")
    spans = [(0, 5, "ORG"), (9, 14, "ORG")]
    assert acronyms.bracket_abbreviations(doc, spans) == []


def test_a_name_run_twice_is_two_mentions_but_reduplicated_names_stay():
    doc = _doc("Sức ép cho Kon Tum Kon Tum đứng đầu, ca sĩ Phi Phi hát.")
    spans = edges.split_repeats(doc, [(3, 7, "LOC"), (12, 14, "PER")])
    assert _texts(doc, spans) == ["Kon Tum", "Kon Tum", "Phi Phi"]


def test_spans_stop_at_verbs_that_follow_a_name():
    doc = _doc("Bộ Thương mại chủ trì cuộc họp; Công ty TNHH Đạt Phát do ông Hải làm giám đốc.")
    spans = edges.tidy_edges(doc, [(0, 5, "ORG"), (8, 15, "ORG")])
    assert _texts(doc, spans) == ["Bộ Thương mại", "Công ty TNHH Đạt Phát"]


def test_unit_places():
    doc = _doc("Về xã Hải Nhân, thị xã Nghi Sơn và quận 1 hôm qua.")
    assert _texts(doc, places.unit_places(doc)) == ["xã Hải Nhân", "thị xã Nghi Sơn", "quận 1"]


def test_regions_take_the_river_they_are_named_after():
    doc = _doc("Lúa ở đồng bằng sông Cửu Long và cao nguyên Mộc Châu, còn đồng bằng thì khô.")
    assert _texts(doc, places.unit_places(doc)) == ["đồng bằng sông Cửu Long", "cao nguyên Mộc Châu"]


def test_roads_named_after_people_are_places():
    doc = _doc("Nhà ở đường Nguyễn Thị Minh Khai, gần phố Hàng Mã.")
    roads = _texts(doc, places.unit_places(doc))
    assert roads == ["đường Nguyễn Thị Minh Khai", "phố Hàng Mã"]
    assert _after_step(doc, (3, 7, "PER"), "units")[0] == ("đường Nguyễn Thị Minh Khai", "LOC")


def test_latin_names_ending_in_a_company_word_are_organisations():
    doc = _doc("Theo Evans Data và hãng Vietnam Airlines, ông Data nói.")
    assert _texts(doc, orgs.latin_orgs(doc)) == ["Evans Data", "Vietnam Airlines"]
    assert _after_step(doc, (1, 3, "PER"), "latin") == [("Evans Data", "ORG"), ("Vietnam Airlines", "ORG")]


def test_a_country_after_an_organisation_belongs_to_it():
    doc = _doc("Bộ Ngoại giao Nhật Bản và Chính phủ Hà Lan cùng ký.")
    spans = places.country_qualifiers(doc, [(0, 3, "ORG"), (3, 5, "LOC"), (6, 8, "ORG"), (8, 10, "LOC")])
    assert _labelled(doc, spans) == [
        ("Bộ Ngoại giao Nhật Bản", "ORG"), ("Chính phủ Hà Lan", "ORG"),
    ]


def test_events_and_bare_kinds_are_not_organisations():
    doc = _doc("Hội chợ Khoa học quốc tế và Trung tâm học tập cộng đồng cùng Hội Nông dân.")
    spans = cleanup.not_organisations(doc, [(0, 6, "ORG"), (7, 13, "ORG"), (14, 17, "ORG")])
    assert _texts(doc, spans) == ["Hội Nông dân"]


def test_a_unit_word_alone_is_no_place():
    doc = _doc("Trạm y tế xã, thị trấn và huyện Như Thanh.")
    spans = cleanup.not_organisations(doc, [(3, 4, "LOC"), (5, 7, "LOC"), (8, 11, "LOC")])
    assert _texts(doc, spans) == ["huyện Như Thanh"]


def test_unnamed_places_and_index_names_are_no_entities():
    doc = _doc("Khán giả tại TP biển vui.\nChỉ số VN-Index tăng ở quận Hoàn Kiếm.")
    tp = (3, 5, "LOC")
    vn = doc.char_span(doc.text.index("VN-"), doc.text.index("VN-") + 2)
    district = doc.char_span(doc.text.index("quận"), doc.text.index(" Kiếm") + 5)
    spans = [tp, (vn.start, vn.end, "LOC"), (district.start, district.end, "LOC")]
    assert _texts(doc, cleanup.not_organisations(doc, spans)) == ["quận Hoàn Kiếm"]


def test_a_photo_credit_is_not_article_text_and_holds_no_entity():
    text = ("Lễ khai mạc\nKhán giả tại quận Hoàn Kiếm xem lễ khai mạc rất đông vui. Ảnh: Q.LIÊM\n"
            "Đoàn diễu hành đi qua nhiều tuyến phố chính (Ảnh: Trần Minh) trong buổi sáng.")
    doc = build(exclude=("vnnews_category",))(text)
    credits = [s.text for s in doc.spans["vnnews_boilerplate"] if s.label_ == "credit"]
    assert credits == ["Ảnh: Q.LIÊM", "(Ảnh: Trần Minh)"]
    assert not {e.text for e in doc.ents} & {"Q.LIÊM", "Trần Minh"}


def test_the_pronoun_anh_opening_a_sentence_is_no_country():
    doc = _doc("Xuân Bắc tâm sự. Anh cho biết sẽ sang Anh học.\n- Anh đã sẵn sàng?")
    spans = [(i, i + 1, "LOC") for i, tok in enumerate(doc) if tok.text == "Anh"]
    kept = cleanup.not_organisations(doc, spans)
    assert [doc[s].idx for s, _, _ in kept] == [doc.text.index("Anh học")]


def test_storm_names_are_no_entities():
    doc = _doc("Siêu bão Yagi đổ bộ; tên bão Dennis, Rita và Wilma bị rút, còn Rita Ora hát.")
    names = ["Yagi", "Dennis", "Rita", "Wilma", "Rita Ora"]
    spans = []
    for name in names:
        at = doc.text.index(name) if name != "Rita Ora" else doc.text.index("Rita Ora")
        span = doc.char_span(at, at + len(name))
        spans.append((span.start, span.end, "PER"))
    assert _texts(doc, cleanup.not_organisations(doc, spans)) == ["Rita Ora"]


def test_acronyms_of_events_are_not_organisations():
    from vnnews_nlp.abbreviations import find_abbreviations

    text = "Hội chợ Sáng tạo trẻ quốc tế (ISYF) mở cửa. Năm nay, ISYF đón 900 học sinh."
    doc = _doc(text)
    mentions = [(m.start, m.long) for m in find_abbreviations(text)]
    second = doc.char_span(text.rindex("ISYF"), text.rindex("ISYF") + 4)
    assert acronyms.concept_acronyms(doc, [(second.start, second.end, "ORG")], mentions) == []


def test_acronyms_of_agreements_are_not_organisations():
    from vnnews_nlp.abbreviations import find_abbreviations

    text = "Hiệp định Thương mại Hàng hóa (HĐTMHH) có hiệu lực. HĐTMHH mở cửa thị trường."
    doc = _doc(text)
    second = doc.char_span(text.rindex("HĐTMHH"), text.rindex("HĐTMHH") + 6)
    mentions = [(m.start, m.long) for m in find_abbreviations(text)]
    assert acronyms.concept_acronyms(doc, [(second.start, second.end, "ORG")], mentions) == []


def test_a_port_named_like_a_person_is_a_place():
    doc = _doc("Tàu cập cảng Sơn Dương hôm qua.")
    assert _after_step(doc, (3, 5, "PER"), "units") == [("cảng Sơn Dương", "LOC")]


def test_countries_are_places_but_not_languages():
    doc = _doc("Đội tuyển Thái Lan thắng, còn tiếng Pháp thì khó.")
    relabelled, extra = places.foreign_places(doc, [])
    assert _texts(doc, extra) == ["Thái Lan"]


def test_foreign_cities_and_regions_the_model_missed_are_places_unless_part_of_a_name():
    doc = _doc("Đoàn đến Stockholm rồi Tây Tạng, gặp đại diện Stockholm University.")
    _, extra = places.foreign_places(doc, [])
    assert _texts(doc, extra) == ["Stockholm", "Tây Tạng"]


def test_a_country_can_end_the_document(recogniser):
    doc = _doc("Đoàn công tác lên đường sang Thái Lan")
    _, extra = places.foreign_places(doc, [])
    assert _texts(doc, extra) == ["Thái Lan"]
    assert ("LOC", "Hoa Kỳ") in _ents(recogniser, "Đoàn đại biểu sang thăm Hoa Kỳ")


def test_hyphenated_names_stay_whole():
    doc = _doc("Ông Jean-Claude Juncker đến.")
    assert _texts(doc, edges.join_hyphens(doc, [(1, 2, "PER")])) == ["Jean-Claude Juncker"]


def test_run_on_spans_are_cut():
    doc = _doc("Sở TN&MT hoàn thành việc; Tổ chức Nông lương của Liên hợp quốc")
    spans = edges.tidy_edges(doc, [(0, 9, "ORG"), (8, 13, "ORG")])
    assert _texts(doc, spans) == ["Sở TN&MT", "Tổ chức Nông lương"]


def test_one_label_per_text():
    doc = _doc("Nam Định thắng, Nam Định vui, Nam Định hát")
    spans = cleanup.consistent_labels(doc, [(0, 2, "LOC"), (4, 6, "LOC"), (8, 10, "ORG")])
    assert {label for _, _, label in spans} == {"LOC"}


def test_missions_take_their_seat_along():
    doc = _doc("Lãnh sự quán Canada tại TP.HCM và Văn phòng đại diện Bộ Tài chính tại Đà Nẵng làm việc tại Hà Nội.")
    office = doc.char_span(doc.text.index("Văn"), doc.text.index(" tại Đà"))
    spans = [(0, 4, "ORG"), (office.start, office.end, "ORG")]
    assert _texts(doc, orgs.extend_qualifiers(doc, spans)) == [
        "Lãnh sự quán Canada tại TP.HCM", "Văn phòng đại diện Bộ Tài chính tại Đà Nẵng",
    ]
    bank = _doc("Ngân hàng Nhà nước tại Hà Nội")
    assert orgs.mission_seat(bank, 0, 4) == 0  # only missions and offices take their seat


def test_phrase_before_reads_one_or_two_spaced_words():
    doc = _doc("Chiếc máy bay Boeing và xe(BMW) đỗ.")
    products = frozenset({"máy bay", "xe"})
    assert tokens.phrase_before(doc, 3, products) == 2  # `máy bay` + `Boeing`
    assert tokens.phrase_before(doc, 7, products) == 0  # `(` sits between `xe` and `BMW`
    assert tokens.phrase_before(doc, 0, products) == 0


def test_names_listed_after_a_unit_place_are_places():
    doc = _doc("Các ao tôm ở xã Quỳnh Lương, Quỳnh Thanh, Quỳnh Yên đều bị ảnh hưởng.")
    first = doc.char_span(doc.text.index("xã"), doc.text.index(" Lương") + 6)
    person = doc.char_span(doc.text.index("Quỳnh Thanh"), doc.text.index("Quỳnh Thanh") + 11)
    spans = places.listed_places(doc, [(first.start, first.end, "LOC"), (person.start, person.end, "PER")])
    assert _labelled(doc, spans) == [("xã Quỳnh Lương", "LOC"), ("Quỳnh Thanh", "LOC"), ("Quỳnh Yên", "LOC")]
    road = _doc("Xe kẹt trên đường Nguyễn Chí Thanh và Trần Duy Hưng.")
    span = road.char_span(road.text.index("đường"), road.text.index(" và"))
    assert _labelled(road, places.listed_places(road, [(span.start, span.end, "LOC")]))[-1] == ("Trần Duy Hưng", "LOC")
    title = _doc("Về huyện Như Thanh, Chủ tịch UBND tỉnh phát biểu.")
    span = title.char_span(title.text.index("huyện"), title.text.index(","))
    assert places.listed_places(title, [(span.start, span.end, "LOC")]) == [(span.start, span.end, "LOC")]
