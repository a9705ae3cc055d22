"""Harvest what ~130,000 unlabelled news articles teach about abbreviations (seeded, reproducible).

Every article of `shared/data/vntc/*.jsonl.gz` and `shared/data/modern/*.jsonl.gz` is read once (the
annotated articles are skipped, they are for evaluation, and so is a held-out twentieth, `held_out`,
which the benchmark reads). In-text definitions are found with a dictionary that holds no annotated
and no previously harvested sense. Written:
- `data/abbreviations_harvested.tsv` (short, long, articles, source): the definitions articles write,
  by how many articles write them (`abbreviation_dictionary.build` keeps the well attested ones);
- `models/abbreviations/boundaries.json`: for definitions whose letters spell the short form, the word
  that opens the long form, the word before it and the words inside it, against all words (a quarter
  of the articles) — `abbreviations.phrase` reads where an unaligned long form begins from it;
- `models/abbreviations/contexts.tsv.gz`: the features (`abbreviations.features`) around the long forms
  of every ambiguous short form where they are written in full (a seeded sample of about
  `LONG_SAMPLE` per sense, the rates estimated on a tenth of the articles first), and around the
  mentions of short forms their article defines (one sense per article).
"""
from __future__ import annotations

import gzip
import json
import os
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import regex

from ..abbreviations.model import HARVESTED
from ..abbreviations.dictionary import Sense
from ..abbreviations.features import Words
from ..abbreviations.phrase import BOUNDARIES, EDGE, shape, token_key, tokens
from ..paths import repository_root
from ..textnorm import canonical, canonical_text, match_key
from .abbreviation_contexts import ContextCounts, _index, _occurrences
from .annotated import annotated_articles, fold_of

CORPORA = (
    ("vntc", "data/vntc/train.jsonl.gz"),
    ("vntc", "data/vntc/test.jsonl.gz"),
    ("modern", "data/modern/labelled.jsonl.gz"),
    ("modern", "data/modern/unlabelled.jsonl.gz"),
)
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+|[,&/\-–]")  # as `phrase.tokens`
_CLAUSE_OPEN = regex.compile(r"[.:;!?“”\"()\n]\s*(?=[\p{L}\p{N}])")
_ALL_CAPS = regex.compile(r"(?<![\p{L}\p{M}\p{N}])\p{Lu}[\p{Lu}\p{M}]+(?![\p{L}\p{M}\p{N}])")
_CAPITALISED = regex.compile(r"(?<![\p{L}\p{M}\p{N}])\p{Lu}\p{M}*[\p{Ll}\p{M}][\p{L}\p{M}]*")
_NUMBER = regex.compile(r"(?<![\p{L}\p{M}\p{N}])\p{N}[\p{L}\p{M}\p{N}]*")
_LOWER = regex.compile(r"(?<![\p{L}\p{M}\p{N}])\p{Ll}[\p{L}\p{M}\p{N}]*")
_SHAPES = {"CAP": _ALL_CAPS, "Cap": _CAPITALISED, "num": _NUMBER, "low": _LOWER}


SAMPLE = 10  # long-form rates are counted in one article of this many
BACKGROUND_SAMPLE = 4  # word rates in one article of this many
HELD_OUT = 20  # one article in this many (by a hash of its id) is never harvested: the benchmark reads it


def held_out(doc_id: str) -> bool:
    """Whether an unlabelled article is kept out of the harvest for the benchmark's own check."""
    return fold_of(doc_id, HELD_OUT) == 0


def articles(shared: Path, limit: int = 0, held: bool = False) -> Iterator[tuple[str, str, str]]:
    """(corpus, id, NFC text) of every unlabelled article outside the held-out share (`held`: inside it),
    annotated ones (and their copies) left out."""
    annotated = annotated_articles(shared, extra=[("dev", shared / "data/ner/dev.jsonl")])
    skip_ids = {a.id for a in annotated}
    skip_texts = {_fingerprint(a.text) for a in annotated}
    for path in sorted((shared / "eval" / "dev").glob("*.txt")):
        skip_texts.add(_fingerprint(path.read_text(encoding="utf-8")))
    n = 0
    for corpus, rel in CORPORA:
        with gzip.open(shared / rel, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                text = rec.get("text") or ""
                doc_id = str(rec.get("id"))
                if held_out(doc_id) != held or doc_id in skip_ids or not text or _fingerprint(text) in skip_texts:
                    continue
                yield corpus, doc_id, unicodedata.normalize("NFC", text)
                n += 1
                if limit and n >= limit:
                    return


def _fingerprint(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())[:300]


def _full_table(shared: Path) -> dict[str, tuple[Sense, ...]]:
    """The senses of the dictionary with every annotated article (harvested ones as last built), by short form."""
    from .abbreviation_dictionary import build

    out: dict[str, list[Sense]] = {}
    for r in build(shared, repository_root() / "data", annotated_articles(shared), harvested=False):
        out.setdefault(r["short"], []).append(Sense(r["long"], r["kind"], (), (), 0, 0.0))
    return {k: tuple(v) for k, v in out.items()}


def _dictionary_home(shared: Path, tmp: Path) -> Path:
    """A resource folder whose dictionary holds no annotated and no previously harvested sense: a
    harvest never depends on an earlier one nor on the articles kept for evaluation."""
    from .abbreviation_dictionary import build, write
    from .homes import mirror

    # nor on a fitted or harvested model
    home = mirror(tmp, {"data": ("abbreviations.tsv",),
                        "models/abbreviations": ("senses.json", BOUNDARIES, HARVESTED)})
    root = repository_root()
    write(build(shared, root / "data", [], harvested=False), home / "data" / "abbreviations.tsv")
    return home


def _estimate_totals(shared: Path, index: dict, limit: int) -> Counter:
    """How often each sense's long form is written in full, from a tenth of the articles (times ten)."""
    totals: Counter = Counter()
    for _, doc_id, text in articles(shared, limit):
        if fold_of(doc_id, SAMPLE) == 1:
            for _, _, pairs in _occurrences(Words.of(text), index):
                totals.update(pairs)
    return Counter({pair: SAMPLE * n for pair, n in totals.items()})


def _read_all(shared: Path, limit: int, index: dict, contexts: ContextCounts) -> dict:
    """One pass: definitions (by the dictionary of the current resource folder, with no annotated sense),
    boundary counts, and the contexts of long forms (`index`) and of defined mentions."""
    from ..abbreviations.definitions import find_definitions

    defs: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (short, long key) → spellings
    def_docs: Counter = Counter()
    def_corpora: dict[tuple[str, str], set] = defaultdict(set)
    first, before, inside, first_shape = Counter(), Counter(), Counter(), Counter()
    background, shape_bg = Counter(), Counter()
    for corpus, doc_id, text in articles(shared, limit):
        folded = canonical_text(text)
        if fold_of(doc_id, BACKGROUND_SAMPLE) == 0:  # word rates need no more than a quarter of the text
            background.update(_TOKEN.findall(folded.lower()))
            background[EDGE] += 1 + len(_CLAUSE_OPEN.findall(text))
            for name, pattern in _SHAPES.items():
                shape_bg[name] += len(pattern.findall(text))
        words = Words.of(text)
        contexts.long_forms(words, index)
        seen = set()
        for d in find_definitions(text, [(0, len(text))]):
            key = (canonical(d.short), match_key(d.long))
            defs[key][canonical(" ".join(d.long.split()))] += 1
            if key not in seen:
                def_docs[key] += 1
                def_corpora[key].add(corpus)
                seen.add(key)
                contexts.defined(words, folded, key[0], key[1], d.start)
            if d.how == "initials":
                _boundary_events(text, d, first, before, inside, first_shape)
        contexts.article_done()
    return {"defs": defs, "def_docs": def_docs, "def_corpora": def_corpora,
            "boundaries": {"first": first, "before": before, "inside": inside, "first_shape": first_shape,
                           "background": background, "shape_background": shape_bg}}


def _boundary_events(text: str, d, first: Counter, before: Counter, inside: Counter, first_shape: Counter) -> None:
    toks = tokens(text, d.long_start, d.long_end)
    if len(toks) < 2:
        return
    first[token_key(toks[0])] += 1
    first_shape[shape(toks[0].group())] += 1
    inside.update(token_key(t) for t in toks[1:])
    prev = tokens(text, max(0, d.long_start - 40), d.long_start)
    if prev and not text[prev[-1].end():d.long_start].strip():
        before[token_key(prev[-1])] += 1
    else:
        before[EDGE] += 1


def _write_harvested(found: dict, out: Path) -> int:
    rows = []
    for (short, key), spellings in found["defs"].items():
        n = found["def_docs"][(short, key)]
        if n < 2 or len(key.split()) < 2 and " " not in key and len(key) < 3:
            continue
        long, _ = max(spellings.items(), key=lambda kv: (kv[1], kv[0]))
        sources = ";".join(f"harvest:{c}" for c in sorted(found["def_corpora"][(short, key)]))
        rows.append((short, long, n, sources))
    rows.sort(key=lambda r: (r[0], match_key(r[1])))
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("short\tlong\tarticles\tsource\n")
        for short, long, n, src in rows:
            if "\t" in short + long or "\n" in short + long:
                continue
            fh.write(f"{short}\t{long}\t{n}\t{src}\n")
    return len(rows)


def _write_boundaries(b: dict, out: Path) -> None:
    roles = ("first", "before", "inside", "first_shape")
    keep = set().union(*(set(w for w, c in b[r].items() if c >= 3) for r in roles))
    data = {r: {w: c for w, c in sorted(b[r].items()) if c >= 3} for r in roles}
    data["background"] = {w: c for w, c in sorted(b["background"].items()) if w in keep}
    data["background_total"] = sum(b["background"].values())
    data["shape_background"] = dict(sorted(b["shape_background"].items()))
    out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def _reset_caches() -> None:
    """Forget resources read from the previous resource folder."""
    from ..abbreviations import boundaries, dictionary, model, phrase

    for fn in (dictionary.load, phrase.boundary_model, boundaries._multiword, model.fitted, model.table,
               model._harvested_lines, model._prepared):
        fn.cache_clear()


def harvest(shared: Path, out: Path, seed: int = 13, limit: int = 0) -> int:
    """Read the unlabelled articles once (and a tenth of them before, for rates); write the harvested
    definitions, the boundary counts and the context counts."""
    root = repository_root()
    if root is None:
        raise SystemExit("harvest writes into a checkout's data/ and models/: run it from the repository")
    index = _index(_full_table(shared))[0]
    totals = _estimate_totals(shared, index, limit)
    contexts = ContextCounts(totals, seed)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["VNNEWS_NLP_HOME"] = str(_dictionary_home(shared, Path(tmp)))
        _reset_caches()
        try:
            found = _read_all(shared, limit, index, contexts)
        finally:
            del os.environ["VNNEWS_NLP_HOME"]
            _reset_caches()
    n = _write_harvested(found, root / "data" / "abbreviations_harvested.tsv")
    out.mkdir(parents=True, exist_ok=True)
    _write_boundaries(found["boundaries"], out / BOUNDARIES)
    print(f"{n} harvested definitions -> {root / 'data' / 'abbreviations_harvested.tsv'}; "
          f"boundary counts -> {out / BOUNDARIES}")
    table = contexts.finish(_ambiguous(shared))
    with gzip.open(out / HARVESTED, "wt", encoding="utf-8", compresslevel=9) as fh:
        for short in sorted(table):
            fh.write(short + "\t" + json.dumps(table[short], ensure_ascii=False, sort_keys=True,
                                               separators=(",", ":")) + "\n")
    print(f"contexts of {len(table)} ambiguous short forms -> {out / HARVESTED}")
    return 0


def _ambiguous(shared: Path) -> dict[str, set[str]]:
    """Short form → sense keys, for the forms with two senses or more in the full dictionary (harvested
    definitions included, as just written)."""
    from .abbreviation_dictionary import build

    senses: dict[str, set[str]] = defaultdict(set)
    for r in build(shared, repository_root() / "data", annotated_articles(shared)):
        senses[canonical(r["short"].replace("&amp;", "&"))].add(match_key(r["long"]))
    return {short: keys for short, keys in senses.items() if len(keys) > 1}


__all__ = ["CORPORA", "articles", "harvest"]
