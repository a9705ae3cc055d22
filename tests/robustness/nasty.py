"""Nasty inputs for the robustness suite: named strings, adversarial repetitions, huge documents.

`python tests/robustness/nasty.py` rewrites the small committed corpus files
beside this module; the large inputs are generated at test time only.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import random
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"

ARTICLE = (
    "Phối hợp đẩy mạnh hoạt động khuyến học, khuyến tài\n"
    "Sáng 7/3, Hội khuyến học (HKH) tỉnh Thanh Hóa phối hợp với Sở GD&ĐT tổ chức hội nghị.\n"
    "Theo Kế hoạch số 14/KH-UBND ngày 10/1/2024 của UBND tỉnh, giai đoạn 2024-2030 HKH sẽ "
    "xây dựng xã hội học tập. Ông Vương Văn Việt, Chủ tịch HKH tỉnh, phát biểu tại TP.HCM.\n"
    "Ảnh: Phong Sắc\n"
    "Phong Sắc\n"
)

# Each is a whole input text; names say what is nasty about it.
NASTY_TEXTS: dict[str, str] = {
    "empty": "",
    "space": " ",
    "whitespace-only": " \t\n\r\n\u00a0\u3000\u2028\u2029\x0b\x0c\x85 ",
    "nul": "\x00",
    "nul-inside": "Sở GD&ĐT\x00tỉnh\x00\x00 Thanh Hóa ngày 7/3/2024",
    "c0-c1-controls": "".join(chr(c) for c in range(32)) + "UBND" + "".join(chr(c) for c in range(0x7F, 0xA0)),
    "line-separators-python-only": "Hà Nội\x1cUBND\x1dTP.HCM\x1e7/3/2024\x85Sở GD&ĐT\u2028KH\u2029ĐT",
    "crlf-and-cr": "Tiêu đề\r\nSáng 7/3, UBND tỉnh họp.\rChiều 8/3 HĐND họp.\r\n\r\n",
    "zero-width": "Sở\u200b GD\u200c&\u200dĐT\ufeff tỉnh\u2060 Thanh\u00ad Hóa ngày\u200b 7/3",
    "bidi": "\u202eUBND tỉnh\u202c \u2067ngày 7/3/2024\u2069 \u200fTP.HCM\u200e \u061c(HKH)",
    "emoji": "👨‍👩‍👧‍👦 Hà Nội 🇻🇳 ngày 7/3 🎉🎉 UBND👍🏽 GD&ĐT😀\U0001F9D1\u200d\U0001F91D\u200d\U0001F9D1",
    "combining-stacks": "a" + "\u0300\u0301\u0303\u0309\u0323" * 40 + " U\u0302\u0301BND \u0301\u0301 ngày 7/3",
    "leading-combining": "\u0301\u0323Sở GD&ĐT",
    "nfd-article": unicodedata.normalize("NFD", ARTICLE),
    "lone-surrogate-escape": b"S\xc6\xa1 GD&\xc4\x90T \xff\xfe UBND 7/3".decode("utf-8", "surrogateescape"),
    "lone-surrogates": "\ud800UBND\udfff ngày 7/3 \udc80\ud83d",
    "replacement-chars": "S\ufffd GD&\ufffdT \ufffd\ufffd ng\ufffdy 7/3",
    "all-caps": ARTICLE.upper(),
    "caps-line": "UBND TỈNH THANH HÓA QUYẾT ĐỊNH VỀ VIỆC PHÊ DUYỆT KẾ HOẠCH GD&ĐT NĂM 2024 - 2030 " * 30,
    "no-vietnamese-english": "The quick brown fox (TQBF) met the U.S.A. team on 7/3/2024 at 10:30 a.m.",
    "no-vietnamese-cjk": "北京时间2024年3月7日，国务院（国务院）召开会议。東京都。서울특별시 2024년",
    "no-vietnamese-arabic": "القاهرة ٧/٣/٢٠٢٤ (و.أ.ش) مصر",
    "digits-only": "1/1/1/1/1/1 2024-2030 12.000.000 3,14 0000/0000/0000 31/02/2024 99/99",
    "punctuation-only": "((((()))))[[[{{{<<<>>>}}}]]]...,,,;;;:::!!!???---–––———///\\\\\\&&&&",
    "html-junk": "<html><body><p>Sở GD&amp;ĐT</p><script>var a='7/3/2024';</script>&nbsp;&#8211;</body></html>",
    "template-junk": "{name} - {time}\n2024-11-21 16:12:00\nChia sẻ Facebook Twitter\nTin liên quan:\nBài cũ(27/12/2005)",
    "one-letter-lines": "\n".join("ABCDĐEGHIKLMNOPQRSTUVXY"),
    "private-use-and-unassigned": "\ue000\uf8ff\U000f0000\U0010fffd\u0378\u0379 UBND \U000e0001\U000e0041",
    "max-codepoint": "\U0010ffff" * 5 + " ngày 7/3",
    "odd-letters": "ﬁ ﬂ Ǆǅǆ ß ẞ İ ı Ω K Å ΣΑΣ ǰ ŉ ὒ",
    "mixed-script-lookalikes": "UВND Ѕở GD&ĐТ",  # Cyrillic В, Ѕ, Т
    "long-word": "A" * 5000 + " UBND",
    "long-number": "1" * 5000 + "/3/2024",
}

# Repetitions that make backtracking regexes blow up if they can.
ADVERSARIAL: dict[str, str] = {
    "open-paren-caps": "(A",
    "slash-digits": "1/1/",
    "dotted-caps": "A.",
    "open-parens": "(",
    "caps-amp-dash": "AB&CD-EF ",
    "caps-run": "ABC&Đ-",
    "html-amp": "A&amp;",
    "date-words": "ngày 1 tháng ",
    "year-ranges": "năm 2000-",
    "headline-stamp": "x(1/1/2000)",
    "caption": "Ảnh: ",
    "definition": "Hội khuyến học (",
    "dash-digits": "-1",
}


def adversarial(name: str, repetitions: int) -> str:
    """`repetitions` copies of one adversarial unit, as a single line."""
    return ADVERSARIAL[name] * repetitions


def huge_document(chars: int, seed: int = 0) -> str:
    """About `chars` characters of plausible article lines (shuffled), for size and limit tests."""
    rng = random.Random(seed)
    lines = ARTICLE.splitlines()[1:4]
    out: list[str] = []
    total = 0
    while total < chars:
        line = rng.choice(lines)
        out.append(line)
        total += len(line) + 1
    return "\n".join(out)[:chars]


def one_line(chars: int) -> str:
    """A single line of about `chars` characters: no newline for line-based stages to split on."""
    unit = ARTICLE.replace("\n", " ")
    return (unit * (chars // len(unit) + 1))[:chars]


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """`text` as the pipeline keeps it: spaCy cannot store lone surrogates, each reads as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def assert_document_offsets(document: dict, text: str) -> None:
    """Every span of an output document lies inside `text` and indexes it exactly."""
    spans = [(e["start"], e["end"], e["text"]) for e in document["entities"]]
    spans += [(a["start"], a["end"], a["short"]) for a in document["abbreviations"]]
    spans += [(b["start"], b["end"], b["text"]) for b in document.get("boilerplate", [])]
    for key in ("sentences", "tokens"):
        spans += [(s["start"], s["end"], s["text"]) for s in document.get(key) or []]
    for start, end, span_text in spans:
        assert 0 <= start <= end <= len(text), (start, end, span_text, len(text))
        assert text[start:end] == span_text, (start, end, span_text, text[start:end])


def _write(name: str, data: bytes) -> None:
    (CORPUS / name).write_bytes(data)


def write_corpus() -> None:
    """(Re)write the small committed corpus: encodings, garbage, empty, broken dumps."""
    from vnnews_nlp.decode import encode_legacy

    CORPUS.mkdir(exist_ok=True)
    article = ARTICLE
    # Encodings the decoder must read, each with the article in it.
    _write("utf8.txt", article.encode("utf-8"))
    _write("utf8-bom.txt", b"\xef\xbb\xbf" + article.encode("utf-8"))
    _write("utf16le-bom.txt", article.encode("utf-16"))
    _write("utf16be-nobom.txt", article.encode("utf-16-be"))
    _write("crlf.txt", article.replace("\n", "\r\n").encode("utf-8"))
    _write("nfd.txt", unicodedata.normalize("NFD", article).encode("utf-8"))
    for legacy in ("tcvn3", "vni", "viscii", "cp1258"):
        _write(f"{legacy}.txt", encode_legacy(article, legacy, errors="replace"))
    _write("mojibake-tcvn3-as-cp1252.txt",
           encode_legacy(article, "tcvn3", errors="replace").decode("cp1252", errors="replace").encode("utf-8"))
    _write("utf8-with-bad-bytes.txt", article.encode("utf-8").replace("Thanh".encode(), b"Th\xffnh\xc3"))
    # Empty, blank and odd-but-text inputs.
    _write("empty.txt", b"")
    _write("whitespace.txt", NASTY_TEXTS["whitespace-only"].encode("utf-8"))
    _write("controls.txt", NASTY_TEXTS["c0-c1-controls"].replace("\x00", "").encode("utf-8"))
    _write("zero-width-bidi.txt", (NASTY_TEXTS["zero-width"] + "\n" + NASTY_TEXTS["bidi"]).encode("utf-8"))
    _write("emoji.txt", NASTY_TEXTS["emoji"].encode("utf-8"))
    _write("caps.txt", NASTY_TEXTS["all-caps"].encode("utf-8"))
    _write("english.txt", NASTY_TEXTS["no-vietnamese-english"].encode("utf-8"))
    _write("cjk.txt", NASTY_TEXTS["no-vietnamese-cjk"].encode("utf-8"))
    _write("html-junk.html", NASTY_TEXTS["html-junk"].encode("utf-8"))
    _write("empty.html", b"")
    # Garbage: not text at all.
    rng = random.Random(9)
    _write("binary.txt", bytes(rng.randrange(256) for _ in range(4096)))
    _write("nul-bytes.txt", b"S\xe1\xbb\x9f GD\x00\x00\x00\x00&\xc4\x90T\x00" * 8)
    _write("gzip-named-txt.txt", gzip.compress(article.encode("utf-8"), mtime=0))
    _write("png-header.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    _write_dumps(article)


def _write_dumps(article: str) -> None:
    good = [{"id": f"good-{i}", "text": article, "published": "2024-03-07"} for i in range(3)]
    lines = [json.dumps(r, ensure_ascii=False).encode("utf-8") for r in good]
    bad_lines = [
        lines[0],
        b'{"id": "broken-json", "text": "abc',  # cut mid-string
        b"[1, 2, 3]",  # not an object
        b'"just a string"',
        '{"id": "no-text", "body": "Hà Nội"}'.encode("utf-8"),  # wrong field name
        b'{"id": "text-null", "text": null}',
        b'{"id": "text-number", "text": 42}',
        b'{"id": "text-list", "text": ["a", "b"]}',
        '{"id": "bad-published", "text": "Hà Nội", "published": "7 tháng 3"}'.encode("utf-8"),
        b'{"id": "latin1-line", "text": "H\xe0 N\xf4i"}',  # not UTF-8
        b"\x00\x01\x02\xff\xfe",
        b'{"id": "empty-text", "text": ""}',
        b'{"id": "nested", "text": {"a": 1}}',
        b'{"id": "dup", "text": "UBND"}',
        b'{"id": "dup", "text": "UBND"}',  # a duplicate id is still a record
        b'{"id": "escaped-surrogate", "text": "UBND \\ud800 ng\\u00e0y 7/3"}',
        b'{"id": 12345, "text": "numeric id"}',
        b'{"text": "no id"}',
        lines[1],
    ]
    _write("bad-lines.jsonl", b"\n".join(bad_lines) + b"\n\n   \n")
    _write("wrong-fields.jsonl", b"\n".join(json.dumps({"identifier": i, "content": article}).encode()
                                             for i in range(3)) + b"\n")
    _write("binary.jsonl", bytes(random.Random(3).randrange(256) for _ in range(2048)))
    # Varied records (a random tail each) so the cut leaves whole records readable before it.
    rng = random.Random(5)
    records = [{"id": f"gz-{i}", "text": article + "".join(rng.choice("0123456789abcdef") for _ in range(300))}
               for i in range(40)]
    full = gzip.compress(b"\n".join(json.dumps(r, ensure_ascii=False).encode() for r in records) + b"\n", mtime=0)
    _write("truncated.jsonl.gz", full[: len(full) * 2 // 3])
    _write("not-gzip.jsonl.gz", b'{"id": "plain", "text": "not compressed"}\n')
    _write("empty.jsonl", b"")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "title", "text"])
    writer.writerow(["csv-1", "Tiêu đề", article])
    writer.writerow(["csv-2", "Tiêu đề", "UBND tỉnh"])
    good_csv = buffer.getvalue()
    _write("good.csv", good_csv.encode("utf-8"))
    broken = good_csv + 'csv-3,"unterminated title,UBND tỉnh\ncsv-4,Tiêu đề,Sở GD&ĐT\ncsv-5,"x"y",z\n'
    _write("broken-quoting.csv", broken.encode("utf-8"))
    _write("ragged.csv", (good_csv + "csv-6,only-two\ncsv-7,a,b,c,d\n,,\n").encode("utf-8"))
    _write("wrong-fields.csv", "identifier,headline,content\n1,a,UBND\n2,b,Sở GD&ĐT\n".encode("utf-8"))
    _write("header-only.csv", b"id,text\n")
    _write("bad-bytes.csv", b"id,text\ncsv-b1,H\xe0 N\xf4i\ncsv-b2,UBND\n")


if __name__ == "__main__":
    write_corpus()
