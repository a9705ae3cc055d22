"""The `vnnews` command behaves like the tools people know: output by extension, errors before the work,
help to the terminal's width, training that never overwrites a model by surprise, no `../shared` guesswork."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from vnnews_nlp.cli import app
from vnnews_nlp.decode import encode_legacy
from vnnews_nlp.paths import model_path
from vnnews_nlp.schema import validate_document

from .conftest import REPO, SHARED, assert_offsets

EXAMPLE = REPO / "examples" / "hoi-nghi-khuyen-hoc.txt"


def vnnews(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
           stdin: bytes | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(REPO / "src"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "vnnews_nlp.cli", *args], capture_output=True, timeout=600,
                          cwd=cwd, env=environment, input=stdin)


def run(*args: str) -> tuple[int, str]:
    """The command in this process (the pipeline loads once for all tests): (exit status, stdout)."""
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def one_error_line(result: subprocess.CompletedProcess, *names: str) -> str:
    lines = [line for line in result.stderr.decode("utf-8").splitlines() if line.strip()]
    assert result.returncode != 0 and len(lines) == 1 and "Traceback" not in lines[0], lines
    assert lines[0].startswith("vnnews: ") and all(name in lines[0] for name in names), lines
    return lines[0]


def test_output_format_follows_the_extension(tmp_path: Path) -> None:
    second = tmp_path / "second.txt"
    second.write_text("Tin ngắn\nUBND tỉnh Nghệ An họp ngày 3/2/2024.", encoding="utf-8")
    single = tmp_path / "one.jsonl"
    assert run("analyze", str(EXAMPLE), "-o", str(single))[0] == 0
    lines = single.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["id"] == "hoi-nghi-khuyen-hoc"  # JSON Lines, not pretty JSON
    array = tmp_path / "both.json"
    assert run("analyze", str(EXAMPLE), str(second), "-o", str(array))[0] == 0
    assert [d["id"] for d in json.loads(array.read_text(encoding="utf-8"))] == ["hoi-nghi-khuyen-hoc", "second"]
    pretty = tmp_path / "one.json"
    assert run("analyze", str(EXAMPLE), "-o", str(pretty))[0] == 0
    assert pretty.read_text(encoding="utf-8").startswith("{\n  ")
    table = tmp_path / "both.parquet"
    assert run("analyze", str(EXAMPLE), str(second), "-o", str(table))[0] == 0
    assert pq.read_table(table).column("id").to_pylist() == ["hoi-nghi-khuyen-hoc", "second"]
    one_error_line(vnnews("analyze", str(EXAMPLE), "-o", str(tmp_path / "out.txt")), "out.txt", "unsupported output")


def test_an_output_that_cannot_be_written_is_refused_before_any_work(tmp_path: Path) -> None:
    # The input does not exist either: the output is checked first, before anything is read.
    missing = tmp_path / "missing" / "dir" / "x.json"
    one_error_line(vnnews("analyze", str(tmp_path / "absent.txt"), "-o", str(missing)), str(missing.parent),
                   "no such directory")
    one_error_line(vnnews("analyze", str(EXAMPLE), "--html", str(missing.with_suffix(".html"))), "no such directory")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    one_error_line(vnnews("analyze", str(EXAMPLE), "-o", str(blocker / "x.jsonl")), str(blocker), "not a directory")
    one_error_line(vnnews("analyze", str(tmp_path / "absent.txt"), "--published", "hôm qua"), "--published",
                   "must be a date")
    assert not (tmp_path / "missing").exists()


def test_published_takes_the_local_forms() -> None:
    for given in ("15/01/2025", "15-01-2025 10:20", "2025-01-15T10:20:00+07:00"):
        status, out = run("analyze", str(EXAMPLE), "--published", given)
        assert status == 0 and json.loads(out)["published"] == "2025-01-15"


def test_a_legacy_encoded_file_comes_with_the_text_its_offsets_index(tmp_path: Path) -> None:
    legacy = tmp_path / "tcvn3.txt"
    legacy.write_bytes(encode_legacy(EXAMPLE.read_text(encoding="utf-8"), "tcvn3"))
    document = json.loads(run("analyze", str(legacy))[1])
    validate_document(document)
    assert_offsets(document, document["text"])
    assert document["text"] == EXAMPLE.read_text(encoding="utf-8")
    plain = json.loads(run("analyze", str(EXAMPLE))[1])
    assert "text" not in plain
    assert json.loads(run("analyze", str(EXAMPLE), "--text")[1])["text"] == EXAMPLE.read_text(encoding="utf-8")


def test_the_view_of_a_text_file_is_written(tmp_path: Path) -> None:
    view = tmp_path / "view.html"
    status, out = run("analyze", str(EXAMPLE), "--html", str(view))
    assert status == 0 and "text" not in json.loads(out)
    page = view.read_text(encoding="utf-8")
    assert 'class="vnnews-entity"' in page and "Quang cảnh hội nghị." in page


def test_an_html_page_comes_with_its_extracted_text_and_view(tmp_path: Path) -> None:
    body = "".join(f"<p>{line}</p>" for line in EXAMPLE.read_text(encoding="utf-8").splitlines()[1:5])
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><title>Hội nghị khuyến học</title></head><body><article>{body}</article>"
                    "</body></html>", encoding="utf-8")
    view = tmp_path / "view.html"
    status, out = run("analyze", str(page), "--html", str(view))
    assert status == 0
    document = json.loads(out)
    assert_offsets(document, document["text"])
    assert 'class="vnnews-entity"' in view.read_text(encoding="utf-8")


@pytest.mark.parametrize("columns", [60, 150])
def test_help_wraps_to_the_terminal(columns: int) -> None:
    result = vnnews("batch", "--help", env={"COLUMNS": str(columns)})
    assert result.returncode == 0
    lines = result.stdout.decode("utf-8").splitlines()
    assert max(map(len, lines)) <= columns
    assert "…" not in result.stdout.decode("utf-8"), "words cut off"
    words = " ".join(result.stdout.decode("utf-8").split())
    assert "failures go to OUTPUT.errors.jsonl" in words and "--checkpoint-every" in words
    if columns > 100:
        assert max(map(len, lines)) > 100, "help stays narrow in a wide terminal"


def test_training_data_is_found_from_any_directory_or_named_clearly(tmp_path: Path) -> None:
    from vnnews_nlp import cli

    os.chdir(tmp_path)  # no ../shared here: the checkout's is found all the same
    try:
        if SHARED.is_dir():
            assert cli._shared_data(None, "data").resolve() == (SHARED / "data").resolve()
    finally:
        os.chdir(REPO)
    one_error_line(vnnews("train", "ner", cwd=tmp_path, env={"VNNEWS_SHARED": str(tmp_path / "nowhere")}),
                   "shared data folder not found", "--data-dir")
    one_error_line(vnnews("train", "ner", "--data-dir", str(tmp_path / "nope"), cwd=tmp_path), "nope",
                   "no such directory")


def test_training_writes_a_new_folder_unless_told_to_overwrite(tmp_path: Path) -> None:
    from vnnews_nlp import cli

    os.chdir(tmp_path)
    try:
        fresh = cli._new_model_dir("ner", None, overwrite=False)
    finally:
        os.chdir(REPO)
    assert fresh.parent == tmp_path and fresh.name.startswith("ner-") and not fresh.exists()
    assert cli._new_model_dir("ner", None, overwrite=True) == model_path("ner")
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "meta.json").write_text("{}")
    data = tmp_path / "data"
    data.mkdir()
    line = one_error_line(vnnews("train", "ner", "--data-dir", str(data), "--out-dir", str(taken)), str(taken))
    assert "--overwrite" in line
    assert (taken / "meta.json").read_text() == "{}"
