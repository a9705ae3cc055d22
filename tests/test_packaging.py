"""The package is self-contained: a wheel installed in a fresh venv works from another folder, the
pipeline survives `nlp.to_disk()` → `spacy.load()`, and a missing or corrupt resource fails at load
with one line naming it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
import spacy

from vnnews_nlp.document import Document
from vnnews_nlp.pipeline import load

from .conftest import REPO

EXAMPLE = REPO / "examples" / "hoi-nghi-khuyen-hoc.txt"


def _doc_json(nlp, text: str) -> str:
    from vnnews_nlp.api import make_doc

    doc = nlp(make_doc(text, id="example", published="2025-01-15"))
    return Document.from_doc(doc).to_json()


def test_to_disk_then_spacy_load_gives_the_same_documents(tmp_path):
    nlp = load()
    texts = [EXAMPLE.read_text(encoding="utf-8")]
    dev = REPO.parent / "shared" / "eval" / "dev.jsonl"
    if dev.exists():
        texts += [json.loads(line)["text"] for line in dev.read_text(encoding="utf-8").splitlines()[:6]]
    before = [_doc_json(nlp, t) for t in texts]
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded.pipe_names == nlp.pipe_names
    assert [_doc_json(reloaded, t) for t in texts] == before


def test_a_missing_resource_fails_at_load_naming_it(tmp_path):
    home = tmp_path / "home"
    (home / "data" / "lexicons").mkdir(parents=True)
    (home / "models").symlink_to(REPO / "models")
    for child in (REPO / "data").iterdir():
        if child.name != "lexicons":
            (home / "data" / child.name).symlink_to(child)
    for child in (REPO / "data" / "lexicons").iterdir():
        if child.name != "org_heads.tsv":
            (home / "data" / "lexicons" / child.name).symlink_to(child)
    code = "import vnnews_nlp; vnnews_nlp.load()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "VNNEWS_NLP_HOME": str(home)}, timeout=300)
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert "missing resource" in last and "org_heads.tsv" in last


def test_a_corrupt_resource_fails_with_its_name_and_line(tmp_path, monkeypatch):
    from vnnews_nlp import lexicon

    (tmp_path / "lexicons").mkdir(parents=True)
    (tmp_path / "lexicons" / "broken.tsv").write_text("phrase\tkinds\tsource\nQuốc hội\tfixed\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "data_path", lambda *parts: tmp_path.joinpath(*parts))
    lexicon.lexicon.cache_clear()
    try:
        with pytest.raises(lexicon.ResourceError, match=r"broken\.tsv: line 2"):
            lexicon.lexicon("broken")
    finally:
        lexicon.lexicon.cache_clear()


@pytest.mark.skipif(os.environ.get("VNNEWS_SKIP_WHEEL_TEST") == "1", reason="VNNEWS_SKIP_WHEEL_TEST=1")
def test_a_wheel_in_a_fresh_venv_works_from_another_folder(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels),
                    str(REPO)], check=True, timeout=600)
    wheel = next(wheels.glob("vnnews_nlp-*.whl"))
    venv = tmp_path / "venv"
    # The venv borrows the dependencies (spaCy, underthesea ...) but has its own vnnews-nlp: the wheel.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--ignore-installed", "-q", str(wheel)],
                   check=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = textwrap.dedent(f"""
        import json, vnnews_nlp
        from pathlib import Path
        assert Path(vnnews_nlp.__file__).is_relative_to({str(venv)!r}), vnnews_nlp.__file__
        doc = vnnews_nlp.analyze(Path({str(EXAMPLE)!r}).read_text(encoding="utf-8"), id="example", published="2025-01-15")
        print(doc.to_json())
    """)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VNNEWS_NLP_HOME")}
    done = subprocess.run([str(python), "-c", code], cwd=elsewhere, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    from_wheel = json.loads(done.stdout.strip().splitlines()[-1])
    here = json.loads(_doc_json(load(), EXAMPLE.read_text(encoding="utf-8")))
    assert from_wheel["entities"] == here["entities"]
    assert from_wheel["abbreviations"] == here["abbreviations"]
    assert from_wheel["category"]["label"] == here["category"]["label"]
