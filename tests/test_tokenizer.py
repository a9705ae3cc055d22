"""The tokenizer keeps the input exactly and segments words with underthesea."""
from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from vnnews_nlp.pipeline import blank

NLP = blank()


def test_text_is_kept_exactly_with_odd_whitespace():
    text = "  Xin  chào\n\n Hà Nội ðẹp.  \t\nTP.HCM 14/KH-UBND GD&ĐT \r\n"
    doc = NLP(text)
    assert doc.text == text
    assert [t.text for t in doc if not t.is_space][:3] == ["Xin", "chào", "Hà"]


def test_syllable_tokens_split_compounds_at_punctuation():
    doc = NLP("Sở GD&ĐT theo Kế hoạch số 14/KH-UBND tại TP.HCM")
    assert [t.text for t in doc] == [
        "Sở", "GD", "&", "ĐT", "theo", "Kế", "hoạch", "số", "14", "/", "KH", "-", "UBND",
        "tại", "TP", ".", "HCM",
    ]


def test_words_come_from_underthesea():
    doc = NLP("Sở Giáo dục và Đào tạo tổ chức hội nghị tổng kết.")
    words = [w.text for w in doc._.vnnews_words]
    assert "hội nghị" in words
    assert "tổng kết" in words


def test_nfd_input_keeps_offsets_and_words():
    text = unicodedata.normalize("NFD", "Hội nghị khuyến học tỉnh Thanh Hóa.")
    doc = NLP(text)
    assert doc.text == text
    words = [w.text for w in doc._.vnnews_words]
    assert unicodedata.normalize("NFC", words[0]) == "Hội nghị"


def test_sentences_and_lines():
    doc = NLP("Câu thứ nhất. Câu thứ hai!\nDòng mới không dấu chấm")
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences == ["Câu thứ nhất.", "Câu thứ hai!", "Dòng mới không dấu chấm"]


VIETNAMESE = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
                                  "AĂÂĐÊÔƠƯHKTUBND&/-.,;:()\"“”'0123456789 \n\t\u0300\u0301\u0323")),
    max_size=200,
)


@settings(max_examples=150, deadline=None)
@given(VIETNAMESE, st.booleans())
def test_tokens_and_words_cover_the_input(text, decompose):
    if decompose:
        text = unicodedata.normalize("NFD", text)
    doc = NLP(text)
    assert doc.text == text
    for token in doc:
        assert text[token.idx : token.idx + len(token.text)] == token.text
    for word in doc._.vnnews_words:
        assert text[word.start_char : word.end_char] == word.text
