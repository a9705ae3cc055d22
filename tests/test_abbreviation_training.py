"""What the sense model learns from annotated articles and unlabelled text, and how the CLI explains it."""
from __future__ import annotations

import json

import pytest
import regex
from typer.testing import CliRunner

from vnnews_nlp.abbreviations import phrase
from vnnews_nlp.abbreviations.features import Words, features
from vnnews_nlp.cli import app
from vnnews_nlp.train.abbreviation_contexts import _index, _occurrences
from vnnews_nlp.train.abbreviations import fit
from vnnews_nlp.train.annotated import Article, fold_of, holdout_filter


def _article(doc_id: str, text: str, mentions: list[tuple[str, str]]) -> Article:
    out = []
    for short, long in mentions:
        for m in regex.finditer(rf"(?<!\w){regex.escape(short)}(?!\w)", text):
            out.append({"start": m.start(), "end": m.end(), "short": short, "long": long})
    return Article(doc_id, "test", text, out)


def test_fit_counts_contexts_per_sense_and_mention_rates():
    arts = [
        _article("a", "HLV trưởng ĐT Việt Nam gọi 30 cầu thủ.", [("ĐT", "đội tuyển"), ("HLV", "huấn luyện viên")]),
        _article("b", "Mọi thắc mắc xin gọi ĐT: 0912 345 678.", [("ĐT", "điện thoại")]),
        _article("c", "Sở GD&ĐT và HLV", [("GD&ĐT", "Giáo dục và Đào tạo")]),  # HLV here is not marked
    ]
    model = fit(arts, {"smoothing": 5.0})
    assert model["params"]["smoothing"] == 5.0
    assert set(model["context"]["ĐT"]) == {"đội tuyển", "điện thoại"}
    assert "r1:việt" in model["context"]["ĐT"]["đội tuyển"]["f"]
    assert model["context"]["ĐT"]["điện thoại"]["n"] == 1
    gold, seen = model["rates"]["HLV"]
    assert (gold, seen) == (1, 2)


def test_folds_are_a_stable_hash_of_the_id():
    held = holdout_filter("2/5")
    assert [held(i) for i in ("a", "b", "c")] == [fold_of(i, 5) == 2 for i in ("a", "b", "c")]
    assert holdout_filter(None) is None


def test_long_forms_written_in_full_are_found_by_their_words():
    from vnnews_nlp.abbreviations.dictionary import Sense

    s = lambda long: Sense(long, "term", (), (), 0, 1.0)  # noqa: E731
    index, _ = _index({"TT": (s("thị trấn"), s("Tổng thống")), "UBND": (s("Ủy ban nhân dân"),)})
    text = "Người dân thị trấn Phong Điền đón Tổng thống Mỹ; Ủy ban nhân dân họp."
    found = {(text[a:b], pairs) for a, b, pairs in _occurrences(Words.of(text), index)}
    assert found == {("thị trấn", (("TT", "thị trấn"),)), ("Tổng thống", (("TT", "tổng thống"),))}
    feats = features(Words.of(text), text.index("thị trấn"), text.index("thị trấn") + 8)
    assert "r1:phong" in feats and "r1s:Cap" in feats


def test_the_boundary_model_reads_where_an_unaligned_long_form_begins(monkeypatch):
    counts = {"first": {"trung": 50, "sáng": 5}, "before": {"<edge>": 40, "của": 30, ",": 20},
              "inside": {"tâm": 40, "điều": 10, "hành": 10, "giao": 10, "thông": 20, "minh": 10}}
    background = {w: 100 for w in ("trung", "tâm", "điều", "hành", "giao", "thông", "minh", "của", "ông", "ba",
                                   "<edge>", ",", "sáng")}
    model = phrase.BoundaryModel(
        first=phrase.log_ratios(counts["first"], background), before=phrase.log_ratios(counts["before"], background),
        inside=phrase.log_ratios(counts["inside"], background), first_shape={}, unseen=-2.0, threshold=0.0)
    text = "Ông Ba của Trung tâm Điều hành giao thông thông minh"
    words = phrase.tokens(text, 0, len(text))
    monkeypatch.setattr(phrase, "boundary_model", lambda: model)
    assert words[phrase.learned_start(words, len(words))].group() == "Trung"


def test_cli_abbrev_prints_ranked_senses_with_their_evidence():
    runner = CliRunner()
    result = runner.invoke(app, ["abbrev", "ĐT", "--context", "HLV trưởng ĐT Việt Nam công bố danh sách cầu thủ",
                                 "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0]["long"] == "đội tuyển" and rows[0]["evidence"]
    assert abs(sum(r["score"] for r in rows) - 1) < 0.02
    result = runner.invoke(app, ["abbrev", "ITC", "--context",
                                 "Trung tâm Điều hành giao thông thông minh (ITC) vừa vận hành."])
    assert result.exit_code == 0 and result.output.splitlines()[0].endswith("Trung tâm Điều hành giao thông thông minh  (term)")
    assert "defined in the context" in result.output
    result = runner.invoke(app, ["abbrev", "QQZZX"])
    assert result.exit_code == 1 and "no sense known" in result.output


@pytest.mark.parametrize("short, long, credit", [
    ("TĐHN", "Nguyễn Văn Hùng", True),       # a team code beside a player's name
    ("ĐTV", "Minh Châu", True),              # a credit beside a reporter's given name
    ("NVH", "Nguyễn Văn Hùng", False),       # the initials hold: a person's initials
    ("EU", "Liên minh châu Âu", False),      # a translation, not a name
    ("VNA", "Vietnam Airlines", False),
])
def test_a_harvested_name_that_shares_no_initials_is_a_credit(short, long, credit):
    from vnnews_nlp.train.abbreviation_dictionary import credit_like

    assert credit_like(short, long) is credit
