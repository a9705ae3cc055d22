"""The annotation markup: parsed into offsets that index the original, refused when malformed."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnnews_nlp.train.corpus import fold_of, text_hash
from vnnews_nlp.train.markup import MarkupError, check_against, parse, render

TEXT = "Sáng 7/3, UBND TP Đà Nẵng họp.\nÔng Nguyễn Văn A phát biểu."
MARKUP = (
    "⟦DATE=2024-03-07|Sáng 7/3⟧, ⟦ORG|⟨UBND|Ủy ban nhân dân⟩ ⟨TP|thành phố⟩ Đà Nẵng⟧ họp.\n"
    "Ông ⟦PER|Nguyễn Văn A⟧ phát biểu.⟪END⟫"
)


def test_parse_gives_offsets_into_the_plain_text():
    parsed = parse(MARKUP)
    check_against(parsed, TEXT)
    assert [(TEXT[e["start"]:e["end"]], e["label"]) for e in parsed.entities] == [
        ("Sáng 7/3", "DATE"), ("UBND TP Đà Nẵng", "ORG"), ("Nguyễn Văn A", "PER")]
    assert parsed.entities[0]["value"] == "2024-03-07"
    assert [(TEXT[a["start"]:a["end"]], a["long"]) for a in parsed.abbreviations] == [
        ("UBND", "Ủy ban nhân dân"), ("TP", "thành phố")]
    assert parsed.body_end == len(TEXT)


@pytest.mark.parametrize("bad, why", [
    ("⟦ORG|⟦LOC|Hà Nội⟧⟧", "nested"),
    ("⟦XYZ|Hà Nội⟧", "unknown entity label"),
    ("⟦DATE=7/3/2024|7/3/2024⟧", "not ISO"),
    ("⟦ORG|Bộ Y tế", "never closed"),
    ("⟦ORG| Bộ Y tế⟧", "outer spaces"),
    ("⟨UBND Ủy ban⟩", "⟨SHORT|long⟩"),
    ("a⟪END⟫b⟪END⟫", "second"),
])
def test_malformed_markup_is_refused_with_the_reason(bad, why):
    with pytest.raises(MarkupError, match=why):
        parse(bad)


def test_a_changed_character_is_named():
    parsed = parse(MARKUP.replace("họp", "hop"))
    with pytest.raises(MarkupError, match="differs from the original at offset"):
        check_against(parsed, TEXT)


words = st.sampled_from(["Hà", "Nội", "UBND", "tỉnh", "ngày", "7/3", "Bộ", "Y", "tế", ",", ".", "\n", "ông"])


@settings(max_examples=200, deadline=None)
@given(st.lists(words, min_size=1, max_size=30), st.data())
def test_render_then_parse_gives_back_every_span(tokens, data):
    text = " ".join(tokens)
    bounds, pos = [], 0
    for tok in tokens:
        bounds.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    entities, abbreviations, taken = [], [], set()
    for a, b in data.draw(st.lists(st.tuples(st.integers(0, len(tokens) - 1), st.integers(1, 3)), max_size=5)):
        span = range(a, min(a + b, len(tokens)))
        if taken.intersection(span) or any(tokens[k].isspace() for k in (span[0], span[-1])):
            continue
        taken.update(span)
        label = data.draw(st.sampled_from(["PER", "ORG", "LOC", "DATE"]))
        entity = {"start": bounds[span[0]][0], "end": bounds[span[-1]][1], "label": label}
        if label == "DATE":
            entity["value"] = "2024-03-07"
        entities.append(entity)
    for k, tok in enumerate(tokens):
        if tok in ("UBND", "Y") and data.draw(st.booleans()):
            abbreviations.append({"start": bounds[k][0], "end": bounds[k][1], "long": "dạng đầy đủ"})
    parsed = parse(render(text, entities, abbreviations))
    check_against(parsed, text)
    key = lambda e: (e["start"], e["end"], e["label"], e.get("value"))  # noqa: E731
    assert sorted(map(key, parsed.entities)) == sorted(map(key, entities))
    assert sorted((a["start"], a["end"]) for a in parsed.abbreviations) == sorted(
        (a["start"], a["end"]) for a in abbreviations)


def test_folds_and_hashes_are_stable():
    assert fold_of("vne-4737530", 5) == fold_of("vne-4737530", 5)
    assert {fold_of(f"id-{k}", 5) for k in range(200)} == set(range(5))
    assert text_hash("Hà Nội") == text_hash("Hà Nội") != text_hash("Hà Nội ")
