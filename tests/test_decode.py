"""decode_bytes: every supported encoding round-trips to the same NFC text."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnnews_nlp.decode import DecodedText, decode_bytes, decode_legacy, encode_legacy, vietnamese_score
from vnnews_nlp.errors import InputError
from vnnews_nlp.legacy_tables import TCVN3_DECODE, VISCII_DECODE, VNI_ENCODE

# Written for these tests: every tone on every vowel family, upper case
# (incl. letters TCVN3 keeps on C0 positions), đ/Đ, digits and punctuation.
PARAGRAPH = (
    "Sáng 7/3, Hội Khuyến học tỉnh Quảng Bình tổ chức hội nghị tổng kết năm 2024.\n"
    "ĐỒNG CHÍ Nguyễn Thị Ngọc Ánh phát biểu: \"Phải ưu tiên xây dựng xã hội học tập ở "
    "huyện Lệ Thủy, thị xã Ba Đồn\". Ông Ứng, bà Ỷ, cụ Ỵ, Ỹ, Ỳ, Ý, Ữ, Ự, Ẵ, Ẳ, Ỡ.\n"
    "Giá vé 50.000 đồng/người; khuyến tài, khuyến học - những việc làm đáng quý!"
)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1258", "tcvn3", "vni", "viscii"]


def _encode(text: str, encoding: str) -> bytes:
    if encoding in ("cp1258", "tcvn3", "vni", "viscii"):
        return encode_legacy(text, encoding)
    return text.encode(encoding)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_round_trip(encoding: str) -> None:
    decoded = decode_bytes(_encode(PARAGRAPH, encoding), source="para.txt")
    assert isinstance(decoded, DecodedText)
    assert decoded.text == PARAGRAPH
    assert unicodedata.is_normalized("NFC", decoded.text)
    if encoding == "utf-8":
        assert decoded.warnings == []
    else:
        assert decoded.warnings, encoding
        assert any("offsets index the decoded text" in w for w in decoded.warnings)


@pytest.mark.parametrize("encoding", ["cp1258", "tcvn3", "vni", "viscii"])
def test_legacy_encoding_is_named(encoding: str) -> None:
    decoded = decode_bytes(encode_legacy(PARAGRAPH, encoding))
    assert decoded.encoding == encoding
    assert any("converted from" in w for w in decoded.warnings)


def test_cp1258_uses_combining_tone_marks() -> None:
    data = encode_legacy("Việt", "cp1258")
    assert data == b"Vi\xea\xf2t"  # ê (0xEA) + combining dot below (0xF2)


def test_nfd_input_is_composed_with_a_warning() -> None:
    decoded = decode_bytes(unicodedata.normalize("NFD", PARAGRAPH).encode("utf-8"))
    assert decoded.text == PARAGRAPH
    assert any("NFC" in w for w in decoded.warnings)


def test_utf16_without_bom() -> None:
    decoded = decode_bytes(PARAGRAPH.encode("utf-16-le"))
    assert decoded.text == PARAGRAPH
    assert decoded.warnings


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "viscii"])
def test_legacy_bytes_saved_as_utf8_are_repaired(encoding: str) -> None:
    text = "Phối hợp đẩy mạnh hoạt động khuyến học, khuyến tài, xây dựng xã hội học tập"
    misread = encode_legacy(text, encoding).decode("latin-1")
    decoded = decode_bytes(misread.encode("utf-8"))
    assert decoded.text == text
    assert decoded.warnings


def test_utf8_with_a_broken_byte_stays_utf8() -> None:
    data = PARAGRAPH.encode("utf-8") + b"\xff" + PARAGRAPH.encode("utf-8")
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text == PARAGRAPH + "\ufffd" + PARAGRAPH
    assert any("U+FFFD" in w for w in decoded.warnings)


def test_well_known_table_entries() -> None:
    # TCVN3: `Phèi hîp` is how `Phối hợp` looks in a Latin font.
    assert TCVN3_DECODE[0xE8] == "ố" and TCVN3_DECODE[0xEE] == "ợ" and TCVN3_DECODE[0xAE] == "đ"
    assert VISCII_DECODE[0xF0] == "đ" and VISCII_DECODE[0xD0] == "Đ" and VISCII_DECODE[0xDF] == "ư"
    assert VNI_ENCODE["á"] == "aù" and VNI_ENCODE["ệ"] == "eä" and VNI_ENCODE["đ"] == "ñ"
    assert VNI_ENCODE["Ư"] == "Ö" and VNI_ENCODE["ỵ"] == "î"


def test_plain_ascii_and_empty() -> None:
    assert decode_bytes(b"") == DecodedText("", "utf-8", [])
    assert decode_bytes(b"Hello world").text == "Hello world"


@pytest.mark.parametrize("data", [
    b"\x00\x01\x02binary\x00\xff" * 20,
    bytes(range(1, 32)) * 40,
    bytes((i * 37 + 11) % 256 for i in range(4000)),
])
def test_garbage_raises_naming_the_source(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, source="dump/0042.bin")
    assert info.value.source == "dump/0042.bin"
    assert "dump/0042.bin" in str(info.value)


def test_unencodable_character() -> None:
    with pytest.raises(ValueError):
        encode_legacy("“trích dẫn”", "tcvn3")
    assert encode_legacy("“a”", "viscii", errors="replace") == b"?a?"


def test_vietnamese_score_prefers_real_syllables() -> None:
    assert vietnamese_score("Phối hợp đẩy mạnh")[1] == 0
    assert vietnamese_score("Phèi hîp ®Èy m¹nh")[1] >= 2


_LETTERS = "".join(sorted(set(
    "aăâbcdđeêghiklmnoôơpqrstuưvxy" + "".join(VNI_ENCODE) + "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY")))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_LETTERS + " ,.;:!?()-0123456789\n", max_size=80),
       st.sampled_from(["tcvn3", "vni", "viscii"]))
def test_legacy_codecs_round_trip_any_vietnamese_text(text: str, encoding: str) -> None:
    assert decode_legacy(encode_legacy(text, encoding), encoding) == unicodedata.normalize("NFC", text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=_LETTERS + " ,.0123456789\n", max_size=80))
def test_cp1258_round_trips_after_nfc(text: str) -> None:
    decoded = unicodedata.normalize("NFC", encode_legacy(text, "cp1258").decode("cp1258"))
    assert decoded == unicodedata.normalize("NFC", text)
