"""Byte tables of the legacy Vietnamese 8-bit encodings: VISCII, TCVN3 (ABC), VNI Windows.

VISCII and TCVN3 were generated from glibc iconv (`VISCII`, `TCVN5712-1`) one
byte at a time; only bytes that differ from Latin-1 are listed. TCVN3 is the
VN3 subset of TCVN 5712:1993 and VN1 adds uppercase toned letters, some on C0
positions; we decode the VN1 superset so both read. 0xB0-0xB4 in TCVN are
combining tone marks, composed by NFC afterwards.

VNI Windows writes a letter as an ASCII base plus one mark byte (cp1252
bytes, as seen in a VNI font), e.g. `a` + 0xF9 (`ù`) = `á`, `o` + 0xE1 (`á`)
= `ố`; a few letters are single bytes (`ñ` = `đ`, `ô` = `ơ`, `ö` = `ư`).
"""
from __future__ import annotations

import unicodedata

VISCII_DECODE: dict[int, str] = {
    0x02: "\u1EB2", 0x05: "\u1EB4", 0x06: "\u1EAA", 0x14: "\u1EF6", 0x19: "\u1EF8", 0x1E: "\u1EF4", 0x80: "\u1EA0", 0x81: "\u1EAE",
    0x82: "\u1EB0", 0x83: "\u1EB6", 0x84: "\u1EA4", 0x85: "\u1EA6", 0x86: "\u1EA8", 0x87: "\u1EAC", 0x88: "\u1EBC", 0x89: "\u1EB8",
    0x8A: "\u1EBE", 0x8B: "\u1EC0", 0x8C: "\u1EC2", 0x8D: "\u1EC4", 0x8E: "\u1EC6", 0x8F: "\u1ED0", 0x90: "\u1ED2", 0x91: "\u1ED4",
    0x92: "\u1ED6", 0x93: "\u1ED8", 0x94: "\u1EE2", 0x95: "\u1EDA", 0x96: "\u1EDC", 0x97: "\u1EDE", 0x98: "\u1ECA", 0x99: "\u1ECE",
    0x9A: "\u1ECC", 0x9B: "\u1EC8", 0x9C: "\u1EE6", 0x9D: "\u0168", 0x9E: "\u1EE4", 0x9F: "\u1EF2", 0xA0: "\u00D5", 0xA1: "\u1EAF",
    0xA2: "\u1EB1", 0xA3: "\u1EB7", 0xA4: "\u1EA5", 0xA5: "\u1EA7", 0xA6: "\u1EA9", 0xA7: "\u1EAD", 0xA8: "\u1EBD", 0xA9: "\u1EB9",
    0xAA: "\u1EBF", 0xAB: "\u1EC1", 0xAC: "\u1EC3", 0xAD: "\u1EC5", 0xAE: "\u1EC7", 0xAF: "\u1ED1", 0xB0: "\u1ED3", 0xB1: "\u1ED5",
    0xB2: "\u1ED7", 0xB3: "\u1EE0", 0xB4: "\u01A0", 0xB5: "\u1ED9", 0xB6: "\u1EDD", 0xB7: "\u1EDF", 0xB8: "\u1ECB", 0xB9: "\u1EF0",
    0xBA: "\u1EE8", 0xBB: "\u1EEA", 0xBC: "\u1EEC", 0xBD: "\u01A1", 0xBE: "\u1EDB", 0xBF: "\u01AF", 0xC4: "\u1EA2", 0xC5: "\u0102",
    0xC6: "\u1EB3", 0xC7: "\u1EB5", 0xCB: "\u1EBA", 0xCE: "\u0128", 0xCF: "\u1EF3", 0xD0: "\u0110", 0xD1: "\u1EE9", 0xD5: "\u1EA1",
    0xD6: "\u1EF7", 0xD7: "\u1EEB", 0xD8: "\u1EED", 0xDB: "\u1EF9", 0xDC: "\u1EF5", 0xDE: "\u1EE1", 0xDF: "\u01B0", 0xE4: "\u1EA3",
    0xE5: "\u0103", 0xE6: "\u1EEF", 0xE7: "\u1EAB", 0xEB: "\u1EBB", 0xEE: "\u0129", 0xEF: "\u1EC9", 0xF0: "\u0111", 0xF1: "\u1EF1",
    0xF6: "\u1ECF", 0xF7: "\u1ECD", 0xF8: "\u1EE5", 0xFB: "\u0169", 0xFC: "\u1EE7", 0xFE: "\u1EE3", 0xFF: "\u1EEE",
}
TCVN3_DECODE: dict[int, str] = {
    0x01: "\u00DA", 0x02: "\u1EE4", 0x04: "\u1EEA", 0x05: "\u1EEC", 0x06: "\u1EEE", 0x11: "\u1EE8", 0x12: "\u1EF0", 0x13: "\u1EF2",
    0x14: "\u1EF6", 0x15: "\u1EF8", 0x16: "\u00DD", 0x17: "\u1EF4", 0x80: "\u00C0", 0x81: "\u1EA2", 0x82: "\u00C3", 0x83: "\u00C1",
    0x84: "\u1EA0", 0x85: "\u1EB6", 0x86: "\u1EAC", 0x87: "\u00C8", 0x88: "\u1EBA", 0x89: "\u1EBC", 0x8A: "\u00C9", 0x8B: "\u1EB8",
    0x8C: "\u1EC6", 0x8D: "\u00CC", 0x8E: "\u1EC8", 0x8F: "\u0128", 0x90: "\u00CD", 0x91: "\u1ECA", 0x92: "\u00D2", 0x93: "\u1ECE",
    0x94: "\u00D5", 0x95: "\u00D3", 0x96: "\u1ECC", 0x97: "\u1ED8", 0x98: "\u1EDC", 0x99: "\u1EDE", 0x9A: "\u1EE0", 0x9B: "\u1EDA",
    0x9C: "\u1EE2", 0x9D: "\u00D9", 0x9E: "\u1EE6", 0x9F: "\u0168", 0xA1: "\u0102", 0xA2: "\u00C2", 0xA3: "\u00CA", 0xA4: "\u00D4",
    0xA5: "\u01A0", 0xA6: "\u01AF", 0xA7: "\u0110", 0xA8: "\u0103", 0xA9: "\u00E2", 0xAA: "\u00EA", 0xAB: "\u00F4", 0xAC: "\u01A1",
    0xAD: "\u01B0", 0xAE: "\u0111", 0xAF: "\u1EB0", 0xB0: "\u0300", 0xB1: "\u0309", 0xB2: "\u0303", 0xB3: "\u0301", 0xB4: "\u0323",
    0xB5: "\u00E0", 0xB6: "\u1EA3", 0xB7: "\u00E3", 0xB8: "\u00E1", 0xB9: "\u1EA1", 0xBA: "\u1EB2", 0xBB: "\u1EB1", 0xBC: "\u1EB3",
    0xBD: "\u1EB5", 0xBE: "\u1EAF", 0xBF: "\u1EB4", 0xC0: "\u1EAE", 0xC1: "\u1EA6", 0xC2: "\u1EA8", 0xC3: "\u1EAA", 0xC4: "\u1EA4",
    0xC5: "\u1EC0", 0xC6: "\u1EB7", 0xC7: "\u1EA7", 0xC8: "\u1EA9", 0xC9: "\u1EAB", 0xCA: "\u1EA5", 0xCB: "\u1EAD", 0xCC: "\u00E8",
    0xCD: "\u1EC2", 0xCE: "\u1EBB", 0xCF: "\u1EBD", 0xD0: "\u00E9", 0xD1: "\u1EB9", 0xD2: "\u1EC1", 0xD3: "\u1EC3", 0xD4: "\u1EC5",
    0xD5: "\u1EBF", 0xD6: "\u1EC7", 0xD7: "\u00EC", 0xD8: "\u1EC9", 0xD9: "\u1EC4", 0xDA: "\u1EBE", 0xDB: "\u1ED2", 0xDC: "\u0129",
    0xDD: "\u00ED", 0xDE: "\u1ECB", 0xDF: "\u00F2", 0xE0: "\u1ED4", 0xE1: "\u1ECF", 0xE2: "\u00F5", 0xE3: "\u00F3", 0xE4: "\u1ECD",
    0xE5: "\u1ED3", 0xE6: "\u1ED5", 0xE7: "\u1ED7", 0xE8: "\u1ED1", 0xE9: "\u1ED9", 0xEA: "\u1EDD", 0xEB: "\u1EDF", 0xEC: "\u1EE1",
    0xED: "\u1EDB", 0xEE: "\u1EE3", 0xEF: "\u00F9", 0xF0: "\u1ED6", 0xF1: "\u1EE7", 0xF2: "\u0169", 0xF3: "\u00FA", 0xF4: "\u1EE5",
    0xF5: "\u1EEB", 0xF6: "\u1EED", 0xF7: "\u1EEF", 0xF8: "\u1EE9", 0xF9: "\u1EF1", 0xFA: "\u1EF3", 0xFB: "\u1EF7", 0xFC: "\u1EF9",
    0xFE: "\u1EF5", 0xFF: "\u1ED0",
}

GRAVE, ACUTE, TILDE, HOOK, DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031B"
TONES = (ACUTE, GRAVE, HOOK, TILDE, DOT)

# VNI mark bytes in lower case (the upper-case mark is the byte minus 0x20),
# keyed by the combining marks they add to the base letter.
_VNI_TONE = {"": "", ACUTE: "\xf9", GRAVE: "\xf8", HOOK: "\xfb", TILDE: "\xf5", DOT: "\xef"}
_VNI_CIRCUMFLEX = {"": "\xe2", ACUTE: "\xe1", GRAVE: "\xe0", HOOK: "\xe5", TILDE: "\xe3", DOT: "\xe4"}
_VNI_BREVE = {"": "\xea", ACUTE: "\xe9", GRAVE: "\xe8", HOOK: "\xfa", TILDE: "\xfc", DOT: "\xeb"}
# Letters written as one byte: i with a tone, ỵ, đ, and the horned bases ơ/ư.
_VNI_SINGLE = {"i" + ACUTE: "\xed", "i" + GRAVE: "\xec", "i" + HOOK: "\xe6", "i" + TILDE: "\xf3",
               "i" + DOT: "\xf2", "y" + DOT: "\xee", "đ": "\xf1", "o" + HORN: "\xf4", "u" + HORN: "\xf6"}


def _upper_byte(ch: str) -> str:
    return chr(ord(ch) - 0x20) if ch else ch


def _vni_encode_table() -> dict[str, str]:
    """NFC Vietnamese letter → its VNI spelling (as cp1252 characters)."""
    table: dict[str, str] = {}
    for lower in _VNI_SINGLE:
        table[unicodedata.normalize("NFC", lower)] = _VNI_SINGLE[lower]
    for base, horned in (("o", "o" + HORN), ("u", "u" + HORN)):
        for tone, mark in _VNI_TONE.items():
            if tone:
                table[unicodedata.normalize("NFC", horned + tone)] = _VNI_SINGLE[horned] + mark
    for base in "aeouy":
        for tone, mark in _VNI_TONE.items():
            if tone and not (base == "y" and tone == DOT):
                table[unicodedata.normalize("NFC", base + tone)] = base + mark
    for base in "aeo":
        for tone, mark in _VNI_CIRCUMFLEX.items():
            table[unicodedata.normalize("NFC", base + CIRCUMFLEX + tone)] = base + mark
    for tone, mark in _VNI_BREVE.items():
        table[unicodedata.normalize("NFC", "a" + BREVE + tone)] = "a" + mark
    for letter, spelling in list(table.items()):
        table[letter.upper()] = "".join(
            c.upper() if c.isascii() else _upper_byte(c) for c in spelling)
    return table


VNI_ENCODE: dict[str, str] = _vni_encode_table()
# Two-character spellings decode by longest match; single marks are
# recognised only after their base letter.
VNI_DECODE: dict[str, str] = {v: k for k, v in VNI_ENCODE.items()}
