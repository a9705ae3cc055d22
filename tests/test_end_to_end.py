"""End to end: the seed article through the CLI and the library, the dev set through batch + score.py."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import vnnews_nlp
from vnnews_nlp.schema import validate_document

from .conftest import REPO, SHARED, assert_offsets

EXAMPLE = REPO / "examples" / "hoi-nghi-khuyen-hoc.txt"


def _vnnews(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "vnnews_nlp.cli", *args], input=stdin, capture_output=True, timeout=300
    )


@pytest.fixture(scope="module")
def seed_output(seed_text, tmp_path_factory) -> dict:
    seed = tmp_path_factory.mktemp("seed") / "000_13bed65524387229.txt"
    seed.write_text(seed_text, encoding="utf-8")
    result = _vnnews("analyze", str(seed), "--published", "2024-03-07")
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout.decode("utf-8"))


def test_cli_seed_is_schema_valid_with_offsets(seed_output, seed_text):
    validate_document(seed_output)
    assert_offsets(seed_output, seed_text)
    assert seed_output["id"] == "000_13bed65524387229"


def test_cli_seed_structure(seed_output, seed_text):
    assert seed_output["title"] == seed_text.splitlines()[0]
    assert seed_output["author"] == "Phong Sắc"


def test_cli_seed_entities_and_abbreviations(seed_output):
    entities = {(e["label"], e["text"]) for e in seed_output["entities"]}
    assert ("PER", "Vương Văn Việt") in entities
    assert ("DATE", "Sáng 7/3") in entities
    assert any(label == "ORG" for label, _ in entities)
    dates = {e["text"]: e["value"] for e in seed_output["entities"] if e["label"] == "DATE"}
    assert dates["Sáng 7/3"] == "2024-03-07"
    hkh = [a for a in seed_output["abbreviations"] if a["short"] == "HKH"]
    assert hkh and all(a["long"] == "Hội khuyến học" for a in hkh)


def test_nothing_reported_from_the_tail(seed_output, seed_text):
    tail_start = seed_text.index("Phong Sắc")
    for span in seed_output["entities"] + seed_output["abbreviations"]:
        assert span["start"] < tail_start, span
    assert seed_output["boilerplate"], "the junk and related headlines are reported as boilerplate"


def test_cli_pretty_prints_utf8_not_ascii_escaped():
    result = _vnnews("analyze", str(EXAMPLE))
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode("utf-8")
    assert "Hội khuyến học" in out and "\\u" not in out
    assert out.startswith("{\n")


def test_cli_several_files_give_json_lines_and_stdin_works(tmp_path):
    second = tmp_path / "second.txt"
    second.write_text("Tin ngắn\nUBND tỉnh Nghệ An họp ngày 3/2/2024.", encoding="utf-8")
    result = _vnnews("analyze", str(EXAMPLE), str(second))
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["hoi-nghi-khuyen-hoc", "second"]
    piped = _vnnews("analyze", "-", stdin=second.read_bytes())
    assert piped.returncode == 0
    assert json.loads(piped.stdout)["id"] == "stdin"


def test_cli_unreadable_input_is_one_line_without_traceback(tmp_path):
    result = _vnnews("analyze", str(tmp_path / "missing.txt"))
    assert result.returncode != 0
    err = result.stderr.decode()
    assert "missing.txt" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    folder = _vnnews("analyze", str(tmp_path))
    assert folder.returncode != 0 and "directory" in folder.stderr.decode()


def test_cli_version():
    result = _vnnews("--version")
    assert result.returncode == 0
    assert vnnews_nlp.__version__ in result.stdout.decode()


def test_library_matches_cli(seed_output, seed_text):
    document = vnnews_nlp.analyze(seed_text, id="000_13bed65524387229", published="2024-03-07")
    assert document.to_dict() == seed_output


def test_library_tokens_flag(seed_text):
    document = vnnews_nlp.analyze(seed_text, tokens=True).to_dict()
    validate_document(document)
    assert_offsets(document, seed_text)
    assert any(t["text"] == "khuyến học" for t in document["tokens"])
    assert all(t["pos"] for t in document["tokens"])


def test_analyze_many_keeps_order_and_types():
    records = [{"id": f"r{i}", "text": f"Bài {i}\nUBND tỉnh Thanh Hóa họp ngày {i + 1}/3/2024."} for i in range(5)]
    documents = list(vnnews_nlp.analyze_many(records))
    assert [d.id for d in documents] == [r["id"] for r in records]
    frame = vnnews_nlp.to_dataframe(documents, table="entities")
    assert set(frame["id"]) <= {r["id"] for r in records}


def test_dev_set_batch_scores_without_offset_errors(tmp_path):
    dev = SHARED / "eval" / "dev.jsonl"
    if not dev.exists():
        pytest.skip("../shared/eval is not beside the repository")
    out = tmp_path / "dev.out.jsonl"
    result = _vnnews("batch", str(dev), "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    for line in out.read_text(encoding="utf-8").splitlines():
        validate_document(json.loads(line))
    report = tmp_path / "report.json"
    scored = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), str(SHARED / "eval" / "dev"), str(out), "--json", str(report)],
        capture_output=True, timeout=120,
    )
    assert scored.returncode == 0, scored.stderr.decode()
    figures = json.loads(report.read_text())
    assert figures["offset_errors"] == 0
