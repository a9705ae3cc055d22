"""The shipped topic classifier: loads offline, calibrated output over LABELS, sane labels."""
from __future__ import annotations

import math
import unicodedata

import pytest

from vnnews_nlp.category.labels import LABELS
from vnnews_nlp.category.model import TopicModel

# Written for these tests (not taken from any publication).
EXAMPLES = {
    "Thể thao": (
        "Việt Nam thắng Thái Lan 2-1 ở vòng loại\n"
        "Tối qua trên sân Mỹ Đình, đội tuyển Việt Nam đã đánh bại Thái Lan với tỷ số 2-1. "
        "Tiền đạo số 9 ghi bàn quyết định ở phút 78 sau đường chuyền của tiền vệ cánh trái. "
        "Huấn luyện viên khen các cầu thủ thi đấu kiên cường và giành ba điểm quan trọng."
    ),
    "Vi tính": (
        "Cách khắc phục máy tính chạy chậm\n"
        "Nếu máy tính khởi động lâu, bạn hãy gỡ bớt phần mềm không dùng, cập nhật Windows "
        "và quét virus cho ổ cứng. Trình duyệt web cũng nên được xóa bộ nhớ đệm định kỳ."
    ),
    "Pháp luật": (
        "Bắt hai đối tượng trộm cắp xe máy\n"
        "Công an quận vừa bắt giữ hai đối tượng chuyên trộm cắp xe máy. Tại cơ quan điều tra, "
        "các bị can đã khai nhận hành vi phạm tội. Vụ án sẽ được tòa án xét xử trong tháng tới."
    ),
    "Sức khỏe": (
        "Bệnh viện tiếp nhận nhiều ca sốt xuất huyết\n"
        "Trong tuần qua, bệnh viện đã điều trị cho hàng trăm bệnh nhân sốt xuất huyết. "
        "Bác sĩ khuyến cáo người dân diệt muỗi, ngủ màn và đến cơ sở y tế khi sốt cao."
    ),
}


@pytest.fixture(scope="module")
def model() -> TopicModel:
    return TopicModel.load()


def test_labels_are_the_ten_nfc_topics() -> None:
    assert len(LABELS) == len(set(LABELS)) == 10
    assert all(unicodedata.is_normalized("NFC", label) for label in LABELS)
    assert "Thể thao" in LABELS and "Chính trị Xã hội" in LABELS


def test_probabilities_cover_labels_and_sum_to_one(model: TopicModel) -> None:
    for probs in model.predict(list(EXAMPLES.values()) + ["", "xyz qqq"]):
        assert tuple(probs) == LABELS
        assert math.isclose(sum(probs.values()), 1.0, abs_tol=1e-5)
        assert all(0.0 <= p <= 1.0 for p in probs.values())


@pytest.mark.parametrize("label", sorted(EXAMPLES))
def test_own_examples_get_expected_label(model: TopicModel, label: str) -> None:
    predicted, prob, probs = model.predict_one(EXAMPLES[label])
    assert predicted == label
    assert prob == probs[label] == max(probs.values())


def test_deterministic_and_batch_independent(model: TopicModel) -> None:
    texts = list(EXAMPLES.values())
    first = model.predict(texts)
    assert model.predict(texts) == first
    assert TopicModel.load().predict(texts) == first
    for text, probs in zip(texts, first):
        assert model.predict([text])[0] == pytest.approx(probs, abs=1e-6)


def test_spelling_variants_meet(model: TopicModel) -> None:
    # NFD input and old-style tone placement (`hòa`/`hoà`) must not change the result.
    text = "Hội nghị hòa bình bàn về sức khỏe và văn hóa"
    nfd = unicodedata.normalize("NFD", text)
    old = text.replace("hòa", "hoà").replace("khỏe", "khoẻ").replace("hóa", "hoá")
    base = model.predict([text])[0]
    assert model.predict([nfd])[0] == pytest.approx(base, abs=1e-6)
    assert model.predict([old])[0] == pytest.approx(base, abs=1e-6)
