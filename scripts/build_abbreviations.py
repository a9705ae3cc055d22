#!/usr/bin/env python3
"""Build `data/abbreviations.tsv` from the public lists, the NER training mentions and the curated file.

    python scripts/build_abbreviations.py [--shared ../shared]

Sources: soe-vinorm (MIT), g2p-hamster (Apache-2.0), the abbreviation mentions
of `shared/data/ner/train.jsonl` (never dev) and `data/abbreviations_curated.tsv`.
Output columns: short, long, kind, context, source, count (training articles
using the sense), prior (the sense's weight before context: count + curated
weight + a small share for public-list senses, earlier senses more).
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from vnnews_nlp.train.annotated import training_articles  # noqa: E402
from vnnews_nlp.textnorm import match_key  # noqa: E402

COLUMNS = ("short", "long", "kind", "context", "source", "count", "prior")
CURATED_PRIOR = 3.0
# A stack of titles is one mention per title (`PGS.TS` → `PGS`, `TS`): never a dictionary entry.
TITLE_STACK = regex.compile(r"(?:GS|PGS|TS|TSKH|BS|ThS|Th\.s|KS|CN|DS)(?:\.(?:GS|PGS|TS|TSKH|BS|ThS|KS|CN|DS))+")
ROMAN = regex.compile(r"^[IVXLCDM]+$")
# g2p-hamster spells some acronyms letter by letter ("êm xê"): a reading, not a long form.
LETTER_NAMES = set(
    "a bê xê xi đê dê e ép gờ giê hát hắt i ca ka en lờ eo lờ êm em en nờ o pê quy cu e rờ rờ ét sờ tê ti u vê "
    "đáp-lyu đap-lyu đáp lyu ích ích-xì y i-grếch dét zét ây ôu ơ ư bi si di ai âu iu ji ét-xì ếch êch".split()
)
ORG_HEADS = (
    "ủy ban", "hội đồng", "hội", "bộ", "sở", "ban", "tổng cục", "cục", "viện", "tòa án", "trường", "công ty",
    "tổng công ty", "tập đoàn", "ngân hàng", "đài", "liên đoàn", "tổ chức", "trung tâm", "quỹ", "hiệp hội",
    "đảng", "mặt trận", "văn phòng", "thông tấn xã", "học viện", "đại học", "bệnh viện", "quân đội", "công an",
    "liên minh", "liên hiệp", "cơ quan", "câu lạc bộ", "nhà xuất bản", "kho bạc", "phòng", "chi cục", "đoàn",
    "tổng liên đoàn", "diễn đàn", "chương trình", "hãng", "báo", "tạp chí",
)
TITLES = (
    "giáo sư", "phó giáo sư", "tiến sĩ", "thạc sĩ", "bác sĩ", "kỹ sư", "cử nhân", "luật sư", "nghệ sĩ",
    "nhà giáo", "thầy thuốc", "chủ tịch", "phó chủ tịch", "giám đốc", "tổng giám đốc", "phó giám đốc",
    "tổng thống", "thủ tướng", "bộ trưởng", "thượng nghị sĩ", "huấn luyện viên", "vận động viên",
    "đại biểu", "tổng thư ký", "tổng bí thư", "bí thư", "phóng viên", "biên tập viên", "phó thủ tướng",
    "thứ trưởng", "đoàn viên", "hội viên", "đảng viên", "bình luận viên", "nhân viên", "giảng viên",
)
NOT_ORG = ("hội chứng", "bộ nhớ", "trường hợp", "phòng chống", "phòng cháy", "quỹ đạo", "hội nhập")
# Proper names keep their capitals when a public-list long form is re-cased.
PROPER = (
    "Việt Nam", "Hà Nội", "Sài Gòn", "Hồ Chí Minh", "Quốc hội", "Trung ương", "Chính phủ", "Nhà nước",
    "Đảng", "Liên Hợp Quốc", "Đông Nam Á", "Tiền Phong", "Online", "Mỹ", "Trung Quốc", "Nhật Bản",
    "Châu Á", "châu Á", "châu Âu", "Quốc gia", "Thủ tướng", "Tổ quốc", "Cộng sản", "Hồ Chí Minh",
)
_PROPER_KEYS = {match_key(p): p for p in PROPER}
PLACE_WORDS = ("thành phố", "tỉnh", "quận", "huyện", "phường", "thị xã", "thị trấn", "khu", "đồng bằng")
PLACES = {"việt nam", "hà nội", "hồ chí minh", "trung quốc", "nhật bản", "đài loan", "thổ nhĩ kỳ",
          "đông nam á", "ninh bình", "đồng tháp", "hải phòng", "đà nẵng", "sài gòn", "hàn quốc"}
CURRENCY_WORDS = ("đô la", "đồng", "euro", "yên", "bảng", "nhân dân tệ", "won", "baht", "rúp", "franc")
DOCUMENT = {"quyết định", "nghị quyết", "nghị định", "công văn", "thông báo", "kế hoạch", "báo cáo",
            "tờ trình", "chỉ thị", "thông tư", "thông tư liên tịch", "hướng dẫn", "kết luận", "pháp lệnh"}
VI_MARKS = regex.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", regex.I)


def classic_tone(text: str) -> str:
    """`hoà`/`Uỷ` → `hòa`/`Ủy`: the spelling the gold long forms use."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    nfd = unicodedata.normalize("NFD", text)
    nfd = regex.sub(
        rf"(?<![qQ\p{{L}}]|[qQ])([oO])([aAeE])([{tones}])(?![\p{{L}}])|(?<![qQ])([uU])([yY])([{tones}])(?![\p{{L}}])",
        lambda m: (m.group(1) + m.group(3) + m.group(2)) if m.group(1) else (m.group(4) + m.group(6) + m.group(5)),
        nfd,
    )
    return unicodedata.normalize("NFC", nfd)


def _starts(key: str, heads: tuple[str, ...]) -> bool:
    """Whether `key` begins with one of the heads as whole words (`khu` is not `khuyến`)."""
    return any(key == h or key.startswith(h + " ") for h in heads)


def guess_kind(long: str) -> str:
    """A rough kind for entries that do not state one."""
    k = match_key(long)
    if k in DOCUMENT:
        return "document-code"
    if k in PLACES or _starts(k, PLACE_WORDS):
        return "place"
    if _starts(k, TITLES):
        return "title"
    if _starts(k, ORG_HEADS) and not _starts(k, NOT_ORG):
        return "organisation"
    if _starts(k, CURRENCY_WORDS) and len(k.split()) <= 4:
        return "currency"
    if not VI_MARKS.search(long) and regex.search(r"[A-Za-z]{3}", long):
        return "foreign"
    return "term"


def recase(long: str, kind: str) -> str:
    """A public-list long form in ordinary case (`an toàn Giao thông Quốc gia` → `an toàn giao thông quốc gia`).

    Terms and titles go to lower case, organisations to sentence case; known proper names keep capitals.
    """
    words = long.lower().split()
    keys = [match_key(w) for w in words]
    i = 0
    while i < len(words):
        for n in (3, 2, 1):
            key = " ".join(keys[i:i + n])
            if len(keys[i:i + n]) == n and key in _PROPER_KEYS and not (key == "quốc gia" and kind != "organisation"):
                words[i:i + n] = _PROPER_KEYS[key].split()
                i += n
                break
        else:
            i += 1
    out = " ".join(words)
    if kind == "organisation" or kind == "place":
        out = out[:1].upper() + out[1:]
    return out


def tidy_long(long: str, kind: str, public: bool = False) -> str:
    """Ordinary Vietnamese case: terms lower case unless they hold a proper name."""
    long = classic_tone(" ".join(unicodedata.normalize("NFC", long).split()))
    if public and kind in ("term", "title", "organisation") and VI_MARKS.search(long) is not None:
        return recase(long, kind)
    if kind == "term":
        words = long.split()
        if len(words) >= 2 and all(w[:1].isupper() for w in words) and not any(
            p in match_key(long) for p in PLACES
        ):
            long = long.lower()
        elif words and words[0][:1].isupper() and len(words) > 1 and words[1][:1].islower():
            long = long[0].lower() + long[1:]
    elif kind == "organisation":
        long = long[0].upper() + long[1:]
    elif kind == "place" and long[:1].isupper() and not _starts(match_key(long), PLACE_WORDS):
        long = " ".join(w[:1].upper() + w[1:] for w in long.split())
    return long


def good_short(short: str) -> bool:
    return bool(short) and any(c.isupper() for c in short) and not ROMAN.match(short) and "\t" not in short


def read_soe(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if ":" not in line:
            continue
        short, _, longs = line.partition(":")
        short = unicodedata.normalize("NFC", short.strip())
        if not good_short(short):
            continue  # lower-case duplicates and junk
        for i, long in enumerate(longs.split(",")):
            long = long.strip()
            if long and match_key(long) != match_key(short):
                yield short, long, "", "", "soe-vinorm", 0, 0.5 / (i + 1)


def read_hamster(path: Path):
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            short = unicodedata.normalize("NFC", (row.get("key") or "").strip())
            long = (row.get("verbal_vi") or "").strip()
            if not good_short(short) or not long:
                continue
            if all(w in LETTER_NAMES for w in match_key(long).replace("-", " ").split()):
                continue  # a letter-by-letter reading
            note = row.get("note") or ""
            context = ""
            if "liên hệ" in note:
                context = "liên hệ|phone"
            yield short, long, "", context, "g2p-hamster", 0, 0.3


def sense_key(short: str, long: str, split_by_case: set[tuple[str, str]]) -> tuple:
    """What makes two rows one sense: the short form and the long form's match key, plus its case where
    the curated file keeps both cases apart (`case_senses`)."""
    key: tuple = (short, match_key(long))
    return key + (long.strip()[:1].isupper(),) if key in split_by_case else key


def read_train(articles, split_by_case: set[tuple[str, str]] = frozenset()):
    """Senses of the annotated articles (`train.annotated`), counted in articles."""
    spellings: dict[tuple, Counter] = defaultdict(Counter)
    docs: Counter = Counter()
    for doc in articles:
        seen = set()
        for a in doc.mentions:
            short = unicodedata.normalize("NFC", a["short"].replace("&amp;", "&"))
            key = sense_key(short, a["long"], split_by_case)
            spellings[key][classic_tone(a["long"].strip())] += 1
            seen.add(key)
        docs.update(seen)  # articles, not mentions: one long article must not set the prior
    for key, forms in spellings.items():
        long, _ = forms.most_common(1)[0]
        yield key[0], long, "", "", "ner-train", docs[key], 0.0


def read_curated(path: Path):
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            prior = float(row.get("prior") or CURATED_PRIOR)
            yield row["short"].strip(), row["long"].strip(), row["kind"].strip(), (row.get("context") or "").strip(), "curated", 0, prior


def case_senses(curated: Path) -> set[tuple[str, str]]:
    """(short, match key) pairs the curated file lists in both cases, as two senses: `NLĐ` is the
    newspaper `Người Lao Động` and the term `người lao động`."""
    cases: dict[tuple[str, str], set[bool]] = defaultdict(set)
    for short, long, *_ in read_curated(curated):
        cases[(unicodedata.normalize("NFC", short), match_key(long))].add(long[:1].isupper())
    return {pair for pair, seen in cases.items() if len(seen) == 2}


def build(shared: Path, curated: Path, holdout: str | None = None) -> list[dict]:
    rows: dict[tuple, dict] = {}
    order = {"curated": 0, "ner-train": 1, "soe-vinorm": 2, "g2p-hamster": 3}
    split_by_case = case_senses(curated)

    def add(short: str, long: str, kind: str, context: str, source: str, count: int, prior: float) -> None:
        short = unicodedata.normalize("NFC", short)
        if TITLE_STACK.fullmatch(short):
            return
        split = (short, match_key(long)) in split_by_case
        kind = kind or guess_kind(long)
        if source == "curated" or split:  # written in ordinary case already, or case is the sense
            long = classic_tone(" ".join(unicodedata.normalize("NFC", long).split()))
        else:
            long = tidy_long(long, kind, public=source in ("soe-vinorm", "g2p-hamster"))
        key = sense_key(short, long, split_by_case)
        row = rows.get(key)
        if row is None:
            rows[key] = {"short": short, "long": long, "kind": kind, "context": context,
                         "source": source, "count": count, "prior": prior}
            return
        sources = set(row["source"].split(";")) | {source}
        row["source"] = ";".join(sorted(sources, key=order.get))
        row["count"] += count
        row["prior"] = max(row["prior"], prior)
        if order[source] < min(order[s] for s in sources - {source} or {source}):
            row["long"], row["kind"] = long, kind
        if context and not row["context"]:
            row["context"] = context

    for r in read_curated(curated):
        add(*r)
    for r in read_train(training_articles(shared, holdout), split_by_case):
        add(*r)
    for r in read_soe(shared / "data/abbreviations/soe-vinorm/abbreviations.txt"):
        add(*r)
    for r in read_hamster(shared / "data/abbreviations/g2p-hamster/abbrev_vi.tsv"):
        add(*r)
    for r in rows.values():
        r["prior"] = round(r["count"] + r["prior"], 3)
    return sorted(rows.values(), key=lambda r: (r["short"], match_key(r["long"])))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "abbreviations.tsv")
    ap.add_argument("--holdout", help="K/N: leave out training articles of fold K of N (cross-validation)")
    args = ap.parse_args()
    rows = build(args.shared, ROOT / "data" / "abbreviations_curated.tsv", args.holdout)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            fh.write("\t".join(str(r[c]) for c in COLUMNS) + "\n")
    print(f"{len(rows)} senses of {len({r['short'] for r in rows})} short forms -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
