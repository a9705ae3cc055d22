"""Bytes → text: detect UTF-8/UTF-16 and the legacy Vietnamese encodings, NFC, warnings.

Offsets everywhere downstream index the text returned here, so every
conversion that changes characters is reported in `warnings`.
"""
from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, field

import regex

from .errors import InputError
from .legacy_tables import (
    ACUTE, DOT, GRAVE, HOOK, TCVN3_DECODE, TILDE, VISCII_DECODE, VNI_DECODE, VNI_ENCODE,
)

LEGACY = ("tcvn3", "vni", "viscii")
_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI Windows", "viscii": "VISCII",
          "cp1258": "Windows-1258"}
_OFFSETS_NOTE = "offsets index the decoded text"


@dataclass
class DecodedText:
    """Decoded NFC text, the encoding it was read as, and what was converted."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


# --- legacy codecs -----------------------------------------------------------

def _table_codec(table: dict[int, str]) -> tuple[str, dict[str, int]]:
    decode = "".join(table.get(b, chr(b)) for b in range(256))
    encode = {ch: b for b, ch in enumerate(decode)}
    return decode, encode


_TCVN3, _TCVN3_ENC = _table_codec(TCVN3_DECODE)
_VISCII, _VISCII_ENC = _table_codec(VISCII_DECODE)
# cp1252 leaves five bytes undefined; read them as Latin-1 so VNI never fails.
_CP1252 = "".join(
    bytes([b]).decode("cp1252", errors="replace").replace("\ufffd", chr(b)) for b in range(256))
_CP1252_ENC = {ch: b for b, ch in enumerate(_CP1252)}
_CP1252_MAP = {b: ch for b, ch in enumerate(_CP1252) if chr(b) != ch}
_TCVN3_MAP = {b: ch for b, ch in enumerate(_TCVN3) if chr(b) != ch}
_VISCII_MAP = {b: ch for b, ch in enumerate(_VISCII) if chr(b) != ch}
# A base letter with one mark byte (either case), or a letter written as one byte.
_VNI_MARKS = "[\xc0-\xc5\xc8-\xcb\xcf\xd5\xd8-\xdc\xe0-\xe5\xe8-\xeb\xef\xf5\xf8-\xfc]"
_VNI_UNIT = regex.compile(
    f"[aeouyAEOUY]{_VNI_MARKS}|[\xf4\xf6\xd4\xd6]{_VNI_MARKS}?"
    "|[\xcc\xcd\xc6\xce\xd1\xd2\xd3\xec\xed\xe6\xee\xf1\xf2\xf3]")


def _vni_unit(match: regex.Match) -> str:
    unit = match.group()
    if unit in VNI_DECODE:
        return VNI_DECODE[unit]
    if len(unit) == 2:
        # A mark in the other case than its base, or a mark the base cannot take.
        base, mark = unit
        mixed = base + (mark.lower() if base.islower() else mark.upper())
        if mixed in VNI_DECODE:
            return VNI_DECODE[mixed]
        return VNI_DECODE.get(base, base) + VNI_DECODE.get(mark, mark)
    return unit


def _decode_vni(data: bytes) -> str:
    return _VNI_UNIT.sub(_vni_unit, data.decode("latin-1").translate(_CP1252_MAP))


def decode_legacy(data: bytes, encoding: str) -> str:
    """Decode bytes in one of `LEGACY` encodings (not yet NFC)."""
    if encoding == "tcvn3":
        return data.decode("latin-1").translate(_TCVN3_MAP)
    if encoding == "viscii":
        return data.decode("latin-1").translate(_VISCII_MAP)
    if encoding == "vni":
        return _decode_vni(data)
    raise ValueError(f"not a legacy encoding: {encoding}")



def _encode_with(text: str, table: dict[str, int], encoding: str, errors: str) -> bytes:
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in table:
            out.append(table[ch])
        elif errors == "replace":
            out.append(0x3F)
        else:
            raise ValueError(f"{ch!r} cannot be written in {encoding}")
    return bytes(out)


def _encode_cp1258(text: str, errors: str) -> bytes:
    """cp1258 keeps ă â ê ô ơ ư đ (and some toned letters) precomposed; other tones combine."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in _TONE_SET)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_SET))
        out.append(base + tones)
    try:
        return "".join(out).encode("cp1258", errors=errors)
    except UnicodeEncodeError as exc:
        raise ValueError(f"{exc.object[exc.start]!r} cannot be written in cp1258") from None


_TONE_SET = frozenset((ACUTE, GRAVE, HOOK, TILDE, DOT))


def encode_legacy(text: str, encoding: str, errors: str = "strict") -> bytes:
    """Write `text` in TCVN3, VNI, VISCII or cp1258 (for tests and round trips).

    A character the encoding cannot hold raises ValueError, or becomes `?`
    with `errors="replace"`.
    """
    if encoding == "tcvn3":
        return _encode_with(text, _TCVN3_ENC, "TCVN3", errors)
    if encoding == "viscii":
        return _encode_with(text, _VISCII_ENC, "VISCII", errors)
    if encoding == "vni":
        spelled = "".join(VNI_ENCODE.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
        return _encode_with(spelled, _CP1252_ENC, "VNI", errors)
    if encoding == "cp1258":
        return _encode_cp1258(text, errors)
    raise ValueError(f"unknown legacy encoding: {encoding}")


# --- scoring -----------------------------------------------------------------

_WORD = regex.compile(r"\p{L}+")
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
_CODA = r"(?:ch|ng|nh|[cmnpt])"
# Rhymes: nuclei that take an optional coda, need one, or never have one.
_SYLLABLE = regex.compile(
    _ONSET + "(?:"
    rf"(?:oa|oe|uê|uy|[aeêioôơuưy]){_CODA}?"
    rf"|(?:uyê|iê|yê|uô|ươ|oă|uâ|oo|[ăâ]){_CODA}"
    r"|iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|uya|uyu"
    r"|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|ưa|ưi|ưu"
    ")")
_LATIN1_SYMBOL = regex.compile(r"[\xa1-\xbf\xd7\xf7]")
_STOP_CODA = ("c", "ch", "p", "t")
_BAD = regex.compile(r"[\p{Cc}\p{Cn}\p{Co}\p{Cs}\ufffd](?<!\s)")


def is_vietnamese_syllable(word: str) -> bool:
    """Whether `word` is spelled like one Vietnamese syllable (onset, rhyme, one tone that fits)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONE_SET for c in decomposed) > 1:
        return False
    tone = next((c for c in decomposed if c in _TONE_SET), "")
    toneless = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_SET))
    if _SYLLABLE.fullmatch(toneless) is None:
        return False
    # A syllable closed by a stop takes only the acute or dot-below tone.
    return not toneless.endswith(_STOP_CODA) or tone in (ACUTE, DOT)


def vietnamese_score(text: str) -> tuple[int, int]:
    """(valid, invalid) counts over words with non-ASCII letters: how Vietnamese the text reads."""
    valid = invalid = 0
    for match in _WORD.finditer(unicodedata.normalize("NFC", text)):
        word = match.group()
        if word.isascii():
            continue
        if is_vietnamese_syllable(word):
            valid += 1
        else:
            invalid += 1
    return valid, invalid


def _rank(text: str) -> float:
    valid, invalid = vietnamese_score(text)
    # Latin-1 symbols (® ¸ µ, soft hyphen) are what legacy letters look like misread.
    symbols = len(_LATIN1_SYMBOL.findall(text))
    return valid - 2 * invalid - 5 * len(_BAD.findall(text)) - 0.5 * symbols


# --- detection ---------------------------------------------------------------

def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                      (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return name, len(bom)
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM shows NULs in every other byte for Latin text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


_SAMPLE = 32_768


def _sample(data, size: int = _SAMPLE):
    """Head, middle and tail of long input: enough to judge, in bounded time."""
    if len(data) <= 3 * size:
        return data
    middle = len(data) // 2
    return data[:size] + data[middle:middle + size] + data[-size:]


def _decode_as(data: bytes, name: str) -> str:
    if name in LEGACY:
        return decode_legacy(data, name)
    return data.decode(name, errors="replace")


def _candidate_names(sample: bytes) -> list[str]:
    names = ["cp1258", *LEGACY]
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(sample).best()
        if best is not None and best.encoding not in names:
            codecs.lookup(best.encoding)
            names.append(best.encoding)
    except (ImportError, LookupError):
        pass
    return names


def _pick_legacy(data: bytes) -> tuple[str, str]:
    """The 8-bit encoding whose reading of the input is most Vietnamese, and that reading."""
    sample = _sample(data)
    ranks = {name: _rank(_decode_as(sample, name)) for name in _candidate_names(sample)}
    name = max(ranks, key=ranks.__getitem__)
    return name, _decode_as(data, name)


def _looks_mojibake(text: str) -> bool:
    valid, invalid = vietnamese_score(_sample(text))
    return invalid >= 3 and invalid > valid


def _check_garbage(text: str, source: str) -> None:
    text = _sample(text)
    if not text:
        return
    bad = len(_BAD.findall(text))
    # Any Unicode whitespace (VT, FF, NEL, U+2028 ...) is harmless, not binary.
    readable = len(regex.findall(r"[\p{L}\p{N}\p{P}\s]", text))
    if bad > 0.02 * len(text) or readable < 0.6 * len(text):
        raise InputError(source, "binary or mostly undecodable data, not text")


def decode_bytes(data: bytes, source: str = "<bytes>") -> DecodedText:
    """Decode a dump's bytes to NFC text, reporting every conversion in `warnings`.

    Empty input gives empty text (the caller decides whether that is an error);
    binary garbage raises InputError naming `source`.
    """
    warnings: list[str] = []
    if not data:
        return DecodedText("", "utf-8", warnings)
    bom = _bom(data)
    if bom:
        name, size = bom
        try:
            text = data[size:].decode(name)
        except UnicodeDecodeError as exc:
            raise InputError(source, f"{name} byte-order mark but invalid {name}: {exc}") from None
        encoding = "utf-8-sig" if name == "utf-8" else name
        warnings.append(f"{name} byte-order mark removed; {_OFFSETS_NOTE}")
    elif (utf16 := _utf16_without_bom(data)) is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            raise InputError(source, "NUL bytes: binary data, not text") from None
        encoding = utf16
        warnings.append(f"read as {utf16} without byte-order mark; {_OFFSETS_NOTE}")
    elif b"\x00" in data:
        raise InputError(source, "NUL bytes: binary data, not text")
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _mostly_utf8(data, warnings)
            if not text:
                encoding, text = _pick_legacy(data)
                label = _NAMES.get(encoding, encoding)
                warnings.append(f"converted from {label} to Unicode; {_OFFSETS_NOTE}")
        else:
            text, encoding = _repair_mojibake(text, warnings)
    _check_garbage(text, source)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
        warnings.append(f"normalised to NFC (combining marks composed); {_OFFSETS_NOTE}")
    return DecodedText(text, encoding, warnings)


def _mostly_utf8(data: bytes, warnings: list[str]) -> tuple[str, str]:
    """UTF-8 with a few broken bytes (a cut dump) stays UTF-8; their places become U+FFFD."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    multibyte = sum(1 for ch in _sample(text) if ord(ch) > 0x7F and ch != "\ufffd")
    if multibyte >= 20 * broken:
        warnings.append(f"{broken} invalid UTF-8 sequence(s) replaced by U+FFFD; {_OFFSETS_NOTE}")
        return text, "utf-8"
    return "", ""


def _repair_mojibake(text: str, warnings: list[str]) -> tuple[str, str]:
    """UTF-8 text that is really legacy bytes read as cp1252 (`Phèi hîp`) is re-read."""
    if not _looks_mojibake(text):
        return text, "utf-8"
    try:
        raw = bytes(_CP1252_ENC[ch] for ch in text)
    except KeyError:
        return text, "utf-8"
    name, fixed = _pick_legacy(raw)
    if name in LEGACY and _rank(_sample(fixed)) > _rank(_sample(text)) + 3:
        warnings.append(
            f"UTF-8 text held {_NAMES[name]} bytes read as cp1252; converted; {_OFFSETS_NOTE}")
        return fixed, f"utf-8+{name}"
    return text, "utf-8"
