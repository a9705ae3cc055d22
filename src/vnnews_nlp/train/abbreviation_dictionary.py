"""Build `data/abbreviations.tsv`: the curated list, the annotated articles, harvested definitions, public lists.

Sources (the `source` column; `;` joins them):
- `curated`: `data/abbreviations_curated.tsv`, chosen by the project for news text;
- `annotated`: the senses of the annotated articles (`train.annotated`, minus a held-out fold);
- `harvested`: definitions the unlabelled articles write (`data/abbreviations_harvested.tsv`,
  kept where enough articles agree);
- `soe-vinorm` (MIT) and `g2p-hamster` (Apache-2.0): public lists, weak priors.
Columns: short, long, kind, context, source, count (annotated articles using the sense), prior
(the sense's weight before context).
"""
from __future__ import annotations

import csv
import math
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import regex

from ..abbreviations import align
from ..entities import vocab
from ..textnorm import canonical
from ..abbreviations.lexicon import words
from ..textnorm import match_key
from .annotated import Article

COLUMNS = ("short", "long", "kind", "context", "source", "count", "prior")
CURATED_PRIOR = 3.0
ANNOTATED_WEIGHT = 3.0  # per annotated article using the sense
HARVEST_MIN_ARTICLES = 3  # a harvested definition enters the dictionary when this many articles write it
HARVEST_WEIGHT = 0.5  # prior per doubling of the articles that define it
ROMAN = regex.compile(r"^[IVXLCDM]+$")
VI_MARKS = regex.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", regex.I)
Row = tuple[str, str, str, str, str, int, float]  # short, long, kind, context, source, count, prior


def _heads(name: str) -> tuple[str, ...]:
    return tuple(match_key(w) for w in words(name))


@lru_cache(maxsize=1)
def _title_stack() -> regex.Pattern:
    """`PGS.TS`: a stack of titles is one mention per title, never a dictionary entry."""
    alt = "|".join(regex.escape(w) for w in sorted(words("title_stack_part"), key=len, reverse=True))
    return regex.compile(rf"(?:{alt})(?:\.(?:{alt}))+")


@lru_cache(maxsize=1)
def _proper() -> dict[str, str]:
    return {match_key(p): p for p in words("build_proper_name")}


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


def _starts(key: str, heads: Iterable[str]) -> bool:
    """Whether `key` begins with one of the heads as whole words (`khu` is not `khuyến`)."""
    return any(key == h or key.startswith(h + " ") for h in heads)


def guess_kind(long: str) -> str:
    """A rough kind for entries that do not state one."""
    k = match_key(long)
    if k in _heads("build_document"):
        return "document-code"
    if k in _heads("build_place") or _starts(k, _heads("build_place_word")):
        return "place"
    if _starts(k, _heads("build_title")):
        return "title"
    if _starts(k, _heads("build_org_head")) and not _starts(k, _heads("build_not_org")):
        return "organisation"
    if _starts(k, _heads("build_currency_word")) and len(k.split()) <= 4:
        return "currency"
    if not VI_MARKS.search(long) and regex.search(r"[A-Za-z]{3}", long):
        return "foreign"
    return "term"


def recase(long: str, kind: str) -> str:
    """A public-list long form in ordinary case (`an toàn Giao thông Quốc gia` → `an toàn giao thông quốc gia`).

    Terms and titles go to lower case, organisations to sentence case; known proper names keep capitals.
    """
    proper = _proper()
    ws = long.lower().split()
    keys = [match_key(w) for w in ws]
    i = 0
    while i < len(ws):
        for n in (3, 2, 1):
            key = " ".join(keys[i:i + n])
            if len(keys[i:i + n]) == n and key in proper and not (key == "quốc gia" and kind != "organisation"):
                ws[i:i + n] = proper[key].split()
                i += n
                break
        else:
            i += 1
    out = " ".join(ws)
    if kind in ("organisation", "place"):
        out = out[:1].upper() + out[1:]
    return out


def tidy_long(long: str, kind: str, public: bool = False) -> str:
    """Ordinary Vietnamese case: terms lower case unless they hold a proper name."""
    long = classic_tone(" ".join(unicodedata.normalize("NFC", long).split()))
    if public and kind in ("term", "title", "organisation") and VI_MARKS.search(long) is not None:
        return recase(long, kind)
    if kind == "term":
        ws = long.split()
        if len(ws) >= 2 and all(w[:1].isupper() for w in ws) and not any(
            p in match_key(long) for p in _heads("build_place")
        ):
            long = long.lower()
        elif ws and ws[0][:1].isupper() and len(ws) > 1 and ws[1][:1].islower():
            long = long[0].lower() + long[1:]
    elif kind == "organisation":
        long = long[0].upper() + long[1:]
    elif kind == "place" and long[:1].isupper() and not _starts(match_key(long), _heads("build_place_word")):
        long = " ".join(w[:1].upper() + w[1:] for w in long.split())
    return long


def good_short(short: str) -> bool:
    return bool(short) and any(c.isupper() for c in short) and not ROMAN.match(short) and "\t" not in short


def read_soe(path: Path) -> Iterator[Row]:
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


def read_hamster(path: Path) -> Iterator[Row]:
    letters = words("build_letter_name")
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            short = unicodedata.normalize("NFC", (row.get("key") or "").strip())
            long = (row.get("verbal_vi") or "").strip()
            if not good_short(short) or not long:
                continue
            if all(w in letters for w in match_key(long).replace("-", " ").split()):
                continue  # a letter-by-letter reading
            yield short, long, "", "", "g2p-hamster", 0, 0.3


def sense_key(short: str, long: str, split_by_case: set[tuple[str, str]]) -> tuple:
    """What makes two rows one sense: the short form and the long form's match key, plus its case where
    the curated file keeps both cases apart (`case_senses`)."""
    key: tuple = (short, match_key(long))
    return key + (long.strip()[:1].isupper(),) if key in split_by_case else key


def read_annotated(articles: Iterable[Article], split_by_case: set[tuple[str, str]] = frozenset()) -> Iterator[Row]:
    """Senses of the annotated articles, counted in articles (one long article must not set the prior)."""
    spellings: dict[tuple, Counter] = defaultdict(Counter)
    docs: Counter = Counter()
    for art in articles:
        seen = set()
        for a in art.mentions:
            short = unicodedata.normalize("NFC", a["short"].replace("&amp;", "&"))
            key = sense_key(short, a["long"], split_by_case)
            spellings[key][classic_tone(a["long"].strip())] += 1
            seen.add(key)
        docs.update(seen)
    for key, forms in spellings.items():
        long, _ = forms.most_common(1)[0]
        yield key[0], long, "", "", "annotated", docs[key], 0.0


def read_curated(path: Path) -> Iterator[Row]:
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            prior = float(row.get("prior") or CURATED_PRIOR)
            yield (row["short"].strip(), row["long"].strip(), row["kind"].strip(),
                   (row.get("context") or "").strip(), "curated", 0, prior)


def credit_like(short: str, long: str) -> bool:
    """A Vietnamese person's name that shares no initials with the short form (`TDDC` → `Trương Minh Sang`,
    `VnExpress` → `NHƯ TÂM`): a team code or a credit beside the name, not an expansion."""
    tokens = regex.findall(r"[\p{L}\p{N}]+", long)
    words = [w for w in tokens if not w.isdigit()]
    if not 2 <= len(words) <= 4 or not all(w[0].isupper() for w in words):
        return False
    folded = [align.fold(w) for w in tokens]
    if align.match(align.units(short), folded, len(folded), anchored_start=False) is not None:
        return False  # the letters align: an expansion (a person's initials included)
    keys = [canonical(w.title()) for w in words]
    given = vocab.given_syllables()
    # `Trung Kiên` (a given name alone) or `Trương Minh Sang` (surname first)
    return all(k in given for k in keys) if len(keys) == 2 else (keys[0] in vocab.surnames() and all(k in given for k in keys[1:]))


def read_harvested(path: Path) -> Iterator[Row]:
    """Definitions that at least `HARVEST_MIN_ARTICLES` unlabelled articles write, weighted by how many."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            n = int(row["articles"])
            if n >= HARVEST_MIN_ARTICLES and not credit_like(row["short"], row["long"]):
                yield row["short"], row["long"], "", "", "harvested", 0, HARVEST_WEIGHT * math.log2(1 + n)


def case_senses(curated: Path) -> set[tuple[str, str]]:
    """(short, match key) pairs the curated file lists in both cases, as two senses: `NLĐ` is the
    newspaper `Người Lao Động` and the term `người lao động`."""
    cases: dict[tuple[str, str], set[bool]] = defaultdict(set)
    for short, long, *_ in read_curated(curated):
        cases[(unicodedata.normalize("NFC", short), match_key(long))].add(long[:1].isupper())
    return {pair for pair, seen in cases.items() if len(seen) == 2}


ORDER = {"curated": 0, "annotated": 1, "harvested": 2, "soe-vinorm": 3, "g2p-hamster": 4}


def build(shared: Path, data: Path, articles: Iterable[Article], harvested: bool = True) -> list[dict]:
    """The dictionary rows from the sources under `data` (curated, harvested) and `shared` (public lists)."""
    curated = data / "abbreviations_curated.tsv"
    rows: dict[tuple, dict] = {}
    split_by_case = case_senses(curated)

    def add(short: str, long: str, kind: str, context: str, source: str, count: int, prior: float) -> None:
        short = unicodedata.normalize("NFC", short)
        if _title_stack().fullmatch(short):
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
            rows[key] = {"short": short, "long": long, "kind": kind, "context": context, "source": source,
                         "count": count, "prior": prior, "extra": prior if source == "harvested" else 0.0}
            if source == "harvested":
                rows[key]["prior"] = 0.0
            return
        sources = set(row["source"].split(";")) | {source}
        row["source"] = ";".join(sorted(sources, key=ORDER.get))
        row["count"] += count
        if source == "harvested":
            row["extra"] += prior
        else:
            row["prior"] = max(row["prior"], prior)
        if ORDER[source] < min(ORDER[s] for s in sources - {source} or {source}):
            row["long"], row["kind"] = long, kind
        if context and not row["context"]:
            row["context"] = context

    for r in read_curated(curated):
        add(*r)
    for r in read_annotated(articles, split_by_case):
        add(*r)
    for r in read_harvested(data / "abbreviations_harvested.tsv") if harvested else ():
        add(*r)
    for r in read_soe(shared / "data/abbreviations/soe-vinorm/abbreviations.txt"):
        add(*r)
    for r in read_hamster(shared / "data/abbreviations/g2p-hamster/abbrev_vi.tsv"):
        add(*r)
    for r in rows.values():
        r["prior"] = round(ANNOTATED_WEIGHT * r["count"] + r["prior"] + r.pop("extra"), 3)
    return sorted(rows.values(), key=lambda r: (r["short"], match_key(r["long"])))


def write(rows: list[dict], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            fh.write("\t".join(str(r[c]) for c in COLUMNS) + "\n")
