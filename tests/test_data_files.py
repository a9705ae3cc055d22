"""Word lists are reviewed like code: a header with phrase/kinds/source, rows sorted by match key,
no phrase twice (tone-spelling variants are one phrase), a source on every row."""
from __future__ import annotations

import csv

import pytest

from vnnews_nlp.lexicon import REQUIRED_COLUMNS
from vnnews_nlp.paths import data_path
from vnnews_nlp.textnorm import canonical, match_key

LEXICONS = sorted(data_path("lexicons").glob("*.tsv"))


@pytest.mark.parametrize("path", LEXICONS, ids=[p.name for p in LEXICONS])
def test_lexicon_is_sorted_deduplicated_and_sourced(path):
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert set(REQUIRED_COLUMNS) <= set(reader.fieldnames or ())
        rows = list(reader)
    assert rows
    phrases = [row["phrase"] for row in rows]
    assert phrases == sorted(phrases, key=lambda p: (match_key(p), p)), f"{path.name} is not sorted"
    seen = [canonical(p) for p in phrases]
    assert len(seen) == len(set(seen)), f"{path.name} repeats a phrase"
    assert all(row["source"].strip() and row["kinds"].strip() for row in rows)
