"""What the output document carries: the text its offsets index, captions, no topic for text that is
not Vietnamese, publication dates in local forms, worker pools that scripts can use."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest

import vnnews_nlp
from vnnews_nlp.decode import encode_legacy
from vnnews_nlp.schema import validate_document

from .conftest import REPO, assert_offsets

EXAMPLE = REPO / "examples" / "hoi-nghi-khuyen-hoc.txt"
ARTICLE = EXAMPLE.read_text(encoding="utf-8")


def check(document: vnnews_nlp.Document, text: str) -> dict:
    data = document.to_dict()
    validate_document(data)
    assert_offsets(data, text)
    for caption in data["captions"]:
        assert text[caption["start"]:caption["end"]] == caption["text"]
    return data


@pytest.mark.parametrize("encode", [
    lambda t: encode_legacy(t, "tcvn3"),
    lambda t: encode_legacy(t, "vni"),
    lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),  # a byte-order mark
    lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),  # decomposed marks, composed on reading
], ids=["tcvn3", "vni", "bom", "nfd"])
def test_output_carries_the_text_its_offsets_index_when_that_is_not_the_input(encode) -> None:
    data = encode(ARTICLE)
    document = vnnews_nlp.analyze(data, id="x")
    assert document.text is not None and document.text.encode("utf-8") != data
    check(document, document.text)
    assert document.to_dict()["text"] == document.text


def test_input_given_as_is_is_not_repeated_unless_asked() -> None:
    for given in (ARTICLE, ARTICLE.encode("utf-8")):
        assert "text" not in vnnews_nlp.analyze(given).to_dict()
    asked = vnnews_nlp.analyze(ARTICLE, include_text=True)
    assert asked.text == ARTICLE and check(asked, ARTICLE)["text"] == ARTICLE


def test_html_record_carries_its_extracted_text() -> None:
    body = "".join(f"<p>{line}</p>" for line in ARTICLE.splitlines()[1:5])
    page = f"<html><head><title>Hội nghị khuyến học</title></head><body><article>{body}</article></body></html>"
    document = vnnews_nlp.analyze_record({"id": "p", "html": page})
    assert document.text and document.text.startswith("Hội nghị khuyến học\n")
    check(document, document.text)
    assert any("HTML input" in w for w in document.warnings)


def test_captions_are_reported() -> None:
    data = check(vnnews_nlp.analyze(ARTICLE), ARTICLE)
    assert [c["text"] for c in data["captions"]] == ["Quang cảnh hội nghị."]


@pytest.mark.parametrize("text", [
    "",
    "   \n ",
    "12 345 - 678",
    "The provincial committee met on Tuesday to review the education plan for next year.",
    "Le comité provincial s'est réuni mardi pour examiner le plan d'éducation.",
    "北京是中华人民共和国的首都。",
    "Hoi khuyen hoc tinh Quang Binh to chuc hoi nghi tong ket cong tac nam 2024",
])
def test_no_topic_for_empty_or_non_vietnamese_text(text: str) -> None:
    document = vnnews_nlp.analyze(text)
    assert document.category is None
    assert any(w.startswith(("empty text", "no words", "the text does not read as Vietnamese"))
               for w in document.warnings), document.warnings


def test_vietnamese_text_keeps_its_topic_without_a_language_warning() -> None:
    document = vnnews_nlp.analyze(ARTICLE)
    assert document.category is not None
    assert not any("Vietnamese" in w for w in document.warnings)


@pytest.mark.parametrize("published", [
    "2025-01-15", "2025-01-15T08:30:00+07:00", "15/01/2025", "15/1/2025 08:30", "15-01-2025", "15-01-2025 08:30:15",
])
def test_published_in_local_forms(published: str) -> None:
    document = vnnews_nlp.analyze(ARTICLE, published=published)
    assert document.published == "2025-01-15"
    assert ("Sáng 15/1", "2025-01-15") in [(e.text, e.value) for e in document.entities if e.label == "DATE"]


@pytest.mark.parametrize("published", ["hôm qua", "01/15/2025", "2025"])
def test_published_that_is_no_date_is_refused(published: str) -> None:
    with pytest.raises(vnnews_nlp.InputError, match="published"):
        vnnews_nlp.analyze(ARTICLE, published=published)


def test_recurring_dates_reach_the_output() -> None:
    text = "Hồ sơ xét học bổng nộp trước ngày 15/12 hằng năm tại Hội khuyến học tỉnh."
    document = vnnews_nlp.analyze(text, published="2025-01-15")
    dates = [e.to_dict() for e in document.entities if e.label == "DATE"]
    start = text.index("ngày 15/12")
    assert dates == [{"label": "DATE", "text": "ngày 15/12", "start": start, "end": start + 10,
                      "value": "XXXX-12-15", "recurring": True}]
    validate_document(document.to_dict())


RECORDS = [{"id": f"r{i}", "text": f"Tin {i}\nUBND tỉnh Thanh Hóa họp ngày {i + 1}/3/2024."} for i in range(6)]


def test_a_pool_serves_repeated_calls_with_the_same_workers() -> None:
    expected = [d.to_dict() for d in vnnews_nlp.analyze_many(RECORDS)]
    with vnnews_nlp.Pool(workers=2, chunk_size=2) as pool:
        first = [d.to_dict() for d in pool.analyze_many(RECORDS)]
        second = [d.to_dict() for d in vnnews_nlp.analyze_many(RECORDS[:3], pool=pool)]
        assert pool._executor.pools_started == 1
    assert first == expected and second == expected[:3]
    with pytest.raises(RuntimeError, match="closed"):
        list(pool.analyze_many(RECORDS))


SCRIPT = """
import vnnews_nlp
docs = list(vnnews_nlp.analyze_many([{"id": "a", "text": "UBND tỉnh Nghệ An họp."}] * 3, workers=2))
print("done", len(docs))
"""


def _run_script(tmp_path: Path, source: str, method: str | None) -> subprocess.CompletedProcess:
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(source), encoding="utf-8")
    env = {"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"}
    if method:
        env["VNNEWS_START_METHOD"] = method
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600, env=env,
                          cwd=tmp_path)


def test_analyze_many_in_a_script_without_a_main_guard(tmp_path: Path) -> None:
    result = _run_script(tmp_path, SCRIPT, None)  # the default start method on this platform
    assert result.returncode == 0 and result.stdout.strip() == "done 3", result.stderr[-2000:]


def test_spawned_workers_without_a_main_guard_say_what_to_do(tmp_path: Path) -> None:
    result = _run_script(tmp_path, SCRIPT, "spawn")
    assert result.returncode != 0
    hints = [line for line in result.stderr.splitlines() if 'if __name__ == "__main__":' in line]
    assert hints and all(line.startswith(("vnnews_nlp: ", "RuntimeError: ")) for line in hints), result.stderr[-2000:]
    # The script's own error ends with the same advice, not with an error of ours.
    assert result.stderr.strip().splitlines()[-1].startswith("RuntimeError: a worker process died (with the "
                                                              '"spawn" start method'), result.stderr[-2000:]
    assert "done" not in result.stdout


def test_spawned_workers_with_a_main_guard_work(tmp_path: Path) -> None:
    guarded = "def main():\n" + textwrap.indent(SCRIPT, "    ") + "\nif __name__ == '__main__':\n    main()\n"
    result = _run_script(tmp_path, guarded, "spawn")
    assert result.returncode == 0 and result.stdout.strip() == "done 3", result.stderr[-2000:]
