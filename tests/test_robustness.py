"""Never crash, never lose, never lie: hostile text, bad files, huge inputs and killed workers.

Inputs come from `tests/robustness/` (small committed files and generators for
the large ones). Bugs found in other developers' modules are kept as strict
xfails naming the module and the bug, so the test turns red once it is fixed.
"""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
import unicodedata
import zlib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

import pytest

import vnnews_nlp
from vnnews_nlp import api
from vnnews_nlp.abbreviations.detect import find_abbreviations
from vnnews_nlp.decode import decode_bytes
from vnnews_nlp.entities.dates import find_dates
from vnnews_nlp.errors import InputError
from vnnews_nlp.pipeline import blank
from vnnews_nlp.schema import validate_document
from vnnews_nlp.structure.rules import analyze_structure

sys.path.insert(0, str(Path(__file__).resolve().parent / "robustness"))
from nasty import (  # noqa: E402
    ADVERSARIAL, ARTICLE, CORPUS, NASTY_TEXTS, adversarial, assert_document_offsets, huge_document, one_line,
    without_surrogates,
)

BINARY_FILES = {"binary.txt", "nul-bytes.txt", "gzip-named-txt.txt", "png-header.txt"}
REFUSED_FILES = BINARY_FILES | {"controls.txt"}  # 60 of its 64 characters are control codes
TEXT_FILES = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".txt", ".html"))


def vnnews(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh interpreter, as a user would."""
    return subprocess.run([sys.executable, "-m", "vnnews_nlp.cli", *args], capture_output=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def stderr_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.decode("utf-8", "replace").splitlines() if line.strip()]


def assert_clean_failure(result: subprocess.CompletedProcess, *names: str) -> str:
    """Non-zero exit, no traceback, one stderr line naming what failed; returns that line."""
    lines = stderr_lines(result)
    assert result.returncode != 0, lines
    assert not any("Traceback" in line for line in lines), "\n".join(lines)
    assert len(lines) == 1, lines
    for name in names:
        assert name in lines[0], (name, lines[0])
    return lines[0]


def check_document(document: dict, text: str) -> None:
    """Schema-valid, spans exact, writable as UTF-8."""
    validate_document(document)
    assert_document_offsets(document, text)
    json.dumps(document, ensure_ascii=False).encode("utf-8")


# --------------------------------------------------------------- hostile text


@pytest.mark.parametrize("name", sorted(NASTY_TEXTS))
def test_nasty_text_through_the_pipeline(name: str) -> None:
    text = NASTY_TEXTS[name]
    document = vnnews_nlp.analyze(text, id=name, published="2024-03-07", tokens=True).to_dict()
    check_document(document, without_surrogates(text))
    if not text.strip():
        assert any("empty" in w for w in document["warnings"]), document["warnings"]
    if without_surrogates(text) != text:
        assert any("surrogate" in w for w in document["warnings"]), document["warnings"]


@pytest.mark.parametrize("name", TEXT_FILES)
def test_corpus_file_through_the_library(name: str) -> None:
    data = (CORPUS / name).read_bytes()
    if name in REFUSED_FILES:
        with pytest.raises(InputError) as caught:
            vnnews_nlp.analyze(data, id=name)
        assert caught.value.source == name and caught.value.cause
        return
    document = vnnews_nlp.analyze(data, id=name, tokens=True).to_dict()
    decoded = decode_bytes(data)
    check_document(document, decoded.text)
    if data and decoded.text != data.decode("utf-8", "replace"):
        assert document["warnings"], "a conversion went unreported"
    if not decoded.text.strip():
        assert any("empty" in w for w in document["warnings"])


def test_structure_never_reports_an_impossible_published_date() -> None:
    import datetime as dt

    for text in ("Phối\n29/2/2023", "Tiêu đề\n31/4/2024"):
        published = analyze_structure(text).published
        if published is not None:
            dt.date.fromisoformat(published)
    document = vnnews_nlp.analyze("Tiêu đề\n31/4/2024\nUBND tỉnh họp.").to_dict()
    if document["published"] is not None:
        dt.date.fromisoformat(document["published"])


@pytest.mark.parametrize("record_id", [5, 0, 3.5, "", "id\udc80"])
def test_any_id_gives_a_schema_valid_document(record_id) -> None:
    document = vnnews_nlp.analyze("UBND tỉnh", id=record_id).to_dict()
    check_document(document, "UBND tỉnh")


@pytest.mark.parametrize("published", [["x"], "2024-02-30", "hôm qua", "2024-13-01"])
def test_a_bad_published_date_is_refused_naming_it(published) -> None:
    with pytest.raises(InputError, match="published"):
        vnnews_nlp.analyze("UBND tỉnh", id="rec-1", published=published)


@pytest.mark.parametrize("text", [None, 42, ["a"], {"text": "a"}])
def test_a_non_text_is_refused_not_crashed_on(text) -> None:
    with pytest.raises(InputError, match="text"):
        vnnews_nlp.analyze(text, id="rec-1")


# --------------------------------------------------------------------- limits


def test_the_limit_is_honoured_and_reported() -> None:
    text = huge_document(5_000_000)
    limit = 3_000
    document = vnnews_nlp.analyze(text, max_chars=limit, tokens=True).to_dict()
    check_document(document, text[:limit])
    notes = [w for w in document["warnings"] if "truncated" in w]
    assert notes and str(len(text)) in notes[0] and str(limit) in notes[0], document["warnings"]
    spans = document["entities"] + document["abbreviations"] + document["tokens"] + document["sentences"]
    assert spans and max(s["end"] for s in spans) <= limit


def test_the_default_limit_cuts_a_five_megabyte_document_loudly() -> None:
    if os.environ.get("VNNEWS_MAX_CHARS"):
        pytest.skip("VNNEWS_MAX_CHARS is set in this environment")
    assert api.DEFAULT_MAX_CHARS == 1_000_000
    # Mostly spaces: the cut is what is under test, not the stages' speed.
    text = "Hà Nội ngày 7/3/2024.\n" + " " * 5_000_000 + "UBND"
    doc = api.make_doc(text)
    assert len(doc.text) == api.DEFAULT_MAX_CHARS
    assert any("truncated" in w and "1000000" in w for w in doc._.vnnews_warnings)


def test_no_warning_at_the_limit_and_one_just_past_it() -> None:
    text = "Sở GD&ĐT tỉnh Thanh Hóa"
    assert not any("truncated" in w for w in vnnews_nlp.analyze(text, max_chars=len(text)).warnings)
    assert any("truncated" in w for w in vnnews_nlp.analyze(text + "!", max_chars=len(text)).warnings)


@pytest.mark.parametrize("limit", [0, -1, -100, True, 2.5])
def test_a_nonsense_limit_is_refused_not_applied(limit) -> None:
    with pytest.raises(ValueError, match="max_chars"):
        vnnews_nlp.analyze("Sở GD&ĐT tỉnh Thanh Hóa", max_chars=limit)


def test_words_of_a_long_line_keep_offsets() -> None:
    # Longer than the pieces the tokenizer segments words in, so the cuts between them are crossed.
    text = one_line(7_000)
    document = vnnews_nlp.analyze(text, tokens=True).to_dict()
    check_document(document, text)
    # Every non-space character sits in exactly one word, in order.
    assert "".join(t["text"] for t in document["tokens"]).replace(" ", "") == "".join(text.split())


@pytest.mark.parametrize("cut", [1, 2, 3, 8, 9])
def test_a_cut_inside_crlf_or_a_combining_sequence_keeps_offsets(cut: int) -> None:
    text = unicodedata.normalize("NFD", "Hộ\r\nUBND ngày 7/3/2024 tại TP.HCM")
    document = vnnews_nlp.analyze(text, max_chars=cut, tokens=True).to_dict()
    check_document(document, text[:cut])


# ---------------------------------------------------------------- linear time

_ATTEMPT_SECONDS = 0.04  # grow the input until a run costs this much CPU, so the ratio is not noise
_MAX_CHARS = 1_000_000


def _cpu_seconds(fn: Callable[[str], object], text: str) -> float:
    start = time.process_time()  # CPU time: other developers' jobs on the machine do not count
    fn(text)
    return time.process_time() - start


def assert_linear(fn: Callable[[str], object], make: Callable[[int], str], first: int, growth: int = 4) -> None:
    """CPU time at n and growth × n: the ratio must look linear (≈ growth), not quadratic (≈ growth²)."""
    n = first
    while True:
        small = min(_cpu_seconds(fn, make(n)) for _ in range(2))
        if small >= _ATTEMPT_SECONDS or len(make(n * growth)) > _MAX_CHARS:
            break
        n *= 2
    large = min(_cpu_seconds(fn, make(n * growth)) for _ in range(2))  # one hiccup (GC, page faults) is no trend
    ratio = large / max(small, 0.02)
    bound = growth * 2.5
    assert ratio < bound, f"{growth}x the input took {ratio:.1f}x the time ({small:.3f}s → {large:.3f}s, n={n})"


_NLP = blank()
STAGES: dict[str, Callable[[str], object]] = {
    "tokenizer": _NLP,
    "structure": lambda text: analyze_structure("Tiêu đề\n" + text + "\nPhong Sắc"),
    "abbreviations": find_abbreviations,
    "dates": lambda text: find_dates(text, published="2024-03-07"),
    "words": lambda text: _NLP(text)._.vnnews_words,  # underthesea's word segmentation, behind --tokens
}


@pytest.mark.parametrize("pattern", sorted(ADVERSARIAL))
@pytest.mark.parametrize("stage", sorted(STAGES))
def test_stage_time_is_linear_on_adversarial_text(stage: str, pattern: str) -> None:
    # Word segmentation costs far more per character: start it smaller.
    assert_linear(STAGES[stage], lambda n: adversarial(pattern, n), first=500 if stage == "words" else 2000)


def test_pipeline_time_is_linear_in_the_number_of_mentions() -> None:
    # 8x the input: linear ≈ 8, quadratic ≈ 64, far apart even on a busy machine.
    assert_linear(lambda text: vnnews_nlp.analyze(text), lambda n: "UBND ngày 7/3 " * n, first=150, growth=8)


# ----------------------------------------------------- determinism, workers


def _records() -> list:
    records: list = [{"id": name, "text": text, "published": "2024-03-07"} for name, text in NASTY_TEXTS.items()]
    records += [{"id": "no-text"}, {"id": "number", "text": 42}, {"id": "bad-date", "text": "x", "published": "hôm qua"},
                "a plain string record", {"id": "article", "text": ARTICLE, "title": "Tiêu đề"}]
    return records


def _as_dicts(results) -> list[dict]:
    return [r.to_dict() for r in results]


def test_same_output_whatever_the_worker_count() -> None:
    records = _records()
    one = _as_dicts(vnnews_nlp.analyze_many(records, workers=1, on_error="yield", chunk_size=5))
    two = _as_dicts(vnnews_nlp.analyze_many(records, workers=2, on_error="yield", chunk_size=5))
    assert len(one) == len(records)
    assert one == two
    again = _as_dicts(vnnews_nlp.analyze_many(records, workers=1, on_error="yield", chunk_size=7))
    assert again == one
    errors = [r for r in one if "error" in r]
    assert {r["id"] for r in errors} >= {"no-text", "number", "bad-date"}
    assert all(r["error"] for r in errors)


# ------------------------------------------------------------ CLI: analyze


@pytest.fixture(scope="module")
def bad_paths(tmp_path_factory) -> dict[str, Path]:
    """Files that cannot be analysed, including one that even root cannot read."""
    root = tmp_path_factory.mktemp("bad")
    unreadable = root / "unreadable.txt"
    unreadable.write_text(ARTICLE, encoding="utf-8")
    unreadable.chmod(0)
    if os.access(unreadable, os.R_OK):
        # Running as root, where chmod 000 does not stop reads: a link to
        # /proc/self/mem fails with EIO for any reader, root included.
        unreadable.unlink()
        unreadable.symlink_to("/proc/self/mem")
    (root / "folder.txt").mkdir()
    return {"missing": root / "missing.txt", "directory": root / "folder.txt", "unreadable": unreadable}


def _by_file(lines: list[str], paths: list[str]) -> dict[str, str]:
    """The stderr line of each path (the first that names it)."""
    return {path: next((line for line in lines if path in line), "") for path in paths}


@pytest.fixture(scope="module")
def cli_runs(bad_paths, tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """Three CLI jobs, run side by side: each one pays for starting Python, spaCy and the models."""
    root = tmp_path_factory.mktemp("cli")
    big = root / "big.txt"
    big.write_bytes(("Sở GD&ĐT tỉnh Thanh Hóa ngày 7/3/2024.\n" + " " * 5_000_000 + "UBND").encode("utf-8"))
    bad = [str(path) for path in bad_paths.values()] + [str(CORPUS / name) for name in sorted(BINARY_FILES)]
    good = [str(CORPUS / "empty.txt"), str(CORPUS / "tcvn3.txt"), str(big), str(CORPUS / "utf8.txt")]
    odd = [str(CORPUS / name) for name in ("caps.txt", "emoji.txt", "zero-width-bidi.txt", "nfd.txt", "vni.txt")]
    cases: dict[str, tuple[list[str], dict[str, str] | None]] = {
        # Bad files between good ones: the job goes on, then exits non-zero.
        "mixed": (["analyze", good[3], *bad, str(CORPUS / "crlf.txt")], None),
        # A nonsense limit falls back to the default, which the 5 MB file must hit.
        "good": (["analyze", *good, *odd], {"VNNEWS_MAX_CHARS": "lots", "PYTHONHASHSEED": "1"}),
        # The same files in a process with other string hashes: set and dict order must not leak out.
        "good-again": (["analyze", *good, *odd], {"PYTHONHASHSEED": "2"}),
        "env-limit": (["analyze", str(CORPUS / "utf8.txt")], {"VNNEWS_MAX_CHARS": "50"}),
    }
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {name: pool.submit(vnnews, *args, env=env) for name, (args, env) in cases.items()}
        return {name: future.result() for name, future in futures.items()}


def _documents(result: subprocess.CompletedProcess) -> dict[str, dict]:
    return {d["id"]: d for d in map(json.loads, result.stdout.decode("utf-8").splitlines())}


def test_cli_goes_on_past_bad_files_and_fails_at_the_end(cli_runs, bad_paths) -> None:
    result = cli_runs["mixed"]
    assert result.returncode != 0
    lines = stderr_lines(result)
    assert not any("Traceback" in line for line in lines), "\n".join(lines)
    assert len(lines) == len(bad_paths) + len(BINARY_FILES), lines
    assert list(_documents(result)) == ["utf8", "crlf"]


@pytest.mark.parametrize("name", ["missing", "directory", "unreadable"])
def test_cli_refuses_a_bad_path_in_one_line(cli_runs, bad_paths, name: str) -> None:
    line = _by_file(stderr_lines(cli_runs["mixed"]), [str(bad_paths[name])])[str(bad_paths[name])]
    assert line.startswith("vnnews: ") and line.split(str(bad_paths[name]), 1)[1].strip(": "), line


@pytest.mark.parametrize("name", sorted(BINARY_FILES))
def test_cli_refuses_a_binary_file_naming_it(cli_runs, name: str) -> None:
    line = _by_file(stderr_lines(cli_runs["mixed"]), [str(CORPUS / name)])[str(CORPUS / name)]
    assert "binary" in line or "NUL" in line, line


def test_cli_reads_an_empty_file_and_says_so(cli_runs) -> None:
    result = cli_runs["good"]
    assert result.returncode == 0, stderr_lines(result)
    document = _documents(result)["empty"]
    check_document(document, "")
    assert any("empty" in w for w in document["warnings"])


def test_cli_reports_a_legacy_encoding(cli_runs) -> None:
    document = _documents(cli_runs["good"])["tcvn3"]
    check_document(document, decode_bytes((CORPUS / "tcvn3.txt").read_bytes()).text)
    assert any("TCVN3" in w for w in document["warnings"])


def test_cli_cuts_a_five_megabyte_file_at_the_default_limit(cli_runs) -> None:
    document = _documents(cli_runs["good"])["big"]
    assert any("truncated" in w and "1000000" in w for w in document["warnings"]), document["warnings"]
    assert all(span["end"] <= 1_000_000 for span in document["entities"] + document["abbreviations"])


def test_cli_survives_a_nonsense_limit_in_the_environment(cli_runs) -> None:
    result = cli_runs["good"]
    assert result.returncode == 0
    assert "VNNEWS_MAX_CHARS" in result.stderr.decode("utf-8")
    assert "Traceback" not in result.stderr.decode("utf-8")
    assert list(_documents(result))[:4] == ["empty", "tcvn3", "big", "utf8"]


def test_cli_output_does_not_depend_on_the_process(cli_runs) -> None:
    first, second = cli_runs["good"], cli_runs["good-again"]
    assert first.returncode == second.returncode == 0, stderr_lines(second)
    assert first.stdout == second.stdout


def test_cli_honours_the_limit_from_the_environment(cli_runs) -> None:
    result = cli_runs["env-limit"]
    assert result.returncode == 0, stderr_lines(result)
    document = json.loads(result.stdout)
    assert any("truncated" in w and "to 50 " in w for w in document["warnings"]), document["warnings"]
    assert all(span["end"] <= 50 for span in document["entities"] + document["abbreviations"])


# -------------------------------------------------------------- CLI: batch


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_bytes().decode("utf-8").splitlines() if line.strip()]


def batch_results(output: Path) -> tuple[list[dict], list[dict]]:
    return read_jsonl(output), read_jsonl(output.with_name(output.name.replace(".jsonl", ".errors.jsonl")))


def _complete_gzip_records(path: Path) -> list[str]:
    """Ids of the whole lines a truncated gzip still holds, read with zlib (which keeps what it could inflate)."""
    readable = zlib.decompressobj(wbits=31).decompress(path.read_bytes())
    return [json.loads(line)["id"] for line in readable.split(b"\n")[:-1]]


@pytest.fixture(scope="module")
def bad_dumps_run(tmp_path_factory, bad_paths) -> tuple[subprocess.CompletedProcess, Path, dict[str, int]]:
    """One job over every kind of broken dump, and how many entries each source must yield."""
    root = tmp_path_factory.mktemp("dumps")
    folder = root / "folder"
    folder.mkdir()
    for name in ("utf8.txt", "empty.txt", "binary.txt", "vni.txt", "html-junk.html"):
        (folder / name).write_bytes((CORPUS / name).read_bytes())
    (folder / "unreadable.txt").symlink_to(bad_paths["unreadable"])
    huge = root / "huge.jsonl"
    huge.write_text(json.dumps({"id": "huge", "text": huge_document(5_000_000)}, ensure_ascii=False) + "\n"
                    + json.dumps({"id": "after-huge", "text": ARTICLE}, ensure_ascii=False) + "\n", encoding="utf-8")
    # Lone surrogates in ids, from JSON escapes, on both the success and the error path.
    surrogate_ids = root / "surrogate-ids.jsonl"
    surrogate_ids.write_bytes(b'{"id": "ok-\\udc80", "text": "UBND"}\n{"id": "no-text-\\udc80"}\n'
                              b'{"id": "number-\\udc80", "text": 5}\n{"id": "last", "text": "UBND"}\n')
    truncated = CORPUS / "truncated.jsonl.gz"
    expected = {
        # (wrong-fields.*, binary.jsonl and not-gzip.jsonl.gz cannot serve at all: the job refuses them up front,
        # see test_batch_refuses_a_file_that_cannot_serve_before_any_work.)
        str(CORPUS / "bad-lines.jsonl"): 19, str(CORPUS / "empty.jsonl"): 0, str(CORPUS / "ragged.csv"): 5,
        str(CORPUS / "header-only.csv"): 0, str(CORPUS / "bad-bytes.csv"): 2,
        str(CORPUS / "good.csv"): 2, str(folder): 6, str(huge): 2, str(surrogate_ids): 4,
        # Whole records before the cut, then one error for the rest of the file.
        str(truncated): len(_complete_gzip_records(truncated)) + 1,
        # csv-1 and csv-2, then one error for the rows the open quote swallowed.
        str(CORPUS / "broken-quoting.csv"): 3,
    }
    output = root / "out.jsonl"
    result = vnnews("batch", *expected, "-o", str(output), "--workers", "2", env={"VNNEWS_MAX_CHARS": "20000"})
    return result, output, expected


def test_batch_accounts_for_every_record_of_broken_dumps(bad_dumps_run) -> None:
    result, output, expected = bad_dumps_run
    assert result.returncode == 3, stderr_lines(result)  # finished, some records failed
    assert not any("Traceback" in line for line in stderr_lines(result))
    documents, errors = batch_results(output)
    assert f"{len(errors)} of {len(documents) + len(errors)} records failed" in stderr_lines(result)[-1]
    assert len(documents) + len(errors) == sum(expected.values())
    assert len({e["position"] for e in errors}) == len(errors)
    for error in errors:
        assert error["source"] and error["location"] and error["error"], error
        assert "Traceback" not in error["error"]
    for document in documents:
        validate_document(document)
    ids = Counter(d["id"] for d in documents)
    assert ids["dup"] == 2, "a duplicate id is two records, both analysed"
    assert ids["after-huge"] == 1 and ids["escaped-surrogate"] == 1 and ids["last"] == 1


@pytest.mark.parametrize(("name", "cause"), [
    ("wrong-fields.jsonl", "no field 'text' for the text (set --text-field); its fields are: content, identifier"),
    ("wrong-fields.csv", "no column 'text' for the text (set --text-field); its columns are: content, headline, "
                         "identifier"),
    ("binary.jsonl", "not JSON Lines"),
    ("not-gzip.jsonl.gz", "not a gzip file"),
])
def test_batch_refuses_a_file_that_cannot_serve_before_any_work(tmp_path, name: str, cause: str) -> None:
    output = tmp_path / "out.jsonl"
    # A good dump first: the refusal comes before it is analysed, and leaves no output.
    result = vnnews("batch", str(CORPUS / "good.csv"), str(CORPUS / name), "-o", str(output))
    assert_clean_failure(result, str(CORPUS / name), cause)
    assert result.returncode == 1 and sorted(tmp_path.iterdir()) == []


def test_batch_exit_status_says_whether_every_record_succeeded(tmp_path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "a", "text": ARTICLE}, ensure_ascii=False) + "\n", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "n", "text": 5}\n{"id": "cut"\n', encoding="utf-8")
    statuses = {}
    for name, inputs in {"all ok": [good], "some failed": [good, bad], "all failed": [bad]}.items():
        result = vnnews("batch", *map(str, inputs), "-o", str(tmp_path / "out.jsonl"))
        statuses[name] = result.returncode
        assert not any("Traceback" in line for line in stderr_lines(result))
        if name != "all ok":
            assert "failed; see" in stderr_lines(result)[-1] and "out.errors.jsonl" in stderr_lines(result)[-1]
    assert statuses == {"all ok": 0, "some failed": 3, "all failed": 4}


def _errors_by_place(bad_dumps_run) -> dict[tuple[str, str], str]:
    _, output, _ = bad_dumps_run
    return {(Path(e["source"]).name, e["location"]): e["error"] for e in batch_results(output)[1]}


def test_batch_says_why_each_record_failed(bad_dumps_run) -> None:
    causes = _errors_by_place(bad_dumps_run)
    assert "invalid JSON" in causes[("bad-lines.jsonl", "line 2")]
    assert "not UTF-8" in causes[("bad-lines.jsonl", "line 10")]
    assert "text" in causes[("bad-lines.jsonl", "line 5")]
    assert "published" in causes[("bad-lines.jsonl", "line 9")]
    assert "binary" in causes[("binary.txt", "file")] or "NUL" in causes[("binary.txt", "file")]
    assert "read" in causes[("unreadable.txt", "file")]


def test_batch_cuts_a_huge_record_at_the_limit_and_says_so(bad_dumps_run) -> None:
    _, output, _ = bad_dumps_run
    huge = next(d for d in batch_results(output)[0] if d["id"] == "huge")
    assert any("truncated" in w and "20000" in w for w in huge["warnings"]), huge["warnings"]
    assert all(s["end"] <= 20_000 for s in huge["entities"] + huge["abbreviations"])


def test_batch_survives_lone_surrogates_in_ids(bad_dumps_run) -> None:
    _, output, _ = bad_dumps_run
    documents, errors = batch_results(output)
    surrogate = next(d for d in documents if d["id"] == "escaped-surrogate")
    assert any("surrogate" in w for w in surrogate["warnings"])
    from_ids_file = [e for e in errors if e["source"].endswith("surrogate-ids.jsonl")]
    assert len(from_ids_file) == 2 and all(e["error"] for e in from_ids_file)


def test_batch_keeps_the_records_before_a_gzip_truncation(bad_dumps_run) -> None:
    _, output, _ = bad_dumps_run
    documents, errors = batch_results(output)
    complete = _complete_gzip_records(CORPUS / "truncated.jsonl.gz")
    assert complete, "the corpus file must hold whole records before its cut"
    assert set(complete) <= {d["id"] for d in documents}
    assert any(e["source"].endswith("truncated.jsonl.gz") for e in errors)


def test_batch_reports_broken_csv_quoting(bad_dumps_run) -> None:
    _, output, _ = bad_dumps_run
    documents, errors = batch_results(output)
    assert {"csv-1", "csv-2"} <= {d["id"] for d in documents}
    broken = [e for e in errors if e["source"].endswith("broken-quoting.csv")]
    assert len(broken) == 1 and "quot" in broken[0]["error"], broken


@pytest.fixture(scope="module")
def batch_failures(tmp_path_factory) -> dict[str, tuple[subprocess.CompletedProcess, Path]]:
    """Jobs that cannot go on: a missing or unknown input, an output that cannot be written."""
    root = tmp_path_factory.mktemp("jobs")
    good = str(CORPUS / "good.csv")
    blocker = root / "a-file"
    blocker.write_text("x")
    (root / "out-dir.jsonl").mkdir()
    unknown = root / "dump.xml"
    unknown.write_text("<a/>")
    cases = {
        "missing input": ([good, str(root / "missing.jsonl")], root / "o1.jsonl", str(root / "missing.jsonl")),
        "unknown input": ([good, str(unknown)], root / "o2.jsonl", str(unknown)),
        "output under a file": ([good], blocker / "out.jsonl", str(blocker)),
        "output in /proc": ([good], Path("/proc/vnnews-robustness/out.jsonl"), "/proc/vnnews-robustness"),
        "output is a directory": ([good], root / "out-dir.jsonl", str(root / "out-dir.jsonl")),
        "unknown output type": ([good], root / "out.xml", "out.xml"),
    }
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {name: pool.submit(vnnews, "batch", *inputs, "-o", str(out)) for name, (inputs, out, _) in cases.items()}
        return {name: (future.result(), cases[name][1], cases[name][2]) for name, future in futures.items()}


@pytest.mark.parametrize("case", ["missing input", "unknown input", "output under a file", "output in /proc",
                                  "output is a directory", "unknown output type"])
def test_batch_that_cannot_go_on_fails_in_one_line(batch_failures, case: str) -> None:
    result, output, named = batch_failures[case]
    assert_clean_failure(result, named)
    if output.parent.is_dir() and not output.is_dir():
        assert not output.exists(), "a failed job must not leave an output under the final name"


# ------------------------------------------------------ faults: killed jobs

_RECORDS = 96


def _dump(root: Path) -> tuple[Path, list[str]]:
    ids = [f"r{i:04d}" for i in range(_RECORDS)]
    lines = [json.dumps({"id": i, "text": ARTICLE.replace("7/3", f"{n % 28 + 1}/3")}, ensure_ascii=False)
             for n, i in enumerate(ids)]
    dump = root / "dump.jsonl"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dump, ids


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_job(dump: Path, output: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "vnnews_nlp.cli", "batch", str(dump), "-o", str(output),
                             "--workers", "2", "--checkpoint-every", "16", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _wait_for_progress(job: subprocess.Popen, output: Path, timeout: float = 240) -> list[int]:
    """Wait until the job has written some results and has its workers; their pids."""
    staging = output.with_name(output.name + ".part")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and job.poll() is None:
        workers = _children(job.pid)
        if len(workers) >= 2 and staging.exists() and staging.stat().st_size > 0:
            return workers
        time.sleep(0.05)
    return []


def _kill_everything(pids: list[int]) -> None:
    for pid in pids:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def _finish_with_resume(dump: Path, output: Path, ids: list[str]) -> None:
    """Rerun with --resume: every record exactly once, in the output or the errors file."""
    # One worker this time: a resumed job must not depend on the worker count either.
    result = vnnews("batch", str(dump), "-o", str(output), "--workers", "1", "--resume")
    assert result.returncode == 0, stderr_lines(result)
    documents, errors = batch_results(output)
    assert Counter(d["id"] for d in documents) + Counter(e["id"] for e in errors) == Counter(ids)
    assert [d["id"] for d in documents] == sorted(d["id"] for d in documents), "output order follows the input"
    for leftover in (".part", ".progress.json"):
        assert not output.with_name(output.name + leftover).exists()


@pytest.mark.parametrize("victim", ["worker", "main"])
def test_a_killed_batch_job_loses_and_duplicates_nothing(tmp_path, victim: str) -> None:
    dump, ids = _dump(tmp_path)
    output = tmp_path / "out.jsonl"
    job = _start_job(dump, output)
    started: list[int] = [job.pid]
    try:
        workers = _wait_for_progress(job, output)
        started += workers
        assert workers, f"the job finished or stalled before it could be killed: {job.poll()}"
        os.kill(workers[0] if victim == "worker" else job.pid, signal.SIGKILL)
        try:
            job.wait(timeout=120)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the job hung after its {victim} was killed")
        if victim == "main":
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
                time.sleep(0.2)
            assert not any(_alive(pid) for pid in workers), "workers outlived their killed parent"
        else:
            stderr = job.stderr.read().decode("utf-8", "replace")
            if job.returncode != 0:
                assert "Traceback" not in stderr, stderr[-2000:]
        documents, errors = batch_results(output)
        if output.exists():  # a job that survived the loss of a worker must still be complete
            assert Counter(d["id"] for d in documents) + Counter(e["id"] for e in errors) == Counter(ids)
    finally:
        _kill_everything(started + [pid for pid in _children(job.pid)])
        job.stdout.close()
        job.stderr.close()
    _finish_with_resume(dump, output, ids)
