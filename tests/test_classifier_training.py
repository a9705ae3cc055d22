"""Training a topic classifier on one's own labelled dump, and using it through load(), analyze and the CLI;
the calibration measures the trainer reports."""
from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vnnews_nlp
from vnnews_nlp.category.model import TopicModel, softmax
from vnnews_nlp.errors import InputError, VnnewsError
from vnnews_nlp.train import calibration
from vnnews_nlp.train.classifier import train_dump
from vnnews_nlp.train.classifier_data import heldout_mask, read_dump

from .test_cli import one_error_line, vnnews

# Sentences written for these tests, one small topic each.
TOPICS = {
    "bong-da": ["Đội bóng giành chiến thắng trên sân nhà.", "Tiền đạo ghi bàn ở phút cuối trận đấu.",
                "Huấn luyện viên hài lòng với các cầu thủ.", "Trọng tài thổi phạt đền sau pha va chạm.",
                "Câu lạc bộ đứng đầu bảng xếp hạng giải vô địch."],
    "y-te": ["Bệnh viện tiếp nhận nhiều bệnh nhân sốt cao.", "Bác sĩ khuyên người dân tiêm vắc xin đầy đủ.",
             "Ca phẫu thuật kéo dài năm giờ đã thành công.", "Trẻ em cần được khám sức khỏe định kỳ.",
             "Thuốc kháng sinh phải dùng theo chỉ định của bác sĩ."],
    "may-tinh": ["Phần mềm mới giúp máy tính khởi động nhanh hơn.", "Người dùng nên cập nhật hệ điều hành thường xuyên.",
                 "Ổ cứng thể rắn bền và nhanh hơn ổ cứng cơ.", "Trình duyệt web chặn quảng cáo độc hại.",
                 "Bàn phím và chuột không dây dùng pin sạc."],
}


def write_dump(path: Path, per_label: int = 20, seed: int = 0) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for label, sentences in TOPICS.items():
            for i in range(per_label):
                text = " ".join(rng.sample(sentences, 3))
                handle.write(json.dumps({"id": f"{label}-{i}", "body": text, "section": label}, ensure_ascii=False) + "\n")
        handle.write(json.dumps({"id": "unlabelled", "body": "Không có nhãn.", "section": None}) + "\n")


@pytest.fixture(scope="module")
def own_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("own")
    write_dump(folder / "dump.jsonl")
    metrics = train_dump(folder / "dump.jsonl", "section", folder / "model", seed=0, text_field="body")
    return folder / "model", metrics


def test_own_dump_trains_a_model_with_held_out_report(own_model: tuple[Path, dict]) -> None:
    folder, metrics = own_model
    model = TopicModel.load(folder)
    assert model.labels == ("bong-da", "may-tinh", "y-te") and model.heads == ("main",)
    assert metrics["train_docs"] + metrics["heldout_docs"] == 60  # the unlabelled record is skipped
    held = (folder / "heldout_ids.txt").read_text(encoding="utf-8").split()
    assert len(held) == metrics["heldout_docs"] == metrics["heldout"]["n"]
    assert metrics["heldout"]["accuracy"] >= 0.9
    assert sum(row["n"] for row in metrics["heldout"]["reliability"]) == len(held)
    assert np.sum(metrics["heldout"]["confusion"]) == len(held)
    assert json.loads((folder / "config.json").read_text(encoding="utf-8"))["metrics"]["heldout"]["n"] == len(held)


def test_training_is_seeded(own_model: tuple[Path, dict], tmp_path: Path) -> None:
    folder, _ = own_model
    write_dump(tmp_path / "dump.jsonl")
    train_dump(tmp_path / "dump.jsonl", "section", tmp_path / "again", seed=0, text_field="body")
    for name in ("vocab.txt", "heldout_ids.txt"):
        assert (tmp_path / "again" / name).read_bytes() == (folder / name).read_bytes()
    first, again = np.load(folder / "weights.npz"), np.load(tmp_path / "again" / "weights.npz")
    assert all(np.array_equal(first[k], again[k]) for k in first.files)


def test_load_and_analyze_use_the_named_classifier(own_model: tuple[Path, dict]) -> None:
    folder, _ = own_model
    nlp = vnnews_nlp.load(classifier=folder)
    doc = nlp("Trận đấu tối qua\nTiền đạo ghi bàn ở phút cuối trận đấu và đội bóng giành chiến thắng.")
    assert set(doc.cats) == {"bong-da", "may-tinh", "y-te"}
    assert max(doc.cats, key=doc.cats.get) == "bong-da"
    assert "vnnews_category" in nlp.pipe_names and nlp is vnnews_nlp.load(classifier=folder)
    shipped = vnnews_nlp.load()
    assert shipped is not nlp and "Thể thao" in shipped("Tiền đạo ghi bàn, đội bóng thắng trận.").cats


def test_a_folder_without_a_model_is_named(tmp_path: Path) -> None:
    with pytest.raises(VnnewsError, match=str(tmp_path)):
        vnnews_nlp.load(classifier=tmp_path)


def test_cli_trains_on_a_dump_and_analyze_uses_it(own_model: tuple[Path, dict], tmp_path: Path) -> None:
    write_dump(tmp_path / "dump.jsonl", per_label=12)
    out = tmp_path / "mine"
    done = vnnews("train", "classifier", "--data", str(tmp_path / "dump.jsonl"), "--label-field", "section",
                  "--text-field", "body", "--out-dir", str(out))
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["heldout"]["n"] > 0 and (out / "config.json").is_file()
    article = tmp_path / "a.txt"
    article.write_text("Bệnh viện đông bệnh nhân\nBác sĩ khuyên người dân tiêm vắc xin và khám sức khỏe định kỳ.",
                       encoding="utf-8")
    result = vnnews("analyze", "--classifier", str(own_model[0]), str(article))
    assert result.returncode == 0, result.stderr.decode()
    category = json.loads(result.stdout)["category"]
    assert category["label"] == "y-te" and set(category["scores"]) == set(TOPICS)
    one_error_line(vnnews("analyze", "--classifier", str(tmp_path / "nope"), str(article)), "nope", "not a topic model")
    again = vnnews("train", "classifier", "--data", str(tmp_path / "dump.jsonl"), "--label-field", "section",
                   "--text-field", "body", "--out-dir", str(out))
    one_error_line(again, str(out), "--overwrite")


def test_bad_dumps_are_named(tmp_path: Path) -> None:
    write_dump(tmp_path / "dump.jsonl")
    with pytest.raises(InputError, match="'topic'"):
        read_dump(tmp_path / "dump.jsonl", "topic", "body")
    one = tmp_path / "one.jsonl"
    one.write_text('{"text": "Một bài.", "label": "a"}\n{"text": "Hai bài.", "label": "a"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="single label"):
        read_dump(one, "label")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "Một bài.", "label": "a"}\n{"text": \n', encoding="utf-8")
    with pytest.raises(InputError, match="broken.jsonl"):
        read_dump(broken, "label")


def test_held_out_split_is_stratified_and_seeded() -> None:
    strata = ["a"] * 50 + ["b"] * 30 + ["c"] * 20
    mask = heldout_mask(strata, 0.2, seed=0)
    assert mask.sum() == 20
    assert [sum(m for m, s in zip(mask, strata) if s == k) for k in "abc"] == [10, 6, 4]
    assert np.array_equal(mask, heldout_mask(strata, 0.2, seed=0))
    assert not np.array_equal(mask, heldout_mask(strata, 0.2, seed=1))


def test_temperature_recovers_a_known_one() -> None:
    rng = np.random.default_rng(0)
    logits = rng.normal(0, 3, size=(4000, 5))
    probs = softmax(logits / 2.0)
    y = np.array([rng.choice(5, p=p) for p in probs])
    assert calibration.fit_temperature(logits, y) == pytest.approx(2.0, rel=0.1)
    assert calibration.calibration_error(probs, y) < 0.03
    assert calibration.calibration_error(softmax(logits / 0.3), y) > 0.1


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.floats(0.01, 1.0), min_size=3, max_size=3), min_size=1, max_size=40),
       st.integers(0, 2))
def test_reliability_and_confusion_count_every_article(rows: list[list[float]], label: int) -> None:
    probs = np.array(rows) / np.sum(rows, axis=1, keepdims=True)
    y = np.full(len(rows), label)
    table = calibration.reliability(probs, y)
    assert sum(r["n"] for r in table) == len(rows)
    assert np.sum(calibration.confusion(probs, y, 3)) == len(rows)
    assert 0.0 <= calibration.calibration_error(probs, y) <= 1.0
