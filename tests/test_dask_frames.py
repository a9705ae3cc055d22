"""The Dask DataFrame output carries every field of the JSON output: captions, the text when asked, the token sections."""
from __future__ import annotations

import json

import pytest

import vnnews_nlp
from vnnews_nlp.decode import encode_legacy

from .conftest import REPO

dask = pytest.importorskip("vnnews_nlp.dask")

ARTICLE = (REPO / "examples" / "hoi-nghi-khuyen-hoc.txt").read_text(encoding="utf-8")
RECORDS = [
    {"id": "given", "text": ARTICLE},
    # bytes in a legacy encoding: decoded, so the offsets index a text that is not the input as given
    {"id": "legacy", "text": encode_legacy(ARTICLE, "tcvn3")},
    {"id": "short", "text": "Sáng 7/3, UBND tỉnh Quảng Bình tổ chức hội nghị. Ông Trần Văn Bình phát biểu."},
]


def cell(row: dict, name: str, value: object) -> object:
    """The row's value of field `name`, decoded back from JSON where the field is nested."""
    return json.loads(row[name]) if isinstance(value, (list, dict)) else row[name]


@pytest.mark.parametrize("include_text,tokens", [(False, False), (True, False), (False, True)])
def test_dataframe_rows_carry_the_json_documents(include_text: bool, tokens: bool) -> None:
    import dask.dataframe as dd
    import pandas as pd
    from dask import config

    ids = [r["id"] for r in RECORDS]
    frame = pd.DataFrame({"body": pd.Series([r["text"] for r in RECORDS], index=ids, dtype=object)})
    with config.set({"dataframe.convert-string": False}):  # else Dask makes the bytes column strings
        table = dask.analyze_dataframe(dd.from_pandas(frame, npartitions=2), text_column="body", tokens=tokens,
                                       include_text=include_text).compute(scheduler="sync")
    assert tuple(table.columns) == dask.dataframe_columns(tokens)
    assert {"captions", "text"} <= set(table.columns) and (("tokens" in table.columns) == tokens)
    for record, row in zip(RECORDS, table.to_dict("records")):
        document = vnnews_nlp.analyze_record(record, tokens=tokens, include_text=include_text).to_dict()
        category = document.pop("category")
        assert (row["category"], row["category_score"]) == (category["label"], category["score"])
        for name, value in document.items():
            if name != "schema_version":
                assert cell(row, name, value) == value, name
        if "text" not in document:
            assert row["text"] is None or pd.isna(row["text"])
        assert row["error"] is None or pd.isna(row["error"])
    rows = table.to_dict("index")
    assert [c["text"] for c in json.loads(rows["given"]["captions"])] == ["Quang cảnh hội nghị."]
    assert rows["legacy"]["text"] == ARTICLE  # decoded text travels even unasked, as in the JSON
    assert (rows["given"]["text"] == ARTICLE) is include_text
