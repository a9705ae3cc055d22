"""Dump readers and output writers: every record comes out, under our field names, or says why not."""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import zlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from vnnews_nlp.errors import InputError
from vnnews_nlp.io.arrow_schema import document_arrow_schema, document_columns
from vnnews_nlp.io.fields import FieldMap
from vnnews_nlp.io.html import extract_page
from vnnews_nlp.io.readers import BadRecord, InputRecord, count_records, read_inputs
from vnnews_nlp.io.writers import errors_path, finalize, output_format

# Written for these tests.
ARTICLES = [
    {"id": "a1", "text": "Sáng 7/3, UBND tỉnh Quảng Bình họp bàn kế hoạch phòng chống hạn.", "published": "2024-03-07"},
    {"id": "a2", "text": "Ông Trần Văn Bình được bổ nhiệm làm Giám đốc Sở Y tế.\nBài: Minh Anh", "title": "Bổ nhiệm"},
    {"id": "a3", "text": "Đội tuyển bóng đá Việt Nam thắng 2-0, \"một trận đấu đẹp\"."},
]


def _write_jsonl(path: Path, lines: list[bytes]) -> Path:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wb") as handle:
        handle.write(b"\n".join(lines) + b"\n")
    return path


def _json(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def test_jsonl_every_line_accounted(tmp_path: Path) -> None:
    lines = [_json(ARTICLES[0]), b"{not json", b"", b"[1, 2]", b"\xff\xfe garbage \x00", _json(ARTICLES[1])]
    items = list(read_inputs([str(_write_jsonl(tmp_path / "d.jsonl", lines))]))
    assert [type(i).__name__ for i in items] == ["InputRecord", "BadRecord", "BadRecord", "BadRecord", "InputRecord"]
    assert [i.location for i in items] == ["line 1", "line 2", "line 4", "line 5", "line 6"]
    assert "invalid JSON" in items[1].error and "JSON object" in items[2].error and "not UTF-8" in items[3].error
    assert items[4].fields == {"id": "a2", "text": ARTICLES[1]["text"], "title": "Bổ nhiệm"}


def test_truncated_gzip_ends_with_a_bad_record(tmp_path: Path) -> None:
    full = _write_jsonl(tmp_path / "full.jsonl.gz", [_json(a) for a in ARTICLES * 200])
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    items = list(read_inputs([str(cut)]))
    whole_lines = zlib.decompressobj(wbits=31).decompress(cut.read_bytes()).count(b"\n")
    assert len(items) == whole_lines + 1, "every complete line before the cut comes out"
    assert all(isinstance(i, InputRecord) for i in items[:-1])
    assert isinstance(items[-1], BadRecord) and "truncated" in items[-1].error


def test_concatenated_gzip_members(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl.gz"
    path.write_bytes(b"".join(gzip.compress(_json(a) + b"\n") for a in ARTICLES))
    assert [i.fields["id"] for i in read_inputs([str(path)])] == ["a1", "a2", "a3"]
    assert count_records([str(path)]) == 3


def test_csv_quote_left_open_is_reported_not_swallowed(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text('id,text\nc1,"Hà Nội\nmưa to"\nc2,"mở mà không đóng\nc3,Sở Y tế\nc4,"x"y\nc5,Đà Nẵng\n',
                    encoding="utf-8")
    items = list(read_inputs([str(path)]))
    assert [i.fields["id"] for i in items if isinstance(i, InputRecord)] == ["c1", "c5"]
    assert items[0].fields["text"] == "Hà Nội\nmưa to"
    bad = [i for i in items if isinstance(i, BadRecord)]
    assert len(bad) == 1 and "quoting" in bad[0].error and "lines 4-6" in bad[0].error


def test_csv_tsv_and_field_mapping(tmp_path: Path) -> None:
    fields = FieldMap(text="body", id="guid", published="date", title="headline")
    for name, delimiter in (("d.csv", ","), ("d.tsv", "\t")):
        path = tmp_path / name
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter)
            writer.writerow(["guid", "headline", "body", "date", "extra"])
            for a in ARTICLES:
                writer.writerow([a["id"], a.get("title", ""), a["text"], a.get("published", ""), "x"])
            writer.writerow(["short-row"])
        items = list(read_inputs([str(path)], fields))
        assert [i.fields for i in items[:3]] == [
            {k: v for k, v in a.items()} for a in ARTICLES
        ]  # multi-line cells kept; empty title/date left out
        assert isinstance(items[3], BadRecord) and items[3].location == "row 4" and "header has 5" in items[3].error
        assert count_records([str(path)]) == 4


def test_csv_bad_bytes_cost_one_row(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(b"id,text\nok1,Xin ch\xc3\xa0o\nbad,\xff\xfe\nok2,H\xc3\xa0 N\xe1\xbb\x99i\n")
    items = list(read_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["InputRecord", "BadRecord", "InputRecord"]
    assert items[0].fields["text"] == "Xin chào" and "not UTF-8" in items[1].error


def test_parquet_rows_and_types(tmp_path: Path) -> None:
    path = tmp_path / "d.parquet"
    table = pa.table({"doc": [a["id"] for a in ARTICLES], "content": [a["text"] for a in ARTICLES],
                      "day": [dt.date(2024, 3, 7), None, dt.date(2023, 1, 2)]})
    pq.write_table(table, path)
    items = list(read_inputs([str(path)], FieldMap(text="content", id="doc", published="day")))
    assert [i.location for i in items] == ["row 1", "row 2", "row 3"]
    assert items[0].fields == {"id": "a1", "text": ARTICLES[0]["text"], "published": dt.date(2024, 3, 7)}
    assert count_records([str(path)]) == 3


def test_folder_recursive_txt_and_html(tmp_path: Path) -> None:
    (tmp_path / "2024" / "03").mkdir(parents=True)
    (tmp_path / "2024" / "03" / "bai-1.txt").write_text(ARTICLES[0]["text"], encoding="utf-8")
    (tmp_path / "2024" / "bai-2.html").write_text("<html><body><p>Xin chào</p></body></html>", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    items = list(read_inputs([str(tmp_path)]))
    assert [i.fields["id"] for i in items] == ["2024/03/bai-1", "2024/bai-2"]
    assert isinstance(items[0].fields["text"], bytes) and "html" in items[1].fields
    assert count_records([str(tmp_path)]) == 2


def test_missing_and_unsupported_inputs_fail_clearly(tmp_path: Path) -> None:
    (tmp_path / "d.xml").write_text("<a/>")
    with pytest.raises(InputError, match="no such file"):
        list(read_inputs([str(tmp_path / "absent.jsonl")]))
    with pytest.raises(InputError, match="unsupported input type"):
        list(read_inputs([str(tmp_path / "d.xml")]))


def test_html_page_text_and_title() -> None:
    html = ("<html><head><title>Hội nghị khuyến học</title><script>var x = 1;</script></head>"
            "<body><article><h1>Hội nghị khuyến học</h1><p>Sáng 7/3, tỉnh Quảng Bình tổ chức hội nghị "
            "tổng kết công tác khuyến học năm 2024 với sự tham gia của nhiều đại biểu.</p></article></body></html>")
    page = extract_page(html.encode("utf-8"), "page.html")
    assert "Sáng 7/3, tỉnh Quảng Bình tổ chức hội nghị" in page.text and "var x" not in page.text
    assert page.title == "Hội nghị khuyến học"


def test_output_names() -> None:
    assert output_format(Path("o.jsonl.gz")) == "jsonl.gz" and output_format(Path("o.PARQUET")) == "parquet"
    assert errors_path(Path("d/out.jsonl.gz")) == Path("d/out.errors.jsonl")
    assert errors_path(Path("out.parquet")) == Path("out.errors.jsonl")
    with pytest.raises(InputError, match="unsupported output type"):
        output_format(Path("out.xlsx"))


DOCUMENT = {
    "schema_version": "1.1", "id": "a1", "title": "Bổ nhiệm", "author": "Minh Anh", "published": "2024-03-07",
    "category": {"label": "Chính trị Xã hội", "score": 0.9, "scores": {"Chính trị Xã hội": 0.9, "Đời sống": 0.1}},
    "entities": [{"label": "DATE", "text": "Sáng 7/3", "start": 0, "end": 8, "value": "XXXX-03-07", "recurring": True},
                 {"label": "ORG", "text": "Sở Y tế", "start": 40, "end": 47}],
    "abbreviations": [{"short": "UBND", "long": "Ủy ban nhân dân", "start": 10, "end": 14,
                       "source": "dictionary", "confidence": 0.95}],
    "entity_groups": [{"label": "ORG", "canonical": "Sở Y tế", "mentions": ["Sở Y tế"], "count": 1}],
    "boilerplate": [{"kind": "byline", "start": 50, "end": 62, "text": "Bài: Minh Anh"}],
    "captions": [{"start": 20, "end": 30, "text": "Quang cảnh"}],
    "expanded_text": "Sáng 7/3, Ủy ban nhân dân tỉnh", "warnings": ["x"], "text": "Sáng 7/3, UBND tỉnh …",
}


@pytest.mark.parametrize("fmt", ["jsonl.gz", "parquet", "csv"])
def test_writers_keep_every_field(tmp_path: Path, fmt: str) -> None:
    other = {**DOCUMENT, "id": "a2", "category": None, "entities": [], "published": None}
    del other["text"]  # optional: present only when the analysed text is not the input
    staging = tmp_path / "out.part"
    staging.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in (DOCUMENT, other)), encoding="utf-8")
    target = tmp_path / f"out.{fmt}"
    finalize(staging, target, fmt)
    assert not staging.exists()
    if fmt == "jsonl.gz":
        back = [json.loads(line) for line in gzip.open(target, "rt", encoding="utf-8")]
    elif fmt == "parquet":
        assert pq.read_schema(target).equals(document_arrow_schema())
        back = pq.read_table(target).to_pylist()
        for row in back:
            if row["category"]:
                row["category"]["scores"] = dict(row["category"]["scores"])
            for entity in row["entities"]:
                for key in ("value", "expansion", "recurring", "source", "changed_by"):
                    if entity[key] is None:
                        del entity[key]
    else:
        with open(target, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert list(rows[0]) == document_columns()
        back = [{k: (json.loads(v) if v.startswith(("[", "{")) else (v or None)) for k, v in r.items()} for r in rows]
    for row in back:  # a table has a column for the optional text; a null there is its absence
        if row.get("text") is None:
            row.pop("text", None)
    assert back == [DOCUMENT, other]


def test_progress_log_lines_without_a_terminal() -> None:
    import io
    import time

    from vnnews_nlp.io.progress import Progress

    stream = io.StringIO()
    meter = Progress(lambda: 100, initial=20, bar=None, stream=stream, interval=0.0)
    meter._counter.join()
    time.sleep(0.01)
    meter.update(60, 55, 5)
    meter.close()
    line = stream.getvalue().strip()
    assert line.startswith("vnnews batch: 60 of 100 records (55 ok, 5 errors)") and "docs/s, ETA " in line


def test_input_signature_sees_changed_inputs(tmp_path: Path) -> None:
    from vnnews_nlp.io.journal import input_signature

    (tmp_path / "a.txt").write_text("Hà Nội", encoding="utf-8")
    before = input_signature([str(tmp_path)])
    (tmp_path / "b.txt").write_text("Đà Nẵng", encoding="utf-8")
    assert input_signature([str(tmp_path)]) != before
    dump = _write_jsonl(tmp_path / "d.jsonl", [_json(ARTICLES[0])])
    first = input_signature([str(dump)])
    _write_jsonl(dump, [_json(ARTICLES[0]), _json(ARTICLES[1])])
    assert input_signature([str(dump)]) != first
