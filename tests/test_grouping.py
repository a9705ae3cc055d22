"""Entity groups: mentions of one body, company, place or person come out as one group."""
from __future__ import annotations

import csv

import pytest

from vnnews_nlp.document import Abbreviation, Entity, group_entities
from vnnews_nlp.paths import data_path


def mentions(text: str, *spans: tuple[str, str]) -> list[Entity]:
    """Entities for (label, mention) pairs, each found in `text` after the previous one."""
    out, pos = [], 0
    for label, mention in spans:
        start = text.index(mention, pos)
        out.append(Entity(label, mention, start, start + len(mention)))
        pos = start + len(mention)
    return out


def groups(entities, abbreviations=()) -> dict[str, list[str]]:
    return {g.canonical: g.mentions for g in group_entities(entities, list(abbreviations))}


def test_a_body_with_and_without_its_qualifiers_is_one_group() -> None:
    text = "UBND tỉnh Quảng Ninh họp. Sau đó UBND tỉnh ra văn bản, UBND yêu cầu các sở thực hiện."
    found = group_entities(mentions(text, ("ORG", "UBND tỉnh Quảng Ninh"), ("ORG", "UBND tỉnh"), ("ORG", "UBND")))
    assert [(g.canonical, g.mentions, g.count) for g in found] == [
        ("UBND tỉnh Quảng Ninh", ["UBND tỉnh Quảng Ninh", "UBND tỉnh", "UBND"], 3)]


def test_abbreviations_meet_their_long_forms() -> None:
    text = "Ủy ban nhân dân tỉnh Quảng Ninh họp. UBND tỉnh đề nghị, UBND yêu cầu."
    entities = mentions(text, ("ORG", "Ủy ban nhân dân tỉnh Quảng Ninh"), ("ORG", "UBND tỉnh"), ("ORG", "UBND"))
    shorts = [Abbreviation("UBND", "Ủy ban nhân dân", e.start, e.start + 4, "dictionary", 0.98) for e in entities[1:]]
    assert groups(entities, shorts) == {
        "Ủy ban nhân dân tỉnh Quảng Ninh": ["Ủy ban nhân dân tỉnh Quảng Ninh", "UBND tỉnh", "UBND"]}
    # An abbreviation defined in the text, at its definition site, joins too.
    text = "Hội khuyến học (HKH) tỉnh Quảng Bình họp. HKH tỉnh trao học bổng."
    entities = mentions(text, ("ORG", "Hội khuyến học"), ("ORG", "HKH"), ("ORG", "HKH tỉnh"))
    shorts = [Abbreviation("HKH", "Hội khuyến học", e.start, e.start + 3, "definition", 0.97) for e in entities[1:]]
    assert groups(entities, shorts) == {"Hội khuyến học tỉnh": ["Hội khuyến học", "HKH", "HKH tỉnh"]}


def test_a_brand_with_and_without_its_company_head_is_one_group() -> None:
    text = "Tập đoàn Nvidia công bố chip mới. Cổ phiếu Nvidia tăng; công ty cổ phần Vinamilk và Vinamilk cũng vậy."
    assert groups(mentions(text, ("ORG", "Tập đoàn Nvidia"), ("ORG", "Nvidia"), ("ORG", "công ty cổ phần Vinamilk"),
                           ("ORG", "Vinamilk"))) == {
        "Tập đoàn Nvidia": ["Tập đoàn Nvidia", "Nvidia"],
        "công ty cổ phần Vinamilk": ["công ty cổ phần Vinamilk", "Vinamilk"]}


def test_a_place_with_and_without_its_unit_is_one_group() -> None:
    text = "Mưa lớn ở tỉnh Quảng Ninh; Quảng Ninh sơ tán dân."
    assert groups(mentions(text, ("LOC", "tỉnh Quảng Ninh"), ("LOC", "Quảng Ninh"))) == {
        "tỉnh Quảng Ninh": ["tỉnh Quảng Ninh", "Quảng Ninh"]}


def test_a_person_and_their_given_names_are_one_group() -> None:
    text = "Bà Nguyễn Thị Hồng Nhung phát biểu. Bà Hồng Nhung cho biết; bà Nhung đề nghị."
    assert groups(mentions(text, ("PER", "Nguyễn Thị Hồng Nhung"), ("PER", "Hồng Nhung"), ("PER", "Nhung"))) == {
        "Nguyễn Thị Hồng Nhung": ["Nguyễn Thị Hồng Nhung", "Hồng Nhung", "Nhung"]}


def test_a_short_form_that_could_name_two_things_stays_apart() -> None:
    text = "UBND tỉnh Quảng Ninh và UBND huyện Tiên Yên họp; UBND sẽ báo cáo. Ông Trần Văn Nam và ông Lê Văn Nam; ông Nam."
    found = groups(mentions(text, ("ORG", "UBND tỉnh Quảng Ninh"), ("ORG", "UBND huyện Tiên Yên"), ("ORG", "UBND"),
                            ("PER", "Trần Văn Nam"), ("PER", "Lê Văn Nam"), ("PER", "Nam")))
    assert found == {"UBND tỉnh Quảng Ninh": ["UBND tỉnh Quảng Ninh"], "UBND huyện Tiên Yên": ["UBND huyện Tiên Yên"],
                     "UBND": ["UBND"], "Trần Văn Nam": ["Trần Văn Nam"], "Lê Văn Nam": ["Lê Văn Nam"], "Nam": ["Nam"]}


@pytest.mark.parametrize(("longer", "shorter"), [
    ("UBND các huyện", "UBND"),  # a plural is not the body with a qualifier
    ("Đảng bộ tỉnh", "Đảng"),  # one word running on into another, not a qualifier
    ("Ngân hàng Thế giới", "Thế giới"),  # a head only opens a name
])
def test_a_longer_name_that_is_another_thing_is_not_joined(longer: str, shorter: str) -> None:
    text = f"{longer} họp; {shorter} nói."
    label = "ORG"
    assert len(group_entities(mentions(text, (label, longer), (label, shorter)))) == 2


def test_labels_and_dates_do_not_mix() -> None:
    text = "Quảng Ninh và UBND tỉnh Quảng Ninh, ngày 7/3."
    found = group_entities(mentions(text, ("LOC", "Quảng Ninh"), ("ORG", "UBND tỉnh Quảng Ninh"), ("DATE", "ngày 7/3")))
    assert sorted((g.label, g.canonical) for g in found) == [("LOC", "Quảng Ninh"), ("ORG", "UBND tỉnh Quảng Ninh")]


def test_the_word_list_is_sorted_unique_and_sourced() -> None:
    with open(data_path("entity_groups.tsv"), encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    assert rows[0] == ["label", "kind", "word", "source"]
    body = rows[1:]
    assert body == sorted(body) and len({tuple(r[:3]) for r in body}) == len(body)
    assert all(len(r) == 4 and all(r) for r in body)
