"""Batch jobs: every record accounted for, in order, whatever the format, worker count, engine or crash."""
from __future__ import annotations

import csv
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import vnnews_nlp
from vnnews_nlp.batch import BatchError, JobFiles, run_batch
from vnnews_nlp.cli import app
from vnnews_nlp.io.fields import FieldMap

# Articles written for these tests from our own templates (no third-party text).
PLACES = ["Quảng Bình", "Hà Nội", "Đà Nẵng", "Cần Thơ", "Nghệ An", "Lâm Đồng", "Hải Phòng"]
PEOPLE = ["Trần Văn Bình", "Nguyễn Thị Hoa", "Lê Minh Tuấn", "Phạm Quốc Hùng", "Võ Thị Lan"]
TEMPLATES = [
    "Sáng {d}/{m}, UBND tỉnh {place} tổ chức hội nghị tổng kết công tác khuyến học năm {y}. "
    "Ông {person}, Phó Chủ tịch UBND tỉnh, phát biểu chỉ đạo.",
    "Theo Sở GD&ĐT {place}, năm học {y} toàn tỉnh có {n} trường đạt chuẩn quốc gia.\nBài: {person}",
    "Ngày {d}/{m}/{y}, Công an {place} cho biết đã bắt giữ {n} đối tượng. Bà {person} cho biết vụ việc đang được điều tra.",
    "Đội tuyển {place} thắng {n}-0 trong trận đấu chiều {d}/{m}. HLV {person} hài lòng với các cầu thủ.",
]


def article(i: int) -> dict:
    text = TEMPLATES[i % len(TEMPLATES)].format(
        d=i % 28 + 1, m=i % 12 + 1, y=2015 + i % 10, n=i % 9 + 1, place=PLACES[i % len(PLACES)],
        person=PEOPLE[i % len(PEOPLE)])
    record = {"id": f"bai-{i:04d}", "text": text}
    if i % 3 == 0:
        record["published"] = f"{2015 + i % 10}-0{i % 9 + 1}-1{i % 10}"
    if i % 5 == 0:
        record["title"] = f"Tin {PLACES[i % len(PLACES)]} số {i}"
    return record


ARTICLES = [article(i) for i in range(24)]


@pytest.fixture(scope="module", autouse=True)
def pipeline():
    """The full pipeline, loaded once here (forked workers inherit it)."""
    return vnnews_nlp.load()


def write_jsonl(path: Path, records: list[dict], extra: list[bytes] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False).encode() for r in records] + list(extra)
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wb") as handle:
        handle.write(b"\n".join(lines) + b"\n")
    return path


def read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def batch(inputs: list[Path | str], output: Path, **options) -> tuple:
    summary = run_batch([str(p) for p in inputs], output, progress=False, **options)
    return summary, read_jsonl(output) if output.name.endswith((".jsonl", ".jsonl.gz")) else None


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> list[dict]:
    """The dump analysed one record at a time by `analyze` itself."""
    return [vnnews_nlp.analyze(a["text"], id=a["id"], published=a.get("published"), title=a.get("title")).to_dict()
            for a in ARTICLES]


def test_jsonl_matches_analyze_and_leaves_no_temporaries(tmp_path: Path, reference: list[dict]) -> None:
    summary, docs = batch([write_jsonl(tmp_path / "in.jsonl", ARTICLES)], tmp_path / "out.jsonl")
    assert docs == reference
    assert (summary.ok, summary.errors) == (len(ARTICLES), 0)
    assert (tmp_path / "out.errors.jsonl").read_text() == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.errors.jsonl", "out.jsonl"]


def test_input_formats_give_the_same_output(tmp_path: Path, reference: list[dict]) -> None:
    mapped = [{"guid": a["id"], "body": a["text"], "date": a.get("published"), "headline": a.get("title")}
              for a in ARTICLES]
    fields = FieldMap(text="body", id="guid", published="date", title="headline")
    write_jsonl(tmp_path / "in.jsonl.gz", mapped)
    with open(tmp_path / "in.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(mapped[0]))
        writer.writeheader()
        writer.writerows(mapped)
    pq.write_table(pa.Table.from_pylist(mapped), tmp_path / "in.parquet")
    for name in ("in.jsonl.gz", "in.csv", "in.parquet"):
        _, docs = batch([tmp_path / name], tmp_path / f"{name}.out.jsonl", fields=fields)
        assert docs == reference, name


def test_output_formats_hold_the_same_documents(tmp_path: Path, reference: list[dict]) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    _, gz = batch([source], tmp_path / "out.jsonl.gz")
    assert gz == reference
    batch([source], tmp_path / "out.parquet")
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [r["id"] for r in rows] == [d["id"] for d in reference]
    assert [[e["text"] for e in r["entities"]] for r in rows] == [[e["text"] for e in d["entities"]] for d in reference]
    assert [r["category"]["label"] if r["category"] else None for r in rows] == \
           [d["category"]["label"] if d["category"] else None for d in reference]
    batch([source], tmp_path / "out.csv")
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [json.loads(r["entities"]) for r in rows] == [d["entities"] for d in reference]
    assert [r["title"] or None for r in rows] == [d["title"] for d in reference]


def test_messy_dump_every_record_accounted_for(tmp_path: Path) -> None:
    good = ARTICLES[:6]
    odd = [
        {"id": "empty", "text": ""},
        {"id": "blank", "text": "   \n  "},
        {"id": "english", "text": "The quick brown fox jumps over the lazy dog. Markets rallied on Tuesday."},
        {"id": "chinese", "text": "北京是中华人民共和国的首都。"},
        {"id": "controls", "text": "\x00\x01\x02\ufffd\ufffd\x7f" * 40},
        {"id": "no-text", "title": "Chỉ có tiêu đề"},
        {"id": "null-text", "text": None},
        {"id": "number-text", "text": 12345},
        {"id": "bad-date", "text": "Hà Nội mưa to.", "published": "hôm qua"},
        {"text": "Bản tin không có mã số."},
    ]
    junk = [b"{\"id\": \"cut", b"[\"not\", \"an\", \"object\"]", os.urandom(64).replace(b"\n", b"."), b"\xc3\x28 bad utf8"]
    dump = write_jsonl(tmp_path / "messy.jsonl", good + odd, junk)
    summary, docs = batch([dump], tmp_path / "out.jsonl", workers=2)
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert summary.ok + summary.errors == len(good) + len(odd) + len(junk)
    assert (len(docs), len(errors)) == (summary.ok, summary.errors)
    ids = [r.get("id", str(position)) for position, r in enumerate(good + odd)]
    positions = [e["position"] for e in errors] + [ids.index(d["id"]) for d in docs]
    assert sorted(positions) == list(range(summary.ok + summary.errors))
    by_id = {d["id"]: d for d in docs}
    for name in ("empty", "blank", "english", "chinese", "controls"):
        assert name in by_id, f"{name} should give a document (with warnings), not vanish"
    assert any("empty" in w for w in by_id["empty"]["warnings"])
    assert "15" in by_id  # no id: its position in the dump
    failed = {e["id"]: e for e in errors}
    assert {"no-text", "null-text", "number-text", "bad-date"} <= set(failed)
    assert "must be a date" in failed["bad-date"]["error"] and "string" in failed["number-text"]["error"]
    for name in ("empty", "blank", "english", "chinese", "controls"):
        assert by_id[name]["category"] is None, f"{name}: no topic for a text that is not Vietnamese news"
    assert any("not read as Vietnamese" in w for w in by_id["english"]["warnings"])
    for entry in errors:
        assert entry["source"] == str(dump) and entry["location"].startswith("line ") and entry["error"]
        assert "\n" not in entry["error"] and "Traceback" not in entry["error"]


def test_worker_count_does_not_change_output(tmp_path: Path) -> None:
    dump = write_jsonl(tmp_path / "in.jsonl", [article(i) for i in range(30)], [b"{broken"])
    out1, out2 = tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"
    batch([dump], out1, workers=1)
    batch([dump], out2, workers=2, chunk_size=3)
    assert out1.read_bytes() == out2.read_bytes()
    assert (tmp_path / "w1.errors.jsonl").read_bytes() == (tmp_path / "w2.errors.jsonl").read_bytes()


def test_killed_job_resumes_to_the_uninterrupted_output(tmp_path: Path) -> None:
    records = [article(i) for i in range(120)]
    dump = write_jsonl(tmp_path / "in.jsonl", records, [b"{broken line"])
    expected = tmp_path / "expected.jsonl"
    batch([dump], expected)
    output = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "vnnews_nlp.cli", "batch", str(dump), "-o", str(output),
               "--checkpoint-every", "10", "--no-progress"]
    job = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    checkpoint = JobFiles(output).checkpoint
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and job.poll() is None:
        state = json.loads(checkpoint.read_text()) if checkpoint.exists() else {}
        if state.get("records", 0) >= 20:
            job.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    assert job.wait(timeout=30) == -signal.SIGKILL, "the job ended before it could be killed midway"
    assert not output.exists()
    summary, _ = batch([dump], output, resume=True)
    assert 20 <= summary.resumed_from < len(records)
    assert summary.ok + summary.errors == len(records) + 1
    assert output.read_bytes() == expected.read_bytes()
    assert (tmp_path / "out.errors.jsonl").read_bytes() == (tmp_path / "expected.errors.jsonl").read_bytes()
    assert not checkpoint.exists() and not JobFiles(output).staging.exists()


def test_resume_refuses_a_different_job(tmp_path: Path) -> None:
    dump = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    output = tmp_path / "out.jsonl"
    files = JobFiles(output)
    batch([dump], output, checkpoint_every=1)
    # Leave a checkpoint behind as an interrupted job would, then ask to resume with other options.
    files.staging.write_bytes(output.read_bytes())
    files.errors_staging.write_bytes(b"")
    from vnnews_nlp.io.journal import Checkpoint, input_signature

    Checkpoint({"inputs": input_signature([str(dump)]), "fields": FieldMap().to_dict(), "tokens": False,
                "format": "jsonl"}, records=3, ok=3, output_bytes=0).save(files.checkpoint)
    with pytest.raises(BatchError, match="cannot resume"):
        run_batch([str(dump)], output, tokens=True, resume=True, progress=False)
    summary = run_batch([str(dump)], output, resume=True, progress=False)
    assert summary.resumed_from == 3 and summary.ok == len(ARTICLES)


def test_cli_stdin_field_mapping_and_summary(tmp_path: Path, reference: list[dict]) -> None:
    mapped = [{"key": a["id"], "content": a["text"], "day": a.get("published"), "head": a.get("title")}
              for a in ARTICLES]
    data = b"".join(json.dumps(m, ensure_ascii=False).encode() + b"\n" for m in mapped)
    output = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["batch", "-", "-o", str(output), "--text-field", "content", "--id-field", "key",
                                      "--published-field", "day", "--title-field", "head", "--no-progress"],
                                input=data)
    assert result.exit_code == 0, result.output
    assert read_jsonl(output) == reference
    assert f"{len(ARTICLES)} ok, 0 errors" in result.output and "docs/s" in result.output


def test_cli_bad_input_is_one_line_no_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "absent.jsonl"), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "absent.jsonl: no such file" in result.output
    result = CliRunner().invoke(app, ["batch", str(write_jsonl(tmp_path / "i.jsonl", ARTICLES[:1])),
                                      "-o", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 1 and "unsupported output type" in result.output and "Traceback" not in result.output


def test_html_records_and_folders(tmp_path: Path) -> None:
    body = ARTICLES[0]["text"]
    page = f"<html><head><title>Tin Quảng Bình</title></head><body><article><p>{body}</p></article></body></html>"
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "bai.html").write_text(page, encoding="utf-8")
    (folder / "bai.txt").write_text(body, encoding="utf-8")
    dump = write_jsonl(tmp_path / "in.jsonl", [{"id": "h1", "html": page}])
    _, docs = batch([folder, dump], tmp_path / "out.jsonl")
    assert [d["id"] for d in docs] == ["bai", "sub/bai", "h1"]
    assert docs[1]["title"] == docs[2]["title"] == "Tin Quảng Bình"
    assert {**docs[1], "id": "h1"} == docs[2]


def test_dask_local_cluster_matches_local(tmp_path: Path) -> None:
    dask = pytest.importorskip("vnnews_nlp.dask")
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
    from dask.distributed import Client, LocalCluster

    dump = write_jsonl(tmp_path / "in.jsonl", ARTICLES, [b"{broken"])
    batch([dump], tmp_path / "local.jsonl")
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        batch([dump], tmp_path / "dask.jsonl", engine="dask", scheduler=cluster.scheduler_address, chunk_size=5)
        assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
        assert (tmp_path / "dask.errors.jsonl").read_bytes() == (tmp_path / "local.errors.jsonl").read_bytes()
        local = read_jsonl(tmp_path / "local.jsonl")
        bag = dask.analyze_bag(db.from_sequence(ARTICLES + [{"id": "x"}], npartitions=3))
        out = bag.compute()
        assert out[:-1] == local and out[-1]["error"] == "missing 'text' field"
        frame = pd.DataFrame({"body": [a["text"] for a in ARTICLES], "day": [a.get("published") for a in ARTICLES],
                              "head": [a.get("title") for a in ARTICLES]}, index=[a["id"] for a in ARTICLES])
        table = dask.analyze_dataframe(dd.from_pandas(frame, npartitions=2), text_column="body",
                                       published_column="day", title_column="head").compute()
        assert list(table.index) == [a["id"] for a in ARTICLES] and table["error"].isna().all()
        assert [json.loads(e) for e in table["entities"]] == [d["entities"] for d in local]
        assert list(table["title"]) == [d["title"] for d in local]


def test_analyze_many_in_processes_keeps_order_and_errors(reference: list[dict]) -> None:
    records = ARTICLES[:10] + [{"id": "x"}] + ARTICLES[10:]
    results = list(vnnews_nlp.analyze_many(records, workers=2, chunk_size=4, on_error="yield"))
    assert isinstance(results[10], vnnews_nlp.RecordError) and results[10].id == "x"
    assert [r.to_dict() for r in results[:10] + results[11:]] == reference
    with pytest.raises(vnnews_nlp.InputError, match="record x: missing 'text'"):
        list(vnnews_nlp.analyze_many(records, workers=1))
